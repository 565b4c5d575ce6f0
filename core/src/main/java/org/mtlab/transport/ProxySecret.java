package org.mtlab.transport;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.ConstantTime;
import org.mtlab.bytes.Hex;

/**
 * The 16-byte MTProxy secret that obfuscated2 mixes into both stream keys (docs/protocol.md §7.2
 * step 5): each key becomes {@code SHA256(key + secret)}. A proxy link's secret is these 16 bytes,
 * possibly after a type byte ({@code dd}: padded intermediate only) that the caller drops; fake-TLS
 * ({@code ee}) secrets are not supported.
 *
 * <p>Never printed; {@link #destroy()} zeroes this object's copy. Thread-safe.
 */
public final class ProxySecret implements Destroyable {
  /** Secret length in bytes. */
  public static final int LENGTH = 16;

  private final byte[] bytes;
  private volatile boolean destroyed;

  private ProxySecret(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A copy of {@code secret}.
   *
   * @throws IllegalArgumentException unless {@code secret} is 16 bytes
   */
  public static ProxySecret copyOf(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length != LENGTH) {
      throw new IllegalArgumentException(
          "a proxy secret must be " + LENGTH + " bytes, got " + secret.length);
    }
    return new ProxySecret(secret.clone());
  }

  /** The secret encoded by 32 hex digits. */
  public static ProxySecret fromHex(String hex) {
    return new ProxySecret(Hex.decode(hex, LENGTH, "proxy secret"));
  }

  /** The live array, for this package only. */
  byte[] array() {
    if (destroyed) {
      throw new IllegalStateException("proxy secret destroyed");
    }
    return bytes;
  }

  /** Constant-time comparison. */
  public boolean constantTimeEquals(ProxySecret other) {
    return ConstantTime.equals(array(), other.array());
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "ProxySecret[redacted]";
  }
}
