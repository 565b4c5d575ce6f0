package org.mtlab.wire;

import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.internal.Checks;

/**
 * A server salt: the 64-bit value at the start of every inner message. The server changes it about
 * every 30 minutes and keeps accepting the previous one for a grace period (docs/protocol.md §3.1,
 * §4.3). Not a secret in the protocol's model, but never known to a passive observer either, since
 * it travels only inside the encryption.
 *
 * <p>Immutable.
 *
 * @param value the salt as the signed long that TL carries
 */
public record ServerSalt(long value) {
  /** Wire length in bytes. */
  public static final int LENGTH = 8;

  /** The salt from its 8 wire bytes {@code bytes[off, off + 8)} (little-endian). */
  public static ServerSalt fromWire(byte[] bytes, int off) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, LENGTH, bytes.length);
    return new ServerSalt(LittleEndian.getLong(bytes, off));
  }

  /** The salt from exactly 8 wire bytes. */
  public static ServerSalt fromWire(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Checks.length(bytes.length, LENGTH, "server_salt");
    return fromWire(bytes, 0);
  }

  /** The salt from 16 hex digits of its wire bytes (the CLI's and the vectors' format). */
  public static ServerSalt fromHex(String hex) {
    return fromWire(Hex.decode(hex, LENGTH, "server_salt"));
  }

  /** A fresh random salt (a server picks one for each salt period). */
  public static ServerSalt random(SecureRandom random) {
    return new ServerSalt(Objects.requireNonNull(random, "random").nextLong());
  }

  /** The 8 wire bytes. */
  public byte[] toWire() {
    return LittleEndian.longBytes(value);
  }

  /** The 8 wire bytes as hex. */
  public String hex() {
    return Hex.encode(toWire());
  }

  @Override
  public String toString() {
    return "ServerSalt[" + hex() + "]";
  }
}
