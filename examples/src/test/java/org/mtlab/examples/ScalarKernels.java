package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.crypto.IgeIv;
import org.mtlab.crypto.IgeReference;

/** The check both kernel-switch tests make: the fast path runs scalar and matches the reference. */
final class ScalarKernels {
  private ScalarKernels() {}

  /**
   * Encrypts and decrypts (in place) {@code len} seeded random bytes under a seeded key and IV,
   * asserting that neither cipher is vectorized and that both directions give the reference path's
   * bytes.
   */
  static void assertScalarRoundTrip(SplittableRandom r, int len) {
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
