package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.VectorIge;
import org.mtlab.testing.Seeds;

/**
 * The JDK-AES {@link IgeCipher} has two kernels, the scalar loops and the optional Vector API ones;
 * both must give the reference path's bytes. The build runs the tests with {@code --add-modules
 * jdk.incubator.vector} (core/pom.xml), so {@link IgeCipher#encryptor} and {@link
 * IgeCipher#decryptor} use the vector kernels there and the other test classes exercise them too;
 * this class pins the scalar kernels explicitly beside them, on the same seeded inputs.
 */
class IgeKernelTest {
  private static final int BLOCK = 16;

  private static IgeCipher cipher(CipherDirection d, Aes256Key key, IgeIv iv, boolean vector) {
    return IgeCipher.create(key, iv, d, AesEngine.JCE, vector);
  }

  @Test
  void theBuildsTestJvmRunsTheVectorKernelsAndCanForbidThem() {
    Aes256Key key = Aes256Key.copyOf(new byte[32]);
    IgeIv iv = IgeIv.copyOf(new byte[32]);
    assumeTrue(VectorIge.hardwareSupported(), "this JVM or CPU has no 128-bit vectors");
    assertThat(IgeCipher.decryptor(key, iv).vectorized())
        .as("tests run with --add-modules jdk.incubator.vector (core/pom.xml)")
        .isTrue();
    assertThat(IgeCipher.encryptor(key, iv).vectorized()).isTrue();
    assertThat(IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.JCE).vectorized()).isTrue();
    assertThat(IgeCipher.unkeyed(CipherDirection.ENCRYPT, AesEngine.JCE).vectorized()).isTrue();
    for (CipherDirection d : CipherDirection.values()) {
      assertThat(cipher(d, key, iv, false).vectorized()).isFalse();
      assertThat(IgeCipher.create(key, iv, d, AesEngine.BOUNCY_CASTLE).vectorized()).isFalse();
    }
    assertThat(IgeCipher.decryptor(key, iv).toString())
        .isEqualTo("IgeCipher[DECRYPT, JCE, vectorized]");
    assertThat(cipher(CipherDirection.ENCRYPT, key, iv, false).toString())
        .isEqualTo("IgeCipher[ENCRYPT, JCE]");
  }

  static LongStream seeds() {
    return Seeds.cases("ige-kernels", 400);
  }

  /** A length that often crosses the encryption chunk and vector widths, sometimes tiny. */
  private static int randomLength(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> BLOCK * (1 + r.nextInt(6));
      case 1 -> IgeCipher.CHUNK + BLOCK * (r.nextInt(9) - 4);
      case 2 -> BLOCK * r.nextInt(3 * IgeCipher.CHUNK / BLOCK);
      default -> IgeCrossTest.randomLength(r);
    };
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void bothKernelsGiveTheReferenceBytesAtRandomOffsetsInPlaceAndInPieces(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = IgeCrossTest.randomKey(r);
    IgeIv iv = IgeCrossTest.randomIv(r);
    int len = Math.max(0, randomLength(r));
    byte[] data = Seeds.bytes(r, len);
    int inOff = r.nextInt(40);
    int outOff = r.nextInt(40);
    byte[] in = new byte[inOff + len + r.nextInt(40)];
    System.arraycopy(data, 0, in, inOff, len);
    for (CipherDirection d : CipherDirection.values()) {
      byte[] expected = IgeCrossTest.reference(d, key, iv, data);
      for (boolean useVector : new boolean[] {false, true}) {
        String kernel = d + (useVector ? " vector" : " scalar");
        byte[] out = Seeds.bytes(new SplittableRandom(seed + 1), outOff + len + 7);
        byte[] before = out.clone();
        cipher(d, key, iv, useVector).process(in, inOff, len, out, outOff);
        assertThat(Arrays.copyOfRange(out, outOff, outOff + len)).as(kernel).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(out, 0, outOff))
            .as(kernel + ": bytes before the output range")
            .isEqualTo(Arrays.copyOfRange(before, 0, outOff));
        assertThat(Arrays.copyOfRange(out, outOff + len, out.length))
            .as(kernel + ": bytes after the output range")
            .isEqualTo(Arrays.copyOfRange(before, outOff + len, out.length));

        byte[] inPlace = in.clone();
        cipher(d, key, iv, useVector).process(inPlace, inOff, len, inPlace, inOff);
        assertThat(Arrays.copyOfRange(inPlace, inOff, inOff + len))
            .as(kernel + " in place")
            .isEqualTo(expected);

        IgeCipher streaming = cipher(d, key, iv, useVector);
        byte[] pieces = new byte[len];
        int done = 0;
        for (int piece : IgeCrossTest.randomPieces(r, len)) {
          streaming.process(data, done, piece, pieces, done);
          done += piece;
        }
        assertThat(pieces).as(kernel + " in pieces").isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CipherDirection.class)
  void oneVectorCipherRekeyedForAThousandMessagesMatchesTheScalarOne(CipherDirection d) {
    SplittableRandom r =
        new SplittableRandom(0x6b65726e656cL + (d == CipherDirection.ENCRYPT ? 0 : 1));
    assumeTrue(VectorIge.hardwareSupported(), "this JVM or CPU has no 128-bit vectors");
    IgeCipher v = IgeCipher.unkeyed(d, AesEngine.JCE);
    IgeCipher s = cipher(d, Aes256Key.copyOf(new byte[32]), IgeIv.copyOf(new byte[32]), false);
    assertThat(v.vectorized()).isTrue();
    for (int i = 0; i < 1000; i++) {
      byte[] k = Seeds.bytes(r, 32);
      byte[] ivBytes = Seeds.bytes(r, 32);
      byte[] data = Seeds.bytes(r, BLOCK * (1 + r.nextInt(40)));
      v.rekey(SecretAccess.explicitly(), k, 0, ivBytes, 0);
      s.rekey(SecretAccess.explicitly(), k, 0, ivBytes, 0);
      byte[] a = new byte[data.length];
      byte[] b = new byte[data.length];
      v.process(data, 0, data.length, a, 0);
      s.process(data, 0, data.length, b, 0);
      assertThat(a)
          .as("message %d", i)
          .isEqualTo(b)
          .isEqualTo(IgeCrossTest.reference(d, Aes256Key.copyOf(k), IgeIv.copyOf(ivBytes), data));
    }
  }
}
