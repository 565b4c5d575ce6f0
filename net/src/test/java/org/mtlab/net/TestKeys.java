package org.mtlab.net;

import java.security.SecureRandom;
import org.mtlab.handshake.ServerRsaKeyPair;

/** Server RSA keys for the tests: drawn once per test class from a seeded generator. */
final class TestKeys {
  private TestKeys() {}

  /**
   * A fresh 2048-bit key whose fingerprint's first hex digit is not zero (mtcute looks keys up by
   * the fingerprint's hex without leading zeros, so it never finds one that has them).
   */
  static ServerRsaKeyPair generate(long seed) {
    SecureRandom random = seeded(seed);
    while (true) {
      ServerRsaKeyPair k = ServerRsaKeyPair.generate(random);
      if ((k.fingerprint() >>> 60) != 0) {
        return k;
      }
    }
  }

  /** A deterministic SecureRandom (SHA1PRNG, seeded before first use). */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
