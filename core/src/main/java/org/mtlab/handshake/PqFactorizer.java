package org.mtlab.handshake;

import com.google.common.math.LongMath;
import java.math.BigInteger;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * The handshake's proof of work (docs/protocol.md §5.3): split pq into its two prime factors p &lt;
 * q with Pollard's rho in Brent's variant, on unsigned 64-bit integers.
 *
 * <pre>
 *   f(y) = y^2 + c  (mod n)
 *   Brent: walk y in runs of doubling length r, keep x = y at the start of each run, and
 *   multiply |x - y| for up to m steps before one gcd(product, n); a gcd of n means the
 *   batch overshot, so walk it again one step at a time.
 * </pre>
 *
 * <p>Arithmetic runs in Montgomery form modulo the odd n, so a modular product needs two 64x64-bit
 * multiplications and no division. Montgomery form does not change the walk (it is y^2 + c on
 * R-scaled values) nor any gcd with n (R = 2^64 is coprime to odd n), so no conversion into or out
 * of it is needed.
 *
 * <p>The time is bounded: at most {@value #MAX_STEPS_PER_ATTEMPT} steps for each of {@value
 * #MAX_ATTEMPTS} constants c (deterministic: c = 1, 2, ...), after which the input is rejected. A
 * pq whose smaller factor is below 2^32 needs about 2^16 steps. No randomness is used.
 *
 * <p>Stateless and thread-safe.
 */
public final class PqFactorizer {
  /** Steps of the walk allowed for one constant c. */
  static final int MAX_STEPS_PER_ATTEMPT = 1 << 21;

  /** Constants c tried before giving up. */
  static final int MAX_ATTEMPTS = 4;

  /** Steps between two gcd computations. */
  private static final int BATCH = 128;

  private static final long TWO_POW_32 = 1L << 32;

  private PqFactorizer() {}

  /**
   * Splits pq as the handshake requires: pq given as 1 to 8 big-endian bytes (an unsigned value
   * below 2^64), the product of two distinct odd primes, each below 2^32.
   *
   * @throws CheckFailedException PQ_INVALID for anything else: longer than 8 bytes, 0, 1, a prime,
   *     even, a square p^2, three or more prime factors, a factor of 2^32 or more
   */
  public static PqFactors splitHandshakePq(Bytes pq) throws CheckFailedException {
    Objects.requireNonNull(pq, "pq");
    if (pq.isEmpty() || pq.length() > 8) {
      throw invalid();
    }
    long n = 0;
    for (int i = 0; i < pq.length(); i++) {
      n = (n << 8) | (pq.get(i) & 0xff);
    }
    PqFactors f = factor(n);
    if (f.p() == 2 || Long.compareUnsigned(f.q(), TWO_POW_32) >= 0) {
      throw invalid();
    }
    return f;
  }

  /**
   * Splits {@code pq}, read as an unsigned 64-bit integer, into two distinct primes p &lt; q.
   * (Unlike {@link #splitHandshakePq}, p = 2 and factors of 2^32 or more are allowed.)
   *
   * @throws CheckFailedException PQ_INVALID unless pq is the product of exactly two distinct
   *     primes, or if the bounded search does not find a factor
   */
  public static PqFactors factor(long pq) throws CheckFailedException {
    return factor(pq, MAX_STEPS_PER_ATTEMPT);
  }

  /** {@link #factor(long)} with another step bound (tests show that the bound holds). */
  static PqFactors factor(long pq, int maxStepsPerAttempt) throws CheckFailedException {
    if (Long.compareUnsigned(pq, 6) < 0) { // 0..5: none is a product of two distinct primes
      throw invalid();
    }
    long d;
    if ((pq & 1) == 0) {
      d = 2;
    } else {
      if (isPrimeUnsigned(pq)) {
        throw invalid();
      }
      d = pollardBrent(pq, maxStepsPerAttempt);
    }
    long other = Long.divideUnsigned(pq, d);
    long p = Long.compareUnsigned(d, other) < 0 ? d : other;
    long q = p == d ? other : d;
    // p >= 2 so q <= 2^63: both fit LongMath's signed range.
    if (p == q || !LongMath.isPrime(p) || !LongMath.isPrime(q)) {
      throw invalid();
    }
    return new PqFactors(p, q);
  }

  /** Primality of an unsigned 64-bit value. */
  static boolean isPrimeUnsigned(long n) {
    if (n >= 0) {
      return LongMath.isPrime(n);
    }
    // Above 2^63 LongMath does not apply; 32 Miller-Rabin rounds are plenty for a fast fail.
    return new BigInteger(Long.toUnsignedString(n)).isProbablePrime(64);
  }

  /** A non-trivial factor of the odd composite {@code n}, or PQ_INVALID when the bound is hit. */
  private static long pollardBrent(long n, int maxSteps) throws CheckFailedException {
    Montgomery mont = new Montgomery(n);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      long d = attempt(mont, attempt, 2, maxSteps);
      if (d != 0) {
        return d;
      }
    }
    throw invalid();
  }

  /** One walk with constant c; 0 when it fails (found only n, or ran out of steps). */
  private static long attempt(Montgomery mont, long c, long y0, int maxSteps) {
    long n = mont.n;
    long y = y0;
    long x = y0;
    long ys = y0;
    long product = 1;
    long g = 1;
    long steps = 0;
    for (long r = 1; g == 1; r <<= 1) {
      x = y;
      for (long i = 0; i < r; i++) {
        y = mont.square(y, c);
      }
      steps += r;
      for (long k = 0; k < r && g == 1; k += BATCH) {
        ys = y;
        long batch = Math.min(BATCH, r - k);
        for (long i = 0; i < batch; i++) {
          y = mont.square(y, c);
          product = mont.multiply(product, absDiff(x, y));
        }
        steps += batch;
        g = gcd(product, n);
      }
      if (steps > maxSteps) {
        return 0;
      }
    }
    if (g == n) {
      // The batch went past the factor: redo it one step at a time.
      do {
        ys = mont.square(ys, c);
        g = gcd(absDiff(x, ys), n);
      } while (g == 1);
    }
    return g == n ? 0 : g;
  }

  private static long absDiff(long a, long b) {
    if ((a | b) >= 0) {
      long d = a - b; // both below 2^63: a branch-free |a - b|
      long sign = d >> 63;
      return (d ^ sign) - sign;
    }
    return Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
  }

  /** Binary gcd of unsigned values; gcd(0, n) = n. */
  static long gcd(long a, long b) {
    if (a == 0) {
      return b;
    }
    if (b == 0) {
      return a;
    }
    int shift = Long.numberOfTrailingZeros(a | b);
    a >>>= Long.numberOfTrailingZeros(a);
    while (b != 0) {
      b >>>= Long.numberOfTrailingZeros(b);
      if (Long.compareUnsigned(a, b) > 0) {
        long t = a;
        a = b;
        b = t;
      }
      b -= a;
    }
    return a << shift;
  }

  private static CheckFailedException invalid() {
    return new CheckFailedException(CheckReason.PQ_INVALID);
  }

  /** Montgomery multiplication modulo an odd unsigned 64-bit n, R = 2^64. */
  static final class Montgomery {
    final long n;

    /** n^-1 mod 2^64. */
    private final long nInv;

    Montgomery(long n) {
      if ((n & 1) == 0) {
        throw new IllegalArgumentException("Montgomery form needs an odd modulus");
      }
      this.n = n;
      long x = n; // correct to 3 bits for odd n; each Newton step doubles the bits
      for (int i = 0; i < 5; i++) {
        x *= 2 - n * x;
      }
      this.nInv = x;
    }

    /**
     * REDC(a * b) = a * b * R^-1 mod n, for a, b &lt; n. With m = lo(ab) * n^-1, m * n has the same
     * low word as ab, so (ab - mn) / R = hi(ab) - hi(mn), which lies in (-n, n).
     */
    long multiply(long a, long b) {
      if (n >= 0) {
        // n < 2^63, so a, b < 2^63: the signed high product is exact, hi - mnHi is a signed
        // value in (-n, n), and the correction needs no branch (a data-dependent branch here
        // is mispredicted half the time and costs more than the multiplications).
        long m = a * b * nInv;
        long t = Math.multiplyHigh(a, b) - (Math.multiplyHigh(m, n) + ((m >> 63) & n));
        return t + ((t >> 63) & n);
      }
      long hi = unsignedMultiplyHigh(a, b);
      long lo = a * b;
      long m = lo * nInv;
      long mnHi = unsignedMultiplyHigh(m, n);
      long t = hi - mnHi;
      return Long.compareUnsigned(hi, mnHi) < 0 ? t + n : t;
    }

    /** REDC(y * y) + c mod n: the walk's step. */
    long square(long y, long c) {
      long s = multiply(y, y);
      if (n >= 0) {
        // s + c < 2n < 2^64 cannot wrap as unsigned, and s + c - n lies in (-n, n).
        long d = s + c - n;
        return d + ((d >> 63) & n);
      }
      long sum = s + c;
      if (Long.compareUnsigned(sum, s) < 0 || Long.compareUnsigned(sum, n) >= 0) {
        sum -= n;
      }
      return sum;
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18). */
    static long unsignedMultiplyHigh(long a, long b) {
      return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
  }
}
