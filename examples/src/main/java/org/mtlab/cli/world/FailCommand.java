package org.mtlab.cli.world;

import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world fail}: takes a data centre offline. */
@Command(
    name = "fail",
    mixinStandardHelpOptions = true,
    header = "Take a data centre offline (it keeps everything it holds).",
    description = {
      "The switch is recorded in the data centre's own database, so it holds for later",
      "commands until 'world restore'. With up to n - t custodians down the world still",
      "unseals; with more, commands that need the master key exit 3 (INSUFFICIENT_SHARES).",
      "With the storage data centre down, sending exits 3 before anything changes.",
      "JSON keys: data_centre, online."
    },
    footerHeading = "%nExample:%n",
    footer = {"  mtlab world fail --dir /tmp/w --dc CH"})
final class FailCommand extends WorldSubcommand {
  @Option(
      names = "--dc",
      required = true,
      paramLabel = "CODE",
      description = "The data centre, by its jurisdiction's code.")
  String dc;

  @Override
  Output run(WorldFolder folder) throws Exception {
    return switchOnline(folder, dc, false);
  }

  /** Switches {@code code}'s data centre on or off: shared with {@link RestoreCommand}. */
  static Output switchOnline(WorldFolder folder, String code, boolean online) throws Exception {
    Jurisdiction j = Jurisdiction.of(code);
    try (World world = open(folder, false)) {
      if (online) {
        world.restore(j);
      } else {
        world.fail(j);
      }
      return new Output()
          .put("data_centre", j.code())
          .put("online", world.isOnline(j))
          .line("data centre " + j + " is " + (world.isOnline(j) ? "online" : "offline"));
    }
  }
}
