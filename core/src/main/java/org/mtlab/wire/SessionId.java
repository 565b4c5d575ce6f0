package org.mtlab.wire;

import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.internal.Checks;

/**
 * A session_id: 64 random bits chosen by the client (docs/protocol.md §3.1). Several sessions may
 * share one auth key; a message for one session must never be accepted in another.
 *
 * <p>Immutable.
 *
 * @param value the id as the signed long that TL carries
 */
public record SessionId(long value) {
  /** Wire length in bytes. */
  public static final int LENGTH = 8;

  /** The id from its 8 wire bytes {@code bytes[off, off + 8)} (little-endian). */
  public static SessionId fromWire(byte[] bytes, int off) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, LENGTH, bytes.length);
    return new SessionId(LittleEndian.getLong(bytes, off));
  }

  /** The id from exactly 8 wire bytes. */
  public static SessionId fromWire(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Checks.length(bytes.length, LENGTH, "session_id");
    return fromWire(bytes, 0);
  }

  /** The id from 16 hex digits of its wire bytes (the CLI's and the vectors' format). */
  public static SessionId fromHex(String hex) {
    return fromWire(Hex.decode(hex, LENGTH, "session_id"));
  }

  /** A fresh random session id, as a client creates one. */
  public static SessionId random(SecureRandom random) {
    return new SessionId(Objects.requireNonNull(random, "random").nextLong());
  }

  /** The 8 wire bytes. */
  public byte[] toWire() {
    return LittleEndian.longBytes(value);
  }

  /** The 8 wire bytes as hex. */
  public String hex() {
    return Hex.encode(toWire());
  }

  /**
   * Redacted: the session_id travels only inside the encrypted message, and MTProto's security
   * analysis counts on salt and session_id staying unknown to outsiders, so logs do not get it.
   * {@link #hex()} gives it on purpose.
   */
  @Override
  public String toString() {
    return "SessionId[redacted]";
  }
}
