package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.testing.TdlibLcg;
import org.mtlab.testing.Vectors;

/** AES-IGE against vectors nobody here chose: OpenSSL-generated, and published ones. */
class IgeVectorTest {

  static Stream<Arguments> generated() {
    List<JsonObject> cases = Vectors.generated("aes256_ige.json");
    return cases.stream().map(c -> Arguments.of(Vectors.hex(c, "plaintext").length + " bytes", c));
  }

  @ParameterizedTest(name = "openssl {0}")
  @MethodSource("generated")
  void generatedVectors_allPathsAndEngines(String name, JsonObject c) {
    byte[] key = Vectors.hex(c, "key");
    byte[] iv = Vectors.hex(c, "iv");
    byte[] p = Vectors.hex(c, "plaintext");
    byte[] ct = Vectors.hex(c, "ciphertext");
    assertAllPaths(key, iv, p, ct);
  }

  static Stream<Arguments> published() {
    return Vectors.published("aes256_ige.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void publishedVectors(String id, JsonObject v) {
    byte[] key = Vectors.hex(v, "key");
    byte[] iv = Vectors.hex(v, "iv");
    boolean encrypt = Vectors.str(v, "op").equals("encrypt");
    byte[] in;
    byte[] expectedOut;
    if (Vectors.has(v, "generator")) {
      // TDLib's LCG: plaintext, then key, then iv, all from one stream seeded with the length.
      int length = Integer.parseInt(Vectors.str(v, "length"));
      TdlibLcg lcg = new TdlibLcg(length);
      in = lcg.next(length);
      assertThat(lcg.next(32)).isEqualTo(key);
      assertThat(lcg.next(32)).isEqualTo(iv);
      byte[] out = AesIge.encrypt(Aes256Key.copyOf(key), IgeIv.copyOf(iv), in);
      CRC32 crc = new CRC32();
      crc.update(out);
      assertThat(crc.getValue()).isEqualTo(Long.parseLong(Vectors.str(v, "crc32_of_ciphertext")));
      if (Vectors.has(v, "ciphertext")) {
        assertThat(out).isEqualTo(Vectors.hex(v, "ciphertext"));
      }
      assertAllPaths(key, iv, in, out);
      return;
    }
    in = Vectors.hex(v, encrypt ? "plaintext" : "ciphertext");
    expectedOut = Vectors.hex(v, encrypt ? "ciphertext" : "plaintext");
    byte[] plaintext = encrypt ? in : expectedOut;
    byte[] ciphertext = encrypt ? expectedOut : in;
    if (key.length != 32) {
      // AES-128 IGE (OpenSSL's igetest): the reference path is generic over the key size.
      assertThat(IgeReference.process(CipherDirection.ENCRYPT, key, iv, plaintext))
          .isEqualTo(ciphertext);
      assertThat(IgeReference.process(CipherDirection.DECRYPT, key, iv, ciphertext))
          .isEqualTo(plaintext);
      return;
    }
    assertAllPaths(key, iv, plaintext, ciphertext);
  }

  static void assertAllPaths(byte[] key, byte[] iv, byte[] plaintext, byte[] ciphertext) {
    Aes256Key k = Aes256Key.copyOf(key);
    IgeIv v = IgeIv.copyOf(iv);
    assertThat(AesIge.encrypt(k, v, plaintext)).as("fast encrypt").isEqualTo(ciphertext);
    assertThat(AesIge.decrypt(k, v, ciphertext)).as("fast decrypt").isEqualTo(plaintext);
    assertThat(IgeReference.encrypt(k, v, plaintext)).as("reference encrypt").isEqualTo(ciphertext);
    assertThat(IgeReference.decrypt(k, v, ciphertext)).as("reference decrypt").isEqualTo(plaintext);
    for (CipherDirection d : CipherDirection.values()) {
      IgeCipher bc = IgeCipher.create(k, v, d, AesEngine.BOUNCY_CASTLE);
      byte[] in = d == CipherDirection.ENCRYPT ? plaintext : ciphertext;
      byte[] out = new byte[in.length];
      bc.process(in, 0, in.length, out, 0);
      assertThat(out)
          .as("bouncy castle " + d)
          .isEqualTo(d == CipherDirection.ENCRYPT ? ciphertext : plaintext);
    }
  }
}
