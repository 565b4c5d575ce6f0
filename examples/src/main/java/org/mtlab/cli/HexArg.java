package org.mtlab.cli;

import java.util.Arrays;
import org.mtlab.bytes.Hex;
import org.mtlab.key.AuthKey;

/**
 * Hex option values and hex input, decoded with errors that name the option: {@code --key: not a
 * hex digit at offset 3: 'z'}, {@code --iv: must be 32 bytes (64 hex digits), got 31 bytes}. Every
 * failure is a {@link UsageException} (exit 2).
 *
 * <p>Stateless and thread-safe.
 */
public final class HexArg {
  private HexArg() {}

  /** {@code text} as bytes, any length (0 allowed). */
  public static byte[] any(String option, String text) {
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw UsageException.of(option, e.getMessage());
    }
  }

  /** {@code text} as exactly {@code length} bytes. */
  public static byte[] exactly(String option, String text, int length) {
    byte[] out = any(option, text);
    if (out.length != length) {
      throw UsageException.of(
          option,
          "must be "
              + length
              + " bytes ("
              + 2 * length
              + " hex digits), got "
              + out.length
              + (out.length == 1 ? " byte" : " bytes"));
    }
    return out;
  }

  /** {@code text} as a non-empty multiple of {@code block} bytes. */
  public static byte[] blocks(String option, String text, int block) {
    byte[] out = any(option, text);
    if (out.length == 0 || out.length % block != 0) {
      throw UsageException.of(
          option, "must be a non-empty multiple of " + block + " bytes, got " + out.length);
    }
    return out;
  }

  /**
   * Hex text read from a file or stdin: whitespace (line breaks, spaces) is ignored; any other
   * non-hex character is an error naming its offset in the text.
   */
  public static byte[] text(String source, String text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (Character.digit(c, 16) < 0) {
        throw UsageException.of(
            source,
            "not a hex digit at offset "
                + i
                + ": "
                + (c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c)));
      }
      digits.append(c);
    }
    return any(source, digits.toString());
  }

  /** An auth key from 256 bytes of hex (the decoded array is wiped after the copy). */
  public static AuthKey authKey(String option, String text) {
    byte[] bytes = exactly(option, text, AuthKey.LENGTH);
    try {
      return AuthKey.copyOf(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
