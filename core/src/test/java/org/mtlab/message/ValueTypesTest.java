package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/** The public values: wire forms, validation, and toString hygiene. */
class ValueTypesTest {

  @Test
  void saltAndSessionId_wireFormIsLittleEndian() {
    // From mtproto2_messages.json: session_id 0x0123456789abcdef travels as efcdab8967452301.
    SessionId s = SessionId.fromHex("efcdab8967452301");
    assertThat(s.value()).isEqualTo(0x0123_4567_89ab_cdefL);
    assertThat(s.hex()).isEqualTo("efcdab8967452301");
    ServerSalt salt = new ServerSalt(0x0102030405060708L);
    assertThat(salt.hex()).isEqualTo("0807060504030201");
    assertThat(ServerSalt.fromWire(salt.toWire())).isEqualTo(salt);
    assertThatThrownBy(() -> ServerSalt.fromHex("0807"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionId.fromWire(new byte[7]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ServerSalt.random(new SecureRandom())).isNotNull();
  }

  @Test
  void messageId_timeAndOrder() {
    MessageId a = new MessageId(0x7fff_ffff_0000_0004L);
    MessageId b = new MessageId(0x8000_0000_0000_0004L);
    assertThat(b.seconds()).isEqualTo(0x8000_0000L);
    assertThat(a.compareTo(b)).isNegative();
    assertThat(b.toString()).contains(Long.toUnsignedString(b.value()));
  }

  @Test
  void innerMessage_readFromIsTheInverseOfWriteTo_andChecksTheLength() {
    InnerMessage m = InnerMessage.of(1, 2, 0x10, 5, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] b = m.toByteArray();
    assertThat(b).hasSize(40);
    assertThat(InnerMessage.readFrom(b, 0, b.length)).isEqualTo(m);
    assertThatThrownBy(() -> InnerMessage.readFrom(b, 0, 36))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InnerMessage.readFrom(b, 0, 31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(m.isContentRelated()).isTrue();
    assertThat(m.length()).isEqualTo(40);
  }

  @Test
  void innerMessage_toStringShowsNoContentSaltOrSession() {
    InnerMessage m =
        InnerMessage.of(
            0x5a5a5a5a5a5a5a5aL, 0x3c3c3c3c3c3c3c3cL, 0x10, 5, new byte[] {0x11, 0x22, 0x33, 0x44});
    String s = m.toString();
    assertThat(s)
        .doesNotContain("11223344")
        .doesNotContain("5a5a")
        .doesNotContain("3c3c")
        .contains("4 bytes");
  }

  @Test
  void encryptedFrame_parseSplitsTheFields_andChecksOnlyPublicFraming() throws Exception {
    byte[] f = new byte[24 + 48];
    for (int i = 0; i < f.length; i++) {
      f[i] = (byte) i;
    }
    EncryptedFrame e = EncryptedFrame.parse(f);
    assertThat(e.authKeyId()).isEqualTo(AuthKeyId.fromWire(f, 0));
    assertThat(e.msgKey()).isEqualTo(MsgKey.copyOf(f, 8));
    assertThat(e.encryptedData()).isEqualTo(Bytes.copyOf(f, 24, 48));
    assertThat(e.toByteArray()).isEqualTo(f);
    assertThat(e.length()).isEqualTo(72);
    for (int len : new int[] {0, 23, 24, 24 + 16, 24 + 32, 24 + 47, 24 + 49}) {
      assertThatThrownBy(() -> EncryptedFrame.parse(java.util.Arrays.copyOf(f, len)))
          .isInstanceOfSatisfying(
              CheckFailedException.class,
              x -> assertThat(x.reason()).isEqualTo(CheckReason.FRAME_MALFORMED));
    }
    assertThatThrownBy(
            () -> new EncryptedFrame(e.authKeyId(), e.msgKey(), Bytes.copyOf(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionPolicy_defaultsAndValidation() {
    SessionPolicy p = SessionPolicy.standard();
    assertThat(p.maxPast().toSeconds()).isEqualTo(300);
    assertThat(p.maxFuture().toSeconds()).isEqualTo(30);
    assertThat(p.ordering()).isEqualTo(SessionPolicy.Ordering.STRICT);
    assertThat(p.saltGrace().toSeconds()).isEqualTo(1800);
    assertThat(p.saltPeriod().toMinutes()).isEqualTo(30);
    assertThat(p.clientChecksTime()).isFalse();
    assertThat(p.newReplayWindow().isStrict()).isTrue();
    assertThat(SessionPolicy.compatible().newReplayWindow().capacity()).isEqualTo(1000);
    assertThatThrownBy(() -> p.withReplayWindowSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withMaxMessageDataLength((1 << 24) + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> p.withTimeWindow(java.time.Duration.ofSeconds(-1), java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withSaltTimes(java.time.Duration.ZERO, java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seqNoCounter_followsTheSpecFormula() {
    SeqNoCounter c = new SeqNoCounter();
    assertThat(c.next(false)).isZero();
    assertThat(c.next(true)).isEqualTo(1);
    assertThat(c.next(true)).isEqualTo(3);
    assertThat(c.next(false)).isEqualTo(4);
    assertThat(c.next(false)).isEqualTo(4);
    assertThat(c.next(true)).isEqualTo(5);
    assertThat(c.contentRelatedCount()).isEqualTo(3);
  }
}
