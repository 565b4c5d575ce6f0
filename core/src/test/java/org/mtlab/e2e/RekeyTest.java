package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.e2e.KeyExchangeTest.assertReason;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.MutableClock;

/** Re-keying (docs/protocol.md §8.4): when it is due, the exchange, races and failures. */
class RekeyTest {
  @Test
  void dueAfter100Messages_sentAndReceivedTogether() throws CheckFailedException {
    Chats.Pair p = Chats.pair(1);
    assertThat(p.a().rekeyDue()).isFalse(); // nothing encrypted yet
    for (int i = 0; i < 49; i++) {
      p.b().open(p.a().seal("a" + i));
      p.a().open(p.b().seal("b" + i));
    }
    assertThat(p.a().messagesUnderKey()).isEqualTo(98);
    assertThat(p.a().rekeyDue()).isFalse();
    p.b().open(p.a().seal("x"));
    assertThat(p.a().rekeyDue()).isFalse();
    p.a().open(p.b().seal("y"));
    assertThat(p.a().messagesUnderKey()).isEqualTo(100);
    assertThat(p.a().rekeyDue()).isTrue();
  }

  @Test
  void dueAfterAWeek() {
    Chats.Pair p = Chats.pair(2);
    MutableClock clock = p.clock();
    clock.advance(8 * 24 * 3600);
    assertThat(p.a().rekeyDue()).isFalse(); // a week, but nothing encrypted
    p.a().seal("one");
    clock.set(Chats.T0 + 7 * 24 * 3600 - 1);
    assertThat(p.a().rekeyDue()).isFalse();
    clock.advance(1);
    assertThat(p.a().rekeyDue()).isTrue();
  }

  @Test
  void exchange_switchesBothSides_oldKeyGone() throws CheckFailedException {
    Chats.Pair p = Chats.pair(3);
    SecretChat a = p.a();
    SecretChat b = p.b();
    b.open(a.seal("before"));
    KeyFingerprint oldFp = a.fingerprint();
    ChatKey oldKeyA = a.currentKey();
    byte[] oldBytes = oldKeyA.reveal(SecretAccess.explicitly());
    KeyVisualization vis = a.visualization();
    byte[] inFlightFromB = b.seal("sealed under the old key, delivered late");

    List<Bytes> toB = List.of(Bytes.copyOf(a.startRekey()));
    assertThat(a.rekeyInProgress()).isTrue();
    a.open(inFlightFromB); // still the old key at A: fine
    List<Bytes> toA = deliver(b, toB); // AcceptKey
    assertThat(b.rekeyInProgress()).isTrue();
    assertThat(b.fingerprint()).isEqualTo(oldFp);
    byte[] lateOld = b.seal("old key, after B accepted");
    toB = deliver(a, toA); // CommitKey (old key), then A switches
    assertThat(a.fingerprint()).isNotEqualTo(oldFp);
    assertThat(oldKeyA.isDestroyed()).isTrue();
    toA = deliver(b, toB); // B switches, answers Noop under the new key
    assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    assertThat(a.rekeyInProgress()).isFalse();
    assertThat(b.rekeyInProgress()).isFalse();

    // the old key's messages no longer open; the new key shares nothing with the old one
    assertReason(() -> a.open(lateOld), CheckReason.E2E_FINGERPRINT_MISMATCH);
    // A sees B's Noop behind the lost message, asks for it again, and B seals it anew
    ChatOutcome gap = a.open(toA.get(0).toByteArray());
    assertThat(gap).isInstanceOf(ChatOutcome.Gap.class);
    List<Bytes> resent = deliver(b, gap.replies());
    assertThat(resent).hasSize(1);
    ChatOutcome.Delivered both = (ChatOutcome.Delivered) a.open(resent.get(0).toByteArray());
    assertThat(((ChatMessage.Text) both.messages().get(0)).text())
        .isEqualTo("old key, after B accepted");
    assertThat(((ChatMessage.Service) both.messages().get(1)).action())
        .isEqualTo(new ChatAction.Noop());
    byte[] newBytes = a.currentKey().reveal(SecretAccess.explicitly());
    assertThat(newBytes).isNotEqualTo(oldBytes);
    org.mtlab.testing.Secrets.assertNoHexWindow(org.mtlab.bytes.Hex.encode(newBytes), oldBytes);
    assertThat(a.visualization()).isEqualTo(vis); // kept across re-keying
    assertThat(a.messagesUnderKey()).isEqualTo(3); // A's resend request, B's two messages

    assertThat(Chats.text(b.open(a.seal("after")))).isEqualTo("after");
    assertThat(Chats.text(a.open(b.seal("after too")))).isEqualTo("after too");
  }

  @Test
  void bothStartAtOnce_theLargerExchangeIdWins() throws CheckFailedException {
    for (long seed = 10; seed < 14; seed++) {
      Chats.Pair p = Chats.pair(seed);
      SecretChat a = p.a();
      SecretChat b = p.b();
      KeyFingerprint old = a.fingerprint();
      byte[] fromA = a.startRekey();
      byte[] fromB = b.startRekey();
      long idA = requestId(b, fromA);
      long idB = requestId(a, fromB);
      List<Bytes> atB = deliver(b, List.of(Bytes.copyOf(fromA)));
      List<Bytes> atA = deliver(a, List.of(Bytes.copyOf(fromB)));
      // exactly one side answers AcceptKey: the one whose own exchange_id is smaller
      assertThat(atB.size() + atA.size()).isEqualTo(1);
      assertThat(atA.isEmpty()).isEqualTo(idA > idB);
      // run the rest of the exchange to the end
      List<Bytes> toA = atB;
      List<Bytes> toB = atA;
      for (int round = 0; round < 4 && !(toA.isEmpty() && toB.isEmpty()); round++) {
        List<Bytes> nextB = deliver(a, toA);
        List<Bytes> nextA = deliver(b, toB);
        toB = nextB;
        toA = nextA;
      }
      assertThat(a.rekeyInProgress()).isFalse();
      assertThat(b.rekeyInProgress()).isFalse();
      assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(old);
      assertThat(Chats.text(b.open(a.seal("ok")))).isEqualTo("ok");
    }
  }

  @Test
  void wrongFingerprintInAcceptKey_abortsTheExchangeOnly() throws CheckFailedException {
    Chats.Pair p = Chats.pair(4);
    SecretChat a = p.a();
    SecretChat b = p.b();
    KeyFingerprint old = a.fingerprint();
    a.startRekey(); // not delivered: B answers with a made-up fingerprint instead
    byte[] forged =
        b.seal(
            new ChatMessage.Service(
                5,
                new ChatAction.AcceptKey(
                    pendingExchangeId(a),
                    Dh.unsignedBytes(org.mtlab.handshake.DhChecks.WINDOW_MARGIN),
                    new KeyFingerprint(1))));
    ChatOutcome.Delivered d = (ChatOutcome.Delivered) a.open(forged);
    assertThat(d.rekeyFailures()).containsExactly(CheckReason.E2E_KEY_CONFIRMATION_FAILED);
    assertThat(d.replies()).hasSize(1); // AbortKey
    assertThat(a.rekeyInProgress()).isFalse();
    assertThat(a.fingerprint()).isEqualTo(old);
    assertThat(Chats.text(a.open(b.seal("still the old key")))).isEqualTo("still the old key");
    assertThatThrownBy(
            () -> {
              a.startRekey();
              a.startRekey();
            })
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requestKeyWithGaOutOfRange_answeredWithAbort() throws CheckFailedException {
    Chats.Pair p = Chats.pair(5);
    byte[] bad =
        p.a().seal(new ChatMessage.Service(1, new ChatAction.RequestKey(9, Bytes.fromHex("01"))));
    ChatOutcome.Delivered d = (ChatOutcome.Delivered) p.b().open(bad);
    assertThat(d.rekeyFailures()).containsExactly(CheckReason.DH_G_A_OUT_OF_RANGE);
    assertThat(p.b().rekeyInProgress()).isFalse();
    ChatOutcome.Delivered atA =
        (ChatOutcome.Delivered) p.a().open(d.replies().get(0).toByteArray());
    assertThat(((ChatMessage.Service) atA.messages().get(0)).action())
        .isEqualTo(new ChatAction.AbortKey(9));
  }

  @Test
  void stateRoundTrip_inTheMiddleOfAnExchange() throws CheckFailedException {
    Chats.Pair p = Chats.pair(6);
    List<Bytes> toB = List.of(Bytes.copyOf(p.a().startRekey()));
    List<Bytes> toA = deliver(p.b(), toB);
    SecretChat a2 =
        SecretChat.fromState(p.a().toState(SecretAccess.explicitly()), Chats.seeded(1), p.clock());
    SecretChat b2 =
        SecretChat.fromState(p.b().toState(SecretAccess.explicitly()), Chats.seeded(2), p.clock());
    toB = deliver(a2, toA);
    toA = deliver(b2, toB);
    deliver(a2, toA);
    assertThat(a2.fingerprint()).isEqualTo(b2.fingerprint()).isNotEqualTo(p.a().fingerprint());
  }

  /** Opens every wire at {@code chat}; returns everything it asks to send back. */
  static List<Bytes> deliver(SecretChat chat, List<Bytes> wires) throws CheckFailedException {
    List<Bytes> replies = new ArrayList<>();
    for (Bytes w : wires) {
      replies.addAll(chat.open(w.toByteArray()).replies());
    }
    return replies;
  }

  static long requestId(SecretChat receiver, byte[] wire) throws CheckFailedException {
    ChatMessage m = SecretChatTest.decryptAsPeer(receiver, wire).message();
    return ((ChatAction.RequestKey) ((ChatMessage.Service) m).action()).exchangeId();
  }

  /** A's pending exchange_id, read back from the RequestKey it keeps for resending. */
  static long pendingExchangeId(SecretChat a) {
    byte[] state = a.toState(SecretAccess.explicitly());
    // the exchange id is the long right after the re-keying kind (1) near the end: 8 bytes
    // before the 256-byte secret and its 4-byte TL prefix
    return org.mtlab.bytes.LittleEndian.getLong(state, state.length - 4 - 256 - 8);
  }
}
