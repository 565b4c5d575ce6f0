package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.e2e.KeyExchangeTest.assertReason;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.crypto.AesIge;
import org.mtlab.handshake.DhGroup;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.testing.MutableClock;
import org.mtlab.testing.Vectors;

/**
 * {@code vectors/published/secret_chat.json}: key_fingerprint, the key visualization and one
 * end-to-end message. The file marks them as derived by an independent implementation (no public
 * secret-chat vector exists), so they cross-check, not prove, the layout.
 */
class SecretChatVectorTest {
  static JsonObject vector(String id) {
    return Vectors.published("secret_chat.json").stream()
        .filter(v -> Vectors.str(v, "id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void fingerprintAndVisualization() {
    JsonObject v = vector("key-visualization-derived");
    ChatKey key = ChatKey.fromHex(Vectors.str(v, "key"));
    assertThat(key.fingerprint().value()).isEqualTo(v.get("key_fingerprint_int64").getAsLong());
    assertThat(key.fingerprint().hex()).isEqualTo(Vectors.str(v, "key_fingerprint_wire"));
    KeyVisualization vis = KeyVisualization.of(key);
    assertThat(vis.value().hex()).isEqualTo(Vectors.str(v, "visualization_bytes"));
    assertThat(KeyVisualization.of(key, key)).isEqualTo(vis);
  }

  @Test
  void message_sealedWithTheMessageLayersKdfAndIge() {
    JsonObject v = vector("e2e-message-derived");
    ChatKey key = ChatKey.fromHex(Vectors.str(v, "key"));
    ChatRole from = v.get("x").getAsInt() == 0 ? ChatRole.ORIGINATOR : ChatRole.RESPONDER;
    assertThat(from.x()).isEqualTo(v.get("x").getAsInt());
    byte[] padded = concat(Vectors.hex(v, "plaintext"), Vectors.hex(v, "padding"));
    // 32 bytes: below the 48 that MsgKey.compute (and a real layer object) needs, so the
    // message layer's reference path, defined for any byte string, computes msg_key here
    MsgKey msgKey = MessageKdf.msgKeyReference(key.asAuthKey(), from.sender(), padded);
    assertThat(msgKey.hex()).isEqualTo(Vectors.str(v, "msg_key"));
    try (AesKeyIv keyIv = MessageKdf.derive(key.asAuthKey(), msgKey, from.sender())) {
      assertThat(Hex.encode(keyIv.key().reveal(org.mtlab.bytes.SecretAccess.explicitly())))
          .isEqualTo(Vectors.str(v, "aes_key"));
      assertThat(Hex.encode(keyIv.iv().reveal(org.mtlab.bytes.SecretAccess.explicitly())))
          .isEqualTo(Vectors.str(v, "aes_iv"));
    }
    byte[] ct;
    try (AesKeyIv keyIv = MessageKdf.derive(key.asAuthKey(), msgKey, from.sender())) {
      ct = AesIge.encrypt(keyIv.key(), keyIv.iv(), padded);
    }
    String wire = key.fingerprint().hex() + msgKey.hex() + Hex.encode(ct);
    assertThat(wire).isEqualTo(Vectors.str(v, "encrypted"));
  }

  @Test
  void message_sameLayoutAsSecretChat() throws org.mtlab.CheckFailedException {
    // The vector's 16-byte payload stands in for a layer object; its 32-byte encrypted part is
    // below the smallest real message (48), so SecretChat rejects it publicly. The same key,
    // x and padding with a real layer object go through the chat's own checks instead.
    JsonObject v = vector("e2e-message-derived");
    ChatKey key = ChatKey.fromHex(Vectors.str(v, "key"));
    SecretChat b =
        SecretChat.create(
            ChatRole.RESPONDER, key, DhGroup.telegram(), Chats.seeded(1), new MutableClock(0));
    byte[] wire = Vectors.hex(v, "encrypted");
    assertReason(() -> b.open(wire), CheckReason.FRAME_MALFORMED);
    byte[] real = Chats.sealRaw(key, ChatRole.ORIGINATOR, Chats.padded(Chats.layer(73, 0, 1, "v")));
    assertThat(Chats.text(b.open(real))).isEqualTo("v");
    SecretChat a =
        SecretChat.create(
            ChatRole.ORIGINATOR,
            ChatKey.fromHex(Vectors.str(v, "key")),
            DhGroup.telegram(),
            Chats.seeded(1),
            new MutableClock(0));
    assertReason(() -> a.open(real), CheckReason.MSG_KEY_MISMATCH); // wrong x
    assertThat(Bytes.copyOf(wire, 0, 8).hex()).isEqualTo(key.fingerprint().hex());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
