package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.math.LongMath;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.testing.Vectors;
import org.mtlab.tl.TlWriter;

/** Pollard-Brent against pq_factorization.json and generated/pq_factor.json; B50. */
class PqFactorizerTest {

  static Stream<Arguments> published() {
    return Vectors.published("pq_factorization.json").stream()
        .map(v -> Arguments.of(v.get("pq").getAsString(), v));
  }

  @ParameterizedTest(name = "pq {0}")
  @MethodSource("published")
  void publishedTriples(String pq, JsonObject v) throws Exception {
    long n = Long.parseUnsignedLong(pq);
    PqFactors f = PqFactorizer.factor(n);
    assertThat(f.p()).isEqualTo(v.get("p").getAsLong());
    assertThat(f.q()).isEqualTo(v.get("q").getAsLong());
    assertThat(f.pqBytes().hex())
        .isEqualTo(
            Vectors.str(v, "pq_hex").length() % 2 == 0
                ? Vectors.str(v, "pq_hex")
                : "0" + Vectors.str(v, "pq_hex"));
    // the TL encodings: minimal big-endian inside TL bytes
    assertThat(tl(f.pqBytes())).isEqualTo(Vectors.str(v, "pq_tl_bytes"));
    assertThat(tl(f.pBytes())).isEqualTo(Vectors.str(v, "p_tl_bytes"));
    assertThat(tl(f.qBytes())).isEqualTo(Vectors.str(v, "q_tl_bytes"));
    if (f.p() == 2) {
      // the even edge case: a valid split, but no handshake pq (factors odd, below 2^32)
      assertReason(() -> PqFactorizer.splitHandshakePq(f.pqBytes()));
    } else {
      assertThat(PqFactorizer.splitHandshakePq(f.pqBytes())).isEqualTo(f);
    }
  }

  static Stream<Arguments> generated() {
    return Vectors.generated("pq_factor.json").stream()
        .map(c -> Arguments.of(Vectors.str(c, "pq"), c));
  }

  @ParameterizedTest(name = "pq {0}")
  @MethodSource("generated")
  void generatedTriples_includingPqAbove2To63(String pq, JsonObject c) throws Exception {
    long n = Long.parseUnsignedLong(pq);
    PqFactors f = PqFactorizer.splitHandshakePq(PqFactors.minimalBigEndian(n));
    assertThat(Long.toUnsignedString(f.p())).isEqualTo(Vectors.str(c, "p"));
    assertThat(Long.toUnsignedString(f.q())).isEqualTo(Vectors.str(c, "q"));
    assertThat(Long.toUnsignedString(f.pq())).isEqualTo(pq);
  }

  @Test
  void seededRandomSemiprimes_upTo64Bits() throws Exception {
    long seed = 0x5eed_0001L;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 100; i++) {
      long p = nextPrime(rnd.nextLong(3, 1L << 32));
      long q = nextPrime(rnd.nextLong(3, 1L << 32));
      if (p == q) {
        continue;
      }
      long lo = Math.min(p, q);
      long hi = Math.max(p, q);
      PqFactors f = PqFactorizer.splitHandshakePq(PqFactors.minimalBigEndian(lo * hi));
      assertThat(f).as("seed %x, case %d", seed, i).isEqualTo(new PqFactors(lo, hi));
    }
  }

  private static long nextPrime(long v) {
    long x = v | 1;
    while (!LongMath.isPrime(x) || x >= (1L << 32)) {
      x = x >= (1L << 32) ? 3 : x + 2;
    }
    return x;
  }

  // --- B50 ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "pq {0}")
  @ValueSource(
      strings = {
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "1000000007", // prime
        "18446744073709551557", // the largest 64-bit prime (above 2^63)
        "4294967291", // prime just below 2^32
        "18446744030759878681", // 4294967291^2, a square above 2^63
        "1018081", // 1009^2
        "30", // 2 * 3 * 5
      })
  void factor_rejectsNonSemiprimes(String decimal) {
    long n = Long.parseUnsignedLong(decimal);
    assertReason(() -> PqFactorizer.factor(n));
  }

  @Test
  void factor_controlAndThreeFactors() throws Exception {
    assertThat(PqFactorizer.factor(1000000007L * 1000000009L))
        .isEqualTo(new PqFactors(1000000007L, 1000000009L));
    assertReason(() -> PqFactorizer.factor(3L * 1000000007L * 1000000009L));
    assertReason(() -> PqFactorizer.factor(101L * 103L * 107L * 109L));
  }

  @Test
  void splitHandshakePq_rejectsWhatTheProtocolForbids() {
    assertReason(() -> PqFactorizer.splitHandshakePq(Bytes.empty()));
    // more than 8 bytes: above 2^64, even when the value would fit (a leading zero byte)
    assertReason(() -> PqFactorizer.splitHandshakePq(Bytes.fromHex("010000000000000001")));
    assertReason(() -> PqFactorizer.splitHandshakePq(Bytes.fromHex("0017ed48941a08f981")));
    // even pq: 2 * a 61-bit prime
    assertReason(() -> PqFactorizer.splitHandshakePq(Bytes.fromHex("1bc16d674ec80006")));
    // a factor of 2^32 or more: 3 * 4294967311
    assertReason(() -> PqFactorizer.splitHandshakePq(PqFactors.minimalBigEndian(3L * 4294967311L)));
    // prime, square
    assertReason(() -> PqFactorizer.splitHandshakePq(PqFactors.minimalBigEndian(4294967291L)));
    assertReason(
        () ->
            PqFactorizer.splitHandshakePq(
                PqFactors.minimalBigEndian(
                    Long.parseUnsignedLong("18446744030759878681")) /* 4294967291^2 */));
  }

  @Test
  void theStepBoundHolds_andGivesPqInvalid() throws Exception {
    long pq = Long.parseUnsignedLong("15056018145928017491"); // 3859747049 * 3900778459
    assertThat(PqFactorizer.factor(pq)).isEqualTo(new PqFactors(3859747049L, 3900778459L));
    // with a budget far below the ~2^16 steps such factors need, the search gives up
    assertReason(() -> PqFactorizer.factor(pq, 64));
  }

  @Test
  void montgomeryMultiply_matchesBigInteger() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      long n = rnd.nextLong() | 1 | (i % 2 == 0 ? Long.MIN_VALUE : 0);
      PqFactorizer.Montgomery m = new PqFactorizer.Montgomery(n);
      BigInteger bn = new BigInteger(Long.toUnsignedString(n));
      long a = Long.remainderUnsigned(rnd.nextLong(), n);
      long b = Long.remainderUnsigned(rnd.nextLong(), n);
      BigInteger rInv = BigInteger.ONE.shiftLeft(64).modInverse(bn);
      BigInteger expected =
          new BigInteger(Long.toUnsignedString(a))
              .multiply(new BigInteger(Long.toUnsignedString(b)))
              .multiply(rInv)
              .mod(bn);
      assertThat(Long.toUnsignedString(m.multiply(a, b))).isEqualTo(expected.toString());
    }
  }

  @Test
  void montgomerySquare_matchesBigInteger_nearTheSignedAndUnsignedEdges() {
    SplittableRandom rnd = new SplittableRandom(11);
    long[] moduli = {
      Long.MAX_VALUE, Long.MAX_VALUE - 2, Long.MIN_VALUE + 1, -1L, 0x4000000000000001L
    };
    for (long n : moduli) {
      PqFactorizer.Montgomery m = new PqFactorizer.Montgomery(n);
      BigInteger bn = new BigInteger(Long.toUnsignedString(n));
      BigInteger rInv = BigInteger.ONE.shiftLeft(64).modInverse(bn);
      for (int i = 0; i < 500; i++) {
        // values just below n as well as random ones, and the constants the walk uses
        long y = i < 50 ? n - 1 - i : Long.remainderUnsigned(rnd.nextLong(), n);
        long c = 1L + (i % 4);
        BigInteger expected =
            new BigInteger(Long.toUnsignedString(y))
                .pow(2)
                .multiply(rInv)
                .add(BigInteger.valueOf(c))
                .mod(bn);
        assertThat(Long.toUnsignedString(m.square(y, c))).isEqualTo(expected.toString());
      }
    }
  }

  @Test
  void gcd_unsigned() {
    assertThat(PqFactorizer.gcd(0, 12)).isEqualTo(12);
    assertThat(PqFactorizer.gcd(12, 18)).isEqualTo(6);
    long big = Long.parseUnsignedLong("18446744073709551557");
    assertThat(PqFactorizer.gcd(big, big)).isEqualTo(big);
    assertThat(PqFactorizer.gcd(big, 3)).isEqualTo(1);
    assertThat(LongStream.of(6, 10, 15).reduce(PqFactorizer::gcd).getAsLong()).isEqualTo(1);
  }

  private static String tl(Bytes b) {
    return new TlWriter().writeBytes(b).toBytes().hex();
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void assertReason(Call call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.PQ_INVALID);
  }
}
