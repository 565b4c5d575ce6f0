package org.mtlab.cli.tour;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtlab.cli.SeededHandshake;
import org.mtlab.keystore.DeviceStore;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldConfig;
import org.mtlab.keystore.WorldDescription;
import org.mtlab.keystore.WorldStores;

/**
 * The small world chapters 4 to 6 build: a storage data centre in NL, key custodians in CH, SG and
 * IS with a threshold of 2, and the users alice and bob, in SQLite files in the chapter's world
 * folder. It runs on the chapter's seeded random and a tour clock that starts a day after the
 * handshake's time and moves one millisecond each time it is read, so the world, like the rest of
 * the tour, depends on the seed alone. Two users and 2 of 3 keep it fast: each registration is a
 * whole handshake.
 *
 * <p>Confined to one thread (the chapter's). Close it when done.
 */
final class TourWorld implements AutoCloseable {
  static final Jurisdiction STORAGE = Jurisdiction.of("NL");
  static final List<Jurisdiction> CUSTODIANS =
      List.of(Jurisdiction.of("CH"), Jurisdiction.of("SG"), Jurisdiction.of("IS"));
  static final int THRESHOLD = 2;
  static final UserId ALICE = UserId.of("alice");
  static final UserId BOB = UserId.of("bob");

  /** When the world starts: a day after the handshake's time. */
  static final Instant START = SeededHandshake.TIME.plus(Duration.ofDays(1));

  final TourContext tour;
  final Path folder;
  final WorldConfig config;
  final WorldStores stores;
  final TickingClock clock;
  final World world;

  /** Creates the world in a new folder of {@code tour} and registers alice and bob. */
  static TourWorld create(TourContext tour) throws Exception {
    Path folder = tour.worldFolder();
    WorldConfig config = new WorldConfig(STORAGE, CUSTODIANS, THRESHOLD);
    WorldStores stores = WorldStores.inFolder(folder, config, Map.of());
    stores.save(folder);
    TickingClock clock = new TickingClock(START);
    World world =
        World.create(
            config, stores, DeviceStore.inFolder(folder.resolve("devices")), tour.random(), clock);
    TourWorld w = new TourWorld(tour, folder, config, stores, world, clock);
    try {
      world.register(ALICE);
      world.register(BOB);
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  private TourWorld(
      TourContext tour,
      Path folder,
      WorldConfig config,
      WorldStores stores,
      World world,
      TickingClock clock) {
    this.tour = tour;
    this.folder = folder;
    this.config = config;
    this.stores = stores;
    this.world = world;
    this.clock = clock;
  }

  /** The data centre's SQLite file as the tour prints it. */
  String file(Jurisdiction j) {
    return tour.shown(path(j));
  }

  /** The data centre's SQLite file. */
  Path path(Jurisdiction j) {
    String url = stores.url(j);
    return Path.of(url.substring("jdbc:sqlite:".length()));
  }

  /** The world folder as the tour prints it. */
  String shownFolder() {
    return tour.shown(folder);
  }

  /**
   * Rows of a query on {@code j}'s database, read the way anyone with the file would: plain JDBC,
   * no key.
   */
  List<Object[]> rows(Jurisdiction j, String sql, Object... params) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(stores.url(j));
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  /** The one row a query must find. */
  Object[] row(Jurisdiction j, String sql, Object... params) throws SQLException {
    List<Object[]> rows = rows(j, sql, params);
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row from " + j + ", got " + rows.size());
    }
    return rows.get(0);
  }

  /** What {@code mtlab world show} prints for this world, one line per data centre. */
  List<String> show() throws Exception {
    WorldDescription d = world.describe();
    List<String> lines = new ArrayList<>();
    lines.add(
        "world "
            + d.worldId().hex()
            + ", epoch "
            + d.epoch()
            + ", "
            + d.config().threshold()
            + " of "
            + d.config().custodianCount()
            + " custodians, server "
            + (d.unsealed() ? "unsealed" : "sealed")
            + ", users "
            + d.users());
    for (WorldDescription.DataCentreView v : d.dataCentres()) {
      String what =
          switch (v.role()) {
            case STORAGE ->
                v.messages()
                    + " message(s) in "
                    + v.chats()
                    + " chat(s), "
                    + v.dataKeys()
                    + " wrapped data key(s), "
                    + v.deviceKeys()
                    + " wrapped device key(s)";
            case CUSTODIAN -> "share(s) of epoch " + v.shareEpochs();
          };
      lines.add(
          v.jurisdiction()
              + " "
              + v.role().name().toLowerCase(Locale.ROOT)
              + " "
              + (v.online() ? "online" : "OFFLINE")
              + ": "
              + what
              + "; "
              + v.auditEntries()
              + " audit entries; "
              + file(v.jurisdiction()));
    }
    return lines;
  }

  /** Inspection commands for a kept world, or how to keep it. */
  String inspect(String sql) {
    if (!tour.keepsWorld()) {
      return "(a temporary folder, removed at the end: run with --keep DIR to look at it)";
    }
    return "sqlite3 " + file(STORAGE) + " '" + sql + "'; mtlab world show --dir " + shownFolder();
  }

  @Override
  public void close() {
    world.close();
  }

  /** A clock that moves one millisecond each time it is read: deterministic, always forward. */
  static final class TickingClock implements InstantSource {
    private Instant now;

    TickingClock(Instant start) {
      this.now = start;
    }

    @Override
    public Instant instant() {
      now = now.plusMillis(1);
      return now;
    }

    /** Moves the clock forward. */
    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
