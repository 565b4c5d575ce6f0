package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;
import static org.mtlab.message.Frames.serverMsgId;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The exact edges of the receiver's and the policy's checks (each value on both sides of its
 * bound), and what the check classes report about themselves: the cases mutation testing found
 * untested.
 */
class CheckBoundariesTest {
  private static final long SESSION = 0x0123_4567_89ab_cdefL;
  private final SplittableRandom rnd = new SplittableRandom(0xB0DEL);
  private final AuthKey key = Frames.randomKey(rnd);

  private byte[] frame(Sender sender, long msgId, int lengthField, byte[] data, int padding) {
    return Frames.sealRaw(
        key, sender, Frames.plaintext(1, SESSION, msgId, 1, lengthField, data, padding, rnd));
  }

  private static CheckReason reason(MessageOpener opener, byte[] frame) {
    try {
      opener.open(frame);
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  private MessageOpener opener(SessionPolicy policy) {
    return new MessageOpener(key, Sender.CLIENT, new SessionId(SESSION), policy);
  }

  @Test
  void lengthField_edges() {
    SessionPolicy small = SessionPolicy.standard().withMaxMessageDataLength(16);
    // L = 0 and L = the policy's maximum are fine
    assertThat(reason(opener(small), frame(Sender.CLIENT, clientMsgId(T0, 4), 0, new byte[0], 16)))
        .isNull();
    assertThat(
            reason(opener(small), frame(Sender.CLIENT, clientMsgId(T0, 4), 16, new byte[16], 16)))
        .isNull();
    assertThat(
            reason(opener(small), frame(Sender.CLIENT, clientMsgId(T0, 4), 20, new byte[20], 12)))
        .isEqualTo(CheckReason.LENGTH_FIELD);
    // L = n - 32 leaves no padding: a padding failure, not a length failure
    byte[] noPadding = frame(Sender.CLIENT, clientMsgId(T0, 4), 32, new byte[16], 16);
    assertThat(reason(opener(SessionPolicy.standard()), noPadding))
        .isEqualTo(CheckReason.PADDING_LENGTH);
  }

  /** A bad_server_salt whose data is only its 4-byte constructor still gets the exemption. */
  @Test
  void timeExemption_forTheShortestSaltNotice() {
    MessageOpener client =
        new MessageOpener(
            key,
            Sender.SERVER,
            new SessionId(SESSION),
            SessionPolicy.standard(),
            Frames.at(T0 - 600));
    byte[] ctor = new byte[4];
    LittleEndian.putInt(ctor, 0, ServiceMessage.BAD_SERVER_SALT);
    assertThat(reason(client, frame(Sender.SERVER, serverMsgId(T0, 8), 4, ctor, 12))).isNull();
    byte[] ping = new byte[4];
    LittleEndian.putInt(ping, 0, ServiceMessage.PING);
    assertThat(reason(client, frame(Sender.SERVER, serverMsgId(T0, 16), 4, ping, 12)))
        .isEqualTo(CheckReason.MSG_ID_TOO_NEW);
  }

  @Test
  void opener_reusesItsScratch_andWipesTheFrameKey_andDescribesItself() throws Exception {
    MessageOpener o = opener(SessionPolicy.standard());
    assertThat(o.peer()).isEqualTo(Sender.CLIENT);
    assertThat(o.policy()).isEqualTo(SessionPolicy.standard());
    byte[] first = frame(Sender.CLIENT, clientMsgId(T0, 4), 16, new byte[16], 16);
    o.open(first);
    byte[] scratch = o.scratch;
    assertThat(scratch.length).isEqualTo(64);
    o.open(frame(Sender.CLIENT, clientMsgId(T0, 8), 16, new byte[16], 16));
    assertThat(o.scratch).as("same size: no new scratch").isSameAs(scratch);
    assertThat(o.cipher.keyIv).containsOnly((byte) 0);
    byte[] tampered = frame(Sender.CLIENT, clientMsgId(T0, 12), 16, new byte[16], 16);
    tampered[40] ^= 1;
    assertThat(reason(o, tampered)).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    assertThat(o.cipher.keyIv).containsOnly((byte) 0);

    assertThat(o.toString())
        .contains("CLIENT", "ReplayWindow[strict]", "no time window")
        .doesNotContain("stateless", "salts checked");
    assertThat(MessageOpener.stateless(key, Sender.SERVER, Frames.at(T0)).toString())
        .contains("SERVER", "stateless")
        .doesNotContain("ReplayWindow", "no time window");
    ServerSalts salts =
        new ServerSalts(new ServerSalt(1), Instant.ofEpochSecond(T0), Duration.ofMinutes(30));
    assertThat(
            MessageOpener.forServer(
                    key, new SessionId(SESSION), salts, SessionPolicy.standard(), Frames.at(T0))
                .toString())
        .contains("salts checked");
  }

  @Test
  void replayWindow_edgesAndDescription() throws Exception {
    ReplayWindow one = ReplayWindow.windowed(1);
    assertThat(one.isStrict()).isFalse();
    assertThat(one.capacity()).isEqualTo(1);
    one.accept(8);
    assertThatThrownBy(() -> one.accept(4)).isInstanceOf(CheckFailedException.class);
    assertThat(ReplayWindow.windowed(SessionPolicy.MAX_REPLAY_WINDOW).capacity())
        .isEqualTo(SessionPolicy.MAX_REPLAY_WINDOW);
    assertThatThrownBy(() -> ReplayWindow.windowed(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplayWindow.windowed(SessionPolicy.MAX_REPLAY_WINDOW + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ReplayWindow.strict()).hasToString("ReplayWindow[strict]");
    assertThat(ReplayWindow.windowed(7)).hasToString("ReplayWindow[windowed, N=7]");
  }

  @Test
  void sessionPolicy_edges() {
    SessionPolicy p = SessionPolicy.standard();
    assertThat(p.withReplayWindowSize(1).replayWindowSize()).isEqualTo(1);
    assertThat(p.withReplayWindowSize(SessionPolicy.MAX_REPLAY_WINDOW).replayWindowSize())
        .isEqualTo(SessionPolicy.MAX_REPLAY_WINDOW);
    assertThatThrownBy(() -> p.withReplayWindowSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withReplayWindowSize(SessionPolicy.MAX_REPLAY_WINDOW + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(p.withMaxMessageDataLength(0).maxMessageDataLength()).isZero();
    assertThat(p.withMaxMessageDataLength(InnerMessage.MAX_DATA_LENGTH).maxMessageDataLength())
        .isEqualTo(InnerMessage.MAX_DATA_LENGTH);
    assertThatThrownBy(() -> p.withMaxMessageDataLength(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withMaxMessageDataLength(InnerMessage.MAX_DATA_LENGTH + 1))
        .isInstanceOf(IllegalArgumentException.class);
    Duration minus = Duration.ofSeconds(-1);
    assertThatThrownBy(() -> p.withTimeWindow(minus, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withTimeWindow(Duration.ZERO, minus))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withSaltTimes(minus, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withSaltTimes(Duration.ZERO, minus))
        .isInstanceOf(IllegalArgumentException.class);
    SessionPolicy q =
        p.withTimeWindow(Duration.ofSeconds(7), Duration.ofSeconds(3))
            .withSaltTimes(Duration.ofSeconds(11), Duration.ofSeconds(13));
    assertThat(q.maxPast()).isEqualTo(Duration.ofSeconds(7));
    assertThat(q.maxFuture()).isEqualTo(Duration.ofSeconds(3));
    assertThat(q.saltGrace()).isEqualTo(Duration.ofSeconds(11));
    assertThat(q.saltPeriod()).isEqualTo(Duration.ofSeconds(13));
  }

  @Test
  void serverSalts_reportTheirState() {
    Instant t0 = Instant.ofEpochSecond(T0);
    ServerSalts salts = new ServerSalts(new ServerSalt(1), t0, Duration.ofMinutes(30));
    assertThat(salts.current()).isEqualTo(new ServerSalt(1));
    assertThat(salts.previous()).isEmpty();
    salts.rotate(new ServerSalt(2), t0.plusSeconds(5));
    assertThat(salts.current()).isEqualTo(new ServerSalt(2));
    assertThat(salts.previous()).contains(new ServerSalt(1));
    assertThat(salts.currentSince()).isEqualTo(t0.plusSeconds(5));
    assertThat(salts.toString()).isNotEmpty().doesNotContain("0000000000000001");
  }

  @Test
  void sealer_reportsItself_andChecksLengthsStatically() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(1);
    MessageSealer s = new MessageSealer(key, Sender.SERVER, random, PaddingPolicy.minimal());
    assertThat(s.sender()).isEqualTo(Sender.SERVER);
    assertThat(s.paddingPolicy()).isEqualTo(PaddingPolicy.minimal());
    assertThat(s.toString()).contains("SERVER", "MINIMAL");
    assertThatThrownBy(() -> MessageSealer.maxFrameLength(3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageSealer.frameLength(3, 13))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageSealer.frameLength(4, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MessageSealer.frameLength(4, 12)).isEqualTo(72);
  }
}
