package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.SecretAccess;

/**
 * Our Shamir against Bouncy Castle's on seeded cases (docs/security.md §3.3, §4.3), the field
 * arithmetic, perfect secrecy by exhaustion, and the raw pitfalls our wrapper exists for.
 */
class ShamirTest {
  private static final SecretSharing OURS = new ShamirGf256();
  private static final SecretSharing BC = new BouncyCastleShamir();

  /** Carry-less multiplication reduced by 0x11B: the textbook definition. */
  private static int slowMul(int a, int b) {
    int p = 0;
    for (int i = 0; i < 8; i++) {
      if (((b >> i) & 1) != 0) {
        p ^= a << i;
      }
    }
    for (int bit = 14; bit >= 8; bit--) {
      if (((p >> bit) & 1) != 0) {
        p ^= 0x11B << (bit - 8);
      }
    }
    return p;
  }

  @Test
  void gf256_mulMatchesTheDefinition_andEveryNonZeroHasAnInverse() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(Gf256.mul(a, b)).isEqualTo(slowMul(a, b));
      }
      if (a != 0) {
        assertThat(Gf256.mul(a, Gf256.inv(a))).as("a=%d", a).isEqualTo(1);
      }
    }
    assertThat(Gf256.mul(0x57, 0x83)).isEqualTo(0xC1); // FIPS-197 §4.2
  }

  private static SecureRandom seeded(long seed) {
    return org.mtlab.testing.Seeds.secureRandom(seed, "shamir");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void crossTest_splitWithOne_combineWithTheOther_everyThreeOfFive(long seed) {
    byte[] secret = new byte[32];
    new SplittableRandom(seed).nextBytes(secret);
    for (SecretSharing[] pair : new SecretSharing[][] {{OURS, BC}, {BC, OURS}}) {
      List<ShamirShare> shares =
          pair[0].split(SecretAccess.explicitly(), secret, 3, 5, seeded(seed));
      assertThat(shares).extracting(ShamirShare::index).containsExactly(1, 2, 3, 4, 5);
      for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
          for (int k = j + 1; k < 5; k++) {
            List<ShamirShare> subset = List.of(shares.get(k), shares.get(i), shares.get(j));
            assertThat(pair[1].combine(SecretAccess.explicitly(), subset)).isEqualTo(secret);
            assertThat(pair[0].combine(SecretAccess.explicitly(), subset)).isEqualTo(secret);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 16, 255})
  void largeN_allSharesAndThresholdSubsetsRecombine(int n) {
    byte[] secret = new byte[32];
    new SplittableRandom(n).nextBytes(secret);
    int t = n == 255 ? 200 : n - 1; // BC failed from 130 shares up before 1.86 (§4.2)
    for (SecretSharing s : List.of(OURS, BC)) {
      List<ShamirShare> shares = s.split(SecretAccess.explicitly(), secret, t, n, seeded(n));
      assertThat(OURS.combine(SecretAccess.explicitly(), shares)).isEqualTo(secret);
      assertThat(BC.combine(SecretAccess.explicitly(), shares.subList(n - t, n))).isEqualTo(secret);
    }
  }

  @Test
  void bcAgreesWithOurs_onBcsOwnSplitObject() throws Exception {
    byte[] secret = new byte[16];
    new SplittableRandom(9).nextBytes(secret);
    ShamirSplitSecret split =
        ShamirSecretSplitter.getInstance(ShamirSecretSplitter.Algorithm.AES, 16, seeded(9))
            .resplit(secret.clone(), 2, 3);
    ShamirSplitSecretShare[] raw = split.getSecretShares();
    List<ShamirShare> ours = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      ours.add(ShamirShare.of(i + 1, raw[i].getEncoded()));
    }
    assertThat(OURS.combine(SecretAccess.explicitly(), ours.subList(1, 3))).isEqualTo(secret);
  }

  /**
   * Perfect secrecy by exhaustion (§4.4.2): with t = 3 and shares at x = 1, 2, every pair of share
   * bytes is produced by exactly one polynomial for each of the 256 secrets, so the pair says
   * nothing about the secret.
   */
  @Test
  void twoSharesOfAThreeThresholdSplit_areConsistentWithEverySecretExactlyOnce() {
    byte[] count = new byte[1 << 24]; // (secret, y1, y2)
    for (int s = 0; s < 256; s++) {
      for (int a1 = 0; a1 < 256; a1++) {
        for (int a2 = 0; a2 < 256; a2++) {
          int y1 = s ^ a1 ^ a2; // x = 1
          int y2 = s ^ Gf256.mul(a1, 2) ^ Gf256.mul(a2, 4); // x = 2
          count[(s << 16) | (y1 << 8) | y2]++;
        }
      }
    }
    for (int i = 0; i < count.length; i++) {
      if (count[i] != 1) {
        throw new AssertionError("triple " + Integer.toHexString(i) + " seen " + count[i]);
      }
    }
  }

  @Test
  void raw_tooFewShares_giveAWrongSecretSilently_soCustodyMustCount() {
    byte[] secret = new byte[32];
    new SplittableRandom(3).nextBytes(secret);
    List<ShamirShare> shares = BC.split(SecretAccess.explicitly(), secret, 3, 5, seeded(3));
    assertThat(BC.combine(SecretAccess.explicitly(), shares.subList(0, 2))).isNotEqualTo(secret);
    assertThat(OURS.combine(SecretAccess.explicitly(), shares.subList(0, 2))).isNotEqualTo(secret);
  }

  @Test
  void split_refusesBadArguments_K1() {
    byte[] secret = new byte[32];
    for (SecretSharing s : List.of(OURS, BC)) {
      assertThatThrownBy(() -> s.split(SecretAccess.explicitly(), secret, 1, 5, seeded(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("below 2");
      assertThatThrownBy(() -> s.split(SecretAccess.explicitly(), secret, 0, 5, seeded(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.split(SecretAccess.explicitly(), secret, 6, 5, seeded(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("above");
      assertThatThrownBy(() -> s.split(SecretAccess.explicitly(), secret, 3, 256, seeded(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("255");
      assertThatThrownBy(() -> s.split(SecretAccess.explicitly(), new byte[0], 2, 3, seeded(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
    }
  }

  @Test
  void combine_refusesWhatWouldCrashOrMislead() {
    List<ShamirShare> shares = OURS.split(SecretAccess.explicitly(), new byte[32], 2, 3, seeded(1));
    for (SecretSharing s : List.of(OURS, BC)) {
      assertThatThrownBy(() -> s.combine(SecretAccess.explicitly(), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> s.combine(SecretAccess.explicitly(), List.of(shares.get(0), shares.get(0))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("twice");
      assertThatThrownBy(
              () ->
                  s.combine(
                      SecretAccess.explicitly(),
                      List.of(ShamirShare.of(0, new byte[32]), shares.get(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1..255");
      assertThatThrownBy(
              () ->
                  s.combine(
                      SecretAccess.explicitly(),
                      List.of(ShamirShare.of(5, new byte[31]), shares.get(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lengths");
    }
  }

  @Test
  void shares_areRedacted() {
    ShamirShare s = ShamirShare.of(3, new byte[] {0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a});
    assertThat(s.toString()).doesNotContain("5a").contains("redacted");
    s.destroy();
    assertThat(s.isDestroyed()).isTrue();
  }
}
