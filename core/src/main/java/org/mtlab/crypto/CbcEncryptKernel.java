package org.mtlab.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.mtlab.internal.Jce;

/**
 * IGE encryption as CBC encryption on the JDK's AES: with {@code x_i = p_i xor p_(i-2)}, {@code y_i
 * = c_i xor p_(i-1) = E(x_i xor y_(i-1))}, so each chunk of up to {@value #CHUNK} bytes is one
 * {@code AES/CBC} call (HotSpot's AES-NI intrinsic) between a pre-XOR that builds {@code x} and a
 * post-XOR that turns {@code y} into {@code c}. The two subclasses differ only in how they run
 * those XOR passes (scalar longs or 128-bit vectors).
 *
 * <p>Package-private. Not thread-safe.
 */
abstract class CbcEncryptKernel extends IgeKernel {
  /** Bytes per CBC call (a multiple of 16), chosen with IgeBench (figures: the bench report). */
  static final int CHUNK = 1024;

  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK]);

  private final Cipher jce = Jce.cipher("AES/CBC/NoPadding");

  /** x_i for the current chunk. */
  final byte[] x = new byte[CHUNK];

  /** y_i for the current chunk. */
  final byte[] y = new byte[CHUNK];

  // The JCE cipher's own chaining register (the last y), which only init resets.
  private long r0;
  private long r1;

  @Override
  final void init(byte[] key, int off) {
    Jce.init(jce, Cipher.ENCRYPT_MODE, key, off, Aes256Key.LENGTH, ZERO_IV);
    r0 = 0;
    r1 = 0;
  }

  @Override
  final byte[][] scratch() {
    return new byte[][] {x, y};
  }

  /** {@code x[j] = in[ip + j] xor in[ip + j - 32]} for {@code j} in {@code [32, n)}. */
  abstract void preXorBody(byte[] in, int ip, int n);

  /**
   * {@code out[op + j] = y[j] xor in[ip + j - 16]} for {@code j} in {@code [16, n)}, without
   * overwriting a plaintext block still needed when in place; then the next chunk's pre-XOR from
   * its third block on ({@code n2} bytes from {@code nextIp}).
   */
  abstract void postXorAndNextPreXor(
      byte[] in, int ip, byte[] out, int op, int n, int nextIp, int n2);

  @Override
  final void process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    int n = Math.min(CHUNK, length);
    preXorHead(in, inOff, n);
    preXorBody(in, inOff, n);
    for (int done = 0; ; ) {
      int ip = inOff + done;
      int op = outOff + done;
      Jce.update(jce, x, 0, n, y, 0);
      // Read before the post-XOR: in place, it overwrites this chunk's plaintext.
      long lastP0 = get(in, ip + n - BLOCK);
      long lastP1 = get(in, ip + n - 8);
      int next = done + n;
      int n2 = Math.min(CHUNK, length - next);
      postXorAndNextPreXor(in, ip, out, op, n, inOff + next, n2);
      put(out, op, get(y, 0) ^ p0);
      put(out, op + 8, get(y, 8) ^ p1);
      r0 = get(y, n - BLOCK);
      r1 = get(y, n - 8);
      c0 = get(out, op + n - BLOCK);
      c1 = get(out, op + n - 8);
      p0 = lastP0;
      p1 = lastP1;
      if (n2 == 0) {
        // x and y hold data derived from the plaintext: leave none of it behind. The first
        // chunk was the longest.
        zero(x, Math.min(CHUNK, length));
        zero(y, Math.min(CHUNK, length));
        return;
      }
      preXorHead(in, inOff + next, n2);
      done = next;
      n = n2;
    }
  }

  /**
   * The first two blocks of a chunk's pre-XOR, which reach back into the chaining state: {@code x_0
   * = p_0 xor c_(-1) xor r} (so that CBC's {@code y_0 = E(p_0 xor c_(-1))}) and {@code x_1 = p_1
   * xor p_(-1)}.
   */
  private void preXorHead(byte[] in, int ip, int n) {
    put(x, 0, get(in, ip) ^ c0 ^ r0);
    put(x, 8, get(in, ip + 8) ^ c1 ^ r1);
    if (n > BLOCK) {
      put(x, 16, get(in, ip + 16) ^ p0);
      put(x, 24, get(in, ip + 24) ^ p1);
    }
  }
}
