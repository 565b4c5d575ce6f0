package org.mtlab.crypto;

import org.mtlab.internal.VectorIge;

/**
 * {@link CbcEncryptKernel} with its XOR passes in 128-bit vectors ({@link VectorIge}), the post-XOR
 * and the next chunk's pre-XOR in one pass. Used only when {@code org.mtlab.internal.Simd#IGE} says
 * the Vector API is there. Package-private. Not thread-safe.
 */
final class VectorCbcEncryptKernel extends CbcEncryptKernel {
  @Override
  void preXorBody(byte[] in, int ip, int n) {
    VectorIge.preXor(in, ip, n, x);
  }

  @Override
  void postXorAndNextPreXor(byte[] in, int ip, byte[] out, int op, int n, int nextIp, int n2) {
    VectorIge.postXorAndNextPreXor(y, in, ip, out, op, n, nextIp, n2, x);
  }

  @Override
  boolean vectorized() {
    return true;
  }
}
