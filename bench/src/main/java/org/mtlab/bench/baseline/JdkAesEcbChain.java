package org.mtlab.bench.baseline;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A chain of single-block JDK {@code AES/ECB/NoPadding} decryptions, each block's input the
 * previous block's output.
 *
 * <pre>
 *   z_0 = start,   z_(i+1) = D(z_i)
 * </pre>
 *
 * <p>This is the shape of IGE decryption on the JDK's public API without IGE's two XORs a block:
 * one {@code Cipher.update} call per block, and each call's input waits for the previous call's
 * output. IGE decryption on {@code javax.crypto.Cipher} cannot do without one call per block (the
 * JDK offers no mode whose serial chain runs through AES decryption), and we know of no cheaper
 * call than this one (AES/CBC decryption of one or two blocks per call measured slower), which
 * makes this chain the floor to read MTLab's decryption against: the gap between the two is MTLab's
 * own work, and the gap between this chain and CBC encryption is the JDK's per-call cost, which no
 * caller can remove.
 *
 * <p>Each output is written with one 16-byte store by the JDK's AES intrinsic and read by the next
 * call with one 16-byte load, so the CPU can forward it straight through.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class JdkAesEcbChain {
  private static final int BLOCK = 16;

  private final Cipher cipher;
  private final byte[] a = new byte[BLOCK];
  private final byte[] b = new byte[BLOCK];

  /**
   * An ECB decryptor under {@code key} (16, 24 or 32 bytes).
   *
   * @throws IllegalArgumentException if the JDK rejects the key
   */
  public JdkAesEcbChain(byte[] key) {
    try {
      cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES/ECB/NoPadding: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts {@code blocks} times in a chain, starting from {@code start[off, off + 16)}.
   *
   * @return the last output block, in an array of this object's that the next call overwrites
   * @throws IllegalArgumentException if {@code blocks} is less than 1
   * @throws IndexOutOfBoundsException if the start block is outside {@code start}
   * @throws IllegalStateException if the JDK refuses
   */
  public byte[] decrypt(byte[] start, int off, int blocks) {
    Objects.checkFromIndexSize(off, BLOCK, start.length);
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be at least 1, was " + blocks);
    }
    System.arraycopy(start, off, a, 0, BLOCK);
    byte[] in = a;
    byte[] out = b;
    try {
      for (int i = 0; i < blocks; i++) {
        cipher.update(in, 0, BLOCK, out, 0);
        byte[] t = in;
        in = out;
        out = t;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding: " + e.getMessage(), e);
    }
    return in;
  }
}
