package org.mtlab.internal;

import java.util.Objects;

/**
 * Argument checks shared by the public API, with messages that name what was expected.
 *
 * <p>Not exported. Stateless.
 */
public final class Checks {
  private Checks() {}

  /** Throws IAE unless {@code actual == expected}. */
  public static void length(int actual, int expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " must be " + expected + " bytes, got " + actual);
    }
  }

  /** Throws IAE unless {@code length} is a multiple of {@code block}. */
  public static void multipleOf(int length, int block, String what) {
    if (length % block != 0) {
      throw new IllegalArgumentException(
          what + " must be a multiple of " + block + " bytes, got " + length);
    }
  }

  /**
   * Validates a transformation from {@code in[inOff, inOff + len)} to {@code out[outOff, outOff +
   * len)}: non-null arrays (NPE naming the parameter), ranges in bounds (IOOBE, checked with {@link
   * Objects#checkFromIndexSize}, so {@code off + len} overflow is caught), and no partial overlap:
   * the ranges are either disjoint or identical (in place). Partial overlap throws IAE.
   */
  public static void buffers(byte[] in, int inOff, int len, byte[] out, int outOff) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, len, out.length);
    if (in == out && inOff != outOff && len > 0) {
      long lo = Math.max(inOff, outOff);
      long hi = Math.min((long) inOff + len, (long) outOff + len);
      if (lo < hi) {
        throw new IllegalArgumentException(
            "input and output overlap at different offsets (in "
                + inOff
                + ", out "
                + outOff
                + "); use the same offset to work in place, or disjoint ranges");
      }
    }
  }
}
