package org.mtlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code mtlab} command: reaches the {@link Io} of this run through the root command,
 * and returns an exit code from {@link #call()}. Throw {@link UsageException} for malformed input
 * (exit 2) and let {@link org.mtlab.CheckFailedException} propagate (exit 3); {@link Main} turns
 * both into one stderr line.
 *
 * <p>Picocli creates one instance per run; confined to that run's thread.
 */
public abstract class CliCommand implements Callable<Integer> {
  /** Injected by picocli. */
  @Spec protected CommandSpec spec;

  /** The streams of this run. */
  protected Io io() {
    return ((MtlabCommand) spec.root().userObject()).io();
  }

  /** For commands that only group subcommands: running them alone is a usage error. */
  protected Integer missingSubcommand() {
    throw new UsageException(
        "missing subcommand: "
            + String.join(" or ", spec.subcommands().keySet())
            + " (see '"
            + spec.qualifiedName()
            + " --help')");
  }
}
