package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.MutableClock;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The receiver after the MAC: B32-B46 and A3 (parity), A4 (replay, time window), A5 (ordering), A16
 * (server salt, no state change on rejection).
 */
class MessageOpenerChecksTest {
  private static final long SEED = 0xC4EC5L;
  private static final long SALT = 0x1111_2222_3333_4444L;
  private static final long SESSION = 0x0123_4567_89ab_cdefL;

  private final SplittableRandom rnd = new SplittableRandom(SEED);
  private final AuthKey key = Frames.randomKey(rnd);
  private final MutableClock clock = new MutableClock(T0);

  /** A frame with a correct msg_key around an arbitrary plaintext. */
  private byte[] raw(
      Sender sender,
      long salt,
      long session,
      long msgId,
      int lengthField,
      int dataLength,
      int padding) {
    return Frames.sealRaw(
        key,
        sender,
        Frames.plaintext(
            salt, session, msgId, 1, lengthField, Frames.bytes(rnd, dataLength), padding, rnd));
  }

  /** A well-formed client frame. */
  private byte[] client(long msgId) {
    return raw(Sender.CLIENT, SALT, SESSION, msgId, 16, 16, 16);
  }

  private MessageOpener serverSideOpener(SessionPolicy policy, ServerSalts salts) {
    return MessageOpener.forServer(key, new SessionId(SESSION), salts, policy, clock);
  }

  private ServerSalts salts() {
    return new ServerSalts(new ServerSalt(SALT), clock.instant(), Duration.ofMinutes(30));
  }

  private MessageOpener serverSideOpener() {
    return serverSideOpener(SessionPolicy.standard(), salts());
  }

  private static CheckReason reason(MessageOpener opener, byte[] frame) {
    return CountingMsgKey.reasonOf(opener, frame);
  }

  // --- B32-B36: layout -------------------------------------------------------------------

  @ParameterizedTest(name = "padding {0}")
  @ValueSource(ints = {4, 8, 1028, 1040, 1056})
  void open_paddingOutside12to1024_paddingLength(int padding) {
    int dataLength = Math.floorMod(-(32 + padding), 16);
    byte[] f =
        raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), dataLength, dataLength, padding);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.PADDING_LENGTH);
  }

  @ParameterizedTest(name = "padding {0}")
  @ValueSource(ints = {12, 16, 1020, 1024})
  void open_paddingAtTheEdgesOf12to1024_accepted(int padding) {
    int dataLength = Math.floorMod(-(32 + padding), 16);
    byte[] f =
        raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), dataLength, dataLength, padding);
    assertThat(reason(serverSideOpener(), f)).isNull();
  }

  @ParameterizedTest(name = "length field {0}")
  @ValueSource(ints = {36, 64, 0x7ffffffc, 1 << 24})
  void open_lengthFieldLargerThanThePlaintext_lengthField(int lengthField) {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), lengthField, 20, 12);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.LENGTH_FIELD);
  }

  @ParameterizedTest(name = "length field {0}")
  @ValueSource(ints = {1, 2, 3, 17, 18, 19})
  void open_lengthFieldNotAMultipleOf4_lengthField(int lengthField) {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), lengthField, 20, 12);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.LENGTH_FIELD);
  }

  @ParameterizedTest(name = "length field {0}")
  @ValueSource(ints = {0x80000000, -4, -1, 0xfffffff0})
  void open_negativeLengthField_lengthField(int lengthField) {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), lengthField, 20, 12);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.LENGTH_FIELD);
  }

  @Test
  void open_lengthFieldOverThePolicyMaximum_lengthField() {
    SessionPolicy policy = SessionPolicy.standard().withMaxMessageDataLength(16);
    byte[] ok = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64), 16, 16, 16);
    byte[] tooLong = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 68), 20, 20, 12);
    MessageOpener opener = serverSideOpener(policy, salts());
    assertThat(reason(opener, tooLong)).isEqualTo(CheckReason.LENGTH_FIELD);
    assertThat(reason(opener, ok)).isNull();
  }

  // --- B37, B38 / A3, B44 ----------------------------------------------------------------

  @Test
  void open_otherSession_sessionIdMismatch() {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION ^ 1, clientMsgId(T0, 64), 16, 16, 16);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.SESSION_ID_MISMATCH);
    // a stateless opener accepts any session
    assertThat(reason(MessageOpener.stateless(key, Sender.CLIENT), f)).isNull();
  }

  @ParameterizedTest(name = "client msg_id low bits {0}")
  @ValueSource(ints = {1, 2, 3})
  void open_rejectsWrongParity_fromClient(int low) {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 64) | low, 16, 16, 16);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.MSG_ID_PARITY);
  }

  @Test
  void open_rejectsWrongParity_fromServer() {
    for (int low = 0; low < 4; low++) {
      byte[] f = raw(Sender.SERVER, SALT, SESSION, clientMsgId(T0, 64) | low, 16, 16, 16);
      MessageOpener opener =
          new MessageOpener(
              key, Sender.SERVER, new SessionId(SESSION), SessionPolicy.standard(), clock);
      assertThat(reason(opener, f))
          .as("low bits %d", low)
          .isEqualTo(low % 2 == 0 ? CheckReason.MSG_ID_PARITY : null);
    }
  }

  @Test
  void server_clientMsgIdWithZeroLow32Bits_msgIdMalformed() {
    byte[] f = raw(Sender.CLIENT, SALT, SESSION, T0 << 32, 16, 16, 16);
    assertThat(reason(serverSideOpener(), f)).isEqualTo(CheckReason.MSG_ID_MALFORMED);
  }

  // --- B39, B40 / A4: the time window ----------------------------------------------------

  @Test
  void window_boundaries() {
    long[][] cases = { // seconds offset, accepted?
      {30, 1}, {31, 0}, {-300, 1}, {-301, 0}, {0, 1}, {29, 1}, {-299, 1}, {3600, 0}
    };
    for (long[] c : cases) {
      // the largest fraction within the second: still that second
      long id = clientMsgId(T0 + c[0], 0xfffffffcL);
      CheckReason r = reason(serverSideOpener(), client(id));
      CheckReason expected =
          c[1] == 1 ? null : c[0] > 0 ? CheckReason.MSG_ID_TOO_NEW : CheckReason.MSG_ID_TOO_OLD;
      assertThat(r).as("now %+d s", c[0]).isEqualTo(expected);
      assertThat(reason(serverSideOpener(), client(clientMsgId(T0 + c[0], 4))))
          .as("now %+d s, smallest fraction", c[0])
          .isEqualTo(expected);
    }
  }

  @Test
  void open_msgIdTooNew_31sAhead() {
    assertThat(reason(serverSideOpener(), client(clientMsgId(T0 + 31, 64))))
        .isEqualTo(CheckReason.MSG_ID_TOO_NEW);
  }

  @Test
  void open_msgIdTooOld_301sBehind() {
    assertThat(reason(serverSideOpener(), client(clientMsgId(T0 - 301, 64))))
        .isEqualTo(CheckReason.MSG_ID_TOO_OLD);
  }

  @Test
  void openStateless_checksTheTimeOnlyWhenGivenNow() throws Exception {
    byte[] f = client(clientMsgId(T0 - 1000, 64));
    MessageOpener.openStateless(key, Sender.CLIENT, f);
    MessageOpener.openStateless(key, Sender.CLIENT, f, java.time.Instant.ofEpochSecond(T0 - 999));
    assertThatThrownBy(
            () ->
                MessageOpener.openStateless(
                    key, Sender.CLIENT, f, java.time.Instant.ofEpochSecond(T0)))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.MSG_ID_TOO_OLD));
  }

  // --- B41-B43 / A4, A5: replays and ordering --------------------------------------------

  @Test
  void open_rejectsReplay() {
    for (SessionPolicy policy :
        new SessionPolicy[] {SessionPolicy.standard(), SessionPolicy.compatible()}) {
      MessageOpener opener = serverSideOpener(policy, salts());
      byte[] f = client(clientMsgId(T0, 64));
      assertThat(reason(opener, f)).isNull();
      assertThat(reason(opener, f))
          .as(policy.ordering().name())
          .isEqualTo(CheckReason.MSG_ID_REPLAYED);
    }
  }

  @Test
  void open_rejectsBelowWindow() {
    SessionPolicy policy = SessionPolicy.compatible().withReplayWindowSize(4);
    MessageOpener opener = serverSideOpener(policy, salts());
    for (int i = 1; i <= 5; i++) {
      assertThat(reason(opener, client(clientMsgId(T0, 1000 + 16 * i)))).isNull();
    }
    // 1016 was evicted (N = 4); it and an id never seen below the window are refused.
    assertThat(reason(opener, client(clientMsgId(T0, 1016))))
        .isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(reason(opener, client(clientMsgId(T0, 1020))))
        .isEqualTo(CheckReason.MSG_ID_REPLAYED);
    // inside the window and new: accepted once
    assertThat(reason(opener, client(clientMsgId(T0, 1036)))).isNull();
    assertThat(reason(opener, client(clientMsgId(T0, 1036))))
        .isEqualTo(CheckReason.MSG_ID_REPLAYED);
  }

  @Test
  void strictMode_rejectsReorderedPair() throws Exception {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    byte[] m1 = sealer.seal(InnerMessage.of(SALT, SESSION, clientMsgId(T0, 64), 1, new byte[8]));
    byte[] m2 = sealer.seal(InnerMessage.of(SALT, SESSION, clientMsgId(T0, 128), 3, new byte[8]));
    MessageOpener opener = serverSideOpener();
    assertThat(reason(opener, m2)).isNull();
    assertThat(reason(opener, m1)).isEqualTo(CheckReason.MSG_ID_OUT_OF_ORDER);
  }

  @Test
  void compatMode_acceptsWithinWindowOnce() throws Exception {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    byte[][] m = new byte[3][];
    for (int i = 0; i < 3; i++) {
      m[i] =
          sealer.seal(
              InnerMessage.of(
                  SALT, SESSION, clientMsgId(T0, 64L * (i + 1)), 2 * i + 1, new byte[8]));
    }
    MessageOpener opener = serverSideOpener(SessionPolicy.compatible(), salts());
    assertThat(reason(opener, m[0])).isNull();
    assertThat(reason(opener, m[2])).isNull();
    assertThat(reason(opener, m[1])).isNull(); // late, but inside the window: accepted once
    assertThat(reason(opener, m[1])).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(reason(opener, m[2])).isEqualTo(CheckReason.MSG_ID_REPLAYED);
  }

  // --- B45 / A16: the server salt --------------------------------------------------------

  @Test
  void server_rejectsUnknownSalt_carryingTheCurrentSalt() {
    byte[] f = raw(Sender.CLIENT, SALT + 1, SESSION, clientMsgId(T0, 64), 16, 16, 16);
    MessageOpener opener = serverSideOpener();
    CheckFailedException e = failure(opener, f);
    assertThat(e).isInstanceOf(BadServerSaltException.class);
    assertThat(e.reason()).isEqualTo(CheckReason.BAD_SERVER_SALT);
    BadServerSaltException b = (BadServerSaltException) e;
    assertThat(b.currentSalt()).isEqualTo(new ServerSalt(SALT));
    assertThat(b.badMsgId()).isEqualTo(new MessageId(clientMsgId(T0, 64)));
    assertThat(b.badMsgSeqNo()).isEqualTo(1);
    assertThat(b.notice())
        .isEqualTo(
            new org.mtlab.tl.ServiceMessage.BadServerSalt(
                new MessageId(clientMsgId(T0, 64)), 1, 48, new ServerSalt(SALT)));
    // the rejected msg_id was not consumed: resent with the right salt, it is accepted
    assertThat(reason(opener, client(clientMsgId(T0, 64)))).isNull();
  }

  @Test
  void server_rejectsExpiredSalt() {
    ServerSalts salts = salts();
    MessageOpener opener = serverSideOpener(SessionPolicy.standard(), salts);
    long next = 0x5555_6666_7777_8888L;
    salts.rotate(new ServerSalt(next), clock.instant()); // at T0; old salt valid to T0 + 1800
    long id = 0;
    for (long[] c : new long[][] {{0, 1}, {1800, 1}, {1801, 0}, {5000, 0}}) {
      clock.set(T0 + c[0]);
      id = clientMsgId(T0 + c[0], 64);
      byte[] old = raw(Sender.CLIENT, SALT, SESSION, id, 16, 16, 16);
      CheckReason r = reason(opener, old);
      assertThat(r)
          .as("old salt at +%d s", c[0])
          .isEqualTo(c[1] == 1 ? null : CheckReason.BAD_SERVER_SALT);
      if (c[1] == 0) {
        BadServerSaltException e = (BadServerSaltException) failure(opener, old);
        assertThat(e.currentSalt().value()).isEqualTo(next);
      }
      byte[] current = raw(Sender.CLIENT, next, SESSION, id + 4, 16, 16, 16);
      assertThat(reason(opener, current)).isNull();
    }
  }

  // --- B46 / A16: a rejected frame changes nothing ---------------------------------------

  @Test
  void rejectedFrame_leavesStateUnchanged_andOutputUntouched() {
    ServerSalts salts = salts();
    MessageOpener opener = serverSideOpener(SessionPolicy.standard(), salts);
    long good1 = clientMsgId(T0, 1000);
    assertThat(reason(opener, client(good1))).isNull();
    long high = clientMsgId(T0, 9000); // every rejected frame below carries a higher msg_id
    byte[] tampered = client(high);
    tampered[30] ^= 1;
    byte[] wrongKeyId = client(high);
    wrongKeyId[0] ^= 1;
    byte[][] rejected = {
      new byte[0],
      Arrays.copyOf(client(high), 60),
      wrongKeyId,
      tampered,
      raw(Sender.CLIENT, SALT, SESSION, high, 22, 16, 16), // length field
      raw(Sender.CLIENT, SALT, SESSION, high, 16, 16, 1040), // padding 1040
      raw(Sender.CLIENT, SALT, SESSION ^ 9, high, 16, 16, 16), // session
      raw(Sender.CLIENT, SALT, SESSION, high | 2, 16, 16, 16), // parity
      raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0 + 40, 8), 16, 16, 16), // too new
      raw(Sender.CLIENT, SALT, SESSION, good1, 16, 16, 16), // replay
      raw(Sender.CLIENT, SALT, SESSION, good1 - 4, 16, 16, 16), // out of order
      raw(Sender.CLIENT, SALT ^ 7, SESSION, high, 16, 16, 16), // salt
      raw(Sender.CLIENT, SALT, SESSION, high, 24, 24, 8), // padding 8
    };
    for (int i = 0; i < rejected.length; i++) {
      byte[] out = MessageSealerTest.filled(2048);
      byte[] f = rejected[i];
      try {
        opener.openInto(f, 0, f.length, out, 0);
        throw new AssertionError("rejected frame " + i + " opened");
      } catch (CheckFailedException expected) {
        // the point of the test
      }
      assertThat(out)
          .as("output of rejected frame %d", i)
          .isEqualTo(MessageSealerTest.filled(2048));
    }
    assertThat(salts.current()).isEqualTo(new ServerSalt(SALT));
    // The replay window did not move to any rejected msg_id: the next good id still opens.
    byte[] next = client(clientMsgId(T0, 1004));
    byte[] out = MessageSealerTest.filled(2048);
    int n = assertOpensInto(opener, next, out);
    assertThat(InnerMessage.readFrom(out, 0, n).msgId().value()).isEqualTo(clientMsgId(T0, 1004));
    assertThat(out[n]).isEqualTo((byte) 0xAA); // nothing written past the inner message
  }

  @Test
  void checks_runInTheDocumentedOrder() {
    // A plaintext that fails every field check; fixing them one at a time shows the order:
    // length, padding, session, parity, low bits, time, replay, salt.
    MessageOpener opener = serverSideOpener();
    assertThat(reason(opener, client(clientMsgId(T0, 500)))).isNull(); // replay state
    long badTime = T0 << 32; // zero low bits, and parity fine; time fine
    Object[][] steps = {
      {raw(Sender.CLIENT, 7, 9, badTime | 1, 3, 16, 16), CheckReason.LENGTH_FIELD},
      {raw(Sender.CLIENT, 7, 9, badTime | 1, 16, 16, 1040), CheckReason.PADDING_LENGTH},
      {raw(Sender.CLIENT, 7, 9, badTime | 1, 16, 16, 16), CheckReason.SESSION_ID_MISMATCH},
      {raw(Sender.CLIENT, 7, SESSION, badTime | 1, 16, 16, 16), CheckReason.MSG_ID_PARITY},
      {raw(Sender.CLIENT, 7, SESSION, (T0 + 400) << 32, 16, 16, 16), CheckReason.MSG_ID_MALFORMED},
      {
        raw(Sender.CLIENT, 7, SESSION, clientMsgId(T0 + 400, 4), 16, 16, 16),
        CheckReason.MSG_ID_TOO_NEW
      },
      {
        raw(Sender.CLIENT, 7, SESSION, clientMsgId(T0, 500), 16, 16, 16),
        CheckReason.MSG_ID_REPLAYED
      },
      {
        raw(Sender.CLIENT, 7, SESSION, clientMsgId(T0, 504), 16, 16, 16),
        CheckReason.BAD_SERVER_SALT
      },
      {raw(Sender.CLIENT, SALT, SESSION, clientMsgId(T0, 504), 16, 16, 16), null},
    };
    for (Object[] step : steps) {
      assertThat(reason(opener, (byte[]) step[0])).isEqualTo(step[1]);
    }
  }

  @Test
  void openInto_outputTooSmall_throwsIoobe_beforeAnything() {
    MessageOpener opener = serverSideOpener();
    byte[] f = client(clientMsgId(T0, 64)); // 24 + 64: needs 64 - 12 = 52 bytes
    assertThat(MessageOpener.maxInnerLength(f.length)).isEqualTo(52);
    byte[] out = MessageSealerTest.filled(51);
    assertThatThrownBy(() -> opener.openInto(f, 0, f.length, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).isEqualTo(MessageSealerTest.filled(51));
    assertThat(opener.framesDecrypted).isZero();
    assertThat(reason(opener, f)).isNull(); // nothing was consumed
  }

  private static int assertOpensInto(MessageOpener opener, byte[] frame, byte[] out) {
    try {
      return opener.openInto(frame, 0, frame.length, out, 0);
    } catch (CheckFailedException e) {
      throw new AssertionError("expected to open, got " + e.reason(), e);
    }
  }

  private static CheckFailedException failure(MessageOpener opener, byte[] frame) {
    try {
      opener.open(frame);
    } catch (CheckFailedException e) {
      return e;
    }
    throw new AssertionError("frame opened");
  }
}
