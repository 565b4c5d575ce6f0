package org.mtlab.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One way of running AES-256-IGE in one direction, behind {@link IgeCipher}: it owns the AES engine
 * and its scratch space, and the chaining state (the previous ciphertext block c and plaintext
 * block p, as two longs each). {@link IgeCipher} validates every argument before it calls a kernel;
 * a kernel trusts them.
 *
 * <p>Package-private. Not thread-safe: one per cipher.
 */
abstract class IgeKernel {
  static final int BLOCK = 16;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  // Chaining state: the previous ciphertext block (c) and the previous plaintext block (p).
  long c0;
  long c1;
  long p0;
  long p1;

  /** Sets up the AES key schedule for {@code key[off, off + 32)}. */
  abstract void init(byte[] key, int off);

  /** Processes whole blocks, {@code length > 0}, continuing the chaining state. */
  abstract void process(byte[] in, int inOff, int length, byte[] out, int outOff);

  /** The arrays that hold data derived from the input while a call runs (tests check them). */
  abstract byte[][] scratch();

  /** True for the kernels on the incubating Vector API. */
  boolean vectorized() {
    return false;
  }

  /** The chaining state becomes {@code iv[off, off + 32)}: c_(-1), then p_(-1). */
  final void loadIv(byte[] iv, int off) {
    c0 = get(iv, off);
    c1 = get(iv, off + 8);
    p0 = get(iv, off + 16);
    p1 = get(iv, off + 24);
  }

  /** Zeroes {@code b[0, n)} ({@code n} a multiple of 8) with 8-byte stores. */
  static void zero(byte[] b, int n) {
    for (int j = 0; j < n; j += 8) {
      put(b, j, 0L);
    }
  }

  static long get(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  static void put(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }
}
