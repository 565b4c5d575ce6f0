package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.crypto.IgeIv;
import org.mtlab.crypto.IgeReference;

/**
 * An application that does not resolve {@code jdk.incubator.vector} (this module's test JVM,
 * like {@code java -jar mtlab.jar}) gets the scalar kernels, and they load and work: core's own
 * tests run with the module, so this is where the library is used the default way.
 */
class WithoutVectorModuleTest {
  @Test
  void theFastPathRunsItsScalarKernelsAndMatchesTheReference() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
    SplittableRandom r = new SplittableRandom(0x7363616c6172L);
    for (int len : new int[] {16, 48, 1024, 4096 + 48, 3 * 4096}) {
      byte[] k = new byte[32];
      byte[] v = new byte[32];
      byte[] data = new byte[len];
      r.nextBytes(k);
      r.nextBytes(v);
      r.nextBytes(data);
      Aes256Key key = Aes256Key.copyOf(k);
      IgeIv iv = IgeIv.copyOf(v);

      IgeCipher encryptor = IgeCipher.encryptor(key, iv);
      IgeCipher decryptor = IgeCipher.decryptor(key, iv);
      assertThat(encryptor.vectorized()).isFalse();
      assertThat(decryptor.vectorized()).isFalse();

      byte[] ciphertext = new byte[len];
      encryptor.process(data, 0, len, ciphertext, 0);
      assertThat(ciphertext).as("encrypt %d", len).isEqualTo(IgeReference.encrypt(key, iv, data));
      byte[] inPlace = Arrays.copyOf(ciphertext, len);
      decryptor.process(inPlace, 0, len, inPlace, 0);
      assertThat(inPlace).as("decrypt %d in place", len).isEqualTo(data);
    }
  }
}
