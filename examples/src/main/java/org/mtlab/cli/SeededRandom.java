package org.mtlab.cli;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;

/**
 * Deterministic {@link SecureRandom}s for {@code --seed}: the SUN provider's SHA1PRNG seeded before
 * its first use produces the same stream on every JDK. For teaching and reproducible runs only;
 * never for real keys.
 *
 * <p>Stateless and thread-safe (the generators it returns are not shared).
 */
public final class SeededRandom {
  private SeededRandom() {}

  /** A generator whose output depends only on {@code seed}. */
  public static SecureRandom of(long seed) {
    return of(seed, "");
  }

  /**
   * A generator whose output depends only on {@code seed} and {@code label}; different labels give
   * independent streams (the tour uses one per chapter, so a chapter prints the same values whether
   * it runs alone or after the others).
   */
  public static SecureRandom of(long seed, String label) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
      byte[] l = label.getBytes(StandardCharsets.UTF_8);
      byte[] material = new byte[8 + l.length];
      for (int i = 0; i < 8; i++) {
        material[i] = (byte) (seed >>> (56 - 8 * i));
      }
      System.arraycopy(l, 0, material, 8, l.length);
      random.setSeed(material); // before the first nextBytes: replaces self-seeding
      return random;
    } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
      throw new IllegalStateException("this JDK lacks SUN SHA1PRNG", e);
    }
  }
}
