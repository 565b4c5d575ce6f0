package org.mtlab.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for tests, and the project's one recipe for a deterministic {@link SecureRandom} ({@link
 * #secureRandom(long, String)}, the same as the examples' {@code SeededRandom}; a test in each
 * module pins its first bytes).
 *
 * <p>Seeds for property-style tests. Each property draws its per-case seeds from one master seed
 * mixed with the property's name, so properties do not share streams and any single case can be
 * replayed from the seed printed in its display name ({@code new SplittableRandom(seed)}).
 *
 * <p>The master seed is fixed, so every run tests the same cases; to explore others, run with
 * {@code -Dmtlab.seed=<long>}.
 */
public final class Seeds {
  /** The master seed used unless {@code -Dmtlab.seed} is given. */
  public static final long DEFAULT_MASTER = 0x4d54_4c61_6232_3032L;

  private Seeds() {}

  /** The master seed of this run. */
  public static long master() {
    return Long.getLong("mtlab.seed", DEFAULT_MASTER);
  }

  /** {@code count} case seeds for the property named {@code property}. */
  public static LongStream cases(String property, int count) {
    long mix = master();
    for (byte b : property.getBytes(StandardCharsets.UTF_8)) {
      mix = mix * 31 + b;
    }
    return new SplittableRandom(mix).longs(count);
  }

  /**
   * A deterministic {@link SecureRandom} for {@code seed} and a stream {@code label}: the SUN
   * provider's SHA1PRNG, seeded before its first use (which replaces its self-seeding) with the
   * seed's 8 big-endian bytes followed by the label in UTF-8. Different labels give independent
   * streams. The same recipe as the examples' {@code org.mtlab.cli.SeededRandom}.
   */
  public static SecureRandom secureRandom(long seed, String label) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
      byte[] l = label.getBytes(StandardCharsets.UTF_8);
      byte[] material = new byte[8 + l.length];
      for (int i = 0; i < 8; i++) {
        material[i] = (byte) (seed >>> (56 - 8 * i));
      }
      System.arraycopy(l, 0, material, 8, l.length);
      random.setSeed(material);
      return random;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks SUN SHA1PRNG", e);
    }
  }

  /** {@code n} random bytes from {@code r}. */
  public static byte[] bytes(SplittableRandom r, int n) {
    byte[] out = new byte[n];
    r.nextBytes(out);
    return out;
  }
}
