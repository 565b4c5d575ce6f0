package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Differential fuzz target (docs/security.md §3.3, "clever vs naive"): the fuzzer picks key, IV,
 * data, offsets and the piece sizes of a streamed call; the fast JCE path, the Bouncy Castle engine
 * and the textbook reference must agree in both directions. Under {@code mvn verify} it runs in
 * regression mode only; {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=IgeDifferentialFuzzTest}
 * fuzzes for real.
 */
class IgeDifferentialFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void fastBouncyCastleAndReferenceAgree(FuzzedDataProvider data) {
    Aes256Key key = Aes256Key.copyOf(Arrays.copyOf(data.consumeBytes(32), 32));
    IgeIv iv = IgeIv.copyOf(Arrays.copyOf(data.consumeBytes(32), 32));
    int inOff = data.consumeInt(0, 31);
    int outOff = data.consumeInt(0, 31);
    int firstPiece = 16 * data.consumeInt(0, 300);
    boolean inPlace = data.consumeBoolean();
    byte[] input = data.consumeRemainingAsBytes();
    input = Arrays.copyOf(input, input.length & ~15);
    int len = input.length;
    firstPiece = Math.min(firstPiece, len);

    for (CipherDirection d : CipherDirection.values()) {
      byte[] expected = IgeCrossTest.reference(d, key, iv, input);
      assertThat(
              IgeCrossTest.reference(
                  d == CipherDirection.ENCRYPT ? CipherDirection.DECRYPT : CipherDirection.ENCRYPT,
                  key,
                  iv,
                  expected))
          .isEqualTo(input);
      for (AesEngine engine : AesEngine.values()) {
        byte[] in = new byte[inOff + len];
        System.arraycopy(input, 0, in, inOff, len);
        byte[] out = inPlace ? in : new byte[outOff + len];
        int o = inPlace ? inOff : outOff;
        IgeCipher c = IgeCipher.create(key, iv, d, engine);
        c.process(in, inOff, firstPiece, out, o);
        c.process(in, inOff + firstPiece, len - firstPiece, out, o + firstPiece);
        assertThat(Arrays.copyOfRange(out, o, o + len)).isEqualTo(expected);
      }
    }
  }
}
