package org.mtlab.tl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;

/**
 * B64: length prefixes and counts that run past the input give TL_MALFORMED, and nothing is
 * allocated beyond the input (a 2^31 - 1 count would otherwise be an OutOfMemoryError).
 */
class TlReaderBoundsTest {

  private interface Read {
    void run(TlReader in) throws CheckFailedException;
  }

  private static CheckReason reason(String hex, Read read) {
    try {
      read.run(new TlReader(Hex.decode(hex)));
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  @Test
  void bytes_lengthPrefixRunningPastTheBuffer_tlMalformed() {
    assertThat(reason("c8000000", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("fe000001" + "00".repeat(16), TlReader::readBytes))
        .isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("feffffff", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("fe00", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("ff000000", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
    // padding missing after the data
    assertThat(reason("0361626300", TlReader::readBytes)).isNull();
    assertThat(reason("03616263", TlReader::readBytes)).isNull();
    assertThat(reason("0461626364", TlReader::readBytes)).isEqualTo(CheckReason.TL_MALFORMED);
  }

  /** docs/protocol.md §1: one encoding per value (the short prefix below 254, zero padding). */
  @Test
  void bytes_nonCanonicalEncodings_tlMalformed() {
    // "abc" in the long form, and 253 bytes in the long form
    assertThat(reason("fe030000" + "61626300", TlReader::readBytes))
        .isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("fefd0000" + "00".repeat(256), TlReader::readBytes))
        .isEqualTo(CheckReason.TL_MALFORMED);
    // 254 bytes must use the long form, and it is accepted
    assertThat(reason("fefe0000" + "00".repeat(256), TlReader::readBytes)).isNull();
    // non-zero padding after "abcde" (1 + 5 + 2 bytes)
    assertThat(reason("05616263646500" + "01", TlReader::readBytes))
        .isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("05616263646500" + "00", TlReader::readBytes)).isNull();
    assertThat(reason("fefe0000" + "00".repeat(254) + "0001", TlReader::readBytes))
        .isEqualTo(CheckReason.TL_MALFORMED);
  }

  @Test
  void vectorLong_negativeOrHugeCount_tlMalformed() {
    String vector = "15c4b51c";
    for (String count : new String[] {"ffffffff", "00000080", "ffffff7f", "02000000"}) {
      assertThat(reason(vector + count + "0100000000000000", in -> in.readVectorLong(1 << 30)))
          .as("count %s", count)
          .isEqualTo(CheckReason.TL_MALFORMED);
    }
    assertThat(reason(vector + "01000000" + "0100000000000000", in -> in.readVectorLong(1)))
        .isNull();
    assertThat(reason(vector + "02000000" + "00".repeat(16), in -> in.readVectorLong(1)))
        .as("over the caller's maximum")
        .isEqualTo(CheckReason.TL_MALFORMED);
  }

  @Test
  void fixedReads_pastTheEnd_tlMalformed() {
    assertThat(reason("010203", TlReader::readInt)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("01020304050607", TlReader::readLong)).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("0102", in -> in.readRaw(3))).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("0102", in -> in.readRaw(-1))).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason("0102", in -> in.skip(Integer.MAX_VALUE)))
        .isEqualTo(CheckReason.TL_MALFORMED);
  }
}
