package org.mtlab.cli;

/**
 * Decimal option values, parsed strictly (digits only: no sign, no spaces, no prefix) with errors
 * that name the option and the offending offset. Every failure is a {@link UsageException} (exit
 * 2).
 *
 * <p>Stateless and thread-safe.
 */
public final class Numbers {
  private static final String MAX_UNSIGNED_LONG = "18446744073709551615";

  private Numbers() {}

  /** A decimal in 0..2^64-1, returned as the long with the same 64 bits. */
  public static long unsignedLong(String option, String text) {
    String digits = digits(option, text);
    if (digits.length() > MAX_UNSIGNED_LONG.length()
        || (digits.length() == MAX_UNSIGNED_LONG.length()
            && digits.compareTo(MAX_UNSIGNED_LONG) > 0)) {
      throw UsageException.of(
          option,
          "too big: at most " + MAX_UNSIGNED_LONG + " (2^64 - 1), got " + abbreviate(digits));
    }
    return Long.parseUnsignedLong(digits);
  }

  /** A decimal in 0..2^31-1. */
  public static int nonNegativeInt(String option, String text) {
    String digits = digits(option, text);
    if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
      throw UsageException.of(option, "too big: at most 2147483647, got " + abbreviate(digits));
    }
    return Integer.parseInt(digits);
  }

  /** Unix seconds: a decimal in 0 up to the last second {@link java.time.Instant} holds. */
  public static long epochSeconds(String option, String text) {
    long max = java.time.Instant.MAX.getEpochSecond();
    String digits = digits(option, text);
    if (digits.length() > 19 || Long.parseLong(digits) > max) {
      throw UsageException.of(option, "too big: at most " + max + ", got " + abbreviate(digits));
    }
    return Long.parseLong(digits);
  }

  /** {@code text} checked to be plain decimal digits, without leading zeros. */
  private static String digits(String option, String text) {
    if (text.isEmpty()) {
      throw UsageException.of(option, "must be a decimal number, got nothing");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        if (i == 0 && c == '-' && text.length() > 1) {
          throw UsageException.of(option, "must not be negative");
        }
        throw UsageException.of(
            option,
            "not a decimal digit at offset "
                + i
                + ": "
                + (c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c)));
      }
    }
    return text.replaceFirst("^0+(?=.)", "");
  }

  private static String abbreviate(String digits) {
    return digits.length() <= 30 ? digits : digits.length() + " digits";
  }
}
