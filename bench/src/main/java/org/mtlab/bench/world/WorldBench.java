package org.mtlab.bench.world;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mtlab.CheckFailedException;
import org.mtlab.bench.ForkArgs;
import org.mtlab.bench.handshake.HandshakeBench;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKey;
import org.mtlab.keystore.AtRestCipher;
import org.mtlab.keystore.BouncyCastleShamir;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.DeviceStore;
import org.mtlab.keystore.SentMessage;
import org.mtlab.keystore.ShamirGf256;
import org.mtlab.keystore.ShamirShare;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldConfig;
import org.mtlab.keystore.WorldStores;
import org.mtlab.message.ClientSession;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.TlWriter;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast does the split-jurisdiction world run (issue 14), and where does a cloud message's time
 * go: the crypto of its path, its encryption at rest, or its durable commit?
 *
 * <p><b>Key custody.</b> {@link #shamirSplit} and {@link #shamirCombine} run our {@link
 * ShamirGf256} on a 32-byte master key at {@code n} = 5, 16 and 255 shares with threshold {@code t
 * = n/2 + 1} (a majority: 3, 9 and 128; split costs about n x t field multiplications per key byte,
 * combine t^2 for the Lagrange basis and t per byte), beside Bouncy Castle's {@code
 * ShamirSecretSplitter} behind our adapter ({@link #bcShamirSplit}, {@link #bcShamirCombine}),
 * which the world uses. Combine takes the first t shares. {@link #unseal} is the world's whole
 * unsealing ({@code World.server().seal()}, then {@code unseal()}): t custodians each commit a
 * release to their audit trail, the shares are checked against the manifest and combined, the
 * key-check value is verified, the storage data centre records the unseal, and every changed trail
 * is anchored in every other data centre, all on SQLite with {@code synchronous=FULL}.
 *
 * <p><b>At rest.</b> {@link #atRestEncrypt1KiB} is {@link AtRestCipher#seal} of 1 KiB, the world's
 * at-rest step (fresh nonce, associated data binding world, chat, index and key epoch,
 * AES-256-GCM), beside {@link #jdkAesGcm1KiB}: a bare JDK AES-GCM of the same 1 KiB with a fresh
 * nonce and no associated data.
 *
 * <p><b>Sending.</b> {@link #sendOneCommit} is {@link World#send}: one 1 KiB cloud message (1024
 * ASCII characters) through the whole path in one transaction. {@link #sendGroupCommit} is {@link
 * World#sendAll} of {@value #BATCH} such messages, one transaction for the batch, and counts
 * {@value #BATCH} ops per call (so both read as messages a second). Each message is sealed by the
 * sender's device session and opened by the server's with every check, encrypted at rest, committed
 * with its audit record in the storage data centre's SQLite file (WAL, {@code synchronous=FULL}: on
 * disk before {@code send} returns), then sealed by the server for the recipient and opened by the
 * recipient's device; after the commit, the storage trail's new head is anchored in each of the
 * four custodians (one fsync'd transaction each). The world is 1 storage data centre and 4
 * custodians, t = 3, in a fresh temporary folder per trial; the messages alternate between
 * alice-to-bob and bob-to-alice.
 *
 * <p><b>Baselines of the path.</b> {@link #cloudSealOpen1KiB}: one {@link Session#send} by a client
 * session and {@link Session#receive} by the server session of the same 1 KiB message, in memory (a
 * sent message makes this trip twice: up to the server and down to the recipient). {@link
 * #sqliteCommitOneRow} and {@link #sqliteCommitBatch}: raw JDBC inserts of one row of the size a
 * message has at rest (1052-byte body, the world's message table), one row per transaction or
 * {@value #BATCH} per transaction, one reused prepared statement, the same SQLite settings (WAL,
 * {@code synchronous=FULL}). {@link #sqliteAnchors}: the four fsync'd anchor upserts (one per
 * custodian file) that follow every {@code sendAll}, counted per message of a {@value
 * #BATCH}-message batch. The report's breakdown sets the sends against these.
 *
 * <p><b>PostgreSQL.</b> {@link #sendGroupCommitPostgres} and {@link #postgresCommitBatch} are
 * {@link #sendGroupCommit} and {@link #sqliteCommitBatch} with every data centre on a PostgreSQL
 * server the trial starts itself ({@link PostgresServer}; default settings: {@code fsync=on},
 * {@code synchronous_commit=on}).
 *
 * <p>Randomness is seeded {@code SHA1PRNG}; the clock is the system's (sessions check msg_id times
 * against it). Every trial that seals messages first runs {@value #PRIMING_ROUNDS} seal-and-open
 * rounds on private sessions ({@link #prime}), and each world first sends {@value #WARMING_BATCHES}
 * batches ({@link #warm}), so the path is compiled before the first measurement. Every op returns
 * its result to JMH's blackhole.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", ForkArgs.VECTOR_MODULE})
@State(Scope.Thread)
public class WorldBench {
  /** Messages per group commit. */
  public static final int BATCH = 100;

  /** Messages per {@link #sendPipelined} call: ten commit groups of {@value #BATCH}. */
  public static final int STREAM = 1000;

  /** Bytes of a message's text. */
  public static final int SIZE = 1024;

  static final WorldConfig CONFIG = WorldConfig.of("NL", List.of("CH", "SG", "BR", "IS"), 3);
  static final UserId ALICE = UserId.of("alice");
  static final UserId BOB = UserId.of("bob");
  private static final long SEED = 0x776f726cL;

  // ================================================================ Shamir

  /** A 32-byte secret split into {@code n} shares, t = n/2 + 1. */
  @State(Scope.Thread)
  public static class Shares {
    /** Number of shares. */
    @Param({"5", "16", "255"})
    public int n;

    int t;
    byte[] secret;
    SecureRandom random;
    ShamirGf256 ours;
    BouncyCastleShamir bc;
    List<ShamirShare> first;

    /** The secret, the two implementations, and t shares to combine (checked both ways). */
    @Setup(Level.Trial)
    public void setUp() {
      t = n / 2 + 1;
      random = HandshakeBench.seededRandom(SEED, "shamir");
      secret = new byte[32];
      random.nextBytes(secret);
      ours = new ShamirGf256();
      bc = new BouncyCastleShamir();
      first =
          List.copyOf(ours.split(SecretAccess.explicitly(), secret, t, n, random).subList(0, t));
      List<ShamirShare> bcFirst =
          bc.split(SecretAccess.explicitly(), secret, t, n, random).subList(0, t);
      if (!Arrays.equals(ours.combine(SecretAccess.explicitly(), first), secret)
          || !Arrays.equals(bc.combine(SecretAccess.explicitly(), first), secret)
          || !Arrays.equals(ours.combine(SecretAccess.explicitly(), bcFirst), secret)) {
        throw new IllegalStateException("the two Shamir implementations disagree");
      }
    }
  }

  /** Ours: split a 32-byte key into n shares. */
  @Benchmark
  public List<ShamirShare> shamirSplit(Shares s) {
    return s.ours.split(SecretAccess.explicitly(), s.secret, s.t, s.n, s.random);
  }

  /** Bouncy Castle (the world's default): split a 32-byte key into n shares. */
  @Benchmark
  public List<ShamirShare> bcShamirSplit(Shares s) {
    return s.bc.split(SecretAccess.explicitly(), s.secret, s.t, s.n, s.random);
  }

  /** Ours: combine t shares. */
  @Benchmark
  public byte[] shamirCombine(Shares s) {
    return s.ours.combine(SecretAccess.explicitly(), s.first);
  }

  /** Bouncy Castle: combine t shares. */
  @Benchmark
  public byte[] bcShamirCombine(Shares s) {
    return s.bc.combine(SecretAccess.explicitly(), s.first);
  }

  // ================================================================ at rest

  /** One chat's at-rest cipher, and a bare JDK AES-GCM, over 1 KiB. */
  @State(Scope.Thread)
  public static class AtRest {
    AtRestCipher cipher;
    byte[] text;
    long index;
    Cipher gcm;
    SecretKeySpec key;
    byte[] nonce = new byte[12];
    byte[] out;
    SecureRandom random;

    /** A data key, the cipher, a checked round trip. */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      random = HandshakeBench.seededRandom(SEED, "at rest");
      byte[] dataKey = new byte[32];
      random.nextBytes(dataKey);
      byte[] worldId = new byte[16];
      random.nextBytes(worldId);
      cipher =
          AtRestCipher.create(Bytes.copyOf(worldId), ChatId.cloud(ALICE, BOB), 1, dataKey, random);
      text = text(new SplittableRandom(SEED)).getBytes(StandardCharsets.US_ASCII);
      try {
        if (!Arrays.equals(cipher.open(7, cipher.seal(7, text)), text)) {
          throw new IllegalStateException("the at-rest cipher does not round-trip");
        }
      } catch (CheckFailedException e) {
        throw new IllegalStateException(e);
      }
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
      key = new SecretKeySpec(dataKey, "AES");
      out = new byte[12 + SIZE + 16];
    }
  }

  /** The world's at-rest encryption of a 1 KiB message (AtRestCipher.seal). */
  @Benchmark
  public byte[] atRestEncrypt1KiB(AtRest s) {
    return s.cipher.seal(s.index++, s.text);
  }

  /** Baseline: bare JDK AES-256-GCM of 1 KiB, fresh random nonce, into a new array. */
  @Benchmark
  public byte[] jdkAesGcm1KiB(AtRest s) throws GeneralSecurityException {
    s.random.nextBytes(s.nonce);
    s.gcm.init(Cipher.ENCRYPT_MODE, s.key, new GCMParameterSpec(128, s.nonce));
    byte[] out = new byte[12 + SIZE + 16];
    System.arraycopy(s.nonce, 0, out, 0, 12);
    s.gcm.doFinal(s.text, 0, SIZE, out, 12);
    return out;
  }

  // ================================================================ the path's crypto

  /** A client session and the server session on one auth key, as the world connects them. */
  @State(Scope.Thread)
  public static class Sessions {
    ClientSession client;
    ServerSession server;
    Bytes payload;

    /** The sessions and the TL payload a 1 KiB message travels in. */
    @Setup(Level.Trial)
    public void setUp() throws CheckFailedException {
      SecureRandom random = HandshakeBench.seededRandom(SEED, "sessions");
      byte[] k = new byte[AuthKey.LENGTH];
      random.nextBytes(k);
      AuthKey key = AuthKey.copyOf(k);
      SessionId id = SessionId.random(random);
      ServerSalt salt = new ServerSalt(random.nextLong());
      client =
          Session.client(key, id, salt, SessionPolicy.standard(), random, InstantSource.system());
      server =
          Session.server(key, id, salt, SessionPolicy.standard(), random, InstantSource.system());
      // The world's sendMessage: constructor, recipient, chat kind, text.
      TlWriter w = new TlWriter(SIZE + 64);
      w.writeInt(0x6d74_7331)
          .writeBytes(BOB.name().getBytes(StandardCharsets.US_ASCII))
          .writeInt(0)
          .writeBytes(text(new SplittableRandom(SEED)).getBytes(StandardCharsets.US_ASCII));
      payload = w.toBytes();
      if (!server
          .receive(client.send(payload, true).frame().toByteArray())
          .data()
          .equals(payload)) {
        throw new IllegalStateException("a frame did not open to its payload");
      }
      prime();
    }
  }

  /** Baseline: the device seals a 1 KiB message on its session and the server opens it. */
  @Benchmark
  public ReceivedMessage cloudSealOpen1KiB(Sessions s) throws CheckFailedException {
    return s.server.receive(s.client.send(s.payload, true).frame().toByteArray());
  }

  // ================================================================ the whole path

  /** A world on SQLite files in a temporary folder, two users, 1 KiB texts. */
  @State(Scope.Thread)
  public static class SqliteWorld {
    Path dir;
    World world;
    List<World.Outgoing> batch;
    List<World.Outgoing> stream;
    String text;
    int turn;

    /** A fresh world with alice and bob registered, and one message sent each way. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      dir = Files.createTempDirectory("mtlab-worldbench");
      WorldStores stores = WorldStores.inFolder(dir, CONFIG, Map.of());
      prime();
      world = open(stores, dir);
      text = text(new SplittableRandom(SEED));
      batch = batch(text);
      List<World.Outgoing> ten = new ArrayList<>(STREAM);
      for (int i = 0; i < STREAM / BATCH; i++) {
        ten.addAll(batch);
      }
      stream = List.copyOf(ten);
      warm(world, batch);
      world.sendGrouped(stream, BATCH);
    }

    /** Closes the world and deletes its folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      world.close();
      delete(dir);
    }
  }

  /** One 1 KiB cloud message through the whole path, one transaction (World.send). */
  @Benchmark
  public SentMessage sendOneCommit(SqliteWorld s) throws IOException, CheckFailedException {
    s.turn ^= 1;
    return s.turn == 0 ? s.world.send(ALICE, BOB, s.text) : s.world.send(BOB, ALICE, s.text);
  }

  /** {@value #BATCH} messages through the whole path, one transaction (World.sendAll). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<SentMessage> sendGroupCommit(SqliteWorld s) throws IOException, CheckFailedException {
    return s.world.sendAll(s.batch);
  }

  /**
   * {@value #STREAM} messages through the whole path in commit groups of {@value #BATCH}
   * (World.sendGrouped): each group one fsync'd transaction, durable before it is delivered, the
   * next group's uploads and the previous group's delivery running while a group commits.
   */
  @Benchmark
  @OperationsPerInvocation(STREAM)
  public List<SentMessage> sendPipelined(SqliteWorld s) throws IOException, CheckFailedException {
    return s.world.sendGrouped(s.stream, BATCH);
  }

  /** The whole unsealing: seal, then collect t shares, check, combine and record. */
  @Benchmark
  public World unseal(SqliteWorld s) throws IOException, CheckFailedException {
    s.world.server().seal();
    s.world.server().unseal();
    return s.world;
  }

  // ================================================================ raw SQLite

  /** A SQLite file with the world's message table, WAL and synchronous=FULL. */
  @State(Scope.Thread)
  public static class Sqlite {
    Path dir;
    Connection connection;
    PreparedStatement insert;
    byte[] body;
    long index;

    /** The file, the table and the prepared insert. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      dir = Files.createTempDirectory("mtlab-worldbench-sqlite");
      connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA busy_timeout=10000");
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
      }
      connection.setAutoCommit(false);
      insert = prepareRawTable(connection, "BLOB");
      body = new byte[12 + SIZE + 16];
      new SplittableRandom(SEED).nextBytes(body);
    }

    /** Closes and deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      connection.close();
      delete(dir);
    }
  }

  /** Baseline: one message-sized row, one fsync'd transaction (raw JDBC). */
  @Benchmark
  public long sqliteCommitOneRow(Sqlite s) throws SQLException {
    insertRow(s.insert, s.index++, s.body);
    s.connection.commit();
    return s.index;
  }

  /** Baseline: {@value #BATCH} message-sized rows, one fsync'd transaction (raw JDBC). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long sqliteCommitBatch(Sqlite s) throws SQLException {
    for (int i = 0; i < BATCH; i++) {
      insertRow(s.insert, s.index++, s.body);
    }
    s.connection.commit();
    return s.index;
  }

  /** Four SQLite files with the world's anchor table, as the four custodians have. */
  @State(Scope.Thread)
  public static class Anchors {
    Path dir;
    Connection[] connections = new Connection[CONFIG.custodianCount()];
    PreparedStatement[] upserts = new PreparedStatement[CONFIG.custodianCount()];
    byte[] hash = new byte[32];
    long seq;

    /** The files, their tables and prepared upserts. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      dir = Files.createTempDirectory("mtlab-worldbench-anchors");
      for (int i = 0; i < connections.length; i++) {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(i + ".db"));
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout=10000");
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=FULL");
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute(
              "CREATE TABLE anchor (dc VARCHAR(16) PRIMARY KEY, seq BIGINT NOT NULL,"
                  + " hash BLOB NOT NULL)");
        }
        c.commit();
        connections[i] = c;
        upserts[i] =
            c.prepareStatement(
                "INSERT INTO anchor (dc, seq, hash) VALUES (?, ?, ?)"
                    + " ON CONFLICT (dc) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
      }
      new SplittableRandom(SEED).nextBytes(hash);
    }

    /** Closes and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      for (Connection c : connections) {
        c.close();
      }
      delete(dir);
    }
  }

  /**
   * Baseline: what anchoring costs a batch, per message: the storage trail's new head upserted into
   * each of the four custodians' files, one fsync'd transaction each, as after every {@code
   * sendAll}; counted over the {@value #BATCH} messages of a batch.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long sqliteAnchors(Anchors s) throws SQLException {
    s.seq++;
    for (int i = 0; i < s.connections.length; i++) {
      PreparedStatement ps = s.upserts[i];
      ps.setString(1, "NL");
      ps.setLong(2, s.seq);
      ps.setBytes(3, s.hash);
      ps.executeUpdate();
      s.connections[i].commit();
    }
    return s.seq;
  }

  // ================================================================ PostgreSQL

  /** A world with every data centre on one PostgreSQL server this trial starts. */
  @State(Scope.Thread)
  public static class PostgresWorld {
    PostgresServer server;
    Path dir;
    World world;
    List<World.Outgoing> batch;

    /** Starts the server, creates a database per data centre, the world and two users. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      prime();
      server = PostgresServer.start();
      dir = Files.createTempDirectory("mtlab-worldbench-pg");
      Map<org.mtlab.keystore.Jurisdiction, String> urls = new java.util.LinkedHashMap<>();
      for (org.mtlab.keystore.Jurisdiction j : CONFIG.dataCentres()) {
        urls.put(j, server.newDatabase("dc_" + j.code().toLowerCase(java.util.Locale.ROOT)));
      }
      world = open(new WorldStores(urls), dir);
      batch = batch(text(new SplittableRandom(SEED)));
      warm(world, batch);
    }

    /** Closes the world, stops the server, deletes the folders. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        world.close();
        delete(dir);
      } finally {
        server.close();
      }
    }
  }

  /** {@value #BATCH} messages through the whole path, one transaction, on PostgreSQL. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<SentMessage> sendGroupCommitPostgres(PostgresWorld s)
      throws IOException, CheckFailedException {
    return s.world.sendAll(s.batch);
  }

  /** Raw JDBC on PostgreSQL: the world's message table, one reused statement. */
  @State(Scope.Thread)
  public static class Postgres {
    PostgresServer server;
    Connection connection;
    PreparedStatement insert;
    byte[] body;
    long index;

    /** Starts the server and prepares the table. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      server = PostgresServer.start();
      connection = DriverManager.getConnection(server.newDatabase("raw"));
      connection.setAutoCommit(false);
      insert = prepareRawTable(connection, "BYTEA");
      body = new byte[12 + SIZE + 16];
      new SplittableRandom(SEED).nextBytes(body);
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      try {
        connection.close();
      } finally {
        server.close();
      }
    }
  }

  /** Baseline: {@value #BATCH} message-sized rows, one transaction, JDBC batch, PostgreSQL. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long postgresCommitBatch(Postgres s) throws SQLException {
    for (int i = 0; i < BATCH; i++) {
      bindRow(s.insert, s.index++, s.body);
      s.insert.addBatch();
    }
    s.insert.executeBatch();
    s.connection.commit();
    return s.index;
  }

  // ================================================================ helpers

  static World open(WorldStores stores, Path dir) throws Exception {
    World w =
        World.create(
            CONFIG,
            stores,
            DeviceStore.inFolder(dir.resolve("devices")),
            HandshakeBench.seededRandom(SEED, "world"),
            InstantSource.system());
    try {
      w.register(ALICE);
      w.register(BOB);
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  /** Seal-and-open rounds that {@link #prime} runs before a trial that seals messages. */
  static final int PRIMING_ROUNDS = 20_000;

  /**
   * Runs {@value #PRIMING_ROUNDS} session seal-and-open rounds of a 1 KiB message on a private pair
   * of sessions, so that the JIT has compiled the path's crypto (the IGE kernels, SHA-256, the
   * sessions' checks) before the first measured op, as in a server that has been running for a
   * while. Without it the first seconds of a short profile measure the interpreter: the vector
   * kernels then run unintrinsified and allocate tens of kilobytes a message.
   */
  static void prime() throws CheckFailedException {
    SecureRandom random = HandshakeBench.seededRandom(SEED, "priming");
    byte[] k = new byte[AuthKey.LENGTH];
    random.nextBytes(k);
    AuthKey key = AuthKey.copyOf(k);
    SessionId id = SessionId.random(random);
    ServerSalt salt = new ServerSalt(random.nextLong());
    ClientSession client =
        Session.client(key, id, salt, SessionPolicy.standard(), random, InstantSource.system());
    ServerSession server =
        Session.server(key, id, salt, SessionPolicy.standard(), random, InstantSource.system());
    Bytes payload = Bytes.copyOf(new byte[SIZE + 16]);
    for (int i = 0; i < PRIMING_ROUNDS; i++) {
      server.receive(client.send(payload, true).frame().toByteArray());
      client.receive(server.send(payload, true).frame().toByteArray());
    }
    key.destroy();
  }

  /** Batches {@link #warm} sends before a trial: 3,000 messages. */
  static final int WARMING_BATCHES = 30;

  /**
   * Sends {@value #WARMING_BATCHES} batches and a few single messages through {@code world}, so
   * that its own code (the store's statements, the audit, the anchoring threads) is compiled and
   * started before the first measured op, beside what {@link #prime} warmed.
   */
  static void warm(World world, List<World.Outgoing> batch)
      throws IOException, CheckFailedException {
    for (int i = 0; i < WARMING_BATCHES; i++) {
      world.sendAll(batch);
      world.send(ALICE, BOB, "warm-up " + i);
    }
  }

  static List<World.Outgoing> batch(String text) {
    List<World.Outgoing> out = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      out.add(
          i % 2 == 0 ? new World.Outgoing(ALICE, BOB, text) : new World.Outgoing(BOB, ALICE, text));
    }
    return List.copyOf(out);
  }

  static String text(SplittableRandom random) {
    char[] c = new char[SIZE];
    for (int i = 0; i < SIZE; i++) {
      c[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }

  static PreparedStatement prepareRawTable(Connection c, String blob) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE message (chat VARCHAR(200) NOT NULL, idx BIGINT NOT NULL,"
              + " sender VARCHAR(64) NOT NULL, recipient VARCHAR(64) NOT NULL, key_epoch BIGINT"
              + " NOT NULL, stored_at BIGINT NOT NULL, body "
              + blob
              + " NOT NULL,"
              + " PRIMARY KEY (chat, idx))");
    }
    c.commit();
    return c.prepareStatement(
        "INSERT INTO message (chat, idx, sender, recipient, key_epoch,"
            + " stored_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  static void bindRow(PreparedStatement ps, long index, byte[] body) throws SQLException {
    ps.setString(1, "cloud:alice:bob");
    ps.setLong(2, index);
    ps.setString(3, "alice");
    ps.setString(4, "bob");
    ps.setLong(5, 1);
    ps.setLong(6, 1_767_225_600_000L + index);
    ps.setBytes(7, body);
  }

  static void insertRow(PreparedStatement ps, long index, byte[] body) throws SQLException {
    bindRow(ps, index, body);
    ps.executeUpdate();
  }

  static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
