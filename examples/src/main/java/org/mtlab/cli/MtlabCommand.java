package org.mtlab.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The top-level {@code mtlab} command. It holds the {@link Io} of the run, which every subcommand
 * reaches through {@link CliCommand#io()}. To add a command, write a {@link ValueCommand} (or
 * {@link CliCommand}) subclass and list it in {@code subcommands} below.
 *
 * <p>One instance per run; confined to that run's thread.
 */
@Command(
    name = "mtlab",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "MTLab: MTProto 2.0-style cryptography to read, run and teach.",
      "Binary values are lower-case hex; --json prints one JSON object.",
      "Exit codes: 0 ok, 2 bad usage or malformed input, 3 rejected by a security check."
    },
    subcommands = {
      TourCommand.class,
      IgeCommand.class,
      CtrCommand.class,
      AuthKeyIdCommand.class,
      MsgKeyCommand.class,
      KdfCommand.class,
      TmpAesCommand.class,
      NewNonceHashCommand.class,
      MsgCommand.class,
      PqCommand.class,
      HandshakeCommand.class,
      ServeCommand.class,
      ConnectCommand.class,
      org.mtlab.cli.world.WorldCommand.class
    },
    footerHeading = "%nExample:%n",
    footer = {"  mtlab tour --seed 7", "  mtlab ige encrypt --help"})
public final class MtlabCommand implements Callable<Integer> {
  private final Io io;

  /** The root command of a run talking to {@code io}. */
  public MtlabCommand(Io io) {
    this.io = Objects.requireNonNull(io, "io");
  }

  /** The streams of this run. */
  public Io io() {
    return io;
  }

  @Override
  public Integer call() {
    throw new UsageException("missing command; start with 'mtlab tour' (see 'mtlab --help')");
  }
}
