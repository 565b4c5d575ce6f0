package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.crypto.IgeIv;
import org.mtlab.crypto.IgeReference;

/**
 * Runs only in the {@code simd-off} Surefire execution (examples/pom.xml): the JVM resolves
 * {@code jdk.incubator.vector}, but {@code -Dmtlab.simd=off} keeps MTLab on its scalar loops.
 */
class SimdOffTest {
  @Test
  void theSystemPropertyTurnsTheKernelsOffEvenWithTheModule() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(System.getProperty("mtlab.simd")).isEqualTo("off");
    SplittableRandom r = new SplittableRandom(0x6f6666L);
    byte[] k = new byte[32];
    byte[] v = new byte[32];
    byte[] data = new byte[4096 + 48];
    r.nextBytes(k);
    r.nextBytes(v);
    r.nextBytes(data);
    Aes256Key key = Aes256Key.copyOf(k);
    IgeIv iv = IgeIv.copyOf(v);
    IgeCipher encryptor = IgeCipher.encryptor(key, iv);
    IgeCipher decryptor = IgeCipher.decryptor(key, iv);
    assertThat(encryptor.vectorized()).isFalse();
    assertThat(decryptor.vectorized()).isFalse();
    byte[] c = new byte[data.length];
    encryptor.process(data, 0, data.length, c, 0);
    assertThat(c).isEqualTo(IgeReference.encrypt(key, iv, data));
    byte[] p = new byte[data.length];
    decryptor.process(c, 0, c.length, p, 0);
    assertThat(p).isEqualTo(data);
  }
}
