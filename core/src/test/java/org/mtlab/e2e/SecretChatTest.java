package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.e2e.KeyExchangeTest.assertReason;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.MutableClock;
import org.mtlab.testing.Secrets;

/**
 * The end-to-end message layer (docs/protocol.md §8.2, §8.3): round trips, and every receiver check
 * with a good case beside a bad one, in the order SecretChat runs them.
 */
class SecretChatTest {
  SecretChat a;
  SecretChat b;
  MutableClock clock;

  @BeforeEach
  void setUp() {
    Chats.Pair pair = Chats.pair(42);
    a = pair.a();
    b = pair.b();
    clock = pair.clock();
  }

  @Test
  void roundTripsBothWays_withSeqNumbersOnTheWire() throws CheckFailedException {
    assertThat(Chats.text(b.open(a.seal("hello B")))).isEqualTo("hello B");
    assertThat(Chats.text(a.open(b.seal("hello A")))).isEqualTo("hello A");
    assertThat(Chats.text(b.open(a.seal("héllo ✓")))).isEqualTo("héllo ✓");
    assertThat(a.sentCount()).isEqualTo(2);
    assertThat(b.receivedCount()).isEqualTo(2);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a.visualization()).isEqualTo(b.visualization());
  }

  @Test
  void layerCarriesWireSeqNumbers() throws CheckFailedException {
    // A (originator): out odd, in even. B: out even, in odd.
    byte[] w1 = a.seal("1");
    DecryptedMessageLayer first = decryptAsPeer(b, w1);
    assertThat(first.outSeqNo()).isEqualTo(1);
    assertThat(first.inSeqNo()).isEqualTo(0);
    assertThat(first.layer()).isEqualTo(SecretChat.LAYER);
    b.open(w1);
    b.open(a.seal("2"));
    DecryptedMessageLayer fromB = decryptAsPeer(a, b.seal("3"));
    assertThat(fromB.outSeqNo()).isEqualTo(0); // 2 * 0 + 0
    assertThat(fromB.inSeqNo()).isEqualTo(5); // 2 * 2 + 1: B has received two
  }

  /** Decrypts a wire as {@code receiver} would, without touching its state. */
  static DecryptedMessageLayer decryptAsPeer(SecretChat receiver, byte[] wire)
      throws CheckFailedException {
    ChatKey key = receiver.currentKey();
    ChatRole from = receiver.role().peer();
    byte[] padded = java.util.Arrays.copyOfRange(wire, 24, wire.length);
    org.mtlab.kdf.MsgKey mk = org.mtlab.kdf.MsgKey.copyOf(wire, 8);
    try (org.mtlab.kdf.AesKeyIv k =
        org.mtlab.kdf.MessageKdf.derive(key.asAuthKey(), mk, from.sender())) {
      byte[] plain = org.mtlab.crypto.AesIge.decrypt(k.key(), k.iv(), padded);
      return SecretChat.readLayer(plain);
    }
  }

  @Test
  void wireLayout_fingerprintMsgKeyCiphertext() {
    byte[] wire = a.seal("x");
    assertThat(LittleEndian.getLong(wire, 0)).isEqualTo(a.fingerprint().value());
    assertThat((wire.length - 24) % 16).isZero();
    // 4 + layer (4 + 16 random + 12 seq/layer + 4 + 4 + 8 + 4 + 4 text) + 12..27 padding
    assertThat(wire.length - 24).isEqualTo(80);
  }

  // --- 1. framing and fingerprint ---

  @Test
  void framing_badLengthsRejectedPublicly() {
    byte[] good = a.seal("x");
    assertReason(() -> b.open(new byte[0]), CheckReason.FRAME_MALFORMED);
    assertReason(
        () -> b.open(java.util.Arrays.copyOf(good, good.length - 1)), CheckReason.FRAME_MALFORMED);
    assertReason(() -> b.open(java.util.Arrays.copyOf(good, 24 + 32)), CheckReason.FRAME_MALFORMED);
  }

  @Test
  void fingerprint_wrongKeyRejectedBeforeDecryption() throws CheckFailedException {
    byte[] wire = a.seal("x");
    wire[3] ^= 0x10;
    assertReason(() -> b.open(wire), CheckReason.E2E_FINGERPRINT_MISMATCH);
    // a chat under another key
    SecretChat other = Chats.pair(7).b();
    assertReason(() -> other.open(a.seal("y")), CheckReason.E2E_FINGERPRINT_MISMATCH);
  }

  // --- 2. msg_key ---

  @Test
  void msgKey_everyBitFlipRejected_stateUnchanged() throws CheckFailedException {
    byte[] good = a.seal("hi");
    for (int bit = 8 * 8; bit < 8 * good.length; bit += 7) {
      byte[] bad = good.clone();
      bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
      assertReason(() -> b.open(bad), CheckReason.MSG_KEY_MISMATCH);
    }
    assertThat(b.receivedCount()).isZero();
    assertThat(Chats.text(b.open(good))).isEqualTo("hi");
  }

  @Test
  void msgKey_wrongX_rejected() {
    // sealed with A's key but as if by B (x = 8) and given back to B, or A's own message to A
    byte[] reflected = a.seal("mine");
    assertReason(() -> a.open(reflected), CheckReason.MSG_KEY_MISMATCH);
    byte[] wrongX =
        Chats.sealRaw(b.currentKey(), ChatRole.RESPONDER, Chats.padded(Chats.layer(73, 0, 1, "x")));
    assertReason(() -> b.open(wrongX), CheckReason.MSG_KEY_MISMATCH);
    byte[] rightX =
        Chats.sealRaw(
            b.currentKey(), ChatRole.ORIGINATOR, Chats.padded(Chats.layer(73, 0, 1, "x")));
    assertThat(b.currentKey().constantTimeEquals(a.currentKey())).isTrue();
    try {
      assertThat(Chats.text(b.open(rightX))).isEqualTo("x");
    } catch (CheckFailedException e) {
      throw new AssertionError(e);
    }
  }

  // --- 3. length and padding (valid msg_key) ---

  @Test
  void lengthField_checkedAfterMsgKey() {
    byte[] body = Chats.layer(73, 0, 1, "abc");
    int pad = 12 + Math.floorMod(-(4 + body.length + 12), 16);
    for (int len : new int[] {-4, Integer.MIN_VALUE, body.length + 2, body.length + 1000}) {
      byte[] wire =
          Chats.sealRaw(a.currentKey(), ChatRole.ORIGINATOR, Chats.padded(body, len, pad));
      assertReason(() -> b.open(wire), CheckReason.LENGTH_FIELD);
    }
    assertThat(b.receivedCount()).isZero();
  }

  @Test
  void padding_outside12to1024Rejected() throws CheckFailedException {
    String text = "a";
    while (Math.floorMod(-(4 + Chats.layer(73, 0, 1, text).length), 16) >= 12) {
      text += "a";
    }
    byte[] body = Chats.layer(73, 0, 1, text);
    int len = body.length;
    int eight = Math.floorMod(-(4 + len), 16);
    assertThat(eight).isLessThan(12);
    byte[] shortPad =
        Chats.sealRaw(a.currentKey(), ChatRole.ORIGINATOR, Chats.padded(body, len, eight));
    assertReason(() -> b.open(shortPad), CheckReason.PADDING_LENGTH);
    int big = 1024 + 16 + Math.floorMod(-(4 + len + 1040), 16);
    byte[] longPad =
        Chats.sealRaw(a.currentKey(), ChatRole.ORIGINATOR, Chats.padded(body, len, big));
    assertReason(() -> b.open(longPad), CheckReason.PADDING_LENGTH);
    int max = 1024 - Math.floorMod(4 + len + 1024, 16);
    byte[] maxPad =
        Chats.sealRaw(a.currentKey(), ChatRole.ORIGINATOR, Chats.padded(body, len, max));
    assertThat(Chats.text(b.open(maxPad))).isEqualTo(text);
  }

  @Test
  void garbageObject_isTlMalformed() {
    byte[] wire = Chats.sealRaw(a.currentKey(), ChatRole.ORIGINATOR, Chats.padded(new byte[32]));
    assertReason(() -> b.open(wire), CheckReason.TL_MALFORMED);
  }

  // --- 4. layer ---

  @Test
  void unknownLayer_rejected_chatGoesOn() throws CheckFailedException {
    for (int layer : new int[] {72, 46, 74, 200}) {
      byte[] wire = Chats.forged(a, layer, 0, 1, "new");
      assertReason(() -> b.open(wire), CheckReason.E2E_LAYER_UNSUPPORTED);
    }
    assertThat(b.isAborted()).isFalse();
    assertThat(Chats.text(b.open(Chats.forged(a, 73, 0, 1, "ok")))).isEqualTo("ok");
  }

  // --- 5. sequence numbers ---

  @Test
  void wrongParity_abortsTheChat() {
    byte[] wire = Chats.forged(a, 73, 0, 0, "even out from A"); // A's out_seq_no must be odd
    assertReason(() -> b.open(wire), CheckReason.E2E_SEQ_NO_PARITY);
    assertThat(b.isAborted()).isTrue();
    assertThat(b.currentKey().isDestroyed()).isTrue();
    assertThatThrownBy(() -> b.seal("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.open(a.seal("y"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void wrongInParity_andNegative_abortTheChat() {
    assertReason(() -> b.open(Chats.forged(a, 73, 1, 1, "odd in")), CheckReason.E2E_SEQ_NO_PARITY);
    SecretChat b2 = Chats.pair(43).b();
    SecretChat a2 = Chats.pair(43).a();
    assertReason(() -> b2.open(Chats.forged(a2, 73, 0, -1, "neg")), CheckReason.E2E_SEQ_NO_PARITY);
  }

  @Test
  void duplicate_droppedUnread() throws CheckFailedException {
    byte[] m0 = a.seal("once");
    assertThat(b.open(m0)).isInstanceOf(ChatOutcome.Delivered.class);
    assertThat(b.open(m0)).isInstanceOf(ChatOutcome.Duplicate.class);
    assertThat(b.receivedCount()).isEqualTo(1);
    // a lower out_seq_no with garbage inside the object would still be a duplicate: it is not read
    assertThat(b.open(Chats.forged(a, 73, 0, 1, "other text, same seq")))
        .isInstanceOf(ChatOutcome.Duplicate.class);
  }

  @Test
  void gap_queuesAndRequestsResend_thenDeliversInOrder() throws CheckFailedException {
    byte[] m0 = a.seal("m0");
    byte[] m1 = a.seal("m1");
    byte[] m2 = a.seal("m2");
    byte[] m3 = a.seal("m3");
    assertThat(Chats.text(b.open(m0))).isEqualTo("m0");

    ChatOutcome gap = b.open(m3);
    assertThat(gap).isInstanceOf(ChatOutcome.Gap.class);
    ChatOutcome.Gap g = (ChatOutcome.Gap) gap;
    assertThat(g.startSeqNo()).isEqualTo(3); // A's raw 1 and 2: wire 3 and 5
    assertThat(g.endSeqNo()).isEqualTo(5);
    assertThat(g.replies()).hasSize(1);
    assertThat(b.queuedCount()).isEqualTo(1);
    assertThat(b.open(m3)).isInstanceOf(ChatOutcome.Duplicate.class); // queued already

    // A answers the resend request with m1 and m2, sealed again
    ChatOutcome atA = a.open(g.replies().get(0).toByteArray());
    ChatOutcome.Delivered d = (ChatOutcome.Delivered) atA;
    assertThat(d.messages()).hasSize(1);
    assertThat(((ChatMessage.Service) d.messages().get(0)).action())
        .isEqualTo(new ChatAction.Resend(3, 5));
    assertThat(d.replies()).hasSize(2);

    assertThat(Chats.text(b.open(d.replies().get(0).toByteArray()))).isEqualTo("m1");
    ChatOutcome rest = b.open(d.replies().get(1).toByteArray());
    List<ChatMessage> delivered = ((ChatOutcome.Delivered) rest).messages();
    assertThat(delivered)
        .extracting(m -> ((ChatMessage.Text) m).text())
        .containsExactly("m2", "m3");
    assertThat(b.receivedCount()).isEqualTo(4);
    assertThat(b.queuedCount()).isZero();
    // the originals arriving late are duplicates
    assertThat(b.open(m1)).isInstanceOf(ChatOutcome.Duplicate.class);
    assertThat(b.open(m2)).isInstanceOf(ChatOutcome.Duplicate.class);
  }

  @Test
  void gapTooLarge_rejectedWithoutAbort() throws CheckFailedException {
    int far = 2 * (SecretChat.MAX_KEPT + 1) + 1;
    assertReason(() -> b.open(Chats.forged(a, 73, 0, far, "far")), CheckReason.E2E_GAP_TOO_LARGE);
    assertThat(b.isAborted()).isFalse();
    assertThat(b.queuedCount()).isZero();
  }

  @Test
  void decreasingInSeqNo_abortsTheChat() throws CheckFailedException {
    // B sends two messages; A acknowledges both (in_seq_no 2 * 2 + 0 = 4), then goes back to 2
    b.seal("b0");
    b.seal("b1");
    assertThat(b.open(Chats.forged(a, 73, 4, 1, "ack two")))
        .isInstanceOf(ChatOutcome.Delivered.class);
    assertReason(
        () -> b.open(Chats.forged(a, 73, 2, 3, "ack one")), CheckReason.E2E_IN_SEQ_NO_INVALID);
    assertThat(b.isAborted()).isTrue();
  }

  @Test
  void inSeqNoBeyondWhatWasSent_abortsTheChat() throws CheckFailedException {
    b.seal("b0");
    // in_seq_no may be at most (B's messages sent) = 1 raw, wire 2
    SecretChat b2 = Chats.pair(42).b();
    b2.seal("b0");
    assertThat(b2.open(Chats.forged(a, 73, 2, 1, "ack one")))
        .isInstanceOf(ChatOutcome.Delivered.class);
    assertReason(
        () -> b.open(Chats.forged(a, 73, 4, 1, "ack two")), CheckReason.E2E_IN_SEQ_NO_INVALID);
    assertThat(b.isAborted()).isTrue();
  }

  @Test
  void queuedMessageWithBadInSeqNo_abortsWhenTheGapCloses() throws CheckFailedException {
    byte[] m0 = a.seal("m0");
    assertThat(b.open(Chats.forged(a, 73, 4, 3, "claims two acks")))
        .isInstanceOf(ChatOutcome.Gap.class);
    assertThat(b.isAborted()).isFalse();
    assertReason(() -> b.open(m0), CheckReason.E2E_IN_SEQ_NO_INVALID);
    assertThat(b.isAborted()).isTrue();
  }

  // --- persistence and hygiene ---

  @Test
  void stateRoundTrip_continuesTheConversation() throws CheckFailedException {
    b.open(a.seal("m0"));
    byte[] m1 = a.seal("m1");
    byte[] m2 = a.seal("m2");
    ChatOutcome gap = b.open(m2);
    assertThat(gap).isInstanceOf(ChatOutcome.Gap.class);
    byte[] savedB = b.toState(SecretAccess.explicitly());
    byte[] savedA = a.toState(SecretAccess.explicitly());
    SecureRandom r = Chats.seeded(99);
    SecretChat b2 = SecretChat.fromState(savedB, r, clock);
    SecretChat a2 = SecretChat.fromState(savedA, r, clock);
    assertThat(b2.toState(SecretAccess.explicitly())).isEqualTo(savedB);
    assertThat(b2.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(b2.visualization()).isEqualTo(b.visualization());
    assertThat(b2.queuedCount()).isEqualTo(1);
    List<ChatMessage> got = ((ChatOutcome.Delivered) b2.open(m1)).messages();
    assertThat(got).hasSize(2);
    // A first gets B's resend request (B's out_seq_no 0), then B's next message
    ChatOutcome atA = a2.open(gap.replies().get(0).toByteArray());
    assertThat(atA.replies()).hasSize(1); // m1 (wire 3) sealed again by the restored A
    assertThat(Chats.text(a2.open(b2.seal("back")))).isEqualTo("back");
    assertThatThrownBy(() -> SecretChat.fromState(new byte[] {1, 2, 3, 4}, r, clock))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(savedB, savedB.length - 4);
    assertThatThrownBy(() -> SecretChat.fromState(truncated, r, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringIsRedacted_destroyZeroes() {
    byte[] raw = a.currentKey().reveal(SecretAccess.explicitly());
    Secrets.assertNoHexWindow(a.toString(), raw);
    Secrets.assertNoHexWindow(a.currentKey().toString(), raw);
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
    assertThatThrownBy(() -> a.seal("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void callerMistakes_throwAtOnce() {
    assertThatThrownBy(() -> b.open(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> a.seal((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new DecryptedMessageLayer(Bytes.empty(), 73, 0, 1, new ChatMessage.Text(1, 0, "")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
