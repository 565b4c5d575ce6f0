package org.mtlab.handshake;

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
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Vectors;

/** Shared helpers for the handshake tests. */
final class Fixtures {
  private Fixtures() {}

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
