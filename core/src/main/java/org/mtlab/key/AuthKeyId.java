package org.mtlab.key;

import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;

/**
 * auth_key_id: the 64 lower-order bits of SHA1(auth_key), that is the last 8 bytes of the digest,
 * read as a little-endian long. Public: it travels in every encrypted frame.
 *
 * @param value the id as the signed long that TL carries
 */
public record AuthKeyId(long value) {
  /** The id from its 8 wire bytes (little-endian). */
  public static AuthKeyId fromWire(byte[] bytes, int off) {
    return new AuthKeyId(LittleEndian.getLong(bytes, off));
  }

  /** The 8 wire bytes. */
  public byte[] toWire() {
    return LittleEndian.longBytes(value);
  }

  /** The 8 wire bytes as hex (the CLI's format). */
  public String hex() {
    return Hex.encode(toWire());
  }

  @Override
  public String toString() {
    return "AuthKeyId[" + hex() + "]";
  }
}
