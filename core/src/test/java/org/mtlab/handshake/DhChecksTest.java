package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.testing.Vectors;

/**
 * DH parameter checks: dh_params.json (the published prime, its residues and generators, every
 * window edge with the inclusive reading), Wycheproof's primality vectors, A11-A13, B54-B60.
 */
class DhChecksTest {
  /** RFC 3526 group 14: a published 2048-bit safe prime (p mod 8 = 7, so g = 2 works). */
  static final BigInteger RFC3526_2048 =
      new BigInteger(
          "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a0879"
              + "8e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637"
              + "ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05"
              + "98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c"
              + "354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df0"
              + "6f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aacaa68ffffffffffff"
              + "ffff",
          16);

  private static JsonObject vector(String id) {
    for (JsonObject v : Vectors.published("dh_params.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(id);
  }

  private static BigInteger publishedPrime() {
    return new BigInteger(1, Vectors.hex(vector("current-dh-prime"), "dh_prime"));
  }

  // --- the published prime ------------------------------------------------------------------

  @Test
  void publishedPrime_isTheKnownPrime_andReallyASafePrime() throws Exception {
    JsonObject v = vector("current-dh-prime");
    BigInteger p = publishedPrime();
    assertThat(p).isEqualTo(KnownPrimes.TELEGRAM);
    assertThat(p.bitLength()).isEqualTo(v.get("bits").getAsInt());
    // the shortcut is only allowed because this holds: p and (p-1)/2 prime
    assertThat(DhChecks.isProbablePrime(p)).isEqualTo(v.get("p_is_prime").getAsBoolean());
    assertThat(DhChecks.isProbablePrime(p.shiftRight(1)))
        .isEqualTo(v.get("half_is_prime").getAsBoolean());
    JsonObject residues = v.getAsJsonObject("residues");
    for (Map.Entry<String, JsonElement> e : residues.entrySet()) {
      int m = Integer.parseInt(e.getKey().substring("p_mod_".length()));
      assertThat(p.mod(BigInteger.valueOf(m)).intValue())
          .as(e.getKey())
          .isEqualTo(e.getValue().getAsInt());
    }
    DhChecks.checkPrime(p);
  }

  @Test
  void publishedPrime_generators_g3g4g7Ok_g2g5g6Rejected_A11_B58() throws Exception {
    JsonObject gens = vector("current-dh-prime").getAsJsonObject("generators");
    BigInteger p = publishedPrime();
    List<Integer> ok = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : gens.entrySet()) {
      int g = Integer.parseInt(e.getKey());
      boolean residue = e.getValue().getAsJsonObject().get("quadratic_residue").getAsBoolean();
      assertThat(DhChecks.isQuadraticResidueGenerator(g, p)).as("g = %d", g).isEqualTo(residue);
      if (residue) {
        DhChecks.checkGenerator(g, p);
        ok.add(g);
      } else {
        assertReason(() -> DhChecks.checkGenerator(g, p), CheckReason.DH_G_INVALID);
      }
    }
    assertThat(ok).containsExactly(3, 4, 7);
  }

  @ParameterizedTest(name = "g = {0}")
  @ValueSource(ints = {0, 1, 8, -1, Integer.MIN_VALUE, 9, 256})
  void generatorOutside2To7_isRejected_B58(int g) {
    assertReason(() -> DhChecks.checkGenerator(g, publishedPrime()), CheckReason.DH_G_INVALID);
    assertReason(() -> DhChecks.checkGenerator(g, RFC3526_2048), CheckReason.DH_G_INVALID);
  }

  @Test
  void residueRules_agreeWithEulersCriterion() {
    for (BigInteger p : List.of(publishedPrime(), RFC3526_2048)) {
      BigInteger half = p.shiftRight(1);
      for (int g = 2; g <= 7; g++) {
        boolean euler = BigInteger.valueOf(g).modPow(half, p).equals(BigInteger.ONE);
        assertThat(DhChecks.isQuadraticResidueGenerator(g, p)).as("g = %d", g).isEqualTo(euler);
      }
    }
  }

  @Test
  void anotherSafePrime_passesTheFullTest() throws Exception {
    assertThat(KnownPrimes.isKnownSafePrime(RFC3526_2048)).isFalse();
    DhChecks.checkGroup(2, RFC3526_2048);
  }

  // --- primes that are not safe 2048-bit primes --------------------------------------------

  @Test
  void compositePrime_isRejected_B54() {
    // a 2048-bit odd composite: the RSA modulus of the demo key; and p + 2 for the known prime
    BigInteger n = org.mtlab.testing.DemoRsaKey.pair().publicKey().modulus();
    assertReason(() -> DhChecks.checkPrime(n), CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> DhChecks.checkPrime(KnownPrimes.TELEGRAM.add(BigInteger.TWO)),
        CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> DhChecks.checkPrime(KnownPrimes.TELEGRAM.subtract(BigInteger.TWO)),
        CheckReason.DH_PRIME_INVALID);
  }

  @Test
  void primeWhoseHalfIsComposite_isRejected_B55() {
    // 2^2047 + 1919 (the first prime above 2^2047): prime, but (p - 1)/2 is not
    BigInteger p = BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(1919));
    assertThat(p.bitLength()).isEqualTo(2048);
    assertThat(DhChecks.isProbablePrime(p)).isTrue();
    assertThat(DhChecks.isProbablePrime(p.shiftRight(1))).isFalse();
    assertReason(() -> DhChecks.checkPrime(p), CheckReason.DH_PRIME_INVALID);
  }

  @Test
  void wrongSize_isRejected_B56() {
    BigInteger twoTo2047 = BigInteger.ONE.shiftLeft(2047);
    assertReason(() -> DhChecks.checkPrime(twoTo2047), CheckReason.DH_PRIME_INVALID);
    // a safe 2047-bit number cannot be cheaply made; any 2047- or 2049-bit value is refused
    // before primality is even tested
    assertReason(
        () -> DhChecks.checkPrime(KnownPrimes.TELEGRAM.shiftRight(1)),
        CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> DhChecks.checkPrime(KnownPrimes.TELEGRAM.shiftLeft(1).add(BigInteger.ONE)),
        CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> DhChecks.checkPrime(BigInteger.ONE.shiftLeft(2048).subtract(BigInteger.ONE)),
        CheckReason.DH_PRIME_INVALID);
  }

  @Test
  void topBitSetBytes_areReadUnsigned_andNegatedPrimesNeverReachTheTest_B57() throws Exception {
    byte[] wire = Vectors.hex(vector("current-dh-prime"), "dh_prime");
    assertThat(wire[0] & 0x80).isNotZero();
    BigInteger unsigned = DhChecks.unsigned(Bytes.copyOf(wire));
    assertThat(unsigned.signum()).isPositive();
    DhChecks.checkPrime(unsigned);
    // as two's complement the same bytes are negative, and rejected
    BigInteger signed = new BigInteger(wire);
    assertThat(signed.signum()).isNegative();
    assertReason(() -> DhChecks.checkPrime(signed), CheckReason.DH_PRIME_INVALID);
    // the JDK calls the negative of a prime prime; our test does not
    BigInteger negated = KnownPrimes.TELEGRAM.negate();
    assertThat(negated.isProbablePrime(64)).isTrue();
    assertThat(DhChecks.isProbablePrime(negated)).isFalse();
    assertReason(() -> DhChecks.checkPrime(negated), CheckReason.DH_PRIME_INVALID);
  }

  // --- g_a / g_b ranges -------------------------------------------------------------------

  static Stream<Arguments> edgeCases() {
    JsonObject v = vector("range-edge-cases");
    List<Arguments> out = new ArrayList<>();
    for (JsonElement e : v.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      out.add(Arguments.of(Vectors.str(c, "why"), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edgeCases")
  void windowEdges_inclusiveReading_B60(String why, JsonObject c) throws Exception {
    BigInteger p = new BigInteger(1, Vectors.hex(vector("range-edge-cases"), "dh_prime"));
    String hex = Vectors.str(c, "value_hex");
    BigInteger value = new BigInteger(hex, 16);
    boolean closed = c.get("closed_window").getAsBoolean();
    assertThat(DhChecks.isInRange(value, p)).isEqualTo(closed);
    if (closed) {
      DhChecks.checkGA(value, p);
      DhChecks.checkGB(value, p);
    } else {
      assertReason(() -> DhChecks.checkGA(value, p), CheckReason.DH_G_A_OUT_OF_RANGE);
      assertReason(() -> DhChecks.checkGB(value, p), CheckReason.DH_G_B_OUT_OF_RANGE);
    }
  }

  @Test
  void windowEdges_fromTheSecurityTable_B59_B60() throws Exception {
    BigInteger p = KnownPrimes.TELEGRAM;
    BigInteger w = DhChecks.WINDOW_MARGIN;
    for (BigInteger bad :
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            p.subtract(BigInteger.ONE),
            p,
            p.add(BigInteger.ONE),
            w.subtract(BigInteger.ONE),
            p.subtract(w).add(BigInteger.ONE),
            BigInteger.ONE.negate(),
            p.negate())) {
      assertReason(() -> DhChecks.checkGA(bad, p), CheckReason.DH_G_A_OUT_OF_RANGE);
    }
    DhChecks.checkGA(w, p);
    DhChecks.checkGA(p.subtract(w), p);
    // the window ends agree with dh_params.json's stated window
    JsonObject window = vector("current-dh-prime").getAsJsonObject("g_a_g_b_window");
    assertThat(w.toString(16)).isEqualTo(Vectors.str(window, "low_exclusive_hex"));
    assertThat(p.subtract(w).toString(16)).isEqualTo(Vectors.str(window, "high_exclusive_hex"));
  }

  // --- Wycheproof primality (A13) -----------------------------------------------------------

  static Stream<Arguments> wycheproof() {
    JsonObject root = Vectors.load("published/wycheproof/primality_test.json");
    List<Arguments> out = new ArrayList<>();
    for (JsonElement g : root.getAsJsonArray("testGroups")) {
      for (JsonElement t : g.getAsJsonObject().getAsJsonArray("tests")) {
        JsonObject o = t.getAsJsonObject();
        out.add(Arguments.of(o.get("tcId").getAsInt(), Vectors.str(o, "comment"), o));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "tcId {0}: {1}")
  @MethodSource("wycheproof")
  void wycheproofPrimality(int tcId, String comment, JsonObject t) {
    // Wycheproof encodes values as two's-complement big-endian hex
    BigInteger value = new BigInteger(Hex.decode(Vectors.str(t, "value")));
    String result = Vectors.str(t, "result");
    boolean ours = DhChecks.isProbablePrime(value);
    switch (result) {
      case "valid" -> assertThat(ours).isTrue();
      case "invalid" -> assertThat(ours).isFalse();
      default -> {
        // "acceptable": the negatives of primes. The JDK alone says "prime"; the sign check first
        assertThat(t.getAsJsonArray("flags").toString()).contains("NegativeOfPrime");
        assertThat(value.signum()).isNegative();
        assertThat(value.isProbablePrime(DhChecks.PRIME_CERTAINTY)).isTrue();
        assertThat(ours).isFalse();
      }
    }
  }

  @Test
  void wycheproof_hasTheExpectedCounts() {
    long count = wycheproof().count();
    assertThat(count).isEqualTo(317);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertReason(Call call, CheckReason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(reason);
  }
}
