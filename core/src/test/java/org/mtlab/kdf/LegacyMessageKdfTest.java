package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.kdf.KdfTesting.assertKeyIv;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.Bytes;
import org.mtlab.crypto.AesIge;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Vectors;

/**
 * The legacy MTProto 1.0 derivation: aes_key / aes_iv for x = 0 and x = 8, the v1 msg_key, and the
 * key material of the auth.bindTempAuthKey message (its TL layout belongs to the handshake issue;
 * here only the v1 msg_key, keys and IGE encryption are checked).
 */
class LegacyMessageKdfTest {

  static Stream<Arguments> generated() {
    return Vectors.generated("mtproto1_kdf.json").stream()
        .map(
            c ->
                Arguments.of(
                    "x=" + Vectors.integer(c, "x") + " msg_key=" + Vectors.str(c, "msg_key"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generated")
  void generatedVectors(String name, JsonObject c) {
    AesKeyIv kv =
        LegacyMessageKdf.derive(
            AuthKey.fromHex(Vectors.str(c, "auth_key")),
            MsgKey.fromHex(Vectors.str(c, "msg_key")),
            Vectors.sender(c));
    assertKeyIv(kv, Vectors.str(c, "aes_key"), Vectors.str(c, "aes_iv"), name);
  }

  static Stream<Arguments> published() {
    return Vectors.published("mtproto1_kdf.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void publishedVectors(String id, JsonObject v) {
    if (Vectors.has(v, "perm_auth_key")) {
      checkBindMessage(v);
      return;
    }
    if (Vectors.has(v, "x")) {
      AesKeyIv kv =
          LegacyMessageKdf.derive(
              AuthKey.fromHex(Vectors.str(v, "auth_key")),
              MsgKey.fromHex(Vectors.str(v, "msg_key")),
              Vectors.sender(v));
      assertKeyIv(kv, Vectors.str(v, "aes_key"), Vectors.str(v, "aes_iv"), id);
      return;
    }
    // the v1 msg_key: SHA1(plaintext without padding)[4:20]
    byte[] plaintext = Vectors.hex(v, "plaintext");
    if (Vectors.has(v, "plaintext_ascii")) {
      assertThat(new String(plaintext, StandardCharsets.US_ASCII))
          .isEqualTo(Vectors.str(v, "plaintext_ascii"));
    }
    assertThat(LegacyMessageKdf.msgKey(plaintext).hex()).isEqualTo(Vectors.str(v, "msg_key"));
  }

  /**
   * The binding message is encrypted by the client (x = 0) under the permanent key with the 1.0
   * rules: msg_key over the plaintext without padding, then perm_auth_key_id + msg_key +
   * AES-IGE(plaintext + padding).
   */
  private static void checkBindMessage(JsonObject v) {
    AuthKey perm = AuthKey.fromHex(Vectors.str(v, "perm_auth_key"));
    assertThat(perm.id().hex()).isEqualTo(Vectors.str(v, "perm_auth_key_id"));
    byte[] plaintext = Vectors.hex(v, "plaintext_before_padding");
    Bytes padded = Bytes.copyOf(plaintext).concat(Bytes.fromHex(Vectors.str(v, "padding")));
    assertThat(padded.length() % 16).isZero();

    MsgKey msgKey = LegacyMessageKdf.msgKey(plaintext);
    assertThat(msgKey.hex()).isEqualTo(Vectors.str(v, "msg_key"));
    AesKeyIv kv = LegacyMessageKdf.derive(perm, msgKey, Sender.CLIENT);
    assertKeyIv(kv, Vectors.str(v, "aes_key"), Vectors.str(v, "aes_iv"), "bind message");

    Bytes encrypted =
        Bytes.copyOf(perm.id().toWire())
            .concat(msgKey.value())
            .concat(Bytes.copyOf(AesIge.encrypt(kv.key(), kv.iv(), padded.toByteArray())));
    assertThat(encrypted.hex()).isEqualTo(Vectors.str(v, "encrypted_message"));
  }

  @Test
  void nullsAreNpesNamingTheParameter() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    MsgKey mk = MsgKey.copyOf(new byte[16]);
    assertThatNullPointerException()
        .isThrownBy(() -> LegacyMessageKdf.derive(null, mk, Sender.CLIENT))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> LegacyMessageKdf.derive(key, null, Sender.CLIENT))
        .withMessageContaining("msgKey");
    assertThatNullPointerException()
        .isThrownBy(() -> LegacyMessageKdf.derive(key, mk, null))
        .withMessageContaining("sender");
    assertThatNullPointerException()
        .isThrownBy(() -> LegacyMessageKdf.msgKey(null))
        .withMessageContaining("plaintext");
  }

  @Test
  void destroyedKeyCannotDerive() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    key.destroy();
    assertThatThrownBy(
            () -> LegacyMessageKdf.derive(key, MsgKey.copyOf(new byte[16]), Sender.SERVER))
        .isExactlyInstanceOf(IllegalStateException.class);
  }
}
