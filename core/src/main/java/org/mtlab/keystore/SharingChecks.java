package org.mtlab.keystore;

import java.security.SecureRandom;
import java.util.List;

/**
 * The argument checks both {@link SecretSharing} implementations make, before any arithmetic.
 * Package-private: the secret crosses here as raw bytes.
 */
final class SharingChecks {
  private SharingChecks() {}

  /** Checks split arguments as both implementations must. */
  static void checkSplit(byte[] secret, int threshold, int count, SecureRandom random) {
    java.util.Objects.requireNonNull(secret, "secret");
    java.util.Objects.requireNonNull(random, "random");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the secret is empty");
    }
    if (threshold < 2) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is below 2 (a threshold of 1 copies the secret)");
    }
    if (count > SecretSharing.MAX_SHARES) {
      throw new IllegalArgumentException("at most 255 shares over GF(2^8), not " + count);
    }
    if (threshold > count) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is above the share count " + count);
    }
  }

  /** Checks combine arguments as both implementations must. */
  static void checkCombine(List<ShamirShare> shares) {
    java.util.Objects.requireNonNull(shares, "shares");
    if (shares.isEmpty()) {
      throw new IllegalArgumentException("no shares");
    }
    int length = shares.get(0).length();
    boolean[] seen = new boolean[256];
    for (ShamirShare s : shares) {
      if (s.length() != length) {
        throw new IllegalArgumentException("shares of different lengths");
      }
      if (s.index() < 1 || s.index() > SecretSharing.MAX_SHARES) {
        throw new IllegalArgumentException("share index " + s.index() + " is outside 1..255");
      }
      if (seen[s.index()]) {
        throw new IllegalArgumentException("share index " + s.index() + " appears twice");
      }
      seen[s.index()] = true;
    }
  }
}
