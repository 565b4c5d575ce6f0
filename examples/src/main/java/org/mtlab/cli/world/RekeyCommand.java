package org.mtlab.cli.world;

import org.mtlab.keystore.World;
import picocli.CommandLine.Command;

/** {@code mtlab world rekey}: a new master key, epoch + 1. */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    header = "Rotate the master key: a new epoch, new shares, new data keys for new messages.",
    description = {
      "The server unseals, draws a new master key, re-wraps every data key and device key",
      "under it, splits it afresh among the custodians and destroys their old shares. Shares",
      "released before a rekey open nothing stored after it. Every data centre must be online",
      "(exit 3 otherwise).",
      "JSON keys: old_epoch, epoch."
    },
    footerHeading = "%nExample:%n",
    footer = {"  mtlab world rekey --dir /tmp/w"})
final class RekeyCommand extends WorldSubcommand {
  @Override
  Output run(WorldFolder folder) throws Exception {
    try (World world = open(folder, true)) {
      long old = world.epoch();
      world.rekey();
      return new Output()
          .put("old_epoch", old)
          .put("epoch", world.epoch())
          .line(
              "rekeyed: epoch "
                  + old
                  + " -> "
                  + world.epoch()
                  + "; the custodians hold only shares of epoch "
                  + world.epoch());
    }
  }
}
