package org.mtlab.crypto;

import java.util.Arrays;
import javax.crypto.Cipher;
import org.mtlab.internal.Jce;
import org.mtlab.internal.VectorIge;

/**
 * IGE decryption through a reused JDK {@code AES/ECB} cipher with the two chaining XORs per block
 * as single 128-bit operations ({@link VectorIge#decrypt}), which lets the CPU forward each block's
 * input straight to the AES instruction. Same bytes as {@link EcbDecryptKernel}.
 *
 * <p>Package-private. Not thread-safe.
 */
final class VectorDecryptKernel extends IgeKernel {
  private final Cipher jce = Jce.cipher("AES/ECB/NoPadding");
  private final byte[] u = new byte[BLOCK];
  private final byte[] d = new byte[BLOCK];
  private final byte[] chain = new byte[IgeIv.LENGTH];

  @Override
  void init(byte[] key, int off) {
    Jce.init(jce, Cipher.DECRYPT_MODE, key, off, Aes256Key.LENGTH, null);
  }

  @Override
  byte[][] scratch() {
    return new byte[][] {u, d, chain};
  }

  @Override
  void process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    put(chain, 0, c0);
    put(chain, 8, c1);
    put(chain, 16, p0);
    put(chain, 24, p1);
    VectorIge.decrypt(jce, in, inOff, length, out, outOff, u, d, chain);
    c0 = get(chain, 0);
    c1 = get(chain, 8);
    p0 = get(chain, 16);
    p1 = get(chain, 24);
    Arrays.fill(chain, (byte) 0);
    zero(u, BLOCK);
    zero(d, BLOCK);
  }

  @Override
  boolean vectorized() {
    return true;
  }
}
