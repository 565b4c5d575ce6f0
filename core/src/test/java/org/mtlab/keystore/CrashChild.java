package org.mtlab.keystore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link CrashTest}: opens the world in {@code args[0]}, unseals it, and writes in
 * a loop (mode {@code send}: batches of five messages; mode {@code rekey}: rekeys), printing a line
 * after each commit, until it is killed.
 */
public final class CrashChild {
  private CrashChild() {}

  /** Entry point: {@code CrashChild DIR send|rekey}. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = System.out;
    try (World w =
        World.open(
            WorldStores.load(dir),
            DeviceStore.inFolder(dir.resolve("devices")),
            Worlds.random("child"),
            java.time.InstantSource.system())) {
      w.server().unseal();
      long n = w.read(Worlds.ALICE, ChatId.cloud(Worlds.ALICE, Worlds.BOB)).size();
      for (; ; ) {
        if (args[1].equals("send")) {
          List<World.Outgoing> batch = new ArrayList<>();
          for (int k = 0; k < 5; k++) {
            batch.add(new World.Outgoing(Worlds.ALICE, Worlds.BOB, "crash " + (n + k)));
          }
          w.sendAll(batch);
          n += 5;
          out.println("committed " + n);
        } else {
          w.rekey();
          w.send(Worlds.ALICE, Worlds.BOB, "crash " + n++);
          out.println("rekeyed " + w.epoch() + " " + n);
        }
        out.flush();
      }
    }
  }
}
