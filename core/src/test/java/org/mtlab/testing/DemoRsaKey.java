package org.mtlab.testing;

import java.math.BigInteger;
import org.mtlab.handshake.ServerRsaKeyPair;

/**
 * MTLab's demo RSA key for tests: a 2048-bit key made once with {@code openssl genrsa 2048}. It is
 * published in this repository, so it protects nothing; it lives in the test fixtures (and, for the
 * CLI's seeded runs, in the examples), never in the library. Deterministic and fast, which is all a
 * test needs.
 */
public final class DemoRsaKey {
  /** The first prime. */
  public static final BigInteger P =
      new BigInteger(
          "d94134a46327c5e5464cb933d91453fbc99ed3308f3604bfe95d386005341498b84ad7263d48bd935696c2bd"
              + "ed964fb2dd3e7fb01fd0ecaa6fd54a37b37b9559d5c05f7cfb140eef2538bae63d08565f116de63aa687"
              + "79531b89114b5bba1ed2576b804a0e5f3405d49d1fef33160bcefe77663e541b60b760cf68e4b3428497",
          16);

  /** The second prime. */
  public static final BigInteger Q =
      new BigInteger(
          "c5c362969f09826361f5d07b079e0d2619368823869f282d556fbb8e05bdc6935afd5b3b1198203732661b04"
              + "d29e04d963458eca4d9b3ce7fb309e59bda8b951c614a6b90331bc1d3b705ba4fe98d670e1ddeb8bb6fe"
              + "d77e3414422831fcab32b51cb4aab4bb081a681486134c67ce2c524a73893d8bd22340468a072f032a0b",
          16);

  private DemoRsaKey() {}

  /** The key pair (p, q, e = 65537). */
  public static ServerRsaKeyPair pair() {
    return ServerRsaKeyPair.fromPrimes(P, Q, ServerRsaKeyPair.DEFAULT_EXPONENT);
  }

  /** The private exponent d = e^-1 mod lcm(p - 1, q - 1): the textbook oracle for c^d mod n. */
  public static BigInteger privateExponent() {
    BigInteger pm1 = P.subtract(BigInteger.ONE);
    BigInteger qm1 = Q.subtract(BigInteger.ONE);
    BigInteger lcm = pm1.multiply(qm1).divide(pm1.gcd(qm1));
    return ServerRsaKeyPair.DEFAULT_EXPONENT.modInverse(lcm);
  }
}
