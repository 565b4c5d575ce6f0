package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;

import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;

/** Small helpers shared by the kdf tests. */
final class KdfTesting {
  private KdfTesting() {}

  static String keyHex(AesKeyIv kv) {
    return Hex.encode(kv.key().reveal(SecretAccess.explicitly()));
  }

  static String ivHex(AesKeyIv kv) {
    return Hex.encode(kv.iv().reveal(SecretAccess.explicitly()));
  }

  /** Asserts that {@code kv} holds exactly {@code aesKey} and {@code aesIv} (hex). */
  static void assertKeyIv(AesKeyIv kv, String aesKey, String aesIv, String what) {
    assertThat(keyHex(kv)).as(what + ": aes_key").isEqualTo(aesKey);
    assertThat(ivHex(kv)).as(what + ": aes_iv").isEqualTo(aesIv);
  }
}
