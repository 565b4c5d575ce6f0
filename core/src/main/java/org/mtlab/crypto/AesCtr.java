package org.mtlab.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import org.mtlab.internal.Checks;
import org.mtlab.internal.Jce;

/**
 * AES-256-CTR as MTProto's obfuscated transports use it: the 16-byte IV is the initial counter
 * block, and the whole block is incremented as one 128-bit big-endian integer that wraps to zero.
 * The keystream runs on across calls for the life of the object (a connection direction); any
 * length is allowed, partial blocks included. Encryption and decryption are the same operation.
 *
 * <p>Built on the JDK's {@code AES/CTR/NoPadding}; tests cross-check it against Bouncy Castle's
 * {@code SICBlockCipher}. Not thread-safe.
 */
public final class AesCtr {
  /** Length of the initial counter block. */
  public static final int IV_LENGTH = 16;

  private final Cipher cipher;

  private AesCtr(Cipher cipher) {
    this.cipher = cipher;
  }

  /**
   * A keystream for {@code key} starting at counter block {@code iv}.
   *
   * @throws IllegalArgumentException unless {@code iv} is 16 bytes
   */
  public static AesCtr create(Aes256Key key, byte[] iv) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    Checks.length(iv.length, IV_LENGTH, "AES-CTR IV");
    Cipher c = Jce.cipher("AES/CTR/NoPadding");
    byte[] k = key.array();
    Jce.init(c, Cipher.ENCRYPT_MODE, k, 0, k.length, new IvParameterSpec(iv));
    return new AesCtr(c);
  }

  /** XORs the next {@code length} keystream bytes over {@code in} into {@code out}. */
  public int process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    Checks.buffers(in, inOff, length, out, outOff);
    if (length == 0) {
      return 0;
    }
    return Jce.update(cipher, in, inOff, length, out, outOff);
  }

  /** Processes all remaining bytes of {@code in} into {@code out}. */
  public int process(ByteBuffer in, ByteBuffer out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    try {
      return cipher.update(in, out);
    } catch (ShortBufferException e) {
      throw new IndexOutOfBoundsException("output buffer too small: " + e.getMessage());
    }
  }

  /** A new array with {@code data} run through the keystream. */
  public byte[] process(byte[] data) {
    Objects.requireNonNull(data, "data");
    byte[] out = new byte[data.length];
    process(data, 0, data.length, out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "AesCtr[redacted]";
  }
}
