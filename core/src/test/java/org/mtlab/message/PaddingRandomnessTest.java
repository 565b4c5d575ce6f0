package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * docs/security.md A14, {@code padding_uniformBits}: the padding a sealer adds is random, with a
 * real statistical bound. Over 1 MiB of padding taken back out of sealed frames (a seeded {@code
 * SHA1PRNG}, so the run is deterministic), every z-score below must stay within {@value #Z_BOUND}
 * standard deviations (a false alarm about once in 1.7 million runs for each statistic; any padding
 * that is constant, zero, a counter, or a copy of the message fails by hundreds): the share of one
 * bits overall and at each of the 8 bit positions of a byte, the share of one bits in the XOR of
 * neighbouring bytes (independence), and a chi-square test of the 256 byte values.
 */
class PaddingRandomnessTest {
  private static final double Z_BOUND = 5.0;
  private static final int TARGET = 1 << 20;

  @Test
  void padding_uniformBits_overOneMebibyte() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(0xA14L);
    AuthKey key = Frames.randomKey(new SplittableRandom(0xA14L));
    // the most padding a message may carry, so 1 MiB takes about a thousand seals
    PaddingPolicy most =
        (unpadded, r) -> (unpadded + MessageSealer.MAX_PADDING) / 16 * 16 - unpadded;
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, random, most);
    byte[] padding = new byte[TARGET];
    int filled = 0;
    for (int i = 1; filled < TARGET; i++) {
      byte[] data = new byte[4 * (i % 5)];
      byte[] frame = sealer.seal(InnerMessage.of(1, 2, clientMsgId(T0, 4L * i), 1, data));
      byte[] plain = decrypt(key, frame);
      int from = InnerMessage.HEADER_LENGTH + LittleEndian.getInt(plain, 28);
      int n = Math.min(plain.length - from, TARGET - filled);
      assertThat(plain.length - from)
          .isBetween(MessageSealer.MIN_PADDING, MessageSealer.MAX_PADDING);
      System.arraycopy(plain, from, padding, filled, n);
      filled += n;
    }

    long bits = 8L * TARGET;
    long ones = 0;
    long[] perPosition = new long[8];
    long[] byteCounts = new long[256];
    long neighbourOnes = 0;
    for (int i = 0; i < TARGET; i++) {
      int b = padding[i] & 0xff;
      ones += Integer.bitCount(b);
      byteCounts[b]++;
      for (int bit = 0; bit < 8; bit++) {
        perPosition[bit] += (b >>> bit) & 1;
      }
      if (i > 0) {
        neighbourOnes += Integer.bitCount(b ^ (padding[i - 1] & 0xff));
      }
    }
    assertThat(Math.abs(z(ones, bits))).as("z of all bits").isLessThan(Z_BOUND);
    for (int bit = 0; bit < 8; bit++) {
      assertThat(Math.abs(z(perPosition[bit], TARGET))).as("z of bit %d", bit).isLessThan(Z_BOUND);
    }
    assertThat(Math.abs(z(neighbourOnes, 8L * (TARGET - 1))))
        .as("z of neighbour XOR")
        .isLessThan(Z_BOUND);
    // chi-square with 255 degrees of freedom, bound by its normal approximation
    double expected = TARGET / 256.0;
    double chi2 =
        Arrays.stream(byteCounts)
            .mapToDouble(c -> (c - expected) * (c - expected) / expected)
            .sum();
    assertThat((chi2 - 255) / Math.sqrt(2 * 255))
        .as("chi-square of byte values, z")
        .isLessThan(Z_BOUND);
  }

  /** The statistic itself can fail: zero padding and a counter are far outside the bound. */
  @Test
  void theBoundRejectsNonRandomPadding() {
    assertThat(Math.abs(z(0, 8L * TARGET))).isGreaterThan(100 * Z_BOUND);
    long counterOnes = 0;
    for (int i = 0; i < TARGET; i++) {
      counterOnes += Integer.bitCount((i & 0xff) ^ ((i - 1) & 0xff));
    }
    assertThat(Math.abs(z(counterOnes, 8L * TARGET))).isGreaterThan(Z_BOUND);
  }

  /** z-score of {@code ones} one-bits among {@code n} fair coin flips. */
  private static double z(long ones, long n) {
    return (ones - n / 2.0) / Math.sqrt(n / 4.0);
  }

  private static byte[] decrypt(AuthKey key, byte[] frame) {
    try (AesKeyIv keyIv = MessageKdf.derive(key, MsgKey.copyOf(frame, 8), Sender.CLIENT)) {
      return AesIge.decrypt(
          keyIv.key(),
          keyIv.iv(),
          Arrays.copyOfRange(frame, EncryptedFrame.HEADER_LENGTH, frame.length));
    }
  }
}
