package org.mtlab.key;

import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.ConstantTime;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * The handshake's new_nonce: 256 random bits the client chooses and sends only inside RSA_PAD
 * (docs/protocol.md §5). Everything secret the handshake derives comes from it: tmp_aes_key and
 * tmp_aes_iv, the first server salt, new_nonce_hash1/2/3. So it is key material: kept out of {@code
 * toString}, handed out only through {@link #reveal(SecretAccess)}, compared in constant time, and
 * zeroed by {@link #destroy()} (best effort, as for every secret type).
 *
 * <p>Thread-safe for reads; the owner destroys it once (each handshake side when its run ends or it
 * is closed).
 */
public final class NewNonce implements Destroyable, AutoCloseable {
  /** Length in bytes (int256). */
  public static final int LENGTH = 32;

  private final SecretBytes bytes;

  private NewNonce(SecretBytes bytes) {
    this.bytes = bytes;
  }

  /** A fresh new_nonce: 32 bytes from {@code random}. */
  public static NewNonce random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    Objects.requireNonNull(random, "random").nextBytes(b);
    return new NewNonce(SecretBytes.adopt(b, "NewNonce"));
  }

  /**
   * A copy of exactly 32 bytes (the caller wipes its own array).
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static NewNonce copyOf(byte[] bytes) {
    return new NewNonce(SecretBytes.copyOfExactly(bytes, LENGTH, "new_nonce"));
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.copy();
  }

  /** Constant-time comparison of the bytes. */
  public boolean constantTimeEquals(NewNonce other) {
    Objects.requireNonNull(other, "other");
    return ConstantTime.equals(bytes.unsafeArray(), other.bytes.unsafeArray());
  }

  /** Zeroes the bytes; every later use throws {@link IllegalStateException}. */
  @Override
  public void destroy() {
    bytes.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return bytes.isDestroyed();
  }

  /** {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  /** Never shows the bytes. */
  @Override
  public String toString() {
    return "NewNonce[redacted]";
  }
}
