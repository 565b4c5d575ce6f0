package org.mtlab.keystore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.internal.SecretBytes;
import org.mtlab.key.AuthKey;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * The split-jurisdiction world: one storage data centre holding every cloud chat encrypted at rest,
 * {@code n} key-custodian data centres in other jurisdictions each holding one share of the master
 * key, a server that holds the master key while it runs, and users' devices.
 *
 * <p><b>Keys.</b> Each cloud chat has a data key per key epoch (AES-256-GCM; associated data binds
 * world, chat, message index and key epoch). Data keys and the server's copies of device auth keys
 * are wrapped by the master key of the current epoch. The master key is split t-of-n ({@link
 * Custody}); each custodian stores its share, every data centre stores the split's {@link
 * SplitManifest}. The server {@link Server#unseal() unseals} by collecting {@code t} shares and
 * keeps the key in memory only.
 *
 * <p><b>Orders.</b> {@link #compel} serves legal orders on data centres. With the storage
 * jurisdiction's order and {@code t} custodian jurisdictions' the chat is disclosed; with fewer
 * custodians nothing is combined and nothing is learnt (Shamir: {@code t - 1} shares are equally
 * consistent with every key). {@link #rekey} draws a new master key and data keys for new messages,
 * so shares released before it open nothing stored after it.
 *
 * <p><b>Stores.</b> Each data centre is its own database ({@link WorldStores}); every write is one
 * transaction in one data centre, with its audit entry. Each operation then anchors the trails' new
 * heads in the other data centres, so a truncated trail is caught.
 *
 * <p>Thread-safe: every public method holds the world's lock. Close it when done.
 */
public final class World implements AutoCloseable {
  /** How long a legal order stays valid after it was issued. */
  public static final Duration ORDER_VALIDITY = Duration.ofDays(90);

  private static final int WORLD_ID_LENGTH = 16;
  private static final int DATA_KEY_LENGTH = 32;
  private static final int SEND = 0x6d74_7331; // the simulated sendMessage constructor
  private static final int DELIVER = 0x6d74_7332; // the simulated message delivery

  private final WorldConfig config;
  private final Bytes worldId;
  private final Map<Jurisdiction, DataCentreStore> dcs; // storage first
  private final DeviceStore devices;
  private final SecureRandom random;
  private final InstantSource clock;
  private final Custody custody;
  private final EnvelopeCipher envelope;
  private final CloudPath path;
  private final Server server = new Server();
  private final Map<Jurisdiction, Long> anchored = new HashMap<>();
  private final Map<ChatId, Long> nextIndex = new HashMap<>();
  private long epoch;
  private MasterKey master; // null while sealed
  private final Map<UserId, AuthKey> serverKeys = new HashMap<>();
  private final Map<UserId, CloudPath.Connection> connections = new HashMap<>();
  // seals and opens a batch's messages, different users' connections side by side
  private final PerUserWork sessionWork =
      new PerUserWork(Runtime.getRuntime().availableProcessors());
  private java.util.concurrent.ExecutorService anchorWriters; // started on first use
  private java.util.concurrent.ExecutorService committer; // sendGrouped's, started on first use
  private boolean closed;

  private World(
      WorldConfig config,
      Bytes worldId,
      Map<Jurisdiction, DataCentreStore> dcs,
      DeviceStore devices,
      SecureRandom random,
      InstantSource clock,
      SecretSharing sharing,
      long epoch) {
    this.config = config;
    this.worldId = worldId;
    this.dcs = dcs;
    this.devices = devices;
    this.random = random;
    this.clock = clock;
    this.custody = new Custody(sharing);
    this.envelope = new EnvelopeCipher(random);
    this.path = new CloudPath(random, clock);
    this.epoch = epoch;
    for (DataCentreStore s : dcs.values()) {
      anchored.put(s.jurisdiction(), s.auditHeadSeq());
    }
  }

  // ================================================================ creating and opening

  /**
   * Creates a new world in empty stores: a world id and a master key (epoch 1), split among the
   * custodians. The returned world's server is unsealed.
   *
   * @throws StoreException if a database cannot be reached or written
   * @throws WorldCheckException {@link CheckReason#STORE_CORRUPTED} if a store already holds a
   *     world
   */
  public static World create(
      WorldConfig config,
      WorldStores stores,
      DeviceStore devices,
      SecureRandom random,
      InstantSource clock)
      throws StoreException, WorldCheckException {
    return create(config, stores, devices, random, clock, new BouncyCastleShamir());
  }

  /**
   * As {@link #create(WorldConfig, WorldStores, DeviceStore, SecureRandom, InstantSource)}, with a
   * chosen {@link SecretSharing} (our reference {@link ShamirGf256}, say).
   */
  public static World create(
      WorldConfig config,
      WorldStores stores,
      DeviceStore devices,
      SecureRandom random,
      InstantSource clock,
      SecretSharing sharing)
      throws StoreException, WorldCheckException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sharing, "sharing");
    byte[] id = new byte[WORLD_ID_LENGTH];
    random.nextBytes(id);
    Bytes worldId = Bytes.copyOf(id);
    Map<Jurisdiction, DataCentreStore> dcs = new LinkedHashMap<>();
    try {
      for (Jurisdiction j : config.dataCentres()) {
        DataCentreRole role =
            j.equals(config.storage()) ? DataCentreRole.STORAGE : DataCentreRole.CUSTODIAN;
        dcs.put(j, DataCentreStore.create(j, stores.url(j), role, worldId, encode(config), clock));
      }
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      dcs.values().forEach(DataCentreStore::close);
      throw e;
    }
    World w = new World(config, worldId, dcs, devices, random, clock, sharing, 1);
    try {
      MasterKey key = MasterKey.generate(random, 1);
      Custody.Split split = w.custody.split(key, worldId, config, random);
      for (KeyShare share : split.shares()) {
        w.dcs
            .get(share.custodian())
            .write(
                "store share",
                tx -> {
                  w.dcs.get(share.custodian()).putManifest(tx, split.manifest());
                  tx.update(
                      "INSERT INTO share (epoch, body, active) VALUES (?, ?, 1)",
                      1L,
                      share.encodeInternal());
                  tx.audit(
                      "SHARE_STORED",
                      "epoch 1",
                      "share index "
                          + share.index()
                          + " of "
                          + config.custodianCount()
                          + ", threshold "
                          + config.threshold());
                  return null;
                });
        share.destroy();
      }
      DataCentreStore storage = w.storage();
      storage.write(
          "record the split",
          tx -> {
            storage.putManifest(tx, split.manifest());
            tx.meta("epoch", "1");
            tx.audit(
                "KEY_SPLIT",
                "epoch 1",
                config.threshold()
                    + " of "
                    + config.custodianCount()
                    + " custodians: "
                    + config.custodians());
            return null;
          });
      w.master = key;
      w.anchor();
      return w;
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /**
   * Opens an existing world from its stores. Its server starts sealed. A rekey that a crash
   * interrupted is completed or rolled back here, whichever the storage data centre committed.
   *
   * @throws WorldCheckException {@link CheckReason#STORE_CORRUPTED} naming the data centre and its
   *     file or URL if a store is missing, corrupted, of another schema version or another world
   * @throws StoreException if a database cannot be reached
   */
  public static World open(
      WorldStores stores, DeviceStore devices, SecureRandom random, InstantSource clock)
      throws StoreException, WorldCheckException {
    return open(stores, devices, random, clock, new BouncyCastleShamir());
  }

  /**
   * As {@link #open(WorldStores, DeviceStore, SecureRandom, InstantSource)}, with a chosen {@link
   * SecretSharing}.
   */
  public static World open(
      WorldStores stores,
      DeviceStore devices,
      SecureRandom random,
      InstantSource clock,
      SecretSharing sharing)
      throws StoreException, WorldCheckException {
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sharing, "sharing");
    Map<Jurisdiction, DataCentreStore> opened = new LinkedHashMap<>();
    try {
      for (Jurisdiction j : stores.urls().keySet().stream().sorted().toList()) {
        opened.put(j, DataCentreStore.open(j, stores.url(j), clock));
      }
      DataCentreStore storage =
          opened.values().stream()
              .filter(s -> s.role() == DataCentreRole.STORAGE)
              .findFirst()
              .orElseThrow(
                  () ->
                      new WorldCheckException(
                          CheckReason.STORE_CORRUPTED,
                          "no storage data centre among " + stores.urls().keySet()));
      WorldConfig config = decode(storage.config(), storage);
      Map<Jurisdiction, DataCentreStore> dcs = new LinkedHashMap<>();
      for (Jurisdiction j : config.dataCentres()) {
        DataCentreStore s = opened.get(j);
        if (s == null) {
          throw new WorldCheckException(
              CheckReason.STORE_CORRUPTED, "data centre " + j + " has no store in the list");
        }
        if (!s.worldId().equals(storage.worldId())) {
          throw new WorldCheckException(
              CheckReason.STORE_CORRUPTED,
              "data centre " + j + " at " + s.location() + " belongs to another world");
        }
        dcs.put(j, s);
      }
      long epoch =
          storage.read(
              tx -> {
                try (PreparedStatement ps =
                        tx.connection()
                            .prepareStatement("SELECT value FROM meta WHERE name = 'epoch'");
                    ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    throw tx.corrupted("its key epoch row is missing");
                  }
                  try {
                    return Long.parseLong(rs.getString(1));
                  } catch (NumberFormatException e) {
                    throw tx.corrupted("its key epoch row does not parse");
                  }
                }
              });
      World w = new World(config, storage.worldId(), dcs, devices, random, clock, sharing, epoch);
      w.reconcileShares();
      return w;
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      opened.values().forEach(DataCentreStore::close);
      throw e;
    }
  }

  private static String encode(WorldConfig c) {
    StringBuilder b = new StringBuilder();
    b.append(c.storage().code()).append(';');
    for (int i = 0; i < c.custodians().size(); i++) {
      b.append(i == 0 ? "" : ",").append(c.custodians().get(i).code());
    }
    return b.append(';').append(c.threshold()).toString();
  }

  private static WorldConfig decode(String text, DataCentreStore from) throws WorldCheckException {
    try {
      String[] parts = text.split(";", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("three parts expected");
      }
      return WorldConfig.of(parts[0], List.of(parts[1].split(",", -1)), Integer.parseInt(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new WorldCheckException(
          CheckReason.STORE_CORRUPTED,
          "data centre "
              + from.jurisdiction()
              + " at "
              + from.location()
              + ": its world configuration does not parse");
    }
  }

  /** Finishes or rolls back a rekey a crash interrupted: keep only the current epoch's share. */
  private void reconcileShares() throws StoreException, WorldCheckException {
    for (Jurisdiction j : config.custodians()) {
      DataCentreStore s = dcs.get(j);
      s.write(
          "reconcile shares",
          tx -> {
            int stale = tx.update("DELETE FROM share WHERE epoch <> ?", epoch);
            int activated =
                tx.update("UPDATE share SET active = 1 WHERE epoch = ? AND active = 0", epoch);
            if (stale > 0 || activated > 0) {
              tx.audit(
                  "SHARES_RECONCILED",
                  "epoch " + epoch,
                  "after an interrupted rekey: " + stale + " share(s) of other epochs destroyed");
            }
            return null;
          });
    }
    anchor();
  }

  // ================================================================ accessors

  /** The world's shape. */
  public WorldConfig config() {
    return config;
  }

  /** The world's id (public). */
  public Bytes id() {
    return worldId;
  }

  /** The current key epoch. */
  public synchronized long epoch() {
    return epoch;
  }

  /** The server: seal and unseal. */
  public Server server() {
    return server;
  }

  /**
   * The world's server, which holds the master key while it runs. Thread-safe (it locks the world).
   */
  public final class Server {
    private Server() {}

    /** True while the server holds the master key. */
    public boolean isUnsealed() {
      synchronized (World.this) {
        return master != null;
      }
    }

    /**
     * Unseals: collects the shares of the online custodians, in index order, until it has {@code
     * t}, checks them and combines them. Each custodian records the release.
     *
     * @throws WorldCheckException {@link CheckReason#INSUFFICIENT_SHARES} naming the offline
     *     custodians if fewer than {@code t} are online; another reason if a share fails its checks
     */
    public void unseal() throws StoreException, WorldCheckException {
      synchronized (World.this) {
        requireOpen();
        if (master != null) {
          return;
        }
        SplitManifest manifest = currentManifest();
        List<KeyShare> shares = new ArrayList<>();
        List<Jurisdiction> offline = new ArrayList<>();
        List<String> faulty = new ArrayList<>();
        try {
          for (Jurisdiction j : config.custodians()) {
            DataCentreStore s = dcs.get(j);
            if (!s.isOnline()) {
              offline.add(j);
              continue;
            }
            if (shares.size() < config.threshold()) {
              KeyShare share =
                  releaseShare(
                      s,
                      "RELEASED_SHARE",
                      "operator",
                      "to the server for unsealing, epoch " + epoch,
                      null);
              try {
                Custody.checkOne(manifest, share, j);
                shares.add(share);
              } catch (WorldCheckException e) {
                share.destroy();
                faulty.add(j + " (" + e.reason() + ")");
              }
            }
          }
          if (shares.size() < config.threshold()) {
            throw new WorldCheckException(
                CheckReason.INSUFFICIENT_SHARES,
                "cannot unseal: "
                    + shares.size()
                    + " good share(s), "
                    + config.threshold()
                    + " needed; offline: "
                    + offline
                    + (faulty.isEmpty() ? "" : "; refused: " + String.join(", ", faulty)));
          }
          master = custody.combine(manifest, shares);
        } finally {
          shares.forEach(KeyShare::destroy);
          anchor();
        }
        if (storage().isOnline()) {
          storage()
              .write(
                  "record unseal",
                  tx -> {
                    tx.audit(
                        "UNSEALED",
                        "epoch " + epoch,
                        "master key held in memory"
                            + (faulty.isEmpty()
                                ? ""
                                : "; shares refused: " + String.join(", ", faulty)));
                    return null;
                  });
          anchor();
        }
      }
    }

    /** Seals: forgets the master key and every key unwrapped with it. */
    public void seal() {
      synchronized (World.this) {
        forgetKeys();
      }
    }
  }

  private void forgetKeys() {
    if (master != null) {
      master.destroy();
      master = null;
    }
    serverKeys.values().forEach(AuthKey::destroy);
    serverKeys.clear();
    connections.clear();
  }

  private DataCentreStore storage() {
    return dcs.get(config.storage());
  }

  private SplitManifest currentManifest() throws StoreException, WorldCheckException {
    List<DataCentreStore> sources = new ArrayList<>(dcs.values());
    for (DataCentreStore s : sources) {
      if (!s.isOnline()) {
        continue;
      }
      SplitManifest m = s.read(tx -> s.manifest(tx, epoch));
      if (m != null) {
        return m;
      }
    }
    throw new WorldCheckException(
        CheckReason.INSUFFICIENT_SHARES,
        "no online data centre holds the key manifest of epoch " + epoch);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the world is closed");
    }
  }

  private void requireUnsealed() {
    requireOpen();
    if (master == null) {
      throw new IllegalStateException("the server is sealed: unseal it first");
    }
  }

  private void requireOnline(DataCentreStore s, String what) throws DataCentreOfflineException {
    if (!s.isOnline()) {
      throw new DataCentreOfflineException(s.jurisdiction(), what);
    }
  }

  // ================================================================ devices

  /**
   * Registers {@code user}'s device: it runs the real handshake with the server; the device keeps
   * its auth key in the {@link DeviceStore}, the server wraps its copy under the master key in the
   * storage data centre. Registering again replaces the key.
   *
   * @throws CheckFailedException if the handshake fails a check
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized void register(UserId user) throws StoreException, CheckFailedException {
    Objects.requireNonNull(user, "user");
    requireUnsealed();
    requireOnline(storage(), "registering a device needs the storage data centre");
    CloudPath.Keys keys = path.handshake();
    HandshakeResult serverSide = keys.server();
    byte[] authKey = serverSide.authKey().reveal(org.mtlab.bytes.SecretAccess.explicitly());
    try {
      byte[] wrapped = envelope.seal(master.unsafeKey(), deviceAad(user, epoch), authKey);
      long keyId = serverSide.authKeyId().value();
      storage()
          .write(
              "register " + user,
              tx -> {
                tx.update("DELETE FROM device_key WHERE usr = ?", user.name());
                tx.update(
                    "INSERT INTO device_key (usr, key_id, salt, master_epoch, wrapped) VALUES"
                        + " (?, ?, ?, ?, ?)",
                    user.name(),
                    keyId,
                    serverSide.serverSalt().value(),
                    epoch,
                    wrapped);
                tx.audit(
                    "DEVICE_REGISTERED", user.name(), "auth_key_id " + Long.toHexString(keyId));
                return null;
              });
    } finally {
      SecretBytes.wipe(authKey);
    }
    try {
      devices.save(
          new DeviceStore.Device(
              user, keys.client().authKey(), keys.client().serverSalt().value()));
    } catch (IOException e) {
      throw new StoreException(
          config.storage(),
          "the device of " + user + " could not save its key: " + e.getMessage(),
          e);
    }
    AuthKey old = serverKeys.put(user, serverSide.authKey());
    if (old != null) {
      old.destroy();
    }
    connections.remove(user);
    anchor();
  }

  private CloudPath.Connection connection(UserId user) throws StoreException, WorldCheckException {
    CloudPath.Connection c = connections.get(user);
    if (c != null) {
      return c;
    }
    DeviceStore.Device device;
    try {
      device =
          devices
              .load(user)
              .orElseThrow(() -> new IllegalArgumentException(user + " has no registered device"));
    } catch (IOException e) {
      throw new StoreException(
          config.storage(),
          "the device of " + user + " could not load its key: " + e.getMessage(),
          e);
    }
    AuthKey serverKey = serverKeys.get(user);
    if (serverKey == null) {
      serverKey =
          storage()
              .read(
                  tx -> {
                    try (PreparedStatement ps =
                        tx.connection()
                            .prepareStatement(
                                "SELECT master_epoch, wrapped FROM device_key WHERE usr = ?")) {
                      ps.setString(1, user.name());
                      try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                          throw new IllegalArgumentException(
                              user + " is not registered with the server");
                        }
                        long e = rs.getLong(1);
                        byte[] k =
                            envelope.open(
                                master.unsafeKey(),
                                deviceAad(user, e),
                                rs.getBytes(2),
                                "the server's key of " + user);
                        try {
                          return AuthKey.copyOf(k);
                        } finally {
                          SecretBytes.wipe(k);
                        }
                      }
                    }
                  });
      serverKeys.put(user, serverKey);
    }
    c = path.connect(device.authKey(), serverKey, device.serverSalt());
    connections.put(user, c);
    return c;
  }

  // ================================================================ sending and reading

  /**
   * A cloud message to send. Immutable.
   *
   * @param from the sender
   * @param to the recipient
   * @param text the text
   */
  public record Outgoing(UserId from, UserId to, String text) {
    /** Checks the fields. */
    public Outgoing {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(text, "text");
      if (from.equals(to)) {
        throw new IllegalArgumentException("a user cannot message themselves here");
      }
    }
  }

  /**
   * Sends one cloud message: see {@link #sendAll}.
   *
   * @throws DataCentreOfflineException if the storage data centre is offline (nothing changed)
   * @throws CheckFailedException if a frame fails a check on the way
   */
  public SentMessage send(UserId from, UserId to, String text)
      throws StoreException, CheckFailedException {
    return sendAll(List.of(new Outgoing(from, to, text))).get(0);
  }

  /**
   * Sends cloud messages along the whole path: each sender's device seals a frame on its client
   * session, the server opens it with every check, encrypts the text at rest under the chat's data
   * key, and all the rows commit in <b>one</b> transaction of the storage data centre (durable
   * before this returns: group commit); then each is delivered sealed under the recipient's own
   * auth key and the recipient's device opens it.
   *
   * @throws DataCentreOfflineException if the storage data centre is offline (nothing changed)
   * @throws IllegalArgumentException if a user has no registered device
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized List<SentMessage> sendAll(List<Outgoing> messages)
      throws StoreException, CheckFailedException {
    Objects.requireNonNull(messages, "messages");
    requireUnsealed();
    requireOnline(storage(), "the server cannot store messages");
    connectAll(messages);
    return store(uploadAll(messages));
  }

  /** The largest commit group {@link #sendGrouped} takes. */
  public static final int MAX_COMMIT_GROUP = 10_000;

  /**
   * Sends many cloud messages as a busy server would: in commit groups of up to {@code groupSize},
   * each one transaction of the storage data centre with its audit entry (as {@link #sendAll}),
   * pipelined so that the disk and the cores work at once: while one group commits on a thread of
   * its own, the server delivers the group before it and opens the uploads of the group after it.
   * Every message is durable before it is delivered, and before this returns its receipt; the
   * storage trail's final head is anchored in the other data centres once, at the end.
   *
   * <p>If a group fails (a check on the way, the store), the groups before it stay stored and
   * delivered, nothing of it or after it is stored, and its failure is thrown (read the chats to
   * see what was stored).
   *
   * @param groupSize messages per transaction, 1 to {@value #MAX_COMMIT_GROUP}
   * @return a receipt per message, in order
   * @throws DataCentreOfflineException if the storage data centre is offline (nothing changed)
   * @throws IllegalArgumentException if a user has no registered device, or for a bad {@code
   *     groupSize}
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized List<SentMessage> sendGrouped(List<Outgoing> messages, int groupSize)
      throws StoreException, CheckFailedException {
    Objects.requireNonNull(messages, "messages");
    if (groupSize < 1 || groupSize > MAX_COMMIT_GROUP) {
      throw new IllegalArgumentException(
          "groupSize must be 1.." + MAX_COMMIT_GROUP + ", got " + groupSize);
    }
    requireUnsealed();
    requireOnline(storage(), "the server cannot store messages");
    connectAll(messages);
    List<SentMessage> receipts = new ArrayList<>(messages.size());
    java.util.concurrent.Future<Committed> committing = null;
    List<Stored> inFlight = null;
    Throwable failure = null;
    try {
      for (int from = 0; from < messages.size(); from += groupSize) {
        List<Stored> rows =
            uploadAll(messages.subList(from, Math.min(messages.size(), from + groupSize)));
        java.util.concurrent.Future<Committed> waiting = committing;
        committing = null; // awaited here: a failure is thrown, not awaited again
        Committed previous = waiting == null ? null : awaitCommit(waiting);
        List<Stored> previousRows = inFlight;
        inFlight = rows;
        committing = committer().submit(() -> commit(rows));
        if (previous != null) {
          deliverAll(previousRows, previous);
          receipts.addAll(previous.receipts());
        }
      }
      if (committing != null) {
        java.util.concurrent.Future<Committed> waiting = committing;
        committing = null;
        Committed last = awaitCommit(waiting);
        deliverAll(inFlight, last);
        receipts.addAll(last.receipts());
      }
      return receipts;
    } catch (StoreException | CheckFailedException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (committing != null) {
        // An upload or a delivery failed while a group was committing: wait for it, so that no
        // commit outlives this call; if it committed, deliver it (durable means delivered).
        try {
          deliverAll(inFlight, awaitCommit(committing));
        } catch (StoreException | CheckFailedException | RuntimeException e) {
          if (failure != null && failure != e) {
            failure.addSuppressed(e);
          }
        }
      }
      anchor();
    }
  }

  /** Waits for a commit, rethrowing its failure as its own type; interrupts wait on. */
  private static Committed awaitCommit(java.util.concurrent.Future<Committed> f)
      throws StoreException, CheckFailedException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true; // the commit runs on; wait for its outcome
        } catch (java.util.concurrent.ExecutionException e) {
          throw PerUserWork.rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The thread that commits {@link #sendGrouped}'s groups (a daemon, started on first use). */
  private java.util.concurrent.ExecutorService committer() {
    if (committer == null) {
      committer = DaemonPools.fixed(1, "mtlab-world-commit");
    }
    return committer;
  }

  /**
   * Makes every connection {@code messages} need, in order (making one may read the store): the
   * senders' and the recipients' (a recipient must have a device before anything is stored).
   */
  private void connectAll(List<Outgoing> messages) throws StoreException, CheckFailedException {
    for (Outgoing m : messages) {
      connection(m.from());
      connection(m.to());
    }
  }

  /** Each sender's messages go up on its own connection, different senders side by side. */
  private List<Stored> uploadAll(List<Outgoing> messages)
      throws StoreException, CheckFailedException {
    List<CloudPath.Connection> senders = new ArrayList<>(messages.size());
    for (Outgoing m : messages) {
      senders.add(connection(m.from()));
    }
    Bytes[] payloads = new Bytes[messages.size()];
    sessionWork.run(
        senders,
        i -> {
          Outgoing m = messages.get(i);
          payloads[i] =
              upload(
                  senders.get(i),
                  m.to(),
                  ChatKind.CLOUD,
                  Bytes.copyOf(m.text().getBytes(StandardCharsets.UTF_8)));
        });
    List<Stored> rows = new ArrayList<>(messages.size());
    for (int i = 0; i < payloads.length; i++) {
      Outgoing m = messages.get(i);
      rows.add(new Stored(ChatId.cloud(m.from(), m.to()), m.from(), m.to(), payloads[i]));
    }
    return rows;
  }

  /**
   * Sends a secret-chat message: {@code e2eFrame} is the end-to-end wire bytes the sender's device
   * made (the e2e layer is not part of this package). The server relays it and stores it as it is:
   * no data-centre key opens it.
   *
   * @throws DataCentreOfflineException if the storage data centre is offline (nothing changed)
   */
  public synchronized SentMessage sendSecret(UserId from, UserId to, Bytes e2eFrame)
      throws StoreException, CheckFailedException {
    Objects.requireNonNull(e2eFrame, "e2eFrame");
    requireUnsealed();
    requireOnline(storage(), "the server cannot store messages");
    connection(to); // the recipient must have a device before anything is stored
    Bytes payload = upload(connection(from), to, ChatKind.SECRET, e2eFrame);
    return store(List.of(new Stored(ChatId.secret(from, to), from, to, payload))).get(0);
  }

  /**
   * Relays opaque bytes from one device to another through the server <b>without storing them</b>:
   * what two devices exchange to agree on a secret chat's key (g_a, then g_b and the key's
   * fingerprint, docs/protocol.md §8.1). Both legs take the real path: sealed on the sender's
   * session, opened by the server with every check, sealed again under the recipient's auth key and
   * opened by the recipient's device. Nothing is written to any data centre.
   *
   * @return the bytes as the recipient's device received them
   * @throws IllegalArgumentException if a user has no registered device
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized Bytes relay(UserId from, UserId to, Bytes payload)
      throws StoreException, CheckFailedException {
    Objects.requireNonNull(payload, "payload");
    requireUnsealed();
    Bytes opened = upload(connection(from), to, ChatKind.SECRET, payload);
    return deliver(connection(to), ChatId.secret(from, to), -1, from, to, clock.instant(), opened)
        .body();
  }

  private record Stored(ChatId chat, UserId from, UserId to, Bytes body) {}

  /**
   * Device -> server on the sender's connection {@code c}: seal on the client session, open on the
   * server's with every check. Touches nothing but {@code c}, so that different senders can upload
   * side by side; the recipient's connection must exist already.
   */
  private static Bytes upload(CloudPath.Connection c, UserId to, ChatKind kind, Bytes body)
      throws CheckFailedException {
    TlWriter w = new TlWriter(body.length() + 64);
    w.writeInt(SEND)
        .writeBytes(to.name().getBytes(StandardCharsets.US_ASCII))
        .writeInt(kind.code())
        .writeBytes(body);
    Bytes frame = c.deviceSends(w.toBytes());
    byte[] data = c.serverReceives(frame).toByteArray();
    TlReader r = new TlReader(data);
    r.expectConstructor(SEND);
    String recipient = new String(r.readBytes(), StandardCharsets.US_ASCII);
    int k = r.readInt();
    byte[] opened = r.readBytes();
    r.expectEnd();
    if (!recipient.equals(to.name()) || k != kind.code()) {
      throw new IllegalStateException("the server read another message than was sent");
    }
    return Bytes.copyOf(opened);
  }

  private static final String INSERT_MESSAGE =
      "INSERT INTO message (chat, idx, sender,"
          + " recipient, key_epoch, stored_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)";

  /**
   * Commits {@code rows} in one transaction of the storage data centre: each cloud row encrypted at
   * rest under its chat's data key (one {@link AtRestCipher} per chat for the batch), all inserted
   * as one JDBC batch, and <b>one</b> audit entry for the batch whose detail holds the SHA-256 of
   * every stored row ({@link #rowsDigest}), so the trail commits to each message without a row of
   * its own per message.
   */
  private List<SentMessage> store(List<Stored> rows) throws StoreException, CheckFailedException {
    Committed done = commit(rows);
    // The rows are durable. The storage trail's new head goes to the custodians while the
    // server delivers: each message sealed under the recipient's own auth key (every
    // connection was made before the commit, so delivery touches no store).
    Anchoring anchoring = startAnchors();
    if (anchoring.writesTo(storage().jurisdiction())) {
      finishAnchors(anchoring);
      anchoring = null;
    }
    try {
      deliverAll(rows, done);
    } finally {
      if (anchoring != null) {
        finishAnchors(anchoring);
      }
    }
    return done.receipts();
  }

  /** What {@link #commit} stored: a receipt per row, and the time it recorded for all of them. */
  private record Committed(List<SentMessage> receipts, Instant at) {}

  /**
   * The transaction of {@link #store}: the rows encrypted at rest, inserted and audited in the
   * storage data centre; durable when this returns. Touches the storage store, the chats' indices,
   * the master key and the world's generator (the at-rest nonces), never a connection, so that
   * {@link #sendGrouped} can run it beside the sessions' work.
   */
  private Committed commit(List<Stored> rows) throws StoreException, CheckFailedException {
    DataCentreStore storage = storage();
    Instant now = Instant.ofEpochMilli(clock.instant().toEpochMilli());
    List<SentMessage> receipts = new ArrayList<>(rows.size());
    Map<ChatId, Long> next = new HashMap<>();
    try {
      storage.write(
          "store messages",
          tx -> {
            Map<ChatId, AtRestCipher> ciphers = new HashMap<>();
            Map<ChatId, long[]> ranges = new LinkedHashMap<>();
            List<Object[]> inserts = new ArrayList<>(rows.size());
            java.util.TreeSet<Long> epochs = new java.util.TreeSet<>();
            long bytes = 0;
            try {
              for (Stored m : rows) {
                long index =
                    next.containsKey(m.chat()) ? next.get(m.chat()) : nextIndex(tx, m.chat());
                next.put(m.chat(), index + 1);
                byte[] body;
                long keyEpoch;
                if (m.chat().kind() == ChatKind.CLOUD) {
                  AtRestCipher c = ciphers.get(m.chat());
                  if (c == null) {
                    byte[] dek = currentDataKey(tx, m.chat());
                    try {
                      c = AtRestCipher.create(worldId, m.chat(), epoch, dek, random);
                    } finally {
                      SecretBytes.wipe(dek);
                    }
                    ciphers.put(m.chat(), c);
                  }
                  keyEpoch = epoch;
                  byte[] text = m.body().toByteArray();
                  body = c.seal(index, text);
                  SecretBytes.wipe(text);
                } else {
                  keyEpoch = 0;
                  body = m.body().toByteArray();
                }
                inserts.add(
                    new Object[] {
                      m.chat().text(),
                      index,
                      m.from().name(),
                      m.to().name(),
                      keyEpoch,
                      now.toEpochMilli(),
                      body
                    });
                long[] range = ranges.computeIfAbsent(m.chat(), k -> new long[] {index, index});
                range[1] = index;
                epochs.add(keyEpoch);
                bytes += body.length;
                receipts.add(new SentMessage(m.chat(), index, keyEpoch));
              }
            } finally {
              ciphers.values().forEach(AtRestCipher::destroy);
            }
            tx.updateAll(INSERT_MESSAGE, inserts);
            StringBuilder subject = new StringBuilder();
            for (Map.Entry<ChatId, long[]> e : ranges.entrySet()) {
              long[] r = e.getValue();
              subject
                  .append(subject.length() == 0 ? "" : ", ")
                  .append(e.getKey().text())
                  .append('#')
                  .append(r[0])
                  .append(r[0] == r[1] ? "" : ".." + r[1]);
            }
            tx.audit(
                "STORED",
                subject.toString(),
                inserts.size()
                    + " message(s), "
                    + bytes
                    + " bytes at rest, key epoch "
                    + (epochs.size() == 1 ? epochs.first() : epochs)
                    + "; rows SHA-256 "
                    + rowsDigest(inserts));
            return null;
          });
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      nextIndex.clear();
      throw e;
    }
    nextIndex.putAll(next);
    return new Committed(receipts, now);
  }

  /**
   * Delivers committed rows, each sealed under its recipient's auth key and opened by the
   * recipient's device; different recipients side by side. Every connection was made before the
   * commit, so this touches no store.
   */
  private void deliverAll(List<Stored> rows, Committed done)
      throws StoreException, CheckFailedException {
    List<CloudPath.Connection> readers = new ArrayList<>(rows.size());
    for (Stored m : rows) {
      readers.add(connection(m.to())); // made before the commit: this only looks it up
    }
    sessionWork.run(
        readers,
        i -> {
          Stored m = rows.get(i);
          long index = done.receipts().get(i).index();
          deliver(readers.get(i), m.chat(), index, m.from(), m.to(), done.at(), m.body());
        });
  }

  /**
   * The SHA-256 (hex) that a batch's {@code STORED} audit entry holds: over every row in the order
   * inserted, its chat, sender and recipient (each as a 4-byte length and UTF-8), its index, key
   * epoch and time (8 bytes each, big-endian), and its body (a 4-byte length and the bytes as
   * stored).
   */
  static String rowsDigest(List<Object[]> inserts) {
    java.security.MessageDigest d;
    try {
      d = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    byte[] n = new byte[8];
    for (Object[] row : inserts) {
      for (int i : new int[] {0, 2, 3}) {
        byte[] b = ((String) row[i]).getBytes(StandardCharsets.UTF_8);
        digestInt(d, n, b.length);
        d.update(b);
      }
      for (int i : new int[] {1, 4, 5}) {
        long v = (Long) row[i];
        for (int k = 7; k >= 0; k--) {
          n[k] = (byte) v;
          v >>>= 8;
        }
        d.update(n, 0, 8);
      }
      byte[] body = (byte[]) row[6];
      digestInt(d, n, body.length);
      d.update(body);
    }
    return java.util.HexFormat.of().formatHex(d.digest());
  }

  private static void digestInt(java.security.MessageDigest d, byte[] scratch, int v) {
    scratch[0] = (byte) (v >>> 24);
    scratch[1] = (byte) (v >>> 16);
    scratch[2] = (byte) (v >>> 8);
    scratch[3] = (byte) v;
    d.update(scratch, 0, 4);
  }

  /**
   * Server -> device on the recipient's connection {@code c}: seal under the recipient's auth key,
   * open on the device with every check. Touches nothing but {@code c}.
   */
  private static ChatMessage deliver(
      CloudPath.Connection c,
      ChatId chat,
      long index,
      UserId from,
      UserId to,
      Instant at,
      Bytes body)
      throws CheckFailedException {
    TlWriter w = new TlWriter(body.length() + 64);
    w.writeInt(DELIVER)
        .writeBytes(chat.text().getBytes(StandardCharsets.US_ASCII))
        .writeLong(index)
        .writeBytes(from.name().getBytes(StandardCharsets.US_ASCII))
        .writeBytes(body);
    byte[] data = c.deviceReceives(c.serverSends(w.toBytes())).toByteArray();
    TlReader r = new TlReader(data);
    r.expectConstructor(DELIVER);
    r.readBytes();
    long gotIndex = r.readLong();
    r.readBytes();
    byte[] got = r.readBytes();
    r.expectEnd();
    if (gotIndex != index) {
      throw new IllegalStateException("the device received another message");
    }
    return new ChatMessage(chat, index, from, to, at, Bytes.copyOf(got));
  }

  private long nextIndex(DataCentreStore.Tx tx, ChatId chat) throws SQLException {
    Long cached = nextIndex.get(chat);
    if (cached != null) {
      return cached;
    }
    try (PreparedStatement ps =
        tx.connection().prepareStatement("SELECT MAX(idx) FROM message WHERE chat = ?")) {
      ps.setString(1, chat.text());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long max = rs.getLong(1);
        return rs.wasNull() ? 0 : max + 1;
      }
    }
  }

  /** The chat's data key of the current epoch, created (and wrapped) inside {@code tx}. */
  private byte[] currentDataKey(DataCentreStore.Tx tx, ChatId chat)
      throws SQLException, WorldCheckException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT master_epoch, wrapped FROM data_key WHERE chat = ? AND key_epoch = ?")) {
      ps.setString(1, chat.text());
      ps.setLong(2, epoch);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return envelope.open(
              master.unsafeKey(),
              dataKeyAad(chat, epoch, rs.getLong(1)),
              rs.getBytes(2),
              "the data key of " + chat + " epoch " + epoch);
        }
      }
    }
    byte[] dek = new byte[DATA_KEY_LENGTH];
    random.nextBytes(dek);
    byte[] wrapped = envelope.seal(master.unsafeKey(), dataKeyAad(chat, epoch, epoch), dek);
    tx.update(
        "INSERT INTO data_key (chat, key_epoch, master_epoch, wrapped) VALUES (?, ?, ?, ?)",
        chat.text(),
        epoch,
        epoch,
        wrapped);
    tx.audit("DATA_KEY_CREATED", chat.text(), "key epoch " + epoch);
    return dek;
  }

  private byte[] messageAad(ChatId chat, long index, long keyEpoch) {
    return aad("mtlab/message", chat.text(), index, keyEpoch);
  }

  byte[] dataKeyAad(ChatId chat, long keyEpoch, long masterEpoch) {
    return aad("mtlab/data-key", chat.text(), keyEpoch, masterEpoch);
  }

  private byte[] deviceAad(UserId user, long masterEpoch) {
    return aad("mtlab/device-key", user.name(), 0, masterEpoch);
  }

  private byte[] aad(String label, String name, long a, long b) {
    Codec.Writer w = new Codec.Writer();
    w.ascii8(label)
        .bytes8(worldId.toByteArray())
        .bytes16(name.getBytes(StandardCharsets.UTF_8))
        .i64(a)
        .i64(b);
    return w.toByteArray();
  }

  /**
   * {@code user} reads {@code chat}: the server decrypts each stored message (a cloud chat) or
   * takes its opaque bytes (a secret chat) and delivers it sealed under the user's auth key; the
   * user's device opens it.
   *
   * @throws IllegalArgumentException if the user is not in the chat or has no device
   * @throws WorldCheckException {@link CheckReason#AT_REST_INTEGRITY} if a row was tampered with or
   *     moved
   */
  public synchronized List<ChatMessage> read(UserId user, ChatId chat)
      throws StoreException, CheckFailedException {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(chat, "chat");
    if (!chat.includes(user)) {
      throw new IllegalArgumentException(user + " is not in chat " + chat);
    }
    requireUnsealed();
    requireOnline(storage(), "the server cannot read messages");
    List<Row> rows = storage().read(tx -> rows(tx, chat));
    Map<Long, Wrapped> wrapped = storage().read(tx -> wrappedKeys(tx, chat));
    Map<Long, byte[]> deks = new HashMap<>();
    List<ChatMessage> out = new ArrayList<>(rows.size());
    try {
      for (Row row : rows) {
        Bytes body = Bytes.copyOf(plaintext(chat, row, wrapped, deks, master));
        out.add(deliver(connection(user), chat, row.index, row.from, row.to, row.storedAt, body));
      }
    } finally {
      deks.values().forEach(SecretBytes::wipe);
    }
    return out;
  }

  private record Row(
      long index, UserId from, UserId to, long keyEpoch, Instant storedAt, Bytes body) {}

  private List<Row> rows(DataCentreStore.Tx tx, ChatId chat)
      throws SQLException, WorldCheckException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT idx, sender, recipient,"
                    + " key_epoch, stored_at, body FROM message WHERE chat = ? ORDER BY idx")) {
      ps.setString(1, chat.text());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            rows.add(
                new Row(
                    rs.getLong(1),
                    UserId.of(rs.getString(2)),
                    UserId.of(rs.getString(3)),
                    rs.getLong(4),
                    Instant.ofEpochMilli(rs.getLong(5)),
                    Bytes.copyOf(rs.getBytes(6))));
          } catch (IllegalArgumentException e) {
            throw tx.corrupted("a message row of " + chat + " names no valid user");
          }
        }
      }
    }
    return rows;
  }

  /** The chat's wrapped data keys, by key epoch: what the storage data centre hands over. */
  private Map<Long, Wrapped> wrappedKeys(DataCentreStore.Tx tx, ChatId chat) throws SQLException {
    Map<Long, Wrapped> out = new HashMap<>();
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT key_epoch, master_epoch, wrapped FROM data_key WHERE chat = ?")) {
      ps.setString(1, chat.text());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), new Wrapped(rs.getLong(2), Bytes.copyOf(rs.getBytes(3))));
        }
      }
    }
    return out;
  }

  private record Wrapped(long masterEpoch, Bytes wrapped) {}

  /** Opens one stored row: a secret chat's as it is, a cloud chat's under its data key. */
  private byte[] plaintext(
      ChatId chat, Row row, Map<Long, Wrapped> wrapped, Map<Long, byte[]> deks, MasterKey key)
      throws WorldCheckException {
    if (chat.kind() == ChatKind.SECRET) {
      return row.body.toByteArray();
    }
    byte[] dek = deks.get(row.keyEpoch);
    if (dek == null) {
      Wrapped w = wrapped.get(row.keyEpoch);
      if (w == null) {
        throw new WorldCheckException(
            CheckReason.AT_REST_INTEGRITY, "no data key of epoch " + row.keyEpoch + " for " + chat);
      }
      dek =
          envelope.open(
              key.unsafeKey(),
              dataKeyAad(chat, row.keyEpoch, w.masterEpoch),
              w.wrapped.toByteArray(),
              "the data key of " + chat + " epoch " + row.keyEpoch);
      deks.put(row.keyEpoch, dek);
    }
    return envelope.open(
        dek,
        messageAad(chat, row.index, row.keyEpoch),
        row.body.toByteArray(),
        "message " + chat + "#" + row.index);
  }

  // ================================================================ legal orders

  /**
   * Serves legal orders for one chat on the data centres they name, and combines what they release.
   * A custodian releases its share for a valid order issued in its own jurisdiction, once per
   * reference, and records the release in its audit trail <b>before</b> the share leaves (if that
   * record cannot be written, the release is refused). The storage data centre hands over the
   * chat's rows and wrapped data keys for a valid order of its own jurisdiction. Shares are
   * combined only when at least {@code t} custodian jurisdictions released and the rows were handed
   * over, and for a cloud chat; the combined key exists only for this call. A secret chat is never
   * disclosed ({@link Disclosure.Outcome#SECRET_CHAT}): its handed-over rows come back as they are
   * stored, the end-to-end wire values ({@link Disclosure#ciphertext()}), which no key any data
   * centre holds opens.
   *
   * @param orders orders, all naming the same chat
   * @throws IllegalArgumentException if the list is empty or names several chats
   */
  public synchronized Disclosure compel(List<LegalOrder> orders) throws StoreException {
    Objects.requireNonNull(orders, "orders");
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("no orders");
    }
    ChatId chat = orders.get(0).chat();
    for (LegalOrder o : orders) {
      if (!o.chat().equals(chat)) {
        throw new IllegalArgumentException(
            "the orders name several chats: " + chat + " and " + o.chat());
      }
    }
    requireOpen();
    List<Disclosure.Refusal> refused = new ArrayList<>();
    Map<Jurisdiction, KeyShare> shares = new LinkedHashMap<>();
    List<Row> rows = null;
    Map<Long, Wrapped> wrapped = null;
    SplitManifest manifest = null;
    try {
      for (LegalOrder o : orders) {
        DataCentreStore dc = dcs.get(o.servedOn());
        String why = refusal(o, dc);
        if (why != null) {
          refuse(refused, o, dc, CheckReason.ORDER_REJECTED, why);
          continue;
        }
        try {
          if (dc.role() == DataCentreRole.CUSTODIAN) {
            KeyShare share =
                releaseShare(
                    dc,
                    "RELEASED_SHARE",
                    o.reference(),
                    "to the court of " + o.issuedIn() + " for chat " + chat,
                    o);
            KeyShare old = shares.put(dc.jurisdiction(), share);
            if (old != null) {
              old.destroy();
            }
          } else {
            Object[] handed =
                dc.write(
                    "hand over " + chat,
                    tx -> {
                      recordOrder(tx, o);
                      List<Row> r = rows(tx, chat);
                      Map<Long, Wrapped> k = wrappedKeys(tx, chat);
                      SplitManifest m = dc.manifest(tx, epoch);
                      tx.audit(
                          "RELEASED_CIPHERTEXT",
                          o.reference(),
                          "to the court of "
                              + o.issuedIn()
                              + ": "
                              + r.size()
                              + " encrypted message(s) and "
                              + k.size()
                              + " wrapped data key(s) of chat "
                              + chat);
                      return new Object[] {r, k, m};
                    });
            @SuppressWarnings("unchecked")
            List<Row> r = (List<Row>) handed[0];
            @SuppressWarnings("unchecked")
            Map<Long, Wrapped> k = (Map<Long, Wrapped>) handed[1];
            rows = r;
            wrapped = k;
            manifest = (SplitManifest) handed[2];
          }
        } catch (WorldCheckException e) {
          refuse(
              refused,
              o,
              e.reason() == CheckReason.AUDIT_APPEND_FAILED ? null : dc,
              e.reason(),
              e.detail());
        }
      }
      List<Jurisdiction> releasedBy = List.copyOf(shares.keySet());
      int t = config.threshold();
      int n = releasedBy.size();
      boolean handedOver = rows != null;
      Disclosure.Outcome outcome;
      String why;
      List<ChatMessage> messages = List.of();
      List<ChatMessage> ciphertext = List.of();
      if (chat.kind() == ChatKind.SECRET) {
        outcome = Disclosure.Outcome.SECRET_CHAT;
        why =
            "a secret chat: the data centres hold only its end-to-end ciphertext, and no key"
                + " any data centre holds opens it";
        if (handedOver) {
          ciphertext = secretRows(chat, rows);
        }
      } else if (n < t) {
        outcome = Disclosure.Outcome.TOO_FEW_SHARES;
        why =
            n
                + " of the "
                + t
                + " custodian jurisdictions needed released a share; nothing"
                + " was combined, and fewer than "
                + t
                + " shares are equally consistent with"
                + " every possible master key";
      } else if (!handedOver) {
        outcome = Disclosure.Outcome.NO_CIPHERTEXT;
        why =
            "no valid order from the storage jurisdiction "
                + config.storage()
                + ", so there is no ciphertext to open";
      } else {
        MasterKey key = null;
        Map<Long, byte[]> deks = new HashMap<>();
        try {
          if (manifest == null) {
            throw new WorldCheckException(
                CheckReason.STORE_CORRUPTED,
                "the storage data centre holds no manifest of epoch " + epoch);
          }
          key = custody.combine(manifest, new ArrayList<>(shares.values()));
          List<ChatMessage> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(
                new ChatMessage(
                    chat,
                    row.index,
                    row.from,
                    row.to,
                    row.storedAt,
                    Bytes.copyOf(plaintext(chat, row, wrapped, deks, key))));
          }
          messages = out;
          outcome = Disclosure.Outcome.DISCLOSED;
          why =
              "orders from the storage jurisdiction and "
                  + n
                  + " custodian jurisdictions ("
                  + t
                  + " needed) opened the chat";
        } catch (WorldCheckException e) {
          outcome = Disclosure.Outcome.KEY_CHECK_FAILED;
          why = e.reason().name() + ": " + e.detail();
        } finally {
          if (key != null) {
            key.destroy();
          }
          deks.values().forEach(SecretBytes::wipe);
        }
      }
      return new Disclosure(
          chat, outcome, why, n, t, releasedBy, handedOver, refused, messages, ciphertext);
    } finally {
      shares.values().forEach(KeyShare::destroy);
      anchor();
    }
  }

  /** A secret chat's handed-over rows as they are stored: the end-to-end wire values. */
  private static List<ChatMessage> secretRows(ChatId chat, List<Row> rows) {
    List<ChatMessage> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(new ChatMessage(chat, row.index, row.from, row.to, row.storedAt, row.body));
    }
    return out;
  }

  /** Why {@code dc} must refuse {@code o}, or null when it is valid there. */
  private String refusal(LegalOrder o, DataCentreStore dc) {
    if (dc == null) {
      return "no data centre in jurisdiction " + o.servedOn();
    }
    if (!dc.isOnline()) {
      return "data centre " + dc.jurisdiction() + " is offline";
    }
    if (!o.issuedIn().equals(dc.jurisdiction())) {
      return "data centre "
          + dc.jurisdiction()
          + " obeys only orders of its own jurisdiction,"
          + " not of "
          + o.issuedIn();
    }
    Instant now = clock.instant();
    if (o.issuedAt().isAfter(now)) {
      return "the order is dated in the future";
    }
    if (o.issuedAt().plus(ORDER_VALIDITY).isBefore(now)) {
      return "the order has expired";
    }
    return null;
  }

  private void refuse(
      List<Disclosure.Refusal> refused,
      LegalOrder o,
      DataCentreStore dc,
      CheckReason reason,
      String why) {
    refused.add(new Disclosure.Refusal(o, reason, why));
    if (dc != null && dc.isOnline()) {
      try {
        dc.write(
            "record refusal",
            tx -> {
              tx.audit("ORDER_REFUSED", o.reference(), why);
              return null;
            });
      } catch (StoreException | WorldCheckException e) {
        // the refusal stands; its record could not be written
      }
    }
  }

  /** Records an order's reference; a reference seen before is refused as a replay. */
  private static void recordOrder(DataCentreStore.Tx tx, LegalOrder o)
      throws SQLException, WorldCheckException {
    try (PreparedStatement ps =
        tx.connection().prepareStatement("SELECT 1 FROM order_seen WHERE reference = ?")) {
      ps.setString(1, o.reference());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new WorldCheckException(
              CheckReason.ORDER_REJECTED,
              "order "
                  + o.reference()
                  + " was already served on "
                  + tx.dataCentre()
                  + " (an order is obeyed once)");
        }
      }
    }
    tx.update(
        "INSERT INTO order_seen (reference, chat, at) VALUES (?, ?, ?)",
        o.reference(),
        o.chat().text(),
        o.issuedAt().toEpochMilli());
  }

  /**
   * A custodian releases its active share: in one transaction it records the order (if any) and
   * appends the audit entry, commits, and only then hands the share out.
   */
  private KeyShare releaseShare(
      DataCentreStore dc, String action, String subject, String detail, LegalOrder order)
      throws StoreException, WorldCheckException {
    byte[] encoded =
        dc.write(
            "release share",
            tx -> {
              if (order != null) {
                recordOrder(tx, order);
              }
              byte[] body;
              try (PreparedStatement ps =
                  tx.connection()
                      .prepareStatement(
                          "SELECT body FROM share WHERE active = 1 ORDER BY epoch DESC")) {
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    throw tx.corrupted("it holds no share");
                  }
                  body = rs.getBytes(1);
                }
              }
              tx.audit(action, subject, detail);
              return body;
            });
    try {
      // A share moved in from another custodian's store is handed out as it is: its
      // commitment binds it to its own custodian, so combining it is refused.
      return KeyShare.decode(encoded);
    } catch (WorldCheckException e) {
      throw e;
    } catch (CheckFailedException e) {
      throw new WorldCheckException(
          CheckReason.STORE_CORRUPTED,
          "data centre "
              + dc.jurisdiction()
              + " at "
              + dc.location()
              + ": its share does not decode");
    } finally {
      SecretBytes.wipe(encoded);
    }
  }

  /** For tests: a custodian releases its share to a valid order, as {@link #compel} would. */
  synchronized KeyShare releaseForTest(LegalOrder order)
      throws StoreException, WorldCheckException {
    DataCentreStore dc = dcs.get(order.servedOn());
    String why = refusal(order, dc);
    if (why != null || dc.role() != DataCentreRole.CUSTODIAN) {
      throw new WorldCheckException(CheckReason.ORDER_REJECTED, String.valueOf(why));
    }
    return releaseShare(dc, "RELEASED_SHARE", order.reference(), "test", order);
  }

  /** For tests: copies of the master key and of every data key and server-side auth key. */
  synchronized List<byte[]> secretsForTest() throws StoreException, WorldCheckException {
    requireUnsealed();
    List<byte[]> out = new ArrayList<>();
    out.add(master.unsafeKey().clone());
    storage()
        .read(
            tx -> {
              try (Statement st = tx.connection().createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT chat, key_epoch, master_epoch, wrapped FROM data_key")) {
                while (rs.next()) {
                  out.add(
                      envelope.open(
                          master.unsafeKey(),
                          dataKeyAad(ChatId.parse(rs.getString(1)), rs.getLong(2), rs.getLong(3)),
                          rs.getBytes(4),
                          "data key"));
                }
              }
              try (Statement st = tx.connection().createStatement();
                  ResultSet rs =
                      st.executeQuery("SELECT usr, master_epoch, wrapped FROM device_key")) {
                while (rs.next()) {
                  out.add(
                      envelope.open(
                          master.unsafeKey(),
                          deviceAad(UserId.of(rs.getString(1)), rs.getLong(2)),
                          rs.getBytes(3),
                          "device key"));
                }
              }
              return null;
            });
    return out;
  }

  // ================================================================ rekey

  /**
   * Rotates the master key: draws a new one (epoch + 1), re-wraps every data key and device key
   * under it, splits it afresh, and makes new messages use fresh data keys of the new epoch. One
   * transaction per data centre, in an order that a crash cannot break: each custodian first stores
   * its new share beside the old one (inactive), then the storage data centre commits the new
   * epoch, then each custodian destroys its old share; {@link #open} finishes (or rolls back) an
   * interrupted rekey by the storage data centre's epoch. Shares released before a rekey open
   * nothing stored after it: that is what a refresh of the same key could not do.
   *
   * @throws DataCentreOfflineException if any data centre is offline (every custodian must take its
   *     new share)
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized void rekey() throws StoreException, WorldCheckException {
    requireUnsealed();
    for (DataCentreStore s : dcs.values()) {
      requireOnline(s, "a rekey needs every data centre");
    }
    long next = epoch + 1;
    MasterKey fresh = MasterKey.generate(random, next);
    Custody.Split split = custody.split(fresh, worldId, config, random);
    try {
      for (KeyShare share : split.shares()) {
        DataCentreStore s = dcs.get(share.custodian());
        s.write(
            "prepare share",
            tx -> {
              tx.update("DELETE FROM share WHERE epoch = ?", next);
              s.putManifest(tx, split.manifest());
              tx.update(
                  "INSERT INTO share (epoch, body, active) VALUES (?, ?, 0)",
                  next,
                  share.encodeInternal());
              tx.audit("SHARE_PREPARED", "epoch " + next, "share index " + share.index());
              return null;
            });
      }
      DataCentreStore storage = storage();
      storage.write(
          "rekey",
          tx -> {
            int keys = rewrap(tx, "data_key", fresh);
            int deviceKeys = rewrap(tx, "device_key", fresh);
            storage.putManifest(tx, split.manifest());
            tx.meta("epoch", Long.toString(next));
            tx.audit(
                "REKEYED",
                "epoch " + next,
                keys
                    + " data key(s) and "
                    + deviceKeys
                    + " device key(s) re-wrapped; new messages get data keys of epoch "
                    + next);
            return null;
          });
    } catch (StoreException | WorldCheckException | RuntimeException e) {
      fresh.destroy();
      throw e;
    } finally {
      split.shares().forEach(KeyShare::destroy);
    }
    MasterKey old = master;
    master = fresh;
    epoch = next;
    old.destroy();
    serverKeys.values().forEach(AuthKey::destroy);
    serverKeys.clear();
    connections.clear();
    nextIndex.clear();
    reconcileShares();
  }

  private int rewrap(DataCentreStore.Tx tx, String table, MasterKey fresh)
      throws SQLException, WorldCheckException {
    boolean data = table.equals("data_key");
    List<Object[]> rows = new ArrayList<>();
    String select =
        data
            ? "SELECT chat, key_epoch, master_epoch, wrapped FROM data_key"
            : "SELECT usr, 0, master_epoch, wrapped FROM device_key";
    try (Statement st = tx.connection().createStatement();
        ResultSet rs = st.executeQuery(select)) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBytes(4)});
      }
    }
    for (Object[] r : rows) {
      String name = (String) r[0];
      long keyEpoch = (Long) r[1];
      long masterEpoch = (Long) r[2];
      byte[] oldAad;
      byte[] newAad;
      if (data) {
        ChatId chat = ChatId.parse(name);
        oldAad = dataKeyAad(chat, keyEpoch, masterEpoch);
        newAad = dataKeyAad(chat, keyEpoch, fresh.epoch());
      } else {
        oldAad = deviceAad(UserId.of(name), masterEpoch);
        newAad = deviceAad(UserId.of(name), fresh.epoch());
      }
      byte[] key =
          envelope.open(master.unsafeKey(), oldAad, (byte[]) r[3], "a wrapped key of " + name);
      try {
        byte[] wrapped = envelope.seal(fresh.unsafeKey(), newAad, key);
        if (data) {
          tx.update(
              "UPDATE data_key SET master_epoch = ?, wrapped = ? WHERE chat = ? AND"
                  + " key_epoch = ?",
              fresh.epoch(),
              wrapped,
              name,
              keyEpoch);
        } else {
          tx.update(
              "UPDATE device_key SET master_epoch = ?, wrapped = ? WHERE usr = ?",
              fresh.epoch(),
              wrapped,
              name);
        }
      } finally {
        SecretBytes.wipe(key);
      }
    }
    return rows.size();
  }

  // ================================================================ faults

  /**
   * Takes data centre {@code dc} offline (recorded in its own store, so it stays offline for other
   * processes until {@link #restore}). Nothing it holds is lost.
   */
  public synchronized void fail(Jurisdiction dc) throws StoreException, WorldCheckException {
    DataCentreStore s = dc(dc);
    if (!s.isOnline()) {
      return;
    }
    s.setOnline(false);
    anchor();
  }

  /** Brings data centre {@code dc} back online and brings its anchors up to date. */
  public synchronized void restore(Jurisdiction dc) throws StoreException, WorldCheckException {
    DataCentreStore s = dc(dc);
    if (s.isOnline()) {
      return;
    }
    s.setOnline(true);
    anchored.put(s.jurisdiction(), -1L); // its own head goes to everyone
    for (DataCentreStore other : dcs.values()) {
      if (other != s) {
        anchored.put(other.jurisdiction(), -1L); // and everyone's head to it
      }
    }
    anchor();
  }

  private DataCentreStore dc(Jurisdiction j) {
    Objects.requireNonNull(j, "dc");
    requireOpen();
    DataCentreStore s = dcs.get(j);
    if (s == null) {
      throw new IllegalArgumentException("no data centre in jurisdiction " + j);
    }
    return s;
  }

  /** True when data centre {@code dc} is online. */
  public synchronized boolean isOnline(Jurisdiction dc) {
    return dc(dc).isOnline();
  }

  // ================================================================ audit

  /**
   * Writes each trail's new head into every other online data centre. Anchoring is best-effort
   * bookkeeping after the operation committed: a failure here leaves the trail reported as {@link
   * AuditReport.Problem#UNANCHORED} until the next anchoring.
   */
  private void anchor() {
    finishAnchors(startAnchors());
  }

  /**
   * Anchor writes in flight: one transaction per receiving data centre, holding the new heads of
   * every other changed trail. {@link #finishAnchors} waits for them.
   */
  private record Anchoring(
      Map<Jurisdiction, long[]> heads,
      Map<Jurisdiction, Bytes> hashes,
      Map<Jurisdiction, java.util.concurrent.Future<Boolean>> writes) {
    boolean writesTo(Jurisdiction dc) {
      return writes.containsKey(dc);
    }
  }

  /**
   * Starts anchoring: finds the online trails whose head moved and gives each other online data
   * centre one transaction with all of their new heads, the data centres' transactions running side
   * by side (each is its own database, so their fsyncs overlap). Each store is used by one thread
   * at a time, and the caller holds the world's lock until {@link #finishAnchors}.
   */
  private Anchoring startAnchors() {
    Map<Jurisdiction, long[]> heads = new LinkedHashMap<>();
    Map<Jurisdiction, Bytes> hashes = new HashMap<>();
    for (DataCentreStore x : dcs.values()) {
      Long done = anchored.get(x.jurisdiction());
      if (x.isOnline() && (done == null || done != x.auditHeadSeq())) {
        heads.put(x.jurisdiction(), new long[] {x.auditHeadSeq()});
        hashes.put(x.jurisdiction(), x.auditHeadHash());
      }
    }
    Map<Jurisdiction, java.util.concurrent.Future<Boolean>> writes = new LinkedHashMap<>();
    for (DataCentreStore y : dcs.values()) {
      if (!y.isOnline()
          || heads.isEmpty()
          || (heads.size() == 1 && heads.containsKey(y.jurisdiction()))) {
        continue;
      }
      java.util.concurrent.Callable<Boolean> write =
          () -> {
            try {
              y.write(
                  "anchor",
                  tx -> {
                    for (Map.Entry<Jurisdiction, long[]> h : heads.entrySet()) {
                      if (!h.getKey().equals(y.jurisdiction())) {
                        y.putAnchor(tx, h.getKey(), h.getValue()[0], hashes.get(h.getKey()));
                      }
                    }
                    return null;
                  });
              return true;
            } catch (StoreException | WorldCheckException e) {
              return false;
            }
          };
      writes.put(y.jurisdiction(), anchorWriters().submit(write));
    }
    return new Anchoring(heads, hashes, writes);
  }

  /** Waits for {@code a}'s writes; a trail whose head every other online centre took is done. */
  private void finishAnchors(Anchoring a) {
    Map<Jurisdiction, Boolean> ok = new HashMap<>();
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Map.Entry<Jurisdiction, java.util.concurrent.Future<Boolean>> w : a.writes.entrySet()) {
      while (true) {
        try {
          ok.put(w.getKey(), w.getValue().get());
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the write runs on; finish waiting for it, then re-interrupt
        } catch (java.util.concurrent.ExecutionException e) {
          ok.put(w.getKey(), false);
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("an anchor write failed", e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    for (Map.Entry<Jurisdiction, long[]> h : a.heads.entrySet()) {
      boolean all = true;
      for (Map.Entry<Jurisdiction, Boolean> w : ok.entrySet()) {
        if (!w.getKey().equals(h.getKey()) && !w.getValue()) {
          all = false;
        }
      }
      if (all) {
        anchored.put(h.getKey(), h.getValue()[0]);
      }
    }
  }

  /** The threads that write anchors, started on first use (daemons; stopped by close). */
  private java.util.concurrent.ExecutorService anchorWriters() {
    if (anchorWriters == null) {
      anchorWriters = DaemonPools.fixed(Math.min(dcs.size(), 8), "mtlab-world-anchor");
    }
    return anchorWriters;
  }

  /** The audit trails: read and verify. */
  public Audit audit() {
    return new Audit();
  }

  /** A view of the data centres' audit trails. Thread-safe (it locks the world). */
  public final class Audit {
    private Audit() {}

    /** The entries of {@code dc}'s trail, oldest first. */
    public List<AuditEntry> trail(Jurisdiction dc) throws StoreException, WorldCheckException {
      synchronized (World.this) {
        return dc(dc).auditEntries();
      }
    }

    /** The anchors {@code dc} holds of the other trails. */
    public List<AuditAnchor> anchors(Jurisdiction dc) throws StoreException, WorldCheckException {
      synchronized (World.this) {
        return dc(dc).anchors();
      }
    }

    /**
     * Verifies every online trail: its hash chain from the genesis value (an edited, deleted,
     * reordered or forged entry breaks it), and the anchors the other online data centres hold (a
     * truncated tail, or a rewritten one, no longer matches; entries past every anchor are reported
     * as unanchored). Names the first broken entry of each trail.
     */
    public AuditReport verify() throws StoreException, WorldCheckException {
      synchronized (World.this) {
        requireOpen();
        Map<Jurisdiction, List<AuditAnchor>> anchorsOf = new HashMap<>();
        for (DataCentreStore y : dcs.values()) {
          if (y.isOnline()) {
            for (AuditAnchor a : y.anchors()) {
              anchorsOf.computeIfAbsent(a.of(), k -> new ArrayList<>()).add(a);
            }
          }
        }
        List<AuditReport.Trail> out = new ArrayList<>();
        for (DataCentreStore x : dcs.values()) {
          if (!x.isOnline()) {
            out.add(
                new AuditReport.Trail(
                    x.jurisdiction(), 0, AuditReport.Problem.OFFLINE, 0, "offline: not checked"));
            continue;
          }
          out.add(
              verifyTrail(
                  x, x.auditEntries(), anchorsOf.getOrDefault(x.jurisdiction(), List.of())));
        }
        return new AuditReport(out);
      }
    }
  }

  private AuditReport.Trail verifyTrail(
      DataCentreStore x, List<AuditEntry> entries, List<AuditAnchor> anchors) {
    Jurisdiction j = x.jurisdiction();
    Bytes prev = AuditEntry.genesis(worldId, j);
    for (int i = 0; i < entries.size(); i++) {
      AuditEntry e = entries.get(i);
      long expected = i + 1L;
      if (e.seq() != expected) {
        return new AuditReport.Trail(
            j,
            entries.size(),
            AuditReport.Problem.CHAIN_BROKEN,
            expected,
            "entry " + expected + " is missing (found " + e.seq() + ")");
      }
      if (!e.prevHash().equals(prev)) {
        return new AuditReport.Trail(
            j,
            entries.size(),
            AuditReport.Problem.CHAIN_BROKEN,
            expected,
            "entry " + expected + " does not follow entry " + i);
      }
      if (!e.hashMatches()) {
        return new AuditReport.Trail(
            j,
            entries.size(),
            AuditReport.Problem.CHAIN_BROKEN,
            expected,
            "entry " + expected + " was altered (its hash does not match)");
      }
      prev = e.hash();
    }
    long maxAnchored = 0;
    for (AuditAnchor a : anchors) {
      if (a.seq() > entries.size()) {
        return new AuditReport.Trail(
            j,
            entries.size(),
            AuditReport.Problem.TRUNCATED,
            entries.size() + 1L,
            "data centre "
                + a.holder()
                + " anchored entry "
                + a.seq()
                + " but the trail ends at "
                + entries.size());
      }
      if (a.seq() > 0 && !entries.get((int) a.seq() - 1).hash().equals(a.hash())) {
        return new AuditReport.Trail(
            j,
            entries.size(),
            AuditReport.Problem.TRUNCATED,
            a.seq(),
            "entry " + a.seq() + " differs from the one data centre " + a.holder() + " anchored");
      }
      maxAnchored = Math.max(maxAnchored, a.seq());
    }
    boolean othersOnline = dcs.values().stream().anyMatch(y -> y != x && y.isOnline());
    if (othersOnline && entries.size() > maxAnchored) {
      return new AuditReport.Trail(
          j,
          entries.size(),
          AuditReport.Problem.UNANCHORED,
          maxAnchored + 1,
          "entries from " + (maxAnchored + 1) + " on are not anchored with any other data centre");
    }
    return new AuditReport.Trail(j, entries.size(), AuditReport.Problem.NONE, 0, "ok");
  }

  // ================================================================ description

  /** What each data centre holds (counts, epochs, online), never a secret. */
  public synchronized WorldDescription describe() throws StoreException, WorldCheckException {
    requireOpen();
    List<WorldDescription.DataCentreView> views = new ArrayList<>();
    for (DataCentreStore s : dcs.values()) {
      long[] c =
          s.read(
              tx ->
                  new long[] {
                    countDistinctChats(tx),
                    s.count(tx, "message"),
                    s.count(tx, "data_key"),
                    s.count(tx, "device_key"),
                    s.count(tx, "audit")
                  });
      List<Long> epochs =
          s.read(
              tx -> {
                List<Long> e = new ArrayList<>();
                try (Statement st = tx.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT epoch FROM share ORDER BY epoch")) {
                  while (rs.next()) {
                    e.add(rs.getLong(1));
                  }
                }
                return e;
              });
      views.add(
          new WorldDescription.DataCentreView(
              s.jurisdiction(),
              s.role(),
              s.location(),
              s.isOnline(),
              c[0],
              c[1],
              c[2],
              c[3],
              epochs,
              c[4]));
    }
    List<UserId> users;
    try {
      users = devices.users();
    } catch (IOException e) {
      users = List.of();
    }
    return new WorldDescription(worldId, config, epoch, master != null, views, users);
  }

  private static long countDistinctChats(DataCentreStore.Tx tx) throws SQLException {
    try (Statement st = tx.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT chat) FROM message")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** The users with a registered device. */
  public synchronized List<UserId> users() throws IOException {
    return devices.users();
  }

  /** Closes every database and forgets every key. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    forgetKeys();
    if (anchorWriters != null) {
      anchorWriters.shutdown(); // idle: every anchoring finished before its call returned
    }
    sessionWork.close(); // idle too: every batch waited for its own work
    if (committer != null) {
      committer.shutdown(); // idle: sendGrouped waits for every commit it started
    }
    dcs.values().forEach(DataCentreStore::close);
  }

  @Override
  public String toString() {
    return "World["
        + worldId.hex()
        + ", storage "
        + config.storage()
        + ", custodians "
        + config.custodians()
        + ", t="
        + config.threshold()
        + "]";
  }
}
