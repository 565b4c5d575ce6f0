package org.mtlab.bench.baseline;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's {@code AES/ECB/NoPadding} encryption of a whole buffer in one call.
 *
 * <pre>
 *   c_i = E(p_i)
 * </pre>
 *
 * <p>The blocks are independent, so the AES-NI (or VAES) pipeline works on several at once: an
 * upper bound for AES throughput on this JVM that IGE, which is serial, cannot reach. It is in the
 * report for scale only, never as a target.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class JdkAesEcb {
  private final Cipher cipher;

  /**
   * An ECB encryptor under {@code key} (16, 24 or 32 bytes).
   *
   * @throws IllegalArgumentException if the JDK rejects the key
   */
  public JdkAesEcb(byte[] key) {
    try {
      cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES/ECB/NoPadding: " + e.getMessage(), e);
    }
  }

  /**
   * Encrypts {@code in[inOff, inOff + length)} into {@code out[outOff, ...)}.
   *
   * @return the number of bytes written
   * @throws IllegalStateException if the JDK refuses (length not a multiple of 16, short output)
   */
  public int encrypt(byte[] in, int inOff, int length, byte[] out, int outOff) {
    try {
      return cipher.doFinal(in, inOff, length, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding: " + e.getMessage(), e);
    }
  }
}
