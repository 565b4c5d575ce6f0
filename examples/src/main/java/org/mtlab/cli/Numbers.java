package org.mtlab.cli;

/**
 * Decimal option values, parsed strictly (digits only, no sign unless allowed, no spaces) with
 * errors that name the option. Every failure is a {@link UsageException} (exit 2).
 *
 * <p>Stateless and thread-safe.
 */
public final class Numbers {
  private Numbers() {}

  /** A decimal in 0..2^64-1, returned as the long with the same 64 bits. */
  public static long unsignedLong(String option, String text) {
    requireDigits(option, text);
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw UsageException.of(option, "must be at most 2^64 - 1, got " + text);
    }
  }

  /** A decimal in 0..2^31-1. */
  public static int nonNegativeInt(String option, String text) {
    requireDigits(option, text);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw UsageException.of(option, "must be at most 2147483647, got " + text);
    }
  }

  /** Unix seconds: a decimal in 0..2^63-1. */
  public static long epochSeconds(String option, String text) {
    requireDigits(option, text);
    try {
      long v = Long.parseLong(text);
      // Instant's range ends in the year 1000000000; reject what it cannot hold.
      if (v > java.time.Instant.MAX.getEpochSecond()) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw UsageException.of(option, "is not a representable time in Unix seconds: " + text);
    }
  }

  private static void requireDigits(String option, String text) {
    if (text.isEmpty()) {
      throw UsageException.of(option, "must be a decimal number, got nothing");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw UsageException.of(option, "must be a non-negative decimal number, got '" + text + "'");
      }
    }
  }
}
