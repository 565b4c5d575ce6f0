package org.mtlab.cli.world;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world restore}: brings a data centre back online. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    header = "Bring a data centre back online, with everything it held.",
    description = {
      "Its audit trail's head is anchored again in every other data centre, and theirs in it.",
      "JSON keys: data_centre, online."
    },
    footerHeading = "%nExample:%n",
    footer = {"  mtlab world restore --dir /tmp/w --dc CH"})
final class RestoreCommand extends WorldSubcommand {
  @Option(
      names = "--dc",
      required = true,
      paramLabel = "CODE",
      description = "The data centre, by its jurisdiction's code.")
  String dc;

  @Override
  Output run(WorldFolder folder) throws Exception {
    return FailCommand.switchOnline(folder, dc, true);
  }
}
