package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.e2e.ExchangeInitiator.AcceptEncryption;
import org.mtlab.e2e.ExchangeInitiator.RequestEncryption;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.KnownPrimes;
import org.mtlab.testing.Secrets;
import org.mtlab.testing.Seeds;

/** The key exchange of docs/protocol.md §8.1: agreement, and every check with a bad case. */
class KeyExchangeTest {
  static final BigInteger P = KnownPrimes.TELEGRAM;

  static LongStream seeds() {
    return Seeds.cases("e2e.exchange", 4);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bothDevicesAgree(long seed) throws CheckFailedException {
    ExchangeInitiator a = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(seed));
    ExchangeResponder.Accepted b =
        ExchangeResponder.accept(DhConfig.telegram(), a.request(), Chats.seeded(seed + 1));
    ChatKey keyA = a.complete(b.reply());

    assertThat(keyA.constantTimeEquals(b.key())).isTrue();
    assertThat(keyA.fingerprint()).isEqualTo(b.key().fingerprint());
    assertThat(b.reply().keyFingerprint()).isEqualTo(keyA.fingerprint());
    assertThat(KeyVisualization.of(keyA)).isEqualTo(KeyVisualization.of(b.key()));
    assertThat(keyA.reveal(SecretAccess.explicitly())).hasSize(256);
    // g_a and g_b are in the window, as the other side will check
    assertThat(DhChecks.isInRange(DhChecks.unsigned(a.request().gA()), P)).isTrue();
    assertThat(DhChecks.isInRange(DhChecks.unsigned(b.reply().gB()), P)).isTrue();
    assertThat(a.isOver()).isTrue();
  }

  @Test
  void sameSeedSameKey_otherServerRandomOtherKey() throws CheckFailedException {
    RequestEncryption r1 = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(5)).request();
    RequestEncryption r2 = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(5)).request();
    DhConfig withRandom =
        new DhConfig(3, DhConfig.telegram().p(), 2, Bytes.copyOf(new byte[] {1, 2, 3}));
    RequestEncryption r3 = ExchangeInitiator.start(withRandom, Chats.seeded(5)).request();
    assertThat(r1).isEqualTo(r2);
    assertThat(r3.gA()).isNotEqualTo(r1.gA()); // the server's random is mixed into a
  }

  @Test
  void wrongFingerprint_discardsTheChat() throws CheckFailedException {
    ExchangeInitiator a = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(1));
    ExchangeResponder.Accepted b =
        ExchangeResponder.accept(DhConfig.telegram(), a.request(), Chats.seeded(2));
    AcceptEncryption bad =
        new AcceptEncryption(
            b.reply().gB(), new KeyFingerprint(b.reply().keyFingerprint().value() ^ 1));
    assertThatThrownBy(() -> a.complete(bad))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.E2E_KEY_CONFIRMATION_FAILED));
    assertThat(a.isOver()).isTrue();
    assertThatThrownBy(() -> a.complete(b.reply())).isInstanceOf(IllegalStateException.class);
  }

  static BigInteger[] outOfRange() {
    BigInteger m = DhChecks.WINDOW_MARGIN;
    return new BigInteger[] {
      BigInteger.ZERO,
      BigInteger.ONE,
      BigInteger.TWO,
      P.subtract(BigInteger.ONE),
      P,
      m.subtract(BigInteger.ONE),
      P.subtract(m).add(BigInteger.ONE)
    };
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void responderRejectsGaOutOfRange(BigInteger gA) {
    RequestEncryption r = new RequestEncryption(Dh.unsignedBytes(gA));
    assertReason(
        () -> ExchangeResponder.accept(DhConfig.telegram(), r, Chats.seeded(3)),
        CheckReason.DH_G_A_OUT_OF_RANGE);
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void initiatorRejectsGbOutOfRange(BigInteger gB) throws CheckFailedException {
    ExchangeInitiator a = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(4));
    AcceptEncryption bad = new AcceptEncryption(Dh.unsignedBytes(gB), new KeyFingerprint(0));
    assertReason(() -> a.complete(bad), CheckReason.DH_G_B_OUT_OF_RANGE);
    assertThat(a.isOver()).isTrue();
  }

  @Test
  void windowEdgesAccepted() throws CheckFailedException {
    for (BigInteger gA :
        new BigInteger[] {DhChecks.WINDOW_MARGIN, P.subtract(DhChecks.WINDOW_MARGIN)}) {
      ExchangeResponder.Accepted ok =
          ExchangeResponder.accept(
              DhConfig.telegram(), new RequestEncryption(Dh.unsignedBytes(gA)), Chats.seeded(9));
      assertThat(ok.key().isDestroyed()).isFalse();
    }
  }

  @Test
  void badGroupRejectedOnBothSides() throws CheckFailedException {
    Bytes p = DhConfig.telegram().p();
    DhConfig g2 = new DhConfig(2, p, 1, Bytes.empty()); // p mod 8 = 3: 2 is not a residue
    DhConfig g9 = new DhConfig(9, p, 1, Bytes.empty());
    DhConfig composite = new DhConfig(3, Dh.unsignedBytes(P.add(BigInteger.TWO)), 1, Bytes.empty());
    DhConfig short1 = new DhConfig(3, Dh.unsignedBytes(P.shiftRight(1)), 1, Bytes.empty());
    RequestEncryption good =
        ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(1)).request();
    assertReason(() -> ExchangeInitiator.start(g2, Chats.seeded(1)), CheckReason.DH_G_INVALID);
    assertReason(() -> ExchangeInitiator.start(g9, Chats.seeded(1)), CheckReason.DH_G_INVALID);
    assertReason(
        () -> ExchangeInitiator.start(composite, Chats.seeded(1)), CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> ExchangeInitiator.start(short1, Chats.seeded(1)), CheckReason.DH_PRIME_INVALID);
    assertReason(
        () -> ExchangeResponder.accept(g2, good, Chats.seeded(1)), CheckReason.DH_G_INVALID);
    assertReason(
        () -> ExchangeResponder.accept(composite, good, Chats.seeded(1)),
        CheckReason.DH_PRIME_INVALID);
  }

  @Test
  void keyIsRedactedAndDestroyable() throws CheckFailedException {
    ExchangeInitiator a = ExchangeInitiator.start(DhConfig.telegram(), Chats.seeded(1));
    ExchangeResponder.Accepted b =
        ExchangeResponder.accept(DhConfig.telegram(), a.request(), Chats.seeded(2));
    ChatKey key = b.key();
    byte[] raw = key.reveal(SecretAccess.explicitly());
    Secrets.assertNoHexWindow(key.toString(), raw);
    Secrets.assertNoHexWindow(b.toString(), raw);
    assertThat(key.toString()).contains(key.fingerprint().hex());
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.toString()).isEqualTo("ChatKey[destroyed]");
    assertThatThrownBy(key::fingerprint).isInstanceOf(IllegalStateException.class);
  }

  interface Step {
    void run() throws CheckFailedException;
  }

  static void assertReason(Step step, CheckReason reason) {
    assertThatThrownBy(step::run)
        .isInstanceOfSatisfying(
            CheckFailedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
