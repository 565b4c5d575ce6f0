package org.mtlab.cli.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtlab.cli.UsageException;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldConfig;
import org.mtlab.keystore.WorldStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world init}: creates a world folder, its data centres and its first users. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    header = "Create a world: one storage data centre and n key custodians, one database each.",
    description = {
      "The storage data centre holds every chat, encrypted at rest; the master key that opens",
      "it is split t-of-n among the custodians, each in its own jurisdiction (Shamir over",
      "GF(2^8)). Each data centre is a SQLite file in DIR unless --jdbc puts it elsewhere.",
      "Defaults: storage NL, custodians CH,SG,BR,IS, threshold a majority of the custodians",
      "(at least 2), users alice,bob. Each user's device runs the real handshake with the",
      "server and keeps its auth key in DIR/devices.",
      "JSON keys: world_id, storage, custodians, threshold, epoch, users, stores."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world init --dir /tmp/w",
      "  mtlab world init --dir /tmp/w2 --storage DE --custodians CH,IS,SG --threshold 2 \\",
      "      --jdbc CH=jdbc:postgresql://db.example/ch?user=mtlab"
    })
final class InitCommand extends WorldSubcommand {
  @Option(
      names = "--storage",
      paramLabel = "CODE",
      defaultValue = "NL",
      description = "The storage data centre's jurisdiction (default: ${DEFAULT-VALUE}).")
  String storage;

  @Option(
      names = "--custodians",
      paramLabel = "CODE,CODE,...",
      split = ",",
      defaultValue = "CH,SG,BR,IS",
      description =
          "The custodians' jurisdictions, one data centre each " + "(default: ${DEFAULT-VALUE}).")
  List<String> custodians;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "Custodians needed to rebuild the master key, 2 <= T <= n " + "(default: a majority).")
  Integer threshold;

  @Option(
      names = "--users",
      paramLabel = "NAME,NAME,...",
      split = ",",
      defaultValue = "alice,bob",
      description =
          "Users whose devices register now (default: ${DEFAULT-VALUE}); 'send'"
              + " registers new ones.")
  List<String> users;

  @Option(
      names = "--jdbc",
      paramLabel = "CODE=URL",
      description =
          "Put that jurisdiction's data centre in this JDBC database instead of a"
              + " SQLite file (repeatable), e.g. jdbc:postgresql://host/db?user=u&password=p.")
  Map<String, String> jdbc = new LinkedHashMap<>();

  @Override
  boolean creates() {
    return true;
  }

  @Override
  Output run(WorldFolder folder) throws Exception {
    int t = threshold != null ? threshold : Math.max(2, custodians.size() / 2 + 1);
    WorldConfig config;
    try {
      config = WorldConfig.of(storage, custodians, t);
    } catch (IllegalArgumentException e) {
      throw UsageException.of("--storage/--custodians/--threshold", e.getMessage());
    }
    List<UserId> people = new ArrayList<>();
    for (String u : users) {
      people.add(UserId.of(u));
    }
    Map<Jurisdiction, String> overrides = new LinkedHashMap<>();
    jdbc.forEach(
        (code, url) -> {
          if (!url.startsWith("jdbc:")) {
            throw UsageException.of("--jdbc", code + ": not a JDBC URL (it starts with 'jdbc:')");
          }
          overrides.put(Jurisdiction.of(code), url);
        });
    WorldStores stores = WorldStores.inFolder(folder.dir(), config, overrides);
    try (World world = folder.create(config, stores, random())) {
      for (UserId u : people) {
        world.register(u);
      }
      Map<String, Object> where = new LinkedHashMap<>();
      config.dataCentres().forEach(j -> where.put(j.code(), WorldStores.redact(stores.url(j))));
      Output out =
          new Output()
              .put("world_id", world.id().hex())
              .put("storage", config.storage().code())
              .put("custodians", config.custodians().stream().map(Jurisdiction::code).toList())
              .put("threshold", config.threshold())
              .put("epoch", world.epoch())
              .put("users", people.stream().map(UserId::name).toList())
              .put("stores", where);
      out.line("world " + world.id().hex() + " created in " + folder.dir())
          .line("storage    " + config.storage() + " (every chat, encrypted at rest)")
          .line(
              "custodians "
                  + config.custodians()
                  + ", "
                  + config.threshold()
                  + " of "
                  + config.custodianCount()
                  + " needed to rebuild the master key (epoch 1)")
          .line("users      " + people + " (devices in " + folder.dir().resolve("devices") + ")");
      where.forEach((j, u) -> out.line("  " + j + "  " + u));
      return out;
    }
  }
}
