package org.mtlab.bench.baseline;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's {@code AES/CBC/NoPadding} encryption of a whole buffer with one fixed key and IV.
 *
 * <pre>
 *   c_i = E(p_i xor c_(i-1)),   c_(-1) = iv
 * </pre>
 *
 * <p>Each block's AES input depends on the previous block's output, exactly as in IGE, so no
 * pipelining across blocks is possible: this is the practical speed limit for serial AES modes on
 * the JVM (HotSpot runs it on the AES-NI intrinsic). Every {@link #encrypt} call is one {@code
 * doFinal}, which starts again from the IV, just as an IGE benchmark op starts with {@code
 * reset(iv)}.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class JdkAesCbc {
  private final Cipher cipher;

  /**
   * A CBC encryptor under {@code key} (16, 24 or 32 bytes) and {@code iv} (16 bytes).
   *
   * @throws IllegalArgumentException if the JDK rejects the key or IV
   */
  public JdkAesCbc(byte[] key, byte[] iv) {
    try {
      cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES/CBC/NoPadding: " + e.getMessage(), e);
    }
  }

  /**
   * Encrypts {@code in[inOff, inOff + length)} into {@code out[outOff, ...)} from the IV.
   *
   * @return the number of bytes written
   * @throws IllegalStateException if the JDK refuses (length not a multiple of 16, short output)
   */
  public int encrypt(byte[] in, int inOff, int length, byte[] out, int outOff) {
    try {
      return cipher.doFinal(in, inOff, length, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC/NoPadding: " + e.getMessage(), e);
    }
  }
}
