package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * One data centre's database, reached through JDBC ({@code java.sql} only; the driver comes from
 * the application). Every write runs in one transaction ({@link #write}); the audit trail is
 * appended inside the same transaction as what it records, so either both are kept or neither.
 * Every data centre has the same schema (version {@value #SCHEMA_VERSION}); a storage data centre
 * leaves the share table empty, a custodian the chat tables.
 *
 * <p>SQLite files run in WAL mode with {@code synchronous=FULL}: a commit is on disk before it
 * returns.
 *
 * <p>Statements run through {@link Tx#update} and {@link Tx#updateAll} are prepared once per
 * connection and reused (their SQL is a constant of this package), so a hot write such as a batch
 * of messages does not compile its SQL again for every row or every transaction.
 *
 * <p>Not thread-safe: {@link World} serialises access.
 */
final class DataCentreStore implements AutoCloseable {
  /** The schema version this library writes and reads. */
  static final int SCHEMA_VERSION = 1;

  /** Work inside a transaction. */
  interface Work<T> {
    T run(Tx tx) throws SQLException, WorldCheckException;
  }

  private final Jurisdiction jurisdiction;
  private final String location;
  private final Connection connection;
  private final boolean sqlite;
  private final InstantSource clock;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private DataCentreRole role;
  private Bytes worldId;
  private boolean online = true;
  private long headSeq;
  private Bytes headHash;

  private DataCentreStore(
      Jurisdiction jurisdiction,
      String location,
      Connection connection,
      boolean sqlite,
      InstantSource clock) {
    this.jurisdiction = jurisdiction;
    this.location = location;
    this.connection = connection;
    this.sqlite = sqlite;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- opening

  /** Creates the schema and the first rows of a new data centre at {@code url}. */
  static DataCentreStore create(
      Jurisdiction j,
      String url,
      DataCentreRole role,
      Bytes worldId,
      String config,
      InstantSource clock)
      throws StoreException, WorldCheckException {
    DataCentreStore s = connect(j, url, clock, true);
    try {
      if (s.hasTable("schema_version")) {
        s.closeQuietly();
        throw new WorldCheckException(
            CheckReason.STORE_CORRUPTED,
            "data centre " + j + " at " + s.location + " already holds a world");
      }
      s.role = role;
      s.worldId = worldId;
      s.headSeq = 0;
      s.headHash = AuditEntry.genesis(worldId, j);
      s.write(
          "create",
          tx -> {
            String b = s.sqlite ? "BLOB" : "BYTEA";
            try (Statement st = s.connection.createStatement()) {
              st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
              st.execute("CREATE TABLE meta (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)");
              st.execute("CREATE TABLE state (id INTEGER PRIMARY KEY, online INTEGER NOT NULL)");
              st.execute(
                  "CREATE TABLE manifest (epoch BIGINT PRIMARY KEY, body " + b + " NOT NULL)");
              st.execute(
                  "CREATE TABLE share (epoch BIGINT PRIMARY KEY, body "
                      + b
                      + " NOT NULL, active INTEGER NOT NULL)");
              st.execute(
                  "CREATE TABLE order_seen (reference VARCHAR(200) PRIMARY KEY,"
                      + " chat TEXT NOT NULL, at BIGINT NOT NULL)");
              st.execute(
                  "CREATE TABLE data_key (chat VARCHAR(200) NOT NULL, key_epoch BIGINT"
                      + " NOT NULL, master_epoch BIGINT NOT NULL, wrapped "
                      + b
                      + " NOT NULL,"
                      + " PRIMARY KEY (chat, key_epoch))");
              st.execute(
                  "CREATE TABLE message (chat VARCHAR(200) NOT NULL, idx BIGINT NOT NULL,"
                      + " sender VARCHAR(64) NOT NULL, recipient VARCHAR(64) NOT NULL, key_epoch BIGINT"
                      + " NOT NULL, stored_at BIGINT NOT NULL, body "
                      + b
                      + " NOT NULL,"
                      + " PRIMARY KEY (chat, idx))");
              st.execute(
                  "CREATE TABLE device_key (usr VARCHAR(64) PRIMARY KEY, key_id BIGINT NOT"
                      + " NULL, salt BIGINT NOT NULL, master_epoch BIGINT NOT NULL, wrapped "
                      + b
                      + " NOT NULL)");
              st.execute(
                  "CREATE TABLE audit (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, action"
                      + " VARCHAR(64) NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL, prev_hash "
                      + b
                      + " NOT NULL, hash "
                      + b
                      + " NOT NULL)");
              st.execute(
                  "CREATE TABLE anchor (dc VARCHAR(16) PRIMARY KEY, seq BIGINT NOT NULL,"
                      + " hash "
                      + b
                      + " NOT NULL)");
              st.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
              st.execute("INSERT INTO state VALUES (1, 1)");
            }
            tx.meta("world_id", worldId.hex());
            tx.meta("role", role.name());
            tx.meta("jurisdiction", j.code());
            tx.meta("config", config);
            tx.audit(
                "CREATED",
                "",
                role.name().toLowerCase(java.util.Locale.ROOT)
                    + " data centre"
                    + " of world "
                    + worldId.hex());
            return null;
          });
      return s;
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      s.closeQuietly();
      throw e;
    }
  }

  /** Opens an existing data centre at {@code url}, checking its schema and its identity. */
  static DataCentreStore open(Jurisdiction j, String url, InstantSource clock)
      throws StoreException, WorldCheckException {
    DataCentreStore s = connect(j, url, clock, false);
    try {
      s.load();
      return s;
    } catch (WorldCheckException | RuntimeException e) {
      s.closeQuietly();
      throw e;
    }
  }

  private static DataCentreStore connect(
      Jurisdiction j, String url, InstantSource clock, boolean creating)
      throws StoreException, WorldCheckException {
    Objects.requireNonNull(j, "jurisdiction");
    Objects.requireNonNull(url, "url");
    String location = WorldStores.redact(url);
    boolean sqlite = url.startsWith("jdbc:sqlite:");
    if (sqlite) {
      Path file = WorldStores.sqlitePath(url);
      if (file != null && !creating && !Files.isRegularFile(file)) {
        throw new WorldCheckException(
            CheckReason.STORE_CORRUPTED,
            "data centre " + j + ": its store " + location + " is missing");
      }
    }
    Connection c;
    try {
      c = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new StoreException(j, "cannot connect to " + location + ": " + e.getMessage(), e);
    }
    DataCentreStore s = new DataCentreStore(j, location, c, sqlite, clock);
    try {
      if (sqlite) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout=10000");
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=FULL");
        }
      }
      c.setAutoCommit(false);
    } catch (SQLException e) {
      s.closeQuietly();
      throw s.corrupted("it cannot be opened as a database (" + e.getMessage() + ")");
    }
    return s;
  }

  private WorldCheckException corrupted(String why) {
    return new WorldCheckException(
        CheckReason.STORE_CORRUPTED,
        "data centre " + jurisdiction + " at " + location + ": " + why);
  }

  private boolean hasTable(String name) throws StoreException {
    try (ResultSet rs = connection.getMetaData().getTables(null, null, name, null)) {
      boolean found = rs.next();
      connection.rollback();
      return found;
    } catch (SQLException e) {
      throw new StoreException(jurisdiction, "cannot read " + location, e);
    }
  }

  private void load() throws WorldCheckException {
    try {
      if (sqlite) {
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
          String r = rs.next() ? rs.getString(1) : "no answer";
          if (!"ok".equals(r)) {
            throw corrupted("SQLite integrity check failed: " + r);
          }
        }
      }
      int version;
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT version FROM schema_version")) {
        if (!rs.next()) {
          throw corrupted("its schema version row is missing");
        }
        version = rs.getInt(1);
      }
      if (version != SCHEMA_VERSION) {
        throw corrupted(
            "it was written with schema version "
                + version
                + "; this library reads version "
                + SCHEMA_VERSION);
      }
      String world = readMeta("world_id");
      String r = readMeta("role");
      String code = readMeta("jurisdiction");
      if (!jurisdiction.code().equals(code)) {
        throw corrupted("it is the store of data centre " + code);
      }
      try {
        worldId = Bytes.fromHex(world);
        role = DataCentreRole.valueOf(r);
      } catch (IllegalArgumentException e) {
        throw corrupted("its identity rows do not parse");
      }
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT online FROM state WHERE id = 1")) {
        if (!rs.next()) {
          throw corrupted("its state row is missing");
        }
        online = rs.getInt(1) != 0;
      }
      headSeq = 0;
      headHash = AuditEntry.genesis(worldId, jurisdiction);
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
        if (rs.next()) {
          headSeq = rs.getLong(1);
          headHash = Bytes.copyOf(rs.getBytes(2));
        }
      }
      connection.rollback();
    } catch (SQLException e) {
      throw corrupted("it cannot be read as a world store (" + e.getMessage() + ")");
    }
  }

  private String readMeta(String name) throws SQLException, WorldCheckException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw corrupted("its '" + name + "' row is missing");
        }
        return rs.getString(1);
      }
    }
  }

  // ---------------------------------------------------------------- identity

  Jurisdiction jurisdiction() {
    return jurisdiction;
  }

  String location() {
    return location;
  }

  DataCentreRole role() {
    return role;
  }

  Bytes worldId() {
    return worldId;
  }

  boolean isOnline() {
    return online;
  }

  long auditHeadSeq() {
    return headSeq;
  }

  Bytes auditHeadHash() {
    return headHash;
  }

  String config() throws StoreException, WorldCheckException {
    return read(tx -> readMeta("config"));
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Runs {@code work} in one transaction and commits it; on any failure rolls back, leaving the
   * previous state whole. An audit entry that cannot be written gives {@link
   * CheckReason#AUDIT_APPEND_FAILED}.
   */
  <T> T write(String what, Work<T> work) throws StoreException, WorldCheckException {
    Tx tx = new Tx();
    try {
      T result = work.run(tx);
      connection.commit();
      headSeq = tx.seq;
      headHash = tx.hash;
      return result;
    } catch (SQLException e) {
      rollbackQuietly();
      if (tx.auditFailed) {
        throw new WorldCheckException(
            CheckReason.AUDIT_APPEND_FAILED,
            "data centre "
                + jurisdiction
                + " could not record '"
                + what
                + "' in its audit trail, so it was not done ("
                + e.getMessage()
                + ")");
      }
      throw new StoreException(
          jurisdiction, what + " failed at " + location + ": " + e.getMessage(), e);
    } catch (WorldCheckException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Runs read-only {@code work} (then ends the transaction). */
  <T> T read(Work<T> work) throws StoreException, WorldCheckException {
    try {
      T result = work.run(new Tx());
      connection.rollback();
      return result;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException(
          jurisdiction, "reading " + location + " failed: " + e.getMessage(), e);
    } catch (WorldCheckException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the database keeps its last committed state
    }
  }

  /** One transaction's view: statements on the store, and the audit head as it will be. */
  final class Tx {
    long seq = headSeq;
    Bytes hash = headHash;
    boolean auditFailed;

    Connection connection() {
      return connection;
    }

    Jurisdiction dataCentre() {
      return jurisdiction;
    }

    WorldCheckException corrupted(String why) {
      return DataCentreStore.this.corrupted(why);
    }

    void meta(String name, String value) throws SQLException {
      update(
          "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET"
              + " value = excluded.value",
          name,
          value);
    }

    int update(String sql, Object... args) throws SQLException {
      PreparedStatement ps = prepared(sql);
      bind(ps, args);
      return ps.executeUpdate();
    }

    /**
     * Runs {@code sql} once per element of {@code rows} as one JDBC batch (one round trip on a
     * server database), inside this transaction.
     */
    void updateAll(String sql, List<Object[]> rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      PreparedStatement ps = prepared(sql);
      try {
        for (Object[] args : rows) {
          bind(ps, args);
          ps.addBatch();
        }
        ps.executeBatch();
      } finally {
        ps.clearBatch();
      }
    }

    /** Appends an audit entry inside this transaction. */
    AuditEntry audit(String action, String subject, String detail) throws SQLException {
      long next = seq + 1;
      // Milliseconds: what is stored is what is hashed.
      Instant at = Instant.ofEpochMilli(clock.instant().toEpochMilli());
      Bytes h = AuditEntry.computeHash(hash, next, at, jurisdiction, action, subject, detail);
      try {
        update(
            "INSERT INTO audit (seq, at, action, subject, detail, prev_hash, hash) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?)",
            next,
            at.toEpochMilli(),
            action,
            subject,
            detail,
            hash.toByteArray(),
            h.toByteArray());
      } catch (SQLException e) {
        auditFailed = true;
        throw e;
      }
      AuditEntry entry = new AuditEntry(next, at, jurisdiction, action, subject, detail, hash, h);
      seq = next;
      hash = h;
      return entry;
    }
  }

  /** The connection's prepared statement for {@code sql}, prepared on first use. */
  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof String s) {
        ps.setString(i + 1, s);
      } else {
        throw new IllegalArgumentException("cannot bind " + a);
      }
    }
  }

  // ---------------------------------------------------------------- common rows

  void setOnline(boolean up) throws StoreException, WorldCheckException {
    write(
        up ? "restore" : "fail",
        tx -> {
          tx.update("UPDATE state SET online = ? WHERE id = 1", up ? 1 : 0);
          tx.audit(up ? "RESTORED" : "FAILED", "", up ? "back online" : "taken offline");
          return null;
        });
    online = up;
  }

  /** The manifest of {@code epoch}, or null. */
  SplitManifest manifest(Tx tx, long epoch) throws SQLException, WorldCheckException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT body FROM manifest WHERE epoch = ?")) {
      ps.setLong(1, epoch);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try {
          return SplitManifest.decode(rs.getBytes(1), CheckReason.STORE_CORRUPTED);
        } catch (WorldCheckException e) {
          throw e;
        } catch (org.mtlab.CheckFailedException e) {
          throw corrupted("the key manifest of epoch " + epoch + " does not decode");
        }
      }
    }
  }

  /** The highest manifest epoch, or 0. */
  long latestManifestEpoch(Tx tx) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(epoch) FROM manifest")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  void putManifest(Tx tx, SplitManifest m) throws SQLException {
    tx.update(
        "INSERT INTO manifest (epoch, body) VALUES (?, ?) ON CONFLICT (epoch) DO UPDATE"
            + " SET body = excluded.body",
        m.epoch(),
        m.encode());
  }

  void putAnchor(Tx tx, Jurisdiction dc, long seq, Bytes hash) throws SQLException {
    tx.update(
        "INSERT INTO anchor (dc, seq, hash) VALUES (?, ?, ?) ON CONFLICT (dc) DO UPDATE"
            + " SET seq = excluded.seq, hash = excluded.hash",
        dc.code(),
        seq,
        hash.toByteArray());
  }

  /** Every entry of this data centre's audit trail, in seq order. */
  List<AuditEntry> auditEntries() throws StoreException, WorldCheckException {
    return read(
        tx -> {
          List<AuditEntry> out = new ArrayList<>();
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT seq, at, action, subject, detail, prev_hash,"
                          + " hash FROM audit ORDER BY seq")) {
            while (rs.next()) {
              out.add(
                  new AuditEntry(
                      rs.getLong(1),
                      Instant.ofEpochMilli(rs.getLong(2)),
                      jurisdiction,
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      Bytes.copyOf(rs.getBytes(6)),
                      Bytes.copyOf(rs.getBytes(7))));
            }
          }
          return out;
        });
  }

  /** The anchors held here: data centre to (seq, hash). */
  List<AuditAnchor> anchors() throws StoreException, WorldCheckException {
    return read(
        tx -> {
          List<AuditAnchor> out = new ArrayList<>();
          try (Statement st = connection.createStatement();
              ResultSet rs = st.executeQuery("SELECT dc, seq, hash FROM anchor ORDER BY dc")) {
            while (rs.next()) {
              Jurisdiction of;
              try {
                of = Jurisdiction.of(rs.getString(1));
              } catch (IllegalArgumentException e) {
                throw corrupted("an audit anchor names no data centre");
              }
              out.add(
                  new AuditAnchor(jurisdiction, of, rs.getLong(2), Bytes.copyOf(rs.getBytes(3))));
            }
          }
          return out;
        });
  }

  /** Counts rows of {@code table} (a fixed name from this class). */
  long count(Tx tx, String table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private void closeQuietly() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing the connection releases it too
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing to keep
    }
  }

  @Override
  public void close() {
    rollbackQuietly();
    closeQuietly();
  }

  @Override
  public String toString() {
    return "DataCentreStore[" + jurisdiction + ", " + role + ", " + location + "]";
  }
}
