package org.mtlab.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.DeviceStore;
import org.mtlab.keystore.Disclosure;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.LegalOrder;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldConfig;
import org.mtlab.keystore.WorldStores;

/**
 * A small split-jurisdiction world in SQLite files (storage in NL, custodians in CH, SG and IS, 2
 * of 3): alice sends bob a cloud message, then courts compel with one custodian jurisdiction (t -
 * 1: nothing) and with two (t: the chat). Run it with {@code java -cp examples/target/mtlab.jar
 * org.mtlab.examples.SmallWorld DIR}.
 */
public final class SmallWorld {
  private SmallWorld() {}

  /** Builds the world in {@code args[0]} (or a new temporary folder) and prints the outcomes. */
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("small-world");
    for (Disclosure d : run(dir, "See you at the station.")) {
      System.out.println(d.outcome() + ": " + d.why() + " " + d.messages());
    }
  }

  /** The two disclosures: with t - 1 custodian jurisdictions, then with t. */
  public static List<Disclosure> run(Path dir, String text) throws Exception {
    WorldConfig config = WorldConfig.of("NL", List.of("CH", "SG", "IS"), 2);
    WorldStores stores = WorldStores.inFolder(dir, config, Map.of());
    stores.save(dir);
    InstantSource clock = InstantSource.system();
    try (World world =
        World.create(
            config,
            stores,
            DeviceStore.inFolder(dir.resolve("devices")),
            new SecureRandom(),
            clock)) {
      UserId alice = UserId.of("alice");
      UserId bob = UserId.of("bob");
      world.register(alice); // each registration is a real handshake with the server
      world.register(bob);
      world.send(alice, bob, text);

      ChatId chat = ChatId.cloud(alice, bob);
      Instant issued = clock.instant().minus(Duration.ofHours(1));
      Jurisdiction nl = Jurisdiction.of("NL");
      Jurisdiction ch = Jurisdiction.of("CH");
      Jurisdiction sg = Jurisdiction.of("SG");
      Disclosure tooFew =
          world.compel(
              List.of(
                  LegalOrder.of(nl, chat, "NL-1", issued),
                  LegalOrder.of(ch, chat, "CH-1", issued)));
      Disclosure enough =
          world.compel(
              List.of(
                  LegalOrder.of(nl, chat, "NL-2", issued),
                  LegalOrder.of(ch, chat, "CH-2", issued),
                  LegalOrder.of(sg, chat, "SG-1", issued)));
      world.audit().verify().throwIfBroken();
      return List.of(tooFew, enough);
    }
  }
}
