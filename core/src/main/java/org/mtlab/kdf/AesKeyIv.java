package org.mtlab.kdf;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeIv;

/**
 * The AES-256 key and the 32-byte IGE IV derived for one message (or one handshake step). Closing
 * or destroying it destroys both.
 *
 * <p>Thread-safe.
 */
public final class AesKeyIv implements Destroyable, AutoCloseable {
  private final Aes256Key key;
  private final IgeIv iv;

  /** Pairs {@code key} and {@code iv} (not copied: this object takes ownership). */
  public AesKeyIv(Aes256Key key, IgeIv iv) {
    this.key = Objects.requireNonNull(key, "key");
    this.iv = Objects.requireNonNull(iv, "iv");
  }

  /**
   * Builds the pair from {@code bytes[off, off + 32)} (key) and {@code bytes[off + 32, off + 64)}
   * (IV).
   */
  static AesKeyIv copyOf(byte[] bytes, int off) {
    return new AesKeyIv(Aes256Key.copyOf(bytes, off), IgeIv.copyOf(bytes, off + Aes256Key.LENGTH));
  }

  /** The AES-256 key. */
  public Aes256Key key() {
    return key;
  }

  /** The IGE IV. */
  public IgeIv iv() {
    return iv;
  }

  @Override
  public void destroy() {
    key.destroy();
    iv.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed() && iv.isDestroyed();
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "AesKeyIv[redacted]";
  }
}
