package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.testing.Seeds;

/**
 * The JDK-AES decryptor has two kernels, the scalar loop and the optional Vector API one; both
 * must give the reference path's bytes. The build runs the tests with
 * {@code --add-modules jdk.incubator.vector} (core/pom.xml), so {@link IgeCipher#decryptor}
 * uses the vector kernel there and the other test classes exercise it too; this class pins the
 * scalar kernel explicitly beside it, on the same seeded inputs.
 */
class IgeDecryptKernelTest {
  private static final int BLOCK = 16;

  private static IgeCipher scalar(Aes256Key key, IgeIv iv) {
    return IgeCipher.create(key, iv, CipherDirection.DECRYPT, AesEngine.JCE, false);
  }

  private static IgeCipher vector(Aes256Key key, IgeIv iv) {
    return IgeCipher.create(key, iv, CipherDirection.DECRYPT, AesEngine.JCE, true);
  }

  @Test
  void theBuildsTestJvmRunsTheVectorKernelAndCanForbidIt() {
    Aes256Key key = Aes256Key.copyOf(new byte[32]);
    IgeIv iv = IgeIv.copyOf(new byte[32]);
    assertThat(vector(key, iv).vectorized())
        .as("tests run with --add-modules jdk.incubator.vector (core/pom.xml)")
        .isTrue();
    assertThat(IgeCipher.decryptor(key, iv).vectorized()).isTrue();
    assertThat(IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.JCE).vectorized()).isTrue();
    assertThat(scalar(key, iv).vectorized()).isFalse();
    assertThat(IgeCipher.encryptor(key, iv).vectorized()).isFalse();
    assertThat(IgeCipher.create(key, iv, CipherDirection.DECRYPT, AesEngine.BOUNCY_CASTLE, true)
            .vectorized())
        .isFalse();
    assertThat(vector(key, iv).toString()).isEqualTo("IgeCipher[DECRYPT, JCE, vectorized]");
  }

  static LongStream seeds() {
    return Seeds.cases("ige-decrypt-kernels", 500);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void bothKernelsGiveTheReferencePlaintextAtRandomOffsetsInPlaceAndInPieces(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = IgeCrossTest.randomKey(r);
    IgeIv iv = IgeCrossTest.randomIv(r);
    int len = r.nextInt(6) == 0 ? BLOCK * (1 + r.nextInt(3)) : IgeCrossTest.randomLength(r);
    byte[] ciphertext = Seeds.bytes(r, len);
    byte[] expected = IgeReference.decrypt(key, iv, ciphertext);

    int inOff = r.nextInt(40);
    int outOff = r.nextInt(40);
    byte[] in = new byte[inOff + len + r.nextInt(40)];
    System.arraycopy(ciphertext, 0, in, inOff, len);
    for (boolean useVector : new boolean[] {false, true}) {
      String kernel = useVector ? "vector" : "scalar";
      IgeCipher one = useVector ? vector(key, iv) : scalar(key, iv);
      byte[] out = Seeds.bytes(new SplittableRandom(seed + 1), outOff + len + 7);
      byte[] before = out.clone();
      one.process(in, inOff, len, out, outOff);
      assertThat(Arrays.copyOfRange(out, outOff, outOff + len)).as(kernel).isEqualTo(expected);
      assertThat(Arrays.copyOfRange(out, 0, outOff))
          .as(kernel + ": bytes before the output range")
          .isEqualTo(Arrays.copyOfRange(before, 0, outOff));
      assertThat(Arrays.copyOfRange(out, outOff + len, out.length))
          .as(kernel + ": bytes after the output range")
          .isEqualTo(Arrays.copyOfRange(before, outOff + len, out.length));

      byte[] inPlace = in.clone();
      (useVector ? vector(key, iv) : scalar(key, iv)).process(inPlace, inOff, len, inPlace, inOff);
      assertThat(Arrays.copyOfRange(inPlace, inOff, inOff + len))
          .as(kernel + " in place")
          .isEqualTo(expected);

      IgeCipher streaming = useVector ? vector(key, iv) : scalar(key, iv);
      byte[] pieces = new byte[len];
      int done = 0;
      for (int piece : IgeCrossTest.randomPieces(r, len)) {
        streaming.process(ciphertext, done, piece, pieces, done);
        done += piece;
      }
      assertThat(pieces).as(kernel + " in pieces").isEqualTo(expected);
    }
  }

  @Test
  void oneVectorDecryptorRekeyedForAThousandMessagesMatchesTheScalarOne() {
    SplittableRandom r = new SplittableRandom(0x6b65726e656cL);
    IgeCipher v = IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.JCE);
    IgeCipher s = IgeCipher.create(
        Aes256Key.copyOf(new byte[32]), IgeIv.copyOf(new byte[32]), CipherDirection.DECRYPT,
        AesEngine.JCE, false);
    assertThat(v.vectorized()).isTrue();
    for (int i = 0; i < 1000; i++) {
      byte[] k = Seeds.bytes(r, 32);
      byte[] ivBytes = Seeds.bytes(r, 32);
      byte[] data = Seeds.bytes(r, BLOCK * (1 + r.nextInt(20)));
      v.rekey(k, 0, ivBytes, 0);
      s.rekey(k, 0, ivBytes, 0);
      byte[] a = new byte[data.length];
      byte[] b = new byte[data.length];
      v.process(data, 0, data.length, a, 0);
      s.process(data, 0, data.length, b, 0);
      assertThat(a).as("message %d", i).isEqualTo(b)
          .isEqualTo(IgeReference.decrypt(Aes256Key.copyOf(k), IgeIv.copyOf(ivBytes), data));
    }
  }
}
