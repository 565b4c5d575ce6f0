package org.mtlab.keystore;

import java.security.SecureRandom;
import java.util.List;
import org.mtlab.bytes.SecretAccess;

/**
 * Threshold secret sharing, the raw mathematics: split a secret into {@code n} points of a random
 * polynomial of degree {@code t - 1}, and interpolate the polynomial at zero from points. Two
 * implementations answer the same: {@link ShamirGf256} (ours, readable) and {@link
 * BouncyCastleShamir} (Bouncy Castle's {@code ShamirSecretSplitter}).
 *
 * <p>Raw sharing has no integrity: given too few, duplicate, relabelled or tampered points it
 * silently returns a wrong secret (docs/security.md K3-K6). Never combine points that {@link
 * Custody} has not checked first; the world only ever does it through {@link Custody}.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface SecretSharing {
  /** The largest number of shares over GF(2^8): one per non-zero field element. */
  int MAX_SHARES = 255;

  /**
   * Splits {@code secret} into {@code count} points with indices 1..count, any {@code threshold} of
   * which recover it. Every coefficient is drawn uniformly from the whole field (Shamir pitfall 5).
   * The secret crosses as raw bytes, so the caller shows the {@link SecretAccess} token
   * (docs/security.md: secrets stay in their types).
   *
   * @throws IllegalArgumentException if the secret is empty, {@code threshold < 2}, {@code
   *     threshold > count} or {@code count > 255}
   */
  List<ShamirShare> split(
      SecretAccess access, byte[] secret, int threshold, int count, SecureRandom random);

  /**
   * Interpolates at zero through {@code shares}. Checks only what would crash: at least one share,
   * equal lengths, indices distinct and within 1..255. The result is the secret as raw bytes: the
   * caller shows the {@link SecretAccess} token and owns (and wipes) the array.
   *
   * @throws IllegalArgumentException for an empty list, mixed lengths, or a bad or repeated index
   */
  byte[] combine(SecretAccess access, List<ShamirShare> shares);
}
