package org.mtlab.e2e;

import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;

/**
 * key_fingerprint: the last 8 bytes of SHA1(key) (bytes 12..20), read as a little-endian long
 * (docs/protocol.md §8.1). SHA-1 even under MTProto 2.0. It heads every secret-chat message on the
 * wire and confirms the key exchange; it is a debugging check, not what users compare (that is
 * {@link KeyVisualization}). Public, so a plain value.
 *
 * <p>Immutable.
 *
 * @param value the fingerprint as TL's {@code long}
 */
public record KeyFingerprint(long value) {
  /** Length on the wire in bytes. */
  public static final int LENGTH = 8;

  /** Reads the fingerprint from {@code wire[off, off + 8)} (little-endian). */
  public static KeyFingerprint fromWire(byte[] wire, int off) {
    Objects.requireNonNull(wire, "wire");
    Objects.checkFromIndexSize(off, LENGTH, wire.length);
    return new KeyFingerprint(LittleEndian.getLong(wire, off));
  }

  /** The 8 wire bytes. */
  public Bytes toBytes() {
    return Bytes.copyOf(LittleEndian.longBytes(value));
  }

  /** Lower-case hex of the wire bytes. */
  public String hex() {
    return toBytes().hex();
  }

  /** The wire bytes in hex. */
  @Override
  public String toString() {
    return "KeyFingerprint[" + hex() + "]";
  }
}
