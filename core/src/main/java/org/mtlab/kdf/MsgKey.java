package org.mtlab.kdf;

import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * msg_key: the middle 128 bits of SHA-256 over a slice of the auth key and the whole padded
 * plaintext. Public on the wire (it follows auth_key_id in every frame), so it is a plain value;
 * comparisons against a received msg_key must use {@link #constantTimeEquals}.
 *
 * <pre>
 *   msg_key_large = SHA256(auth_key[88+x : 120+x] + plaintext + padding)
 *   msg_key       = msg_key_large[8:24]
 * </pre>
 *
 * @param value the 16 bytes
 */
public record MsgKey(Bytes value) {
  /** Length in bytes. */
  public static final int LENGTH = 16;

  /** Validates the length. */
  public MsgKey {
    Objects.requireNonNull(value, "value");
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException(
          "msg_key must be " + LENGTH + " bytes, got " + value.length());
    }
  }

  /** A msg_key from 16 bytes (copied). */
  public static MsgKey copyOf(byte[] bytes) {
    return new MsgKey(Bytes.copyOf(bytes));
  }

  /** A msg_key from {@code bytes[off, off + 16)} (copied). */
  public static MsgKey copyOf(byte[] bytes, int off) {
    return new MsgKey(Bytes.copyOf(bytes, off, LENGTH));
  }

  /** A msg_key from 32 hex digits. */
  public static MsgKey fromHex(String hex) {
    return new MsgKey(Bytes.fromHex(hex));
  }

  /**
   * msg_key of a padded MTProto 2.0 plaintext {@code padded[off, off + len)}.
   *
   * @throws IllegalArgumentException unless {@code len} is a multiple of 16 and at least 48 (the
   *     32-byte header plus at least 12 bytes of padding)
   */
  public static MsgKey compute(AuthKey key, Sender sender, byte[] padded, int off, int len) {
    byte[] out = new byte[LENGTH];
    MessageKdf.create().msgKeyInto(key, sender, padded, off, len, out, 0);
    return new MsgKey(Bytes.copyOf(out));
  }

  /** msg_key of all of {@code padded}; see {@link #compute(AuthKey, Sender, byte[], int, int)}. */
  public static MsgKey compute(AuthKey key, Sender sender, byte[] padded) {
    return compute(key, sender, padded, 0, Objects.requireNonNull(padded, "padded").length);
  }

  /** A fresh copy of the 16 bytes. */
  public byte[] toByteArray() {
    return value.toByteArray();
  }

  /** Constant-time comparison. */
  public boolean constantTimeEquals(MsgKey other) {
    return value.constantTimeEquals(other.value);
  }

  /** Lower-case hex. */
  public String hex() {
    return value.hex();
  }
}
