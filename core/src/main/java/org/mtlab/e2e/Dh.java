package org.mtlab.e2e;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.DhGroup;

/**
 * The Diffie-Hellman arithmetic shared by the key exchange and re-keying: drawing a secret exponent
 * whose public value lies in the window, and the shared key. The checks themselves are the
 * handshake's ({@link DhChecks}).
 *
 * <p>A {@link BigInteger} cannot be zeroized: the secret exponents live only as long as one
 * exchange. Package-private; stateless.
 */
final class Dh {
  /** Bytes of a secret exponent (2048 bits). */
  static final int SECRET_BYTES = 256;

  /** Draws allowed before the random source is called broken. */
  static final int MAX_DRAWS = 16;

  private Dh() {}

  /** A secret exponent and its public value {@code g^secret mod p}. */
  record KeyPair(BigInteger secret, BigInteger publicValue) {
    @Override
    public String toString() {
      return "Dh.KeyPair[redacted]";
    }
  }

  /**
   * Draws a 2048-bit secret from {@code random}, XOR-mixed with {@code serverRandom} where given
   * (the server's bytes are only ever mixed in, never trusted alone), again while {@code g^secret
   * mod p} falls outside the window of {@link DhChecks#isInRange}.
   */
  static KeyPair draw(DhGroup group, SecureRandom random, Bytes serverRandom) {
    BigInteger p = group.prime();
    BigInteger g = BigInteger.valueOf(group.g());
    byte[] bytes = new byte[SECRET_BYTES];
    try {
      for (int draw = 0; draw < MAX_DRAWS; draw++) {
        random.nextBytes(bytes);
        if (serverRandom != null) {
          for (int i = 0; i < Math.min(SECRET_BYTES, serverRandom.length()); i++) {
            bytes[i] ^= serverRandom.get(i);
          }
        }
        BigInteger secret = new BigInteger(1, bytes);
        BigInteger value = g.modPow(secret, p);
        if (DhChecks.isInRange(value, p)) {
          return new KeyPair(secret, value);
        }
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    throw new IllegalStateException(
        "no usable exponent in " + MAX_DRAWS + " draws: is the random source broken?");
  }

  /** {@code peer^secret mod p} as a chat key. */
  static ChatKey sharedKey(BigInteger peer, BigInteger secret, BigInteger p) {
    return ChatKey.fromSharedSecret(peer.modPow(secret, p));
  }

  /** {@code v} (0 &lt;= v &lt; 2^2048) as exactly 256 big-endian bytes, left-padded with zeros. */
  static byte[] toFixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    int skip = raw.length > SECRET_BYTES ? raw.length - SECRET_BYTES : 0;
    for (int i = 0; i < skip; i++) {
      if (raw[i] != 0) {
        throw new IllegalArgumentException("value does not fit in 256 bytes");
      }
    }
    byte[] out = new byte[SECRET_BYTES];
    int n = raw.length - skip;
    System.arraycopy(raw, skip, out, SECRET_BYTES - n, n);
    Arrays.fill(raw, (byte) 0);
    return out;
  }

  /** {@code v} as big-endian bytes without a sign byte (TL's big-number encoding). */
  static Bytes unsignedBytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    return Bytes.copyOf(raw, skip, raw.length - skip);
  }
}
