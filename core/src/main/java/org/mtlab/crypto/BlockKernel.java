package org.mtlab.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Textbook IGE one block at a time over Bouncy Castle's {@code AESEngine}, in either direction: the
 * baseline that {@link AesEngine#BOUNCY_CASTLE} selects.
 *
 * <pre>
 *   encrypt:  c = E(p xor c_prev) xor p_prev
 *   decrypt:  p = D(c xor p_prev) xor c_prev
 * </pre>
 *
 * <p>Package-private. Not thread-safe.
 */
final class BlockKernel extends IgeKernel {
  private final boolean encrypt;
  private final BlockCipher bc = AESEngine.newInstance();
  private final byte[] u = new byte[BLOCK];
  private final byte[] d = new byte[BLOCK];

  BlockKernel(CipherDirection direction) {
    this.encrypt = direction == CipherDirection.ENCRYPT;
  }

  @Override
  void init(byte[] key, int off) {
    byte[] k = Arrays.copyOfRange(key, off, off + Aes256Key.LENGTH);
    bc.init(encrypt, new KeyParameter(k));
    Arrays.fill(k, (byte) 0);
  }

  @Override
  byte[][] scratch() {
    return new byte[][] {u, d};
  }

  @Override
  void process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    for (int j = 0; j < length; j += BLOCK) {
      long x0 = get(in, inOff + j);
      long x1 = get(in, inOff + j + 8);
      long mixIn0 = encrypt ? c0 : p0;
      long mixIn1 = encrypt ? c1 : p1;
      long mixOut0 = encrypt ? p0 : c0;
      long mixOut1 = encrypt ? p1 : c1;
      put(u, 0, x0 ^ mixIn0);
      put(u, 8, x1 ^ mixIn1);
      bc.processBlock(u, 0, d, 0);
      long z0 = get(d, 0) ^ mixOut0;
      long z1 = get(d, 8) ^ mixOut1;
      put(out, outOff + j, z0);
      put(out, outOff + j + 8, z1);
      if (encrypt) {
        c0 = z0;
        c1 = z1;
        p0 = x0;
        p1 = x1;
      } else {
        c0 = x0;
        c1 = x1;
        p0 = z0;
        p1 = z1;
      }
    }
    zero(u, BLOCK);
    zero(d, BLOCK);
  }
}
