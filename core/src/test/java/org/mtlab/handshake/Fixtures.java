package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.DemoRsaKey;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.Vectors;

/** Shared helpers for the handshake tests. */
final class Fixtures {
  /** The clock of a seeded run: 2024-01-01T00:00:00Z. */
  static final Instant SEEDED_TIME = Instant.parse("2024-01-01T00:00:00Z");

  /** The DC id of a seeded run. */
  static final int SEEDED_DC = 2;

  /** Lifetime of the temporary key of a seeded run, in seconds. */
  static final int SEEDED_EXPIRES_IN = 3600;

  private Fixtures() {}

  /**
   * A deterministic run: both sides draw from {@link Seeds#secureRandom} streams of {@code seed},
   * the clock stands at {@link #SEEDED_TIME}, the server holds {@code keyPair}.
   */
  static InMemoryHandshake.Run seeded(
      long seed, KeyType type, ServerRsaKeyPair keyPair, HandshakeTrace trace)
      throws CheckFailedException {
    InstantSource clock = InstantSource.fixed(SEEDED_TIME);
    ClientHandshake.Builder cb =
        ClientHandshake.builder(SEEDED_DC, List.of(keyPair.publicKey()))
            .random(Seeds.secureRandom(seed, "client"))
            .clock(clock)
            .trace(trace);
    if (type == KeyType.TEMPORARY) {
      cb.temporary(SEEDED_EXPIRES_IN);
    }
    ServerHandshake server =
        ServerHandshake.builder(keyPair, SEEDED_DC)
            .random(Seeds.secureRandom(seed, "server"))
            .clock(clock)
            .trace(trace)
            .build();
    return InMemoryHandshake.exchange(cb.build(), server);
  }

  /** {@link #seeded(long, KeyType, ServerRsaKeyPair, HandshakeTrace)} with the demo key. */
  static InMemoryHandshake.Run seeded(long seed, KeyType type, HandshakeTrace trace)
      throws CheckFailedException {
    return seeded(seed, type, DemoRsaKey.pair(), trace);
  }

  /** The result of a step that must be {@link HandshakeStep.Done}. */
  static HandshakeResult result(HandshakeStep step) {
    assertThat(step).isInstanceOf(HandshakeStep.Done.class);
    return ((HandshakeStep.Done) step).result();
  }

  /** The reason of a step that must be {@link HandshakeStep.Failed}. */
  static CheckReason failure(HandshakeStep step) {
    assertThat(step).isInstanceOf(HandshakeStep.Failed.class);
    return ((HandshakeStep.Failed) step).reason();
  }

  /** The published RSA key with this id from rsa_fingerprints.json. */
  static ServerRsaKey publishedKey(String id) {
    for (JsonObject v : Vectors.published("rsa_fingerprints.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return ServerRsaKey.of(
            new BigInteger(Vectors.str(v, "n"), 16), BigInteger.valueOf(v.get("e").getAsLong()));
      }
    }
    throw new IllegalArgumentException("no key " + id);
  }

  /** The concatenation of byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code n} bytes from a seeded SplittableRandom. */
  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** hex decoded. */
  static byte[] hex(String s) {
    return Hex.decode(s);
  }

  /** A clock that returns the given instants in turn, then repeats the last one. */
  static final class ScriptedClock implements InstantSource {
    private final Deque<Instant> instants;
    private Instant last;

    ScriptedClock(Instant... instants) {
      this.instants = new ArrayDeque<>(List.of(instants));
      this.last = instants[0];
    }

    @Override
    public Instant instant() {
      if (!instants.isEmpty()) {
        last = instants.removeFirst();
      }
      return last;
    }
  }

  /** A SecureRandom that delegates to another and records every byte it hands out. */
  static final class RecordingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SecureRandom delegate;
    private final transient ByteArrayOutputStream record = new ByteArrayOutputStream();
    private final transient List<Integer> draws = new ArrayList<>();

    RecordingRandom(SecureRandom delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      delegate.nextBytes(bytes);
      record.writeBytes(bytes);
      draws.add(bytes.length);
    }

    @Override
    public int nextInt() {
      throw new UnsupportedOperationException("the handshake draws bytes only");
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("the handshake draws bytes only");
    }

    byte[] recorded() {
      return record.toByteArray();
    }

    List<Integer> draws() {
      return draws;
    }
  }

  /** The whole trace collected in a list, secrets included. */
  static HandshakeTrace collectingTrace(List<TraceStep> into) {
    return HandshakeTrace.withSecrets(SecretAccess.explicitly(), into::add);
  }

  /** The value {@code name} of the first step called {@code step} (by {@code side}, if given). */
  static String traced(List<TraceStep> steps, String step, String name) {
    for (TraceStep s : steps) {
      if (s.name().equals(step) && s.value(name).isPresent()) {
        return s.value(name).get();
      }
    }
    throw new AssertionError("no traced value " + step + "." + name);
  }
}
