package org.mtlab.keystore;

import java.security.SecureRandom;
import java.util.List;

/**
 * Threshold secret sharing, the raw mathematics: split a secret into {@code n} points of a
 * random polynomial of degree {@code t - 1}, and interpolate the polynomial at zero from
 * points. Two implementations answer the same: {@link ShamirGf256} (ours, readable) and
 * {@link BouncyCastleShamir} (Bouncy Castle's {@code ShamirSecretSplitter}).
 *
 * <p>Raw sharing has no integrity: given too few, duplicate, relabelled or tampered points it
 * silently returns a wrong secret (docs/security.md K3-K6). Never combine points that
 * {@link Custody} has not checked first; the world only ever does it through {@link Custody}.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface SecretSharing {
  /** The largest number of shares over GF(2^8): one per non-zero field element. */
  int MAX_SHARES = 255;

  /**
   * Splits {@code secret} into {@code count} points with indices 1..count, any {@code
   * threshold} of which recover it. Every coefficient is drawn uniformly from the whole field
   * (Shamir pitfall 5).
   *
   * @throws IllegalArgumentException if the secret is empty, {@code threshold < 2}, {@code
   *     threshold > count} or {@code count > 255}
   */
  List<ShamirShare> split(byte[] secret, int threshold, int count, SecureRandom random);

  /**
   * Interpolates at zero through {@code shares}. Checks only what would crash: at least one
   * share, equal lengths, indices distinct and within 1..255.
   *
   * @throws IllegalArgumentException for an empty list, mixed lengths, or a bad or repeated
   *     index
   */
  byte[] combine(List<ShamirShare> shares);

  /** Checks split arguments as both implementations must. */
  static void checkSplit(byte[] secret, int threshold, int count, SecureRandom random) {
    java.util.Objects.requireNonNull(secret, "secret");
    java.util.Objects.requireNonNull(random, "random");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the secret is empty");
    }
    if (threshold < 2) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is below 2 (a threshold of 1 copies the secret)");
    }
    if (count > MAX_SHARES) {
      throw new IllegalArgumentException("at most 255 shares over GF(2^8), not " + count);
    }
    if (threshold > count) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is above the share count " + count);
    }
  }

  /** Checks combine arguments as both implementations must. */
  static void checkCombine(List<ShamirShare> shares) {
    java.util.Objects.requireNonNull(shares, "shares");
    if (shares.isEmpty()) {
      throw new IllegalArgumentException("no shares");
    }
    int length = shares.get(0).length();
    boolean[] seen = new boolean[256];
    for (ShamirShare s : shares) {
      if (s.length() != length) {
        throw new IllegalArgumentException("shares of different lengths");
      }
      if (s.index() < 1 || s.index() > MAX_SHARES) {
        throw new IllegalArgumentException("share index " + s.index() + " is outside 1..255");
      }
      if (seen[s.index()]) {
        throw new IllegalArgumentException("share index " + s.index() + " appears twice");
      }
      seen[s.index()] = true;
    }
  }
}
