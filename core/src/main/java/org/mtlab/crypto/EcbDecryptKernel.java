package org.mtlab.crypto;

import javax.crypto.Cipher;
import org.mtlab.internal.Jce;

/**
 * IGE decryption block by block through a reused JDK {@code AES/ECB} cipher, the chaining values in
 * registers: {@code p_i = D(c_i xor p_(i-1)) xor c_(i-1)}. Decryption has no CBC identity (each
 * block's input depends on the previous plaintext), so this is serial.
 *
 * <p>Package-private. Not thread-safe.
 */
final class EcbDecryptKernel extends IgeKernel {
  private final Cipher jce = Jce.cipher("AES/ECB/NoPadding");
  private final byte[] u = new byte[BLOCK];
  private final byte[] d = new byte[BLOCK];

  @Override
  void init(byte[] key, int off) {
    Jce.init(jce, Cipher.DECRYPT_MODE, key, off, Aes256Key.LENGTH, null);
  }

  @Override
  byte[][] scratch() {
    return new byte[][] {u, d};
  }

  @Override
  void process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    long pc0 = c0;
    long pc1 = c1;
    long pp0 = p0;
    long pp1 = p1;
    for (int j = 0; j < length; j += BLOCK) {
      long x0 = get(in, inOff + j);
      long x1 = get(in, inOff + j + 8);
      put(u, 0, x0 ^ pp0);
      put(u, 8, x1 ^ pp1);
      Jce.update(jce, u, 0, BLOCK, d, 0);
      pp0 = get(d, 0) ^ pc0;
      pp1 = get(d, 8) ^ pc1;
      put(out, outOff + j, pp0);
      put(out, outOff + j + 8, pp1);
      pc0 = x0;
      pc1 = x1;
    }
    c0 = pc0;
    c1 = pc1;
    p0 = pp0;
    p1 = pp1;
    zero(u, BLOCK); // c_i xor p_(i-1) and p_i xor c_(i-1): plaintext, given the ciphertext
    zero(d, BLOCK);
  }
}
