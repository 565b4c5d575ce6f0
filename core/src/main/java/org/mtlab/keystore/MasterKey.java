package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.Bytes;
import org.mtlab.internal.SecretBytes;

/**
 * The world's master key (key-encryption key) of one epoch: 32 bytes that wrap every data key and
 * device key at rest. It exists only in the running server's memory (after unsealing) and, for one
 * disclosure, in the combination of released shares; it is never stored whole. Never printed.
 *
 * <p>Thread-safe for reading; {@link #destroy()} zeroes it (best effort: the JCE keeps its own
 * copies of keys it was given).
 */
final class MasterKey implements Destroyable {
  static final int LENGTH = 32;
  static final int KCV_LENGTH = 16;

  private final SecretBytes key;
  private final long epoch;

  private MasterKey(SecretBytes key, long epoch) {
    this.key = key;
    this.epoch = epoch;
  }

  static MasterKey generate(SecureRandom random, long epoch) {
    byte[] k = new byte[LENGTH];
    random.nextBytes(k);
    return new MasterKey(SecretBytes.adopt(k, "MasterKey"), epoch);
  }

  /** Takes ownership of {@code key} (32 bytes). */
  static MasterKey adopt(byte[] key, long epoch) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a master key is 32 bytes, not " + key.length);
    }
    return new MasterKey(SecretBytes.adopt(key, "MasterKey"), epoch);
  }

  long epoch() {
    return epoch;
  }

  byte[] unsafeKey() {
    return key.unsafeArray();
  }

  /**
   * The key-check value: the first 16 bytes of HMAC-SHA256(key, "mtlab/kcv" || world id || epoch).
   * It tells a correct reconstruction from a wrong one and reveals nothing about the key (it is a
   * pseudorandom function of it).
   */
  static Bytes kcv(byte[] key, Bytes worldId, long epoch) {
    Objects.requireNonNull(worldId, "worldId");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update("mtlab/kcv".getBytes(StandardCharsets.US_ASCII));
      mac.update(worldId.toByteArray());
      mac.update(longBytes(epoch));
      return Bytes.copyOf(mac.doFinal(), 0, KCV_LENGTH);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  Bytes kcv(Bytes worldId) {
    return kcv(key.unsafeArray(), worldId, epoch);
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public String toString() {
    return "MasterKey[epoch=" + epoch + ", redacted]";
  }
}
