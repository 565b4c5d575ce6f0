package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * The checks every party applies to Diffie-Hellman values from the other side (docs/protocol.md
 * section 5.8; docs/security.md rule 5):
 *
 * <ol>
 *   <li>dh_prime p is a safe 2048-bit prime: 2^2047 &lt; p &lt; 2^2048, and p and (p - 1)/2 are
 *       both prime ({@code isProbablePrime(64)}, after the sign and range check, because the JDK
 *       calls the negative of a prime "prime"). {@link KnownPrimes} skips the primality tests for
 *       Telegram's prime.
 *   <li>g is in 2..7 and a quadratic residue mod p, by the rules quadratic reciprocity gives: g = 2
 *       needs p mod 8 = 7; g = 3 needs p mod 3 = 2; g = 4 always; g = 5 needs p mod 5 in {1, 4}; g
 *       = 6 needs p mod 24 in {19, 23}; g = 7 needs p mod 7 in {3, 5, 6}.
 *   <li>g_a and g_b: 1 &lt; v &lt; p - 1, and inside the window 2^(2048-64) &lt;= v &lt;= p -
 *       2^(2048-64). The documentation does not say whether the ends belong to the window; MTLab
 *       takes the <b>inclusive</b> reading (as TDLib does), so exactly 2^1984 and exactly p -
 *       2^1984 are accepted.
 * </ol>
 *
 * <p>Big numbers from the wire are always read unsigned ({@link #unsigned(Bytes)}). Stateless and
 * thread-safe.
 */
public final class DhChecks {
  /** Bits of dh_prime. */
  public static final int PRIME_BITS = 2048;

  /** Certainty passed to {@link BigInteger#isProbablePrime(int)}. */
  public static final int PRIME_CERTAINTY = 64;

  /** 2^(2048-64): the margin of the recommended window for g_a and g_b. */
  public static final BigInteger WINDOW_MARGIN = BigInteger.ONE.shiftLeft(PRIME_BITS - 64);

  private static final BigInteger TWO_POW_2047 = BigInteger.ONE.shiftLeft(PRIME_BITS - 1);

  private DhChecks() {}

  /** A TL big number, read as big-endian <b>unsigned</b> (never as two's complement). */
  public static BigInteger unsigned(Bytes bytes) {
    return new BigInteger(1, Objects.requireNonNull(bytes, "bytes").toByteArray());
  }

  /**
   * Primality with the sign and range check first: false for every v &lt;= 1 (the JDK's {@code
   * isProbablePrime} answers true for the negative of a prime), else {@code v.isProbablePrime(64)}.
   */
  public static boolean isProbablePrime(BigInteger v) {
    Objects.requireNonNull(v, "v");
    if (v.compareTo(BigInteger.ONE) <= 0) {
      return false;
    }
    return v.isProbablePrime(PRIME_CERTAINTY);
  }

  /**
   * Check 1: p is a safe 2048-bit prime.
   *
   * @throws CheckFailedException DH_PRIME_INVALID
   */
  public static void checkPrime(BigInteger p) throws CheckFailedException {
    Objects.requireNonNull(p, "p");
    // 2^2047 < p < 2^2048
    if (p.signum() <= 0 || p.bitLength() != PRIME_BITS || p.compareTo(TWO_POW_2047) <= 0) {
      throw new CheckFailedException(CheckReason.DH_PRIME_INVALID);
    }
    if (KnownPrimes.isKnownSafePrime(p)) {
      return;
    }
    if (!isProbablePrime(p) || !isProbablePrime(p.shiftRight(1))) {
      throw new CheckFailedException(CheckReason.DH_PRIME_INVALID);
    }
  }

  /**
   * Check 2: g is in 2..7 and a quadratic residue modulo p (by the mod rules above).
   *
   * @throws CheckFailedException DH_G_INVALID
   */
  public static void checkGenerator(int g, BigInteger p) throws CheckFailedException {
    Objects.requireNonNull(p, "p");
    if (!isQuadraticResidueGenerator(g, p)) {
      throw new CheckFailedException(CheckReason.DH_G_INVALID);
    }
  }

  /** The rule of check 2 as a predicate. */
  public static boolean isQuadraticResidueGenerator(int g, BigInteger p) {
    switch (g) {
      case 2 -> {
        return mod(p, 8) == 7;
      }
      case 3 -> {
        return mod(p, 3) == 2;
      }
      case 4 -> {
        return true;
      }
      case 5 -> {
        int r = mod(p, 5);
        return r == 1 || r == 4;
      }
      case 6 -> {
        int r = mod(p, 24);
        return r == 19 || r == 23;
      }
      case 7 -> {
        int r = mod(p, 7);
        return r == 3 || r == 5 || r == 6;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Checks 1 and 2 together.
   *
   * @throws CheckFailedException DH_PRIME_INVALID or DH_G_INVALID
   */
  public static void checkGroup(int g, BigInteger p) throws CheckFailedException {
    checkPrime(p);
    checkGenerator(g, p);
  }

  /**
   * Check 3 as a predicate: 1 &lt; v &lt; p - 1 and 2^1984 &lt;= v &lt;= p - 2^1984 (the inclusive
   * reading of the window).
   */
  public static boolean isInRange(BigInteger v, BigInteger p) {
    Objects.requireNonNull(v, "v");
    Objects.requireNonNull(p, "p");
    BigInteger pMinus1 = p.subtract(BigInteger.ONE);
    return v.compareTo(BigInteger.ONE) > 0
        && v.compareTo(pMinus1) < 0
        && v.compareTo(WINDOW_MARGIN) >= 0
        && v.compareTo(p.subtract(WINDOW_MARGIN)) <= 0;
  }

  /**
   * Check 3 for the server's g_a.
   *
   * @throws CheckFailedException DH_G_A_OUT_OF_RANGE
   */
  public static void checkGA(BigInteger gA, BigInteger p) throws CheckFailedException {
    if (!isInRange(gA, p)) {
      throw new CheckFailedException(CheckReason.DH_G_A_OUT_OF_RANGE);
    }
  }

  /**
   * Check 3 for the client's g_b.
   *
   * @throws CheckFailedException DH_G_B_OUT_OF_RANGE
   */
  public static void checkGB(BigInteger gB, BigInteger p) throws CheckFailedException {
    if (!isInRange(gB, p)) {
      throw new CheckFailedException(CheckReason.DH_G_B_OUT_OF_RANGE);
    }
  }

  private static int mod(BigInteger p, int m) {
    return p.mod(BigInteger.valueOf(m)).intValue();
  }
}
