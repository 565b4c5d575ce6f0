package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.EntropySourceProvider;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * The random generator of one side of one connection: a Hash_DRBG with SHA-256 (NIST SP 800-90A,
 * Bouncy Castle's {@code SP800SecureRandom}) whose entropy input (256 bits) and nonce (128 bits)
 * are drawn from the world's injected {@link SecureRandom} when the connection is made.
 *
 * <p>Why not the world's generator itself: a device and the server are different machines with
 * their own generators, and sharing one would force every session's padding and msg_id draws into
 * one global order. With one generator per side, {@link World#sendAll} can seal and open different
 * users' messages on several cores, and a seeded world still produces the same bytes whatever the
 * threads' timing (each connection's draws happen in its own messages' order). The security
 * strength is that of the world's generator, capped at 256 bits.
 *
 * <p>Stateless; the generators it makes are thread-safe (Bouncy Castle synchronises them), though a
 * connection uses its own from one thread at a time.
 */
final class ConnectionRandom {
  private static final int SECURITY_BITS = 256;
  private static final int NONCE_BYTES = 16;

  private ConnectionRandom() {}

  /**
   * A new generator for one side of a connection, seeded from {@code world}.
   *
   * @param world the world's generator, the only source of entropy
   * @param side a personalization label ("device" or "server"), so the two sides of one connection
   *     differ even in the unlikely event of equal draws
   */
  static SecureRandom derive(SecureRandom world, String side) {
    byte[] nonce = new byte[NONCE_BYTES];
    world.nextBytes(nonce);
    EntropySourceProvider provider = bits -> new WorldEntropy(world, bits);
    return new SP800SecureRandomBuilder(provider)
        .setSecurityStrength(SECURITY_BITS)
        .setEntropyBitsRequired(SECURITY_BITS)
        .setPersonalizationString(
            ("mtlab world connection " + side).getBytes(StandardCharsets.US_ASCII))
        .buildHash(SHA256Digest.newInstance(), nonce, false);
  }

  /** Entropy input drawn from the world's generator (read at instantiation and reseeds only). */
  private record WorldEntropy(SecureRandom world, int bits) implements EntropySource {
    @Override
    public boolean isPredictionResistant() {
      return false;
    }

    @Override
    public byte[] getEntropy() {
      byte[] b = new byte[(bits + 7) / 8];
      world.nextBytes(b);
      return b;
    }

    @Override
    public int entropySize() {
      return bits;
    }
  }
}
