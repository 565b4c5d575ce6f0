package org.mtlab.keystore;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * One raw point of a Shamir split over GF(2^8): an index {@code x} (1..255) and one byte {@code y}
 * per secret byte. Raw points carry no binding and no integrity: {@link KeyShare} adds both. Never
 * printed.
 *
 * <p>Thread-safe for reading; {@link #destroy()} zeroes the bytes (best effort).
 */
public final class ShamirShare implements Destroyable {
  private final int index;
  private final SecretBytes y;

  private ShamirShare(int index, SecretBytes y) {
    this.index = index;
    this.y = y;
  }

  /**
   * A point, copying {@code y}. The index is not range-checked here, so that tests can build the
   * malformed points that {@link Custody} must refuse; {@link SecretSharing#combine} checks.
   *
   * @throws IllegalArgumentException if {@code y} is empty
   */
  public static ShamirShare of(int index, byte[] y) {
    Objects.requireNonNull(y, "y");
    if (y.length == 0) {
      throw new IllegalArgumentException("a share has at least one byte");
    }
    return new ShamirShare(index, SecretBytes.copyOf(y, 0, y.length, "ShamirShare"));
  }

  static ShamirShare adopt(int index, byte[] y) {
    return new ShamirShare(index, SecretBytes.adopt(y, "ShamirShare"));
  }

  /** The x-coordinate. */
  public int index() {
    return index;
  }

  /** The number of y bytes (the secret's length). */
  public int length() {
    return y.length();
  }

  /** A copy of the y bytes. */
  public byte[] reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return y.copy();
  }

  byte[] unsafeY() {
    return y.unsafeArray();
  }

  @Override
  public void destroy() {
    y.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return y.isDestroyed();
  }

  @Override
  public String toString() {
    return "ShamirShare[index=" + index + ", " + y.length() + " bytes, redacted]";
  }
}
