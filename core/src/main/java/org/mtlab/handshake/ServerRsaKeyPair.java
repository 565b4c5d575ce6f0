package org.mtlab.handshake;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Objects;

/**
 * A simulated server's 2048-bit RSA key pair: the public {@link ServerRsaKey} it announces by
 * fingerprint in resPQ, and the private half with which it opens RSA_PAD in req_DH_params.
 *
 * <p>Decryption uses the Chinese remainder theorem (two 1024-bit exponentiations instead of
 * one 2048-bit one) and checks its own result by re-encrypting, so that a computation fault
 * never yields a wrong plaintext.
 *
 * <p>The private values are {@link BigInteger}s, which cannot be wiped from memory; this type
 * never prints them and hands none of them out. Immutable and thread-safe.
 */
public final class ServerRsaKeyPair {
  /** The usual public exponent, 65537. */
  public static final BigInteger DEFAULT_EXPONENT = BigInteger.valueOf(65537);
  private static final int PRIME_CERTAINTY = 64;

  // A 2048-bit key made with `openssl genrsa 2048` for MTLab's demos and tests. It is
  // published here, so it protects nothing: use it only where determinism matters more than
  // secrecy (the CLI's seeded handshake, the tour, tests).
  private static final String DEMO_P =
      "d94134a46327c5e5464cb933d91453fbc99ed3308f3604bfe95d386005341498b84ad7263d48bd935696c2bd"
          + "ed964fb2dd3e7fb01fd0ecaa6fd54a37b37b9559d5c05f7cfb140eef2538bae63d08565f116de63aa687"
          + "79531b89114b5bba1ed2576b804a0e5f3405d49d1fef33160bcefe77663e541b60b760cf68e4b3428497";
  private static final String DEMO_Q =
      "c5c362969f09826361f5d07b079e0d2619368823869f282d556fbb8e05bdc6935afd5b3b1198203732661b04"
          + "d29e04d963458eca4d9b3ce7fb309e59bda8b951c614a6b90331bc1d3b705ba4fe98d670e1ddeb8bb6fe"
          + "d77e3414422831fcab32b51cb4aab4bb081a681486134c67ce2c524a73893d8bd22340468a072f032a0b";

  private final ServerRsaKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger dP;
  private final BigInteger dQ;
  private final BigInteger qInv;

  private ServerRsaKeyPair(BigInteger p, BigInteger q, BigInteger e) {
    BigInteger n = p.multiply(q);
    this.publicKey = ServerRsaKey.of(n, e);
    BigInteger pm1 = p.subtract(BigInteger.ONE);
    BigInteger qm1 = q.subtract(BigInteger.ONE);
    if (!e.gcd(pm1).equals(BigInteger.ONE) || !e.gcd(qm1).equals(BigInteger.ONE)) {
      throw new IllegalArgumentException("e must be coprime to p - 1 and q - 1");
    }
    this.p = p;
    this.q = q;
    this.dP = e.modInverse(pm1);
    this.dQ = e.modInverse(qm1);
    this.qInv = q.modInverse(p);
  }

  /**
   * Generates a fresh key pair: two random 1024-bit primes from {@code random} whose product
   * has exactly 2048 bits, and e = 65537. Takes a noticeable fraction of a second.
   */
  public static ServerRsaKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    while (true) {
      BigInteger p = BigInteger.probablePrime(ServerRsaKey.BITS / 2, random);
      BigInteger q = BigInteger.probablePrime(ServerRsaKey.BITS / 2, random);
      if (p.equals(q) || p.multiply(q).bitLength() != ServerRsaKey.BITS) {
        continue;
      }
      BigInteger e = DEFAULT_EXPONENT;
      if (e.gcd(p.subtract(BigInteger.ONE)).equals(BigInteger.ONE)
          && e.gcd(q.subtract(BigInteger.ONE)).equals(BigInteger.ONE)) {
        return new ServerRsaKeyPair(p, q, e);
      }
    }
  }

  /**
   * Loads a key pair from its two primes and public exponent.
   *
   * @throws IllegalArgumentException if p or q is not prime, p = q, pq is not 2048 bits, or e
   *     is not usable with them
   */
  public static ServerRsaKeyPair fromPrimes(BigInteger p, BigInteger q, BigInteger e) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(e, "e");
    if (p.signum() <= 0 || q.signum() <= 0 || p.equals(q)
        || !p.isProbablePrime(PRIME_CERTAINTY) || !q.isProbablePrime(PRIME_CERTAINTY)) {
      throw new IllegalArgumentException("p and q must be two distinct primes");
    }
    return new ServerRsaKeyPair(p, q, e);
  }

  /** Loads a key pair from a JDK RSA private key in CRT form (its primes and public exponent). */
  public static ServerRsaKeyPair fromJdk(RSAPrivateCrtKey key) {
    Objects.requireNonNull(key, "key");
    return fromPrimes(key.getPrimeP(), key.getPrimeQ(), key.getPublicExponent());
  }

  /**
   * MTLab's published demo key (made once with OpenSSL). Fast and deterministic, and
   * therefore secret from no one: for the seeded CLI handshake, the tour and tests only.
   */
  public static ServerRsaKeyPair demo() {
    return new ServerRsaKeyPair(
        new BigInteger(DEMO_P, 16), new BigInteger(DEMO_Q, 16), DEFAULT_EXPONENT);
  }

  /** The public half. */
  public ServerRsaKey publicKey() {
    return publicKey;
  }

  /** The public key's fingerprint. */
  public long fingerprint() {
    return publicKey.fingerprint();
  }

  /**
   * Raw RSA decryption {@code c^d mod n} by CRT, for a {@code c} the caller has already
   * checked to be below n. Returns exactly 256 big-endian bytes.
   *
   * <pre>
   *   m1 = c^dP mod p,  m2 = c^dQ mod q,  h = qInv (m1 - m2) mod p,  m = m2 + h q
   * </pre>
   */
  byte[] decryptRaw(BigInteger c) {
    BigInteger m1 = c.mod(p).modPow(dP, p);
    BigInteger m2 = c.mod(q).modPow(dQ, q);
    BigInteger h = qInv.multiply(m1.subtract(m2)).mod(p);
    BigInteger m = m2.add(h.multiply(q));
    if (!m.modPow(publicKey.exponent(), publicKey.modulus()).equals(c)) {
      throw new IllegalStateException("RSA-CRT self-check failed (computation fault)");
    }
    return ServerRsaKey.toFixed(m, ServerRsaKey.BYTES);
  }

  /** The public fingerprint only. */
  @Override
  public String toString() {
    return "ServerRsaKeyPair[fingerprint=" + publicKey.fingerprintHex() + ", private redacted]";
  }
}
