package org.mtlab.bytes;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Strict lower-case hexadecimal. Decoding accepts upper and lower case digits but nothing else: no
 * whitespace, no {@code 0x} prefix, no odd length. Errors name the offending offset (or the
 * expected and actual lengths), so a CLI user can find the mistake.
 *
 * <p>Stateless and thread-safe.
 */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /** Lower-case hex of all of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return LOWER.formatHex(Objects.requireNonNull(bytes, "bytes"));
  }

  /** Lower-case hex of {@code bytes[off, off + len)}. */
  public static String encode(byte[] bytes, int off, int len) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, len, bytes.length);
    return LOWER.formatHex(bytes, off, off + len);
  }

  /**
   * Decodes hex text.
   *
   * @throws IllegalArgumentException if the text has a non-hex character (checked first) or an odd
   *     length; the message names the offset
   */
  public static byte[] decode(CharSequence hex) {
    Objects.requireNonNull(hex, "hex");
    int n = hex.length();
    byte[] out = new byte[n / 2];
    try {
      for (int i = 0; i + 1 < n; i += 2) {
        int hi = digit(hex.charAt(i), i);
        int lo = digit(hex.charAt(i + 1), i + 1);
        out[i / 2] = (byte) ((hi << 4) | lo);
      }
      if ((n & 1) != 0) {
        // Characters first: text with a stray newline or space is named as such, not as a
        // digit count that counts the stray character.
        digit(hex.charAt(n - 1), n - 1);
        throw new IllegalArgumentException(
            "hex has an odd number of digits ("
                + n
                + "); each byte needs two: the digit at"
                + " offset "
                + (n - 1)
                + " has no pair");
      }
    } catch (IllegalArgumentException e) {
      Arrays.fill(out, (byte) 0); // the bytes before the bad digit may be part of a key
      throw e;
    }
    return out;
  }

  /**
   * Decodes hex text that must encode exactly {@code expectedLength} bytes.
   *
   * @param what the name of the value, used in error messages (for example "auth_key")
   * @throws IllegalArgumentException on bad hex or a wrong length (naming expected and actual)
   */
  public static byte[] decode(CharSequence hex, int expectedLength, String what) {
    byte[] out;
    try {
      out = decode(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
    if (out.length != expectedLength) {
      Arrays.fill(out, (byte) 0); // hex of the wrong length may still be most of a key
      throw new IllegalArgumentException(
          what
              + " must be "
              + expectedLength
              + " bytes ("
              + 2 * expectedLength
              + " hex digits), got "
              + out.length
              + " bytes");
    }
    return out;
  }

  private static int digit(char c, int offset) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException(
        "not a hex digit at offset " + offset + ": '" + printable(c) + "'");
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
