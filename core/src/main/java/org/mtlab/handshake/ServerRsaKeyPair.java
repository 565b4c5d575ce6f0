package org.mtlab.handshake;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated server's 2048-bit RSA key pair: the public {@link ServerRsaKey} it announces by
 * fingerprint in resPQ, and the private half with which it opens RSA_PAD in req_DH_params.
 *
 * <p>Decryption is <b>blinded</b>: the ciphertext c, chosen by whoever sent req_DH_params, is first
 * multiplied by r^e for a fresh random r, so that the private exponentiation never runs on an
 * attacker-chosen value and its timing (BigInteger.modPow is not constant-time) says nothing about
 * c^d. It then uses the Chinese remainder theorem (two 1024-bit exponentiations instead of one
 * 2048-bit one), unblinds with r^-1, and checks its own result by re-encrypting, so that a
 * computation fault never yields a wrong plaintext.
 *
 * <p>The private values are {@link BigInteger}s, which cannot be wiped from memory; this type never
 * prints them and hands none of them out. Thread-safe; its only mutable state is the count of
 * private operations ({@link #privateOperations()}).
 */
public final class ServerRsaKeyPair {
  /** The usual public exponent, 65537. */
  public static final BigInteger DEFAULT_EXPONENT = BigInteger.valueOf(65537);

  private static final int PRIME_CERTAINTY = 64;

  /** Draws of r before the random source is declared broken (each succeeds w.p. > 1/2). */
  private static final int MAX_BLINDING_DRAWS = 64;

  private final ServerRsaKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger dP;
  private final BigInteger dQ;
  private final BigInteger qInv;
  private final AtomicLong privateOperations = new AtomicLong();

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
   * Generates a fresh key pair: two random 1024-bit primes from {@code random} whose product has
   * exactly 2048 bits, and e = 65537. Takes a noticeable fraction of a second.
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
   * @throws IllegalArgumentException if p or q is not prime, p = q, pq is not 2048 bits, or e is
   *     not usable with them
   */
  public static ServerRsaKeyPair fromPrimes(BigInteger p, BigInteger q, BigInteger e) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(q, "q");
    Objects.requireNonNull(e, "e");
    if (p.signum() <= 0
        || q.signum() <= 0
        || p.equals(q)
        || !p.isProbablePrime(PRIME_CERTAINTY)
        || !q.isProbablePrime(PRIME_CERTAINTY)) {
      throw new IllegalArgumentException("p and q must be two distinct primes");
    }
    return new ServerRsaKeyPair(p, q, e);
  }

  /** Loads a key pair from a JDK RSA private key in CRT form (its primes and public exponent). */
  public static ServerRsaKeyPair fromJdk(RSAPrivateCrtKey key) {
    Objects.requireNonNull(key, "key");
    return fromPrimes(key.getPrimeP(), key.getPrimeQ(), key.getPublicExponent());
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
   * Raw RSA decryption {@code c^d mod n}, blinded and by CRT, for a {@code c} the caller has
   * already checked to be below n. Returns exactly 256 big-endian bytes.
   *
   * <pre>
   *   r  = random in [2, n - 1] with gcd(r, n) = 1   (256 bytes from {@code random})
   *   c' = c r^e mod n
   *   m1 = c'^dP mod p,  m2 = c'^dQ mod q,  h = qInv (m1 - m2) mod p,  m' = m2 + h q
   *   m  = m' r^-1 mod n                              (= c^d mod n)
   * </pre>
   */
  byte[] decryptRaw(BigInteger c, SecureRandom random) {
    privateOperations.incrementAndGet();
    BigInteger n = publicKey.modulus();
    BigInteger r = blindingFactor(n, random);
    BigInteger blinded = c.multiply(r.modPow(publicKey.exponent(), n)).mod(n);
    BigInteger m = crt(blinded).multiply(r.modInverse(n)).mod(n);
    if (!m.modPow(publicKey.exponent(), n).equals(c)) {
      throw new IllegalStateException("RSA-CRT self-check failed (computation fault)");
    }
    return ServerRsaKey.toFixed(m, ServerRsaKey.BYTES);
  }

  /** A random r in [2, n - 1], invertible mod n (a non-invertible r would factor n). */
  private static BigInteger blindingFactor(BigInteger n, SecureRandom random) {
    byte[] bytes = new byte[ServerRsaKey.BYTES];
    for (int draw = 0; draw < MAX_BLINDING_DRAWS; draw++) {
      random.nextBytes(bytes);
      BigInteger r = new BigInteger(1, bytes);
      if (r.compareTo(BigInteger.ONE) > 0
          && r.compareTo(n) < 0
          && r.gcd(n).equals(BigInteger.ONE)) {
        return r;
      }
    }
    throw new IllegalStateException("no usable blinding factor: is the random source broken?");
  }

  /** m = c^d mod n by CRT, unblinded input: callers pass a blinded value only. */
  private BigInteger crt(BigInteger c) {
    BigInteger m1 = c.mod(p).modPow(dP, p);
    BigInteger m2 = c.mod(q).modPow(dQ, q);
    BigInteger h = qInv.multiply(m1.subtract(m2)).mod(p);
    return m2.add(h.multiply(q));
  }

  /**
   * How many private-key operations this pair has run (every call of the server's RSA_PAD
   * decryption): for tests that prove a refused message cost none, and for monitoring.
   */
  public long privateOperations() {
    return privateOperations.get();
  }

  /** The public fingerprint only. */
  @Override
  public String toString() {
    return "ServerRsaKeyPair[fingerprint=" + publicKey.fingerprintHex() + ", private redacted]";
  }
}
