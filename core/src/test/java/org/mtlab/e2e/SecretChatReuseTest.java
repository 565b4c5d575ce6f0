package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.e2e.KeyExchangeTest.assertReason;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.tl.TlWriter;

/**
 * The chat's reused KDF, ciphers and plaintext scratch: every message is sealed and opened exactly
 * as the reference formulas say whatever came before it, nothing of one message is left for the
 * next, and a failed open leaves the chat as it was.
 */
class SecretChatReuseTest {
  SecretChat a;
  SecretChat b;

  @BeforeEach
  void setUp() {
    Chats.Pair pair = Chats.pair(7);
    a = pair.a();
    b = pair.b();
  }

  @Test
  void everySealedMessage_matchesTheReferenceFormulas_whateverCameBefore()
      throws CheckFailedException {
    // Lengths up and down, so that the reused digest and cipher see every shape in turn.
    int[] sizes = {0, 1, 3000, 2, 47, 48, 1024, 5, 4096, 0, 333};
    for (int size : sizes) {
      String text = "x".repeat(size);
      byte[] wire = a.seal(text);
      ChatKey key = b.currentKey();
      byte[] encrypted = Arrays.copyOfRange(wire, SecretChat.HEADER, wire.length);
      MsgKey msgKey = MsgKey.copyOf(wire, KeyFingerprint.LENGTH);
      byte[] plain;
      try (AesKeyIv keyIv =
          MessageKdf.deriveReference(key.asAuthKey(), msgKey, ChatRole.ORIGINATOR.sender())) {
        plain = AesIge.decrypt(keyIv.key(), keyIv.iv(), encrypted);
      }
      assertThat(MessageKdf.msgKeyReference(key.asAuthKey(), ChatRole.ORIGINATOR.sender(), plain))
          .as("msg_key of a %d-character text", size)
          .isEqualTo(msgKey);
      assertThat(SecretChat.readLayer(plain).message())
          .isInstanceOfSatisfying(
              ChatMessage.Text.class, t -> assertThat(t.text()).isEqualTo(text));
      assertThat(Chats.text(b.open(wire))).isEqualTo(text);
      assertThat(a.scratchIsClear()).isTrue();
      assertThat(b.scratchIsClear()).isTrue();
    }
    assertThat(b.receivedCount()).isEqualTo(sizes.length);
  }

  @Test
  void aShortMessageAfterALongOne_isCheckedOverItsOwnBytesOnly() throws CheckFailedException {
    assertThat(Chats.text(b.open(a.seal("L".repeat(5000))))).hasSize(5000);
    int grown = b.scratchLength();
    assertThat(grown).isGreaterThanOrEqualTo(5000);
    byte[] shortWire = a.seal("s");
    // A tampered last block of the short message is still caught with the long one's scratch.
    byte[] bad = shortWire.clone();
    bad[bad.length - 1] ^= 1;
    assertReason(() -> b.open(bad), CheckReason.MSG_KEY_MISMATCH);
    assertThat(b.scratchIsClear()).isTrue();
    assertThat(Chats.text(b.open(shortWire))).isEqualTo("s");
    assertThat(b.scratchLength()).isEqualTo(grown);
  }

  @Test
  void aFailedOpen_leavesTheChatExactlyAsItWas() throws CheckFailedException {
    assertThat(Chats.text(b.open(a.seal("first")))).isEqualTo("first");
    b.seal("an answer, so that the outbox is not empty");
    byte[] next = a.seal("second");
    byte[] before = b.toState(SecretAccess.explicitly());

    byte[] flipped = next.clone();
    flipped[SecretChat.HEADER + 3] ^= 0x10;
    byte[] otherKey = next.clone();
    otherKey[0] ^= 1;
    byte[] layer = Chats.layer(SecretChat.LAYER, 2, 3, "x");
    byte[] badLength =
        Chats.sealRaw(
            a.currentKey(),
            a.role(),
            Chats.padded(layer, 1 << 20, 12 + Math.floorMod(-(4 + layer.length + 12), 16)));
    byte[] unknownLayer = Chats.forged(a, 46, 2, 3, "old layer");
    byte[] badUtf8 =
        Chats.sealRaw(a.currentKey(), a.role(), Chats.padded(textLayer(3, bytes(0xc3, 0x28))));
    assertReason(() -> b.open(flipped), CheckReason.MSG_KEY_MISMATCH);
    assertReason(() -> b.open(otherKey), CheckReason.E2E_FINGERPRINT_MISMATCH);
    assertReason(() -> b.open(badLength), CheckReason.LENGTH_FIELD);
    assertReason(() -> b.open(unknownLayer), CheckReason.E2E_LAYER_UNSUPPORTED);
    assertReason(() -> b.open(badUtf8), CheckReason.TL_MALFORMED);

    assertThat(b.scratchIsClear()).isTrue();
    assertThat(b.toState(SecretAccess.explicitly())).isEqualTo(before);
    assertThat(Chats.text(b.open(next))).isEqualTo("second");
  }

  @Test
  void text_isStrictUtf8() throws CheckFailedException {
    // Malformed: a lone continuation, a truncated sequence, an overlong '/', a UTF-16 surrogate.
    byte[][] malformed = {
      bytes(0x80), bytes(0x41, 0xc3), bytes(0xc0, 0xaf), bytes(0xed, 0xa0, 0x80), bytes(0xff)
    };
    int out = 1;
    for (byte[] m : malformed) {
      byte[] wire = Chats.sealRaw(a.currentKey(), a.role(), Chats.padded(textLayer(out, m)));
      assertReason(() -> b.open(wire), CheckReason.TL_MALFORMED);
    }
    // A real U+FFFD, and other non-ASCII text, are text like any other.
    for (String text : new String[] {"\uFFFD", "a\uFFFDb", "é✓😀", ""}) {
      byte[] wire =
          Chats.sealRaw(
              a.currentKey(),
              a.role(),
              Chats.padded(textLayer(out, text.getBytes(StandardCharsets.UTF_8))));
      assertThat(Chats.text(b.open(wire))).isEqualTo(text);
      out += 2;
    }
  }

  @Test
  void destroy_zeroesTheScratch() throws CheckFailedException {
    b.open(a.seal("something to remember"));
    b.destroy();
    assertThat(b.scratchIsClear()).isTrue();
  }

  /** A layer (in_seq_no 0) whose text message carries {@code utf8} as its raw bytes. */
  private static byte[] textLayer(int outSeqNo, byte[] utf8) {
    TlWriter w = new TlWriter();
    w.writeInt(DecryptedMessageLayer.ID)
        .writeBytes(Bytes.fromHex("000102030405060708090a0b0c0d0e"))
        .writeInt(SecretChat.LAYER)
        .writeInt(0)
        .writeInt(outSeqNo)
        .writeInt(ChatMessage.Text.ID)
        .writeInt(0)
        .writeLong(9)
        .writeInt(0)
        .writeBytes(utf8);
    return w.toByteArray();
  }

  private static byte[] bytes(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }
}
