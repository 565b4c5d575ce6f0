package org.mtlab.crypto;

/** {@link CbcEncryptKernel} with its XOR passes on longs. Package-private. Not thread-safe. */
final class ScalarCbcEncryptKernel extends CbcEncryptKernel {
  @Override
  void preXorBody(byte[] in, int ip, int n) {
    for (int j = 2 * BLOCK; j < n; j += 8) {
      put(x, j, get(in, ip + j) ^ get(in, ip + j - 2 * BLOCK));
    }
  }

  @Override
  void postXorAndNextPreXor(byte[] in, int ip, byte[] out, int op, int n, int nextIp, int n2) {
    // backwards, so that in-place output never overwrites a plaintext block still needed
    for (int j = n - BLOCK; j >= BLOCK; j -= BLOCK) {
      put(out, op + j, get(y, j) ^ get(in, ip + j - BLOCK));
      put(out, op + j + 8, get(y, j + 8) ^ get(in, ip + j - 8));
    }
    preXorBody(in, nextIp, n2);
  }
}
