package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.EntropySourceProvider;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * The random generator of one side of one connection: a Hash_DRBG with SHA-256 (NIST SP 800-90A,
 * Bouncy Castle's {@code SP800SecureRandom}, hashing with the JDK's SHA-256, which the JIT runs on
 * the CPU's SHA instructions where there are some) whose entropy input (256 bits) and nonce (128
 * bits) are drawn from the world's injected {@link SecureRandom} when the connection is made, read
 * through a {@value #POOL}-byte pool.
 *
 * <p>Why the pool: a session draws its padding 32 bytes at a time, and each draw from the DRBG
 * costs a generate call with its state update (four SHA-256 compressions or so, in Bouncy Castle's
 * Java SHA-256): with one call per 32 bytes the generator took more time than the session's AES and
 * SHA-256 together ({@code WorldBench}'s profile). One generate call per {@value #POOL} bytes makes
 * it a small part. Bytes are zeroed in the pool as they are handed out, and the pool never leaves
 * the connection.
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
  private static final int POOL = 4096;

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
    SecureRandom drbg =
        new SP800SecureRandomBuilder(provider)
            .setSecurityStrength(SECURITY_BITS)
            .setEntropyBitsRequired(SECURITY_BITS)
            .setPersonalizationString(
                ("mtlab world connection " + side).getBytes(StandardCharsets.US_ASCII))
            .buildHash(new JdkSha256(), nonce, false);
    return new Pooled(new PoolSpi(drbg));
  }

  /**
   * Bouncy Castle's digest interface over the JDK's SHA-256: the same function as Bouncy Castle's
   * own {@code SHA256Digest} (the DRBG's output does not change), several times faster where the
   * JDK's SHA-256 is an intrinsic. Not thread-safe; the DRBG synchronises its use.
   */
  private static final class JdkSha256 implements Digest {
    private final MessageDigest sha256;

    JdkSha256() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    @Override
    public String getAlgorithmName() {
      return "SHA-256"; // the DRBG looks up its seed length and strength by this name
    }

    @Override
    public int getDigestSize() {
      return 32;
    }

    @Override
    public void update(byte in) {
      sha256.update(in);
    }

    @Override
    public void update(byte[] in, int inOff, int len) {
      sha256.update(in, inOff, len);
    }

    @Override
    public int doFinal(byte[] out, int outOff) {
      try {
        return sha256.digest(out, outOff, 32);
      } catch (java.security.DigestException e) {
        throw new IllegalArgumentException("no room for the digest", e);
      }
    }

    @Override
    public void reset() {
      sha256.reset();
    }
  }

  /** A {@link SecureRandom} over a {@link PoolSpi}. */
  private static final class Pooled extends SecureRandom {
    private static final long serialVersionUID = 1L;

    Pooled(PoolSpi spi) {
      super(spi, null);
    }

    @Override
    public String getAlgorithm() {
      return "Hash_DRBG/SHA-256 (pooled)";
    }
  }

  /** Serves bytes from a pool that one generate call of {@code source} refills. */
  private static final class PoolSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final SecureRandom source;
    private final byte[] pool = new byte[POOL];
    private int used = POOL; // empty: filled on first use

    PoolSpi(SecureRandom source) {
      this.source = source;
    }

    @Override
    protected void engineNextBytes(byte[] out) {
      int done = 0;
      while (done < out.length) {
        if (used == POOL) {
          source.nextBytes(pool);
          used = 0;
        }
        int k = Math.min(out.length - done, POOL - used);
        System.arraycopy(pool, used, out, done, k);
        Arrays.fill(pool, used, used + k, (byte) 0);
        used += k;
        done += k;
      }
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      source.setSeed(seed); // mixed into the DRBG; what is pooled is dropped
      Arrays.fill(pool, (byte) 0);
      used = POOL;
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      return source.generateSeed(numBytes);
    }
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
