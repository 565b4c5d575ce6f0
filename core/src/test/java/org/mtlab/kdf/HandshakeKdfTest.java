package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.kdf.KdfTesting.assertKeyIv;

import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import org.mtlab.testing.Vectors;

/**
 * The handshake's derivations: tmp_aes_key / tmp_aes_iv (leading-zero nonces included), the first
 * server_salt, new_nonce_hash1/2/3 and the server_DH_params_fail hash.
 */
class HandshakeKdfTest {

  static Stream<Arguments> generatedTmpAes() {
    return Vectors.generated("handshake_tmp_aes.json").stream()
        .map(c -> Arguments.of(Vectors.str(c, "server_nonce"), c));
  }

  @ParameterizedTest(name = "server_nonce {0}")
  @MethodSource("generatedTmpAes")
  void generatedTmpAesKeyIvAndServerSalt(String name, JsonObject c) {
    byte[] newNonce = Vectors.hex(c, "new_nonce");
    byte[] serverNonce = Vectors.hex(c, "server_nonce");
    assertKeyIv(
        HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(newNonce), serverNonce),
        Vectors.str(c, "tmp_aes_key"),
        Vectors.str(c, "tmp_aes_iv"),
        name);
    long salt = HandshakeKdf.serverSalt(NewNonce.copyOf(newNonce), serverNonce);
    assertThat(Hex.encode(LittleEndian.longBytes(salt))).isEqualTo(Vectors.str(c, "server_salt"));
  }

  static Stream<Arguments> generatedNewNonceHash() {
    return Vectors.generated("new_nonce_hash.json").stream()
        .map(c -> Arguments.of(Vectors.str(c, "new_nonce"), c));
  }

  @ParameterizedTest(name = "new_nonce {0}")
  @MethodSource("generatedNewNonceHash")
  void generatedNewNonceHashes(String name, JsonObject c) {
    byte[] newNonce = Vectors.hex(c, "new_nonce");
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    for (int n = 1; n <= 3; n++) {
      assertThat(NewNonceHash.compute(NewNonce.copyOf(newNonce), key, n).hex())
          .as("new_nonce_hash%d", n)
          .isEqualTo(Vectors.str(c, "new_nonce_hash" + n));
    }
  }

  static Stream<Arguments> published() {
    return Vectors.published("handshake_kdf.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void publishedVectors(String id, JsonObject v) {
    int checks = 0;
    byte[] newNonce = Vectors.hex(v, "new_nonce");
    if (Vectors.has(v, "tmp_aes_key")) {
      assertKeyIv(
          HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(newNonce), Vectors.hex(v, "server_nonce")),
          Vectors.str(v, "tmp_aes_key"),
          Vectors.str(v, "tmp_aes_iv"),
          id);
      checks++;
    }
    if (Vectors.has(v, "number")) {
      AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
      assertThat(
              NewNonceHash.compute(NewNonce.copyOf(newNonce), key, Vectors.integer(v, "number"))
                  .hex())
          .isEqualTo(Vectors.str(v, "new_nonce_hash"));
      checks++;
    }
    for (int n = 1; n <= 3; n++) {
      if (Vectors.has(v, "new_nonce_hash" + n)) {
        AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
        assertThat(NewNonceHash.compute(NewNonce.copyOf(newNonce), key, n).hex())
            .as("new_nonce_hash%d", n)
            .isEqualTo(Vectors.str(v, "new_nonce_hash" + n));
        checks++;
      }
    }
    if (Vectors.has(v, "server_DH_params_fail_new_nonce_hash")) {
      assertThat(NewNonceHash.forParamsFail(NewNonce.copyOf(newNonce)).hex())
          .isEqualTo(Vectors.str(v, "server_DH_params_fail_new_nonce_hash"));
      checks++;
    }
    if (Vectors.has(v, "server_salt_bytes")) {
      long salt =
          HandshakeKdf.serverSalt(NewNonce.copyOf(newNonce), Vectors.hex(v, "server_nonce"));
      assertThat(Hex.encode(LittleEndian.longBytes(salt)))
          .isEqualTo(Vectors.str(v, "server_salt_bytes"));
      assertThat(salt).isEqualTo(Vectors.int64(v, "server_salt_int64"));
      checks++;
    }
    if (Vectors.has(v, "auth_key_id")) {
      AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
      assertThat(key.id().hex()).isEqualTo(Vectors.str(v, "auth_key_id"));
      assertThat(Hex.encode(key.auxHashBytes())).isEqualTo(Vectors.str(v, "auth_key_aux_hash"));
      checks++;
    }
    assertThat(checks).as("the vector must have a shape this test knows").isPositive();
  }

  @Test
  void leadingZeroNoncesAreUsedAsTheirFullWireBytes() {
    JsonObject v =
        Vectors.published("handshake_kdf.json").stream()
            .filter(o -> Vectors.str(o, "id").equals("tmp-aes-gotd-leading-zero"))
            .findFirst()
            .orElseThrow();
    byte[] serverNonce = Vectors.hex(v, "server_nonce");
    byte[] newNonce = Vectors.hex(v, "new_nonce");
    assertThat(serverNonce[0]).isZero();
    assertThat(newNonce[0]).isZero();
    assertThat(serverNonce).hasSize(16);
    assertThat(newNonce).hasSize(32);
    // the last four bytes of tmp_aes_iv are new_nonce[0:4], leading zero included
    assertThat(KdfTesting.ivHex(HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(newNonce), serverNonce)))
        .endsWith("00010203");
  }

  @Test
  void theThreeHashesDifferSoTheAnswersCannotBeSwapped() {
    JsonObject c = Vectors.generated("new_nonce_hash.json").get(0);
    byte[] newNonce = Vectors.hex(c, "new_nonce");
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    assertThat(NewNonceHash.compute(NewNonce.copyOf(newNonce), key, 1))
        .isNotEqualTo(NewNonceHash.compute(NewNonce.copyOf(newNonce), key, 2))
        .isNotEqualTo(NewNonceHash.compute(NewNonce.copyOf(newNonce), key, 3))
        .isNotEqualTo(NewNonceHash.forParamsFail(NewNonce.copyOf(newNonce)));
  }

  // --- bad inputs ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 16, 31, 33})
  void newNonceNot32BytesIsRejected(int length) {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    assertThatThrownBy(
            () -> HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(new byte[length]), new byte[16]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("new_nonce must be 32 bytes, got " + length);
    assertThatThrownBy(
            () -> HandshakeKdf.serverSalt(NewNonce.copyOf(new byte[length]), new byte[16]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NewNonceHash.compute(NewNonce.copyOf(new byte[length]), key, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length);
    assertThatThrownBy(() -> NewNonceHash.forParamsFail(NewNonce.copyOf(new byte[length])))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 8, 15, 17, 32})
  void serverNonceNot16BytesIsRejected(int length) {
    assertThatThrownBy(
            () -> HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(new byte[32]), new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server_nonce must be 16 bytes, got " + length);
    assertThatThrownBy(
            () -> HandshakeKdf.serverSalt(NewNonce.copyOf(new byte[32]), new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "number {0}")
  @ValueSource(ints = {-1, 0, 4, 255})
  void newNonceHashNumberOutside1To3IsRejected(int number) {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    assertThatThrownBy(() -> NewNonceHash.compute(NewNonce.copyOf(new byte[32]), key, number))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + number);
  }

  @Test
  void nullsAreNpesNamingTheParameter() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    assertThatNullPointerException()
        .isThrownBy(() -> HandshakeKdf.tmpAesKeyIv(null, new byte[16]))
        .withMessageContaining("newNonce");
    assertThatNullPointerException()
        .isThrownBy(() -> HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(new byte[32]), null))
        .withMessageContaining("serverNonce");
    assertThatNullPointerException()
        .isThrownBy(() -> HandshakeKdf.serverSalt(null, new byte[16]))
        .withMessageContaining("newNonce");
    assertThatNullPointerException()
        .isThrownBy(() -> NewNonceHash.compute(null, key, 1))
        .withMessageContaining("newNonce");
    assertThatNullPointerException()
        .isThrownBy(() -> NewNonceHash.compute(NewNonce.copyOf(new byte[32]), null, 1))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> NewNonceHash.forParamsFail(null))
        .withMessageContaining("newNonce");
  }

  @Test
  void destroyedAuthKeyCannotHashNewNonce() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    key.destroy();
    assertThatThrownBy(() -> NewNonceHash.compute(NewNonce.copyOf(new byte[32]), key, 1))
        .isExactlyInstanceOf(IllegalStateException.class);
  }
}
