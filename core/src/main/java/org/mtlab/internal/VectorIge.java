package org.mtlab.internal;

import javax.crypto.Cipher;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernels of {@code IgeCipher}, on the JDK's incubating Vector API. Used only when
 * {@link Simd#IGE} says the module is there; this class must not be touched otherwise (its first
 * use would fail to link).
 *
 * <p><b>Decryption</b> ({@link #decrypt}) does each block's two chaining XORs as single 128-bit
 * operations. Why that is faster: IGE decryption calls AES once per block, and each call's input
 * {@code c_i xor p_(i-1)} depends on the previous call's output, so the whole message is one
 * dependency chain through memory: the JDK's AES intrinsic stores its 16-byte result, Java reads
 * it, XORs, writes the next input, and the intrinsic loads it as one 16-byte value. When Java
 * writes that input as two 8-byte stores, the CPU cannot forward them to the 16-byte load and the
 * load waits until the stores reach the cache, on every block. One 16-byte vector store forwards
 * normally; on the development machine (AMD EPYC, JDK 17) that took a block from about 28.6 ns to
 * 24.1 ns. The arithmetic is the same as the scalar loop in {@code IgeCipher}, and the tests run
 * both against the reference path.
 *
 * <p><b>Encryption</b> runs IGE as CBC over pre-XORed blocks; {@link #preXor} (the first chunk) and
 * {@link #postXorAndNextPreXor} (after each CBC call) are its passes over the data, in 16-byte
 * vectors instead of 8-byte steps.
 *
 * <p><b>Needs C2.</b> The Vector API is fast only where HotSpot's C2 compiles it to vector
 * instructions; in the interpreter, under {@code -XX:TieredStopAtLevel=1} or {@code -Xint}, each
 * vector is a heap object and the kernels are slower than the scalar loops (those JVMs should set
 * {@code mtlab.simd=off}). Heap vectors also hold copies of plaintext and chaining values that
 * cannot be wiped, which the scalar loops (longs in registers) do not leave behind.
 *
 * <p>Not exported. Stateless.
 */
public final class VectorIge {
  /**
   * The one vector shape MTLab uses, everywhere. On HotSpot 17 the Vector API's shared methods
   * collect type profiles; once a JVM has run {@code ByteVector}s of two shapes through them (say
   * 128 and 256 bits), C2 can no longer bind their calls statically, boxes each vector on the heap
   * and runs slower than the scalar loop (measured: 96 bytes and 27 ns a block instead of 0 and 24
   * ns). Using a single shape keeps MTLab from doing that to itself; an application that runs other
   * shapes in the same JVM should measure, or turn the kernels off.
   */
  private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;

  private static final int BLOCK = 16;

  private VectorIge() {}

  /**
   * Decrypts {@code length} bytes (a positive multiple of 16, ranges already checked) with the
   * AES/ECB decryptor {@code ecb}, continuing from and updating {@code chain}: bytes 0..15 hold the
   * previous ciphertext block, bytes 16..31 the previous plaintext block. {@code u} and {@code d}
   * are 16-byte scratch blocks. In place ({@code in == out}, same offset) is allowed: each block is
   * read before it is overwritten.
   */
  public static void decrypt(
      Cipher ecb,
      byte[] in,
      int inOff,
      int length,
      byte[] out,
      int outOff,
      byte[] u,
      byte[] d,
      byte[] chain) {
    ByteVector prevC = ByteVector.fromArray(B128, chain, 0);
    ByteVector prevP = ByteVector.fromArray(B128, chain, BLOCK);
    for (int j = 0; j < length; j += BLOCK) {
      ByteVector c = ByteVector.fromArray(B128, in, inOff + j);
      c.lanewise(VectorOperators.XOR, prevP).intoArray(u, 0);
      Jce.update(ecb, u, 0, BLOCK, d, 0);
      prevP = ByteVector.fromArray(B128, d, 0).lanewise(VectorOperators.XOR, prevC);
      prevP.intoArray(out, outOff + j);
      prevC = c;
    }
    prevC.intoArray(chain, 0);
    prevP.intoArray(chain, BLOCK);
  }

  /**
   * Encryption's pre-XOR over one chunk: {@code x[j] = in[inOff + j] xor in[inOff + j - 32]} for
   * {@code j} in {@code [32, n)}. {@code x} is the cipher's own scratch, never the caller's array;
   * {@code n} is a multiple of 16.
   */
  public static void preXor(byte[] in, int inOff, int n, byte[] x) {
    for (int j = 2 * BLOCK; j < n; j += BLOCK) {
      preXorBlock(in, inOff, j, x);
    }
  }

  /**
   * The XOR work between two CBC calls of encryption, in one backward pass: the post-XOR of the
   * chunk just encrypted, {@code out[op + j] = y[j] xor in[ip + j - 16]} for {@code j} in {@code
   * [16, n)}, and the pre-XOR of the next chunk, {@code x[j] = in[nextIp + j] xor in[nextIp + j -
   * 32]} for {@code j} in {@code [32, nextN)} ({@code nextN} may be 0). One loop instead of two: on
   * JDK 17 at 16 KiB, with 1 KiB chunks, 20.5 µs against 21.4 to 21.9 µs for two passes in a quiet
   * JMH run (within the noise on a busy host).
   *
   * <p>In place ({@code out == in}, same offset): the post-XOR writes only this chunk and reads 16
   * bytes below what it writes, from the top down, so every plaintext block is read before it is
   * overwritten; the pre-XOR reads only the next chunk, which nothing here writes.
   */
  public static void postXorAndNextPreXor(
      byte[] y, byte[] in, int ip, byte[] out, int op, int n, int nextIp, int nextN, byte[] x) {
    int both = Math.min(n, nextN);
    for (int j = nextN - BLOCK; j >= Math.max(n, 2 * BLOCK); j -= BLOCK) {
      preXorBlock(in, nextIp, j, x);
    }
    int j = n - BLOCK;
    for (; j >= Math.max(both, BLOCK); j -= BLOCK) {
      postXorBlock(y, in, ip, out, op, j);
    }
    for (; j >= 2 * BLOCK; j -= BLOCK) {
      postXorBlock(y, in, ip, out, op, j);
      preXorBlock(in, nextIp, j, x);
    }
    if (j == BLOCK) {
      postXorBlock(y, in, ip, out, op, BLOCK);
    }
  }

  private static void preXorBlock(byte[] in, int ip, int j, byte[] x) {
    ByteVector.fromArray(B128, in, ip + j)
        .lanewise(VectorOperators.XOR, ByteVector.fromArray(B128, in, ip + j - 2 * BLOCK))
        .intoArray(x, j);
  }

  private static void postXorBlock(byte[] y, byte[] in, int ip, byte[] out, int op, int j) {
    ByteVector.fromArray(B128, y, j)
        .lanewise(VectorOperators.XOR, ByteVector.fromArray(B128, in, ip + j - BLOCK))
        .intoArray(out, op + j);
  }

  /** True if this JVM runs 128-bit vectors in hardware (SSE2 or NEON and up). */
  public static boolean hardwareSupported() {
    return ByteVector.SPECIES_PREFERRED.vectorBitSize() >= B128.vectorBitSize();
  }
}
