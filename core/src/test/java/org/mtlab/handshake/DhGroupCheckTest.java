package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.testing.DemoRsaKey;

/**
 * The survivors of the first PIT run over DhChecks: checkGroup must run the primality check (a
 * composite group is refused by the server's builder), and the g = 3 and g = 7 residue rules must
 * be able to say no.
 */
class DhGroupCheckTest {
  /** A 2048-bit odd composite: the demo RSA modulus, with 2^2047 &lt; n &lt; 2^2048. */
  private static final BigInteger COMPOSITE = DemoRsaKey.P.multiply(DemoRsaKey.Q);

  @Test
  void checkGroup_runsThePrimalityCheck() {
    assertThat(COMPOSITE.bitLength()).isEqualTo(2048);
    // a g that passes the residue rule for this n, so only the primality check can refuse it
    int g = 4;
    assertThat(DhChecks.isQuadraticResidueGenerator(g, COMPOSITE)).isTrue();
    assertThatThrownBy(() -> DhChecks.checkGroup(g, COMPOSITE))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.DH_PRIME_INVALID);
    assertThatThrownBy(() -> Rig.serverBuilder(1).group(new DhGroup(g, COMPOSITE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DH_PRIME_INVALID");
  }

  @Test
  void checkGroup_runsTheGeneratorCheck_onAGoodPrime() throws Exception {
    BigInteger p = KnownPrimes.TELEGRAM; // p mod 8 = 3: g = 2 is a non-residue
    DhChecks.checkGroup(3, p);
    assertThatThrownBy(() -> DhChecks.checkGroup(2, p))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.DH_G_INVALID);
    assertThatThrownBy(() -> Rig.serverBuilder(1).group(new DhGroup(2, p)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DH_G_INVALID");
  }

  @Test
  void gEquals3_needsPMod3Equals2() {
    for (int r = 0; r < 3; r++) {
      BigInteger p = BigInteger.valueOf(3 * 1000 + r);
      assertThat(DhChecks.isQuadraticResidueGenerator(3, p))
          .as("p mod 3 = %d", r)
          .isEqualTo(r == 2);
    }
  }

  @Test
  void gEquals7_needsPMod7In3_5_6() {
    for (int r = 0; r < 7; r++) {
      BigInteger p = BigInteger.valueOf(7 * 1000 + r);
      assertThat(DhChecks.isQuadraticResidueGenerator(7, p))
          .as("p mod 7 = %d", r)
          .isEqualTo(r == 3 || r == 5 || r == 6);
    }
  }

  @Test
  void theOtherGenerators_followTheirRules_andOutsideTwoToSevenIsNo() {
    for (int r = 0; r < 24; r++) {
      BigInteger p = BigInteger.valueOf(24 * 1000 + r);
      assertThat(DhChecks.isQuadraticResidueGenerator(2, p)).isEqualTo(r % 8 == 7);
      assertThat(DhChecks.isQuadraticResidueGenerator(4, p)).isTrue();
      assertThat(DhChecks.isQuadraticResidueGenerator(5, p))
          .isEqualTo((24 * 1000 + r) % 5 == 1 || (24 * 1000 + r) % 5 == 4);
      assertThat(DhChecks.isQuadraticResidueGenerator(6, p)).isEqualTo(r == 19 || r == 23);
    }
    for (int g : new int[] {-1, 0, 1, 8, 9}) {
      assertThat(DhChecks.isQuadraticResidueGenerator(g, BigInteger.valueOf(23))).isFalse();
    }
  }
}
