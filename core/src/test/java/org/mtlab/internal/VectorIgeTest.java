package org.mtlab.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encryption passes of {@link VectorIge} against their byte-by-byte definitions, for every pair
 * of chunk lengths up to 10 blocks, including pairs {@code IgeCipher} never makes (a next chunk
 * longer than this one: only the last chunk is shorter), so the kernels are right on their own
 * terms and not only for today's caller. IgeCipher's results are checked against the reference path
 * elsewhere (IgeKernelTest, IgeCipherTest).
 */
class VectorIgeTest {
  private static final int BLOCK = 16;
  private static final int MAX_BLOCKS = 10;

  @BeforeAll
  static void needsVectors() {
    assumeTrue(Simd.IGE, "the vector kernels are off in this JVM");
  }

  static Stream<Arguments> chunkPairs() {
    return IntStream.rangeClosed(1, MAX_BLOCKS)
        .boxed()
        .flatMap(
            n ->
                IntStream.rangeClosed(0, MAX_BLOCKS)
                    .mapToObj(m -> Arguments.of(n * BLOCK, m * BLOCK)));
  }

  @ParameterizedTest(name = "n = {0}, nextN = {1}")
  @MethodSource("chunkPairs")
  void postXorAndNextPreXorMatchesItsDefinition(int n, int nextN) {
    SplittableRandom random = new SplittableRandom(31L * n + nextN);
    int ip = 16 + 8 * random.nextInt(4); // unaligned offsets as well as aligned ones
    int op = 8 * random.nextInt(5);
    byte[] in = randomBytes(random, ip + n + nextN + 8);
    byte[] out = randomBytes(random, op + n + 8);
    byte[] y = randomBytes(random, n);
    byte[] x = randomBytes(random, Math.max(nextN, 1) + 8);

    byte[] expectedOut = out.clone();
    for (int j = BLOCK; j < n; j++) {
      expectedOut[op + j] = (byte) (y[j] ^ in[ip + j - BLOCK]);
    }
    byte[] expectedX = expectedPreXor(in, ip + n, nextN, x);
    byte[] inBefore = in.clone();
    byte[] yBefore = y.clone();

    VectorIge.postXorAndNextPreXor(y, in, ip, out, op, n, ip + n, nextN, x);

    assertThat(out).isEqualTo(expectedOut);
    assertThat(x).isEqualTo(expectedX);
    assertThat(in).isEqualTo(inBefore);
    assertThat(y).isEqualTo(yBefore);
  }

  @ParameterizedTest(name = "in place: n = {0}, nextN = {1}")
  @MethodSource("chunkPairs")
  void postXorAndNextPreXorInPlaceMatchesItsDefinition(int n, int nextN) {
    SplittableRandom random = new SplittableRandom(1_000_003L * n + nextN);
    int ip = 16 + 8 * random.nextInt(4);
    byte[] buffer = randomBytes(random, ip + n + nextN + 8);
    byte[] y = randomBytes(random, n);
    byte[] x = randomBytes(random, Math.max(nextN, 1) + 8);

    byte[] original = buffer.clone();
    byte[] expected = buffer.clone();
    for (int j = BLOCK; j < n; j++) {
      expected[ip + j] = (byte) (y[j] ^ original[ip + j - BLOCK]);
    }
    byte[] expectedX = expectedPreXor(original, ip + n, nextN, x);

    VectorIge.postXorAndNextPreXor(y, buffer, ip, buffer, ip, n, ip + n, nextN, x);

    assertThat(buffer).isEqualTo(expected);
    assertThat(x).isEqualTo(expectedX);
  }

  @Test
  void preXorMatchesItsDefinitionAndWritesOnlyItsRange() {
    SplittableRandom random = new SplittableRandom(7);
    for (int blocks = 0; blocks <= MAX_BLOCKS; blocks++) {
      int n = blocks * BLOCK;
      int ip = 8 * random.nextInt(6);
      byte[] in = randomBytes(random, ip + n + 8);
      byte[] x = randomBytes(random, Math.max(n, 1) + 8);
      byte[] expectedX = expectedPreXor(in, ip, n, x);
      byte[] inBefore = in.clone();

      VectorIge.preXor(in, ip, n, x);

      assertThat(x).as("n = %d", n).isEqualTo(expectedX);
      assertThat(in).isEqualTo(inBefore);
    }
  }

  /** {@code x[j] = in[ip + j] xor in[ip + j - 32]} for j in [32, n); other bytes of x kept. */
  private static byte[] expectedPreXor(byte[] in, int ip, int n, byte[] x) {
    byte[] expected = Arrays.copyOf(x, x.length);
    for (int j = 2 * BLOCK; j < n; j++) {
      expected[j] = (byte) (in[ip + j] ^ in[ip + j - 2 * BLOCK]);
    }
    return expected;
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
