package org.mtlab.crypto;

import javax.security.auth.Destroyable;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * A 32-byte AES-IGE initialisation vector: the first 16 bytes stand in for the previous ciphertext
 * block (c<sub>-1</sub>, "iv1"), the last 16 for the previous plaintext block (p<sub>-1</sub>,
 * "iv2"). This is the OpenSSL convention that every MTProto implementation uses. In MTProto the IV
 * is derived from the auth key, so it is treated as key material: never printed, destroyable.
 *
 * <p>Thread-safe.
 */
public final class IgeIv implements Destroyable {
  /** IV length in bytes. */
  public static final int LENGTH = 32;

  private final SecretBytes bytes;

  private IgeIv(SecretBytes bytes) {
    this.bytes = bytes;
  }

  /**
   * A copy of {@code iv}.
   *
   * @throws IllegalArgumentException unless {@code iv} is 32 bytes
   */
  public static IgeIv copyOf(byte[] iv) {
    java.util.Objects.requireNonNull(iv, "iv");
    return new IgeIv(SecretBytes.copyOfExactly(iv, LENGTH, "IGE IV"));
  }

  /** A copy of {@code iv[off, off + 32)}. */
  public static IgeIv copyOf(byte[] iv, int off) {
    java.util.Objects.requireNonNull(iv, "iv");
    return new IgeIv(SecretBytes.copyOf(iv, off, LENGTH, "IGE IV"));
  }

  /** The IV encoded by 64 hex digits. */
  public static IgeIv fromHex(String hex) {
    return new IgeIv(SecretBytes.adopt(Hex.decode(hex, LENGTH, "IGE IV"), "IGE IV"));
  }

  /** The all-zero IV (used by RSA_PAD). */
  public static IgeIv zero() {
    return new IgeIv(SecretBytes.adopt(new byte[LENGTH], "IGE IV"));
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] reveal(SecretAccess access) {
    java.util.Objects.requireNonNull(access, "access");
    return bytes.copy();
  }

  /** The live array, for this package only. */
  byte[] array() {
    return bytes.unsafeArray();
  }

  @Override
  public void destroy() {
    bytes.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return bytes.isDestroyed();
  }

  /** Never shows the IV. */
  @Override
  public String toString() {
    return "IgeIv[redacted]";
  }
}
