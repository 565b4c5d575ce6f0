package org.mtlab.cli.world;

import org.mtlab.cli.CliCommand;
import picocli.CommandLine.Command;

/**
 * {@code mtlab world}: the split-jurisdiction world (docs/world.md) kept in a folder, one
 * subcommand per operation. Every subcommand locks the folder while it runs, and opens the world
 * anew; those that need the master key unseal it (t custodians release their shares) and seal it
 * again when they finish.
 */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    header = "A persistent split-jurisdiction world: data centres, custodians, orders.",
    description = {
      "One storage data centre holds every chat encrypted at rest; the master key is split",
      "t-of-n among key custodians in other jurisdictions; courts' orders from enough",
      "jurisdictions disclose a cloud chat, and never a secret chat. Each data centre is its",
      "own database (SQLite files in the folder by default). The folder is locked while a",
      "command runs. Exit 2 for bad usage, a folder that is not a world, is locked or is of",
      "another version; 3 when the world refuses (a failed check, naming it, or a data centre",
      "that is needed but offline)."
    },
    subcommands = {
      InitCommand.class,
      SendCommand.class,
      ReadCommand.class,
      CompelCommand.class,
      RekeyCommand.class,
      AuditCommand.class,
      FailCommand.class,
      RestoreCommand.class,
      ShowCommand.class
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world init --dir /tmp/w",
      "  mtlab world send --dir /tmp/w --from alice --to bob --text 'meet at nine'",
      "  mtlab world compel --dir /tmp/w --jurisdictions NL,CH,SG,BR --chat alice:bob"
    })
public final class WorldCommand extends CliCommand {
  @Override
  public Integer call() {
    return missingSubcommand();
  }
}
