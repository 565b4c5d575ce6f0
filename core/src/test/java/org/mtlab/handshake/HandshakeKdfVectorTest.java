package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.kdf.NewNonceHash;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import org.mtlab.testing.Vectors;

/**
 * handshake_kdf.json as the handshake uses it: each tmp_aes_key/iv (including gotd's leading-zero
 * nonces) protects an answer that the handshake's SHA-1 framing recovers, and the new_nonce_hash
 * vectors are the ones the dh_gen answers carry.
 */
class HandshakeKdfVectorTest {

  static Stream<Arguments> tmpAes() {
    return Vectors.published("handshake_kdf.json").stream()
        .filter(v -> Vectors.has(v, "tmp_aes_key"))
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tmpAes")
  void tmpAesKeyIv_protectsTheAnswer(String id, JsonObject v) throws Exception {
    byte[] newNonce = Vectors.hex(v, "new_nonce");
    byte[] serverNonce = Vectors.hex(v, "server_nonce");
    AesKeyIv tmp = HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(newNonce), serverNonce);
    SecretAccess access = SecretAccess.explicitly();
    assertThat(Hex.encode(tmp.key().reveal(access))).isEqualTo(Vectors.str(v, "tmp_aes_key"));
    assertThat(Hex.encode(tmp.iv().reveal(access))).isEqualTo(Vectors.str(v, "tmp_aes_iv"));
    byte[] answer =
        "server_DH_inner_data stand-in, 40 bytes"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] enc = AesIge.encrypt(tmp.key(), tmp.iv(), HashedData.wrap(answer, new SecureRandom()));
    assertThat(HashedData.unwrap(AesIge.decrypt(tmp.key(), tmp.iv(), enc))).isEqualTo(answer);
  }

  static Stream<Arguments> hashes() {
    return Vectors.published("handshake_kdf.json").stream()
        .filter(v -> Vectors.has(v, "new_nonce_hash"))
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashes")
  void newNonceHash_asTheDhGenAnswersCarryIt(String id, JsonObject v) {
    AuthKey key = AuthKey.copyOf(Vectors.hex(v, "auth_key"));
    int n = v.get("number").getAsInt();
    String expected = Vectors.str(v, "new_nonce_hash");
    assertThat(NewNonceHash.compute(NewNonce.copyOf(Vectors.hex(v, "new_nonce")), key, n).hex())
        .isEqualTo(expected);
    for (int other = 1; other <= 3; other++) {
      if (other != n) {
        assertThat(
                NewNonceHash.compute(NewNonce.copyOf(Vectors.hex(v, "new_nonce")), key, other)
                    .hex())
            .isNotEqualTo(expected);
      }
    }
  }
}
