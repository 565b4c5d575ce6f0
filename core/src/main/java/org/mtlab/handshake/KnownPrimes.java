package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.Objects;

/**
 * DH primes known in advance to be safe 2048-bit primes, so that a client may skip the costly
 * primality tests when a server offers one of them (the shortcut the documentation allows and
 * Telegram Android takes). The size, generator and range checks still run.
 *
 * <p>The only entry is the prime Telegram's servers use, printed on the auth_key and
 * security_guidelines pages of core.telegram.org: {@code C71CAEB9...B92FCC5B}. Its primality and
 * that of (p - 1)/2 are verified by this project's tests, not assumed.
 *
 * <p>Stateless and thread-safe.
 */
public final class KnownPrimes {
  /** Telegram's published 2048-bit safe prime (p mod 8 = 3, so g = 3, 4 or 7). */
  public static final BigInteger TELEGRAM =
      new BigInteger(
          "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d2"
              + "2530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc97465129693284"
              + "54f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a69581"
              + "1051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d"
              + "169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850c"
              + "e929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
          16);

  private KnownPrimes() {}

  /** True when {@code p} is one of the known safe primes. */
  public static boolean isKnownSafePrime(BigInteger p) {
    return TELEGRAM.equals(Objects.requireNonNull(p, "p"));
  }
}
