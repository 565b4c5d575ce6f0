package org.mtlab.bytes;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Comparisons whose running time does not depend on where two secrets differ. Built on {@link
 * MessageDigest#isEqual}, which the JDK implements without an early exit.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /** True when both arrays have the same length and contents; time independent of contents. */
  public static boolean equals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"));
  }

  /**
   * Compares {@code a[aOff, aOff + len)} with {@code b[bOff, bOff + len)} without allocating and
   * without an early exit.
   */
  public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.checkFromIndexSize(aOff, len, a.length);
    Objects.checkFromIndexSize(bOff, len, b.length);
    int diff = 0;
    for (int i = 0; i < len; i++) {
      diff |= a[aOff + i] ^ b[bOff + i];
    }
    return diff == 0;
  }
}
