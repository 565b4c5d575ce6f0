package org.mtlab.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtlab.testing.Seeds;

/** {@link Hex}: lower-case out, strict in, errors that say where. */
class HexTest {

  @Test
  void encodesLowerCaseTwoDigitsPerByte() {
    assertThat(Hex.encode(new byte[] {0x00, 0x0f, (byte) 0xa0, (byte) 0xff, 0x7e}))
        .isEqualTo("000fa0ff7e");
    assertThat(Hex.encode(new byte[0])).isEmpty();
    assertThat(Hex.encode(new byte[] {1, 2, 3, 4, 5}, 1, 3)).isEqualTo("020304");
    assertThat(Hex.encode(new byte[] {1, 2}, 2, 0)).isEmpty();
  }

  @Test
  void decodesUpperLowerAndMixedCase() {
    assertThat(Hex.decode("000fA0fF7e")).containsExactly(0x00, 0x0f, 0xa0, 0xff, 0x7e);
    assertThat(Hex.decode("ABCDEF")).containsExactly(0xab, 0xcd, 0xef);
    assertThat(Hex.decode("")).isEmpty();
    assertThat(Hex.decode("0102")).containsExactly(1, 2);
  }

  @Test
  void decodeInvertsEncodeOnRandomBytes() {
    SplittableRandom r =
        new SplittableRandom(Seeds.cases("hex-round-trip", 1).findFirst().getAsLong());
    for (int i = 0; i < 200; i++) {
      byte[] b = Seeds.bytes(r, r.nextInt(100));
      String hex = Hex.encode(b);
      assertThat(hex).hasSize(2 * b.length).matches("[0-9a-f]*");
      assertThat(Hex.decode(hex)).isEqualTo(b);
      assertThat(Hex.decode(hex.toUpperCase(java.util.Locale.ROOT))).isEqualTo(b);
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"a, 1, 0", "abc, 3, 2", "0011223, 7, 6"})
  void oddLengthIsRejectedNamingTheCountAndTheUnpairedOffset(String hex, int count, int offset) {
    assertThatThrownBy(() -> Hex.decode(hex))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd number of digits (" + count + ")")
        .hasMessageContaining("offset " + offset);
  }

  @ParameterizedTest(name = "\"{0}\" at {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0g|1",
        "g0|0",
        "00 011|2",
        "' 011'|0",
        "0x00|1",
        "00-1|2",
        "aabbccddeeffgg|12",
        "00112233445566778z|17",
        "00\t1|2",
        "0١|1",
        "Ａ0|0",
        "00é0|2"
      })
  void nonHexCharacterIsRejectedNamingItsOffset(String hex, int offset) {
    assertThatThrownBy(() -> Hex.decode(hex))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a hex digit at offset " + offset + ":");
  }

  @ParameterizedTest(name = "offset {1}")
  @CsvSource({"'ab\ncd', 2", "'0011 ', 4", "'0g1', 1", "'00112\r', 5"})
  void strayCharacterInOddLengthTextIsNamedBeforeTheDigitCount(String hex, int offset) {
    assertThatThrownBy(() -> Hex.decode(hex))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a hex digit at offset " + offset + ":")
        .hasMessageNotContaining("odd number");
  }

  @Test
  void nonPrintableCharacterIsShownEscaped() {
    assertThatThrownBy(() -> Hex.decode("0\u0000"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 1")
        .hasMessageContaining("\\u0000");
  }

  @Test
  void decodeWithExpectedLengthNamesExpectedAndActual() {
    assertThat(Hex.decode("00112233", 4, "salt")).containsExactly(0x00, 0x11, 0x22, 0x33);
    assertThatThrownBy(() -> Hex.decode("001122", 4, "salt"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("salt must be 4 bytes (8 hex digits), got 3 bytes");
    assertThatThrownBy(() -> Hex.decode("", 16, "msg_key"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("msg_key must be 16 bytes (32 hex digits), got 0 bytes");
    assertThatThrownBy(() -> Hex.decode("0011x2", 3, "nonce"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nonce: ")
        .hasMessageContaining("offset 4");
    assertThatThrownBy(() -> Hex.decode("00112", 3, "nonce"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nonce: ")
        .hasMessageContaining("odd");
  }

  @Test
  void nullsAndRangesAreCallerErrors() {
    assertThatNullPointerException()
        .isThrownBy(() -> Hex.encode(null))
        .withMessageContaining("bytes");
    assertThatNullPointerException()
        .isThrownBy(() -> Hex.encode(null, 0, 0))
        .withMessageContaining("bytes");
    assertThatNullPointerException()
        .isThrownBy(() -> Hex.decode(null))
        .withMessageContaining("hex");
    assertThatNullPointerException()
        .isThrownBy(() -> Hex.decode(null, 1, "x"))
        .withMessageContaining("hex");
    assertThatThrownBy(() -> Hex.encode(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Hex.encode(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Hex.encode(new byte[4], 1, Integer.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
