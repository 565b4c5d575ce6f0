package org.mtlab.crypto;

import javax.security.auth.Destroyable;
import org.mtlab.bytes.ConstantTime;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * A 32-byte AES-256 key. Validated on construction, never printed, destroyable.
 *
 * <p>{@link #destroy()} zeroes this object's copy; copies made by the JVM or held inside JCE key
 * schedules cannot be wiped. Thread-safe.
 */
public final class Aes256Key implements Destroyable {
  /** Key length in bytes. */
  public static final int LENGTH = 32;

  private final SecretBytes bytes;

  private Aes256Key(SecretBytes bytes) {
    this.bytes = bytes;
  }

  /**
   * A copy of {@code key}.
   *
   * @throws IllegalArgumentException unless {@code key} is 32 bytes
   */
  public static Aes256Key copyOf(byte[] key) {
    java.util.Objects.requireNonNull(key, "key");
    return new Aes256Key(SecretBytes.copyOfExactly(key, LENGTH, "AES-256 key"));
  }

  /** A copy of {@code key[off, off + 32)}. */
  public static Aes256Key copyOf(byte[] key, int off) {
    java.util.Objects.requireNonNull(key, "key");
    return new Aes256Key(SecretBytes.copyOf(key, off, LENGTH, "AES-256 key"));
  }

  /** The key encoded by 64 hex digits. */
  public static Aes256Key fromHex(String hex) {
    return new Aes256Key(SecretBytes.adopt(Hex.decode(hex, LENGTH, "AES-256 key"), "AES-256 key"));
  }

  /** A fresh copy of the key bytes. */
  public byte[] reveal(SecretAccess access) {
    java.util.Objects.requireNonNull(access, "access");
    return bytes.copy();
  }

  /** The live array, for this package only. */
  byte[] array() {
    return bytes.unsafeArray();
  }

  /** Constant-time comparison. */
  public boolean constantTimeEquals(Aes256Key other) {
    return ConstantTime.equals(array(), other.array());
  }

  @Override
  public void destroy() {
    bytes.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return bytes.isDestroyed();
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "Aes256Key[redacted]";
  }
}
