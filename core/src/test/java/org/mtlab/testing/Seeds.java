package org.mtlab.testing;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for property-style tests. Each property draws its per-case seeds from one master seed
 * mixed with the property's name, so properties do not share streams and any single case can
 * be replayed from the seed printed in its display name ({@code new SplittableRandom(seed)}).
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

  /** {@code n} random bytes from {@code r}. */
  public static byte[] bytes(SplittableRandom r, int n) {
    byte[] out = new byte[n];
    r.nextBytes(out);
    return out;
  }
}
