package org.mtlab.handshake;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.key.Sender;
import org.mtlab.tl.UnencryptedMessage;

/**
 * Runs a whole handshake between a {@link ClientHandshake} and a {@link ServerHandshake} in
 * memory: every packet is serialized to bytes and parsed again on the other side, exactly as a
 * transport would carry it. The CLI's {@code handshake} command, the tour, tests and
 * benchmarks drive the state machines through this class.
 *
 * <p>{@link #seeded(long, KeyType, HandshakeTrace)} makes a run fully deterministic: both
 * sides draw from {@code SHA1PRNG} generators seeded from the seed, the clock stands still at
 * {@link #SEEDED_TIME}, and the server uses {@link ServerRsaKeyPair#demo()} (a published key:
 * demos only) with Telegram's DH group.
 *
 * <p>Stateless and thread-safe (each run builds its own machines).
 */
public final class InMemoryHandshake {
  /** The clock of a seeded run: 2024-01-01T00:00:00Z. */
  public static final Instant SEEDED_TIME = Instant.parse("2024-01-01T00:00:00Z");
  /** The DC id of a seeded run. */
  public static final int SEEDED_DC = 2;
  /** Lifetime of the temporary key of a seeded run, in seconds. */
  public static final int SEEDED_EXPIRES_IN = 3600;
  private static final int MAX_ROUNDS = 16;

  private InMemoryHandshake() {}

  /**
   * One packet of a run: who sent it, its constructor's name, and the packet. Immutable.
   *
   * @param from the sender
   * @param name the TL name of the object inside, for example {@code "resPQ"}
   * @param message the plain packet
   */
  public record Packet(Sender from, String name, UnencryptedMessage message) {
    /** Checks the fields. */
    public Packet {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A finished run: both sides' results and the packets in the order they were sent.
   * Destroying it destroys both keys. Thread-safe.
   */
  public static final class Run implements Destroyable {
    private final HandshakeResult client;
    private final HandshakeResult server;
    private final List<Packet> packets;

    Run(HandshakeResult client, HandshakeResult server, List<Packet> packets) {
      this.client = client;
      this.server = server;
      this.packets = List.copyOf(packets);
    }

    /** The client's result. */
    public HandshakeResult client() {
      return client;
    }

    /** The server's result. */
    public HandshakeResult server() {
      return server;
    }

    /** The packets, in order. */
    public List<Packet> packets() {
      return packets;
    }

    /** True when both sides hold the same key (compared in constant time) and salt. */
    public boolean keysAgree() {
      return client.authKey().constantTimeEquals(server.authKey())
          && client.serverSalt() == server.serverSalt();
    }

    @Override
    public void destroy() {
      client.destroy();
      server.destroy();
    }

    @Override
    public boolean isDestroyed() {
      return client.isDestroyed() && server.isDestroyed();
    }

    @Override
    public String toString() {
      return "InMemoryHandshake.Run[client=" + client + ", server=" + server + "]";
    }
  }

  /**
   * Drives {@code client} (not yet started) and {@code server} until the client is done.
   *
   * @throws CheckFailedException the first check that fails on either side (for example
   *     DH_GEN_FAILED when the server answers dh_gen_fail)
   */
  public static Run exchange(ClientHandshake client, ServerHandshake server)
      throws CheckFailedException {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    List<Packet> packets = new ArrayList<>();
    HandshakeResult serverResult = null;
    HandshakeStep c = client.start();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Packet out = packet(Sender.CLIENT, c);
      packets.add(out);
      HandshakeStep s = server.receivePacket(out.message().toByteArray());
      if (s.isDone()) {
        serverResult = s.result().orElseThrow();
      }
      Packet back = packet(Sender.SERVER, s);
      packets.add(back);
      c = client.receivePacket(back.message().toByteArray());
      if (c.isDone()) {
        if (serverResult == null) {
          throw new IllegalStateException("the client finished before the server");
        }
        return new Run(c.result().orElseThrow(), serverResult, packets);
      }
    }
    throw new IllegalStateException("no result after " + MAX_ROUNDS + " rounds");
  }

  private static Packet packet(Sender from, HandshakeStep step) {
    UnencryptedMessage m =
        step.packet().orElseThrow(() -> new IllegalStateException(from + " has nothing to send"));
    return new Packet(from, step.message().orElseThrow().tlName(), m);
  }

  /**
   * A deterministic run from {@code seed} (see the class comment), reporting both sides'
   * steps to {@code trace}.
   *
   * @throws CheckFailedException never for an honest pair; as {@link #exchange} otherwise
   */
  public static Run seeded(long seed, KeyType type, HandshakeTrace trace)
      throws CheckFailedException {
    return seeded(seed, type, ServerRsaKeyPair.demo(), trace);
  }

  /**
   * A deterministic run from {@code seed} against a server holding {@code keyPair}.
   *
   * @throws CheckFailedException as {@link #exchange}
   */
  public static Run seeded(long seed, KeyType type, ServerRsaKeyPair keyPair, HandshakeTrace trace)
      throws CheckFailedException {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(trace, "trace");
    InstantSource clock = InstantSource.fixed(SEEDED_TIME);
    ClientHandshake.Builder cb =
        ClientHandshake.builder(SEEDED_DC, List.of(keyPair.publicKey()))
            .random(seededRandom(seed, "client"))
            .clock(clock)
            .trace(trace);
    if (type == KeyType.TEMPORARY) {
      cb.temporary(SEEDED_EXPIRES_IN);
    }
    ServerHandshake server =
        ServerHandshake.builder(keyPair, SEEDED_DC)
            .random(seededRandom(seed, "server"))
            .clock(clock)
            .trace(trace)
            .build();
    return exchange(cb.build(), server);
  }

  /**
   * A deterministic {@link SecureRandom} for {@code seed} and a stream name: {@code SHA1PRNG}
   * seeded before its first use. For demos, tests and benchmarks only.
   */
  public static SecureRandom seededRandom(long seed, String stream) {
    Objects.requireNonNull(stream, "stream");
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      byte[] label = stream.getBytes(StandardCharsets.UTF_8);
      byte[] material = new byte[8 + label.length];
      LittleEndian.putLong(material, 0, seed);
      System.arraycopy(label, 0, material, 8, label.length);
      r.setSeed(material);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available", e);
    }
  }
}
