package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.message.Frames.T0;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.MutableClock;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/** A client and a server session talking, salts, clock corrections, seq_no; A16. */
class SessionTest {
  private static final long SEED = 0x5E55L;
  private final SplittableRandom rnd = new SplittableRandom(SEED);
  private final AuthKey key = Frames.randomKey(rnd);
  private final SessionId id = new SessionId(0x0123_4567_89ab_cdefL);
  private final ServerSalt salt0 = new ServerSalt(0x0a0b_0c0d_0e0f_1011L);
  private final MutableClock clientClock = new MutableClock(T0);
  private final MutableClock serverClock = new MutableClock(T0);
  private ClientSession client;
  private ServerSession server;

  @BeforeEach
  void setUp() throws Exception {
    client = Session.client(key, id, salt0, SessionPolicy.standard(), seeded(1), clientClock);
    server = Session.server(key, id, salt0, SessionPolicy.standard(), seeded(2), serverClock);
  }

  private static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  private static CheckReason reason(Session s, Session.Outgoing out) {
    try {
      s.receive(out.frame().toByteArray());
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  /** The server's bad_msg_notification with {@code code} about the client's {@code about}. */
  private Session.Outgoing notice(Session.Outgoing about, int code) {
    return server.reply(
        new ServiceMessage.BadMsgNotification(about.msgId(), about.seqNo(), code).toBytes(), false);
  }

  /** {@code to} opens {@code notice} and applies it as a time correction. */
  private static boolean correct(ClientSession to, Session.Outgoing notice)
      throws CheckFailedException {
    return to.applyTimeCorrection(to.receive(notice.frame().toByteArray()));
  }

  @Test
  void pingPong_roundTrip_withSeqNoAndMsgIdBits() throws Exception {
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(77));
    assertThat(ping.seqNo()).isEqualTo(1);
    assertThat(ping.msgId().value() & 3).isZero();
    ReceivedMessage received = server.receive(ping.frame().toByteArray());
    assertThat(received.msgId()).isEqualTo(ping.msgId());
    assertThat(received.salt()).isEqualTo(salt0);
    assertThat(received.isContentRelated()).isTrue();
    assertThat(ServiceMessage.parse(received.data())).isEqualTo(new ServiceMessage.Ping(77));

    Session.Outgoing pong =
        server.reply(new ServiceMessage.Pong(received.msgId(), 77).toBytes(), false);
    assertThat(pong.msgId().isServerReply()).isTrue();
    assertThat(pong.seqNo()).isZero();
    ReceivedMessage back = client.receive(pong.frame().toByteArray());
    assertThat(ServiceMessage.parse(back.data()))
        .isEqualTo(new ServiceMessage.Pong(ping.msgId(), 77));

    Session.Outgoing ack = client.send(new ServiceMessage.MsgsAck(List.of(back.msgId())));
    assertThat(ack.seqNo()).as("msgs_ack is not content-related").isEqualTo(2);
    assertThat(server.receive(ack.frame().toByteArray()).isContentRelated()).isFalse();
    Session.Outgoing next = client.send(Bytes.copyOf(new byte[8]), true);
    assertThat(next.seqNo()).isEqualTo(3);
    assertThat(client.contentRelatedSent()).isEqualTo(2);
    Session.Outgoing notice = server.send(Bytes.copyOf(new byte[4]), false);
    assertThat(notice.msgId().value() & 3).isEqualTo(3);
  }

  @Test
  void replayedAndReflectedFrames_rejected() throws Exception {
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    server.receive(ping.frame().toByteArray());
    assertThat(reason(server, ping)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    // a client frame reflected back to the client
    assertThat(reason(client, ping)).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
  }

  @Test
  void server_rotatesSalt_withGrace_thenSendsBadServerSalt_andClientRecovers() throws Exception {
    ServerSalt salt1 = new ServerSalt(0x7777_8888_9999_aaaaL);
    server.rotateSalt(salt1);
    assertThat(server.salt()).isEqualTo(salt1);
    // within the 1800 s grace the client's old salt is fine
    serverClock.advance(1800);
    clientClock.advance(1800);
    assertThat(reason(server, client.send(new ServiceMessage.Ping(1)))).isNull();
    // after it, not
    serverClock.advance(1);
    clientClock.advance(1);
    Session.Outgoing late = client.send(new ServiceMessage.Ping(2));
    BadServerSaltException e = null;
    try {
      server.receive(late.frame().toByteArray());
    } catch (BadServerSaltException x) {
      e = x;
    }
    assertThat(e).isNotNull();
    assertThat(e.currentSalt()).isEqualTo(salt1);
    assertThat(e.badMsgId()).isEqualTo(late.msgId());
    assertThat(e.badMsgSeqNo()).isEqualTo(late.seqNo());
    // the server answers with bad_server_salt; the client takes the salt and resends
    Session.Outgoing answer = server.reply(e.notice().toBytes(), false);
    ReceivedMessage notice = client.receive(answer.frame().toByteArray());
    ServiceMessage.BadServerSalt bad =
        (ServiceMessage.BadServerSalt) ServiceMessage.parse(notice.data());
    assertThat(bad.errorCode()).isEqualTo(48);
    assertThat(client.applyBadServerSalt(notice)).isTrue();
    assertThat(client.salt()).isEqualTo(salt1);
    assertThat(reason(server, client.send(new ServiceMessage.Ping(2)))).isNull();
  }

  /** The server's reply carrying {@code message}, opened by the client. */
  private ReceivedMessage fromServer(ServiceMessage message) throws CheckFailedException {
    return client.receive(server.reply(message.toBytes(), false).frame().toByteArray());
  }

  @Test
  void client_ignoresAuthenticSaltNoticeForUnknownMsgId() throws Exception {
    client.send(new ServiceMessage.Ping(1));
    ReceivedMessage unknown =
        fromServer(
            new ServiceMessage.BadServerSalt(
                new MessageId(Frames.clientMsgId(T0, 0x1234_5678L)),
                1,
                48,
                new ServerSalt(0x6666L)));
    assertThat(client.applyBadServerSalt(unknown)).isFalse();
    assertThat(client.salt()).isEqualTo(salt0);
  }

  /** A16: bad_server_salt counts only with error code 48 (other codes are not salt notices). */
  @Test
  void client_ignoresSaltNoticeWithAnotherErrorCode() throws Exception {
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    for (int code : new int[] {0, 16, 47, 49}) {
      ReceivedMessage wrongCode =
          fromServer(
              new ServiceMessage.BadServerSalt(
                  ping.msgId(), ping.seqNo(), code, new ServerSalt(0x6666L)));
      assertThat(client.applyBadServerSalt(wrongCode)).as("code %d", code).isFalse();
      assertThat(client.salt()).isEqualTo(salt0);
    }
    ReceivedMessage right =
        fromServer(
            new ServiceMessage.BadServerSalt(
                ping.msgId(), ping.seqNo(), 48, new ServerSalt(0x6666L)));
    assertThat(client.applyBadServerSalt(right)).isTrue();
    assertThat(client.salt()).isEqualTo(new ServerSalt(0x6666L));
  }

  /** Anything that is not the notice asked for changes nothing. */
  @Test
  void client_ignoresMessagesThatAreNotTheNotice() throws Exception {
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    ReceivedMessage pong = fromServer(new ServiceMessage.Pong(ping.msgId(), 1));
    ReceivedMessage notTl =
        client.receive(server.reply(Bytes.copyOf(new byte[8]), true).frame().toByteArray());
    ReceivedMessage timeNotice =
        fromServer(
            new ServiceMessage.BadMsgNotification(
                ping.msgId(), ping.seqNo(), ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW));
    ReceivedMessage saltNotice =
        fromServer(
            new ServiceMessage.BadServerSalt(
                ping.msgId(), ping.seqNo(), 48, new ServerSalt(0x6666L)));
    assertThat(client.applyBadServerSalt(pong)).isFalse();
    assertThat(client.applyBadServerSalt(notTl)).isFalse();
    assertThat(client.applyBadServerSalt(timeNotice)).isFalse();
    assertThat(client.applyTimeCorrection(pong)).isFalse();
    assertThat(client.applyTimeCorrection(notTl)).isFalse();
    assertThat(client.applyTimeCorrection(saltNotice)).isFalse();
    assertThat(client.salt()).isEqualTo(salt0);
    assertThat(client.msgIdClock().offsetSeconds()).isZero();
  }

  /** A notice opened by another session (another key or session) is a caller mistake. */
  @Test
  void client_refusesANoticeOpenedByAnotherSession() throws Exception {
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    ClientSession other =
        Session.client(key, id, salt0, SessionPolicy.standard(), seeded(7), clientClock);
    Session.Outgoing answer =
        server.reply(
            new ServiceMessage.BadServerSalt(
                    ping.msgId(), ping.seqNo(), 48, new ServerSalt(0x6666L))
                .toBytes(),
            false);
    ReceivedMessage openedElsewhere = other.receive(answer.frame().toByteArray());
    assertThatThrownBy(() -> client.applyBadServerSalt(openedElsewhere))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.applyTimeCorrection(openedElsewhere))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.applyBadServerSalt(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(client.salt()).isEqualTo(salt0);
  }

  /** Item 8: each role's operations exist only on that role's type, so misuse cannot compile. */
  @Test
  void roleOperations_existOnlyOnTheirRole() {
    java.util.Set<String> clientMethods = names(ClientSession.class);
    java.util.Set<String> serverMethods = names(ServerSession.class);
    assertThat(clientMethods)
        .contains("applyBadServerSalt", "applyTimeCorrection", "setSalt", "recentlySent")
        .doesNotContain("reply", "rotateSalt", "rotateSaltIfDue");
    assertThat(serverMethods)
        .contains("reply", "rotateSalt", "rotateSaltIfDue")
        .doesNotContain("applyBadServerSalt", "applyTimeCorrection", "setSalt", "recentlySent");
    assertThat(Session.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(ClientSession.class, ServerSession.class);
    assertThat(client.self()).isEqualTo(Sender.CLIENT);
    assertThat(server.self()).isEqualTo(Sender.SERVER);
  }

  private static java.util.Set<String> names(Class<?> c) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (java.lang.reflect.Method m : c.getMethods()) {
      out.add(m.getName());
    }
    return out;
  }

  @Test
  void client_correctsItsClock_onlyForItsOwnRecentMsgId() throws Exception {
    clientClock.set(T0 - 600); // client clock 10 minutes behind
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    assertThat(reason(server, ping)).isEqualTo(CheckReason.MSG_ID_TOO_OLD);

    // unknown msg_id, or another code, in authentic server messages: ignored
    assertThat(
            client.applyTimeCorrection(
                fromServer(
                    new ServiceMessage.BadMsgNotification(
                        new MessageId(ping.msgId().value() + 4), 1, 16))))
        .isFalse();
    assertThat(
            client.applyTimeCorrection(
                fromServer(new ServiceMessage.BadMsgNotification(ping.msgId(), 1, 32))))
        .isFalse();
    assertThat(client.msgIdClock().offsetSeconds()).isZero();

    ReceivedMessage carrier =
        fromServer(
            new ServiceMessage.BadMsgNotification(
                ping.msgId(), ping.seqNo(), ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW));
    assertThat(client.applyTimeCorrection(carrier)).isTrue();
    assertThat(client.msgIdClock().offsetSeconds()).isEqualTo(600);
    Session.Outgoing again = client.send(new ServiceMessage.Ping(1));
    assertThat(again.msgId().seconds()).isEqualTo(T0);
    assertThat(reason(server, again)).isNull();
  }

  @Test
  void client_clockBehind_code16_staysInItsSession() throws Exception {
    clientClock.set(T0 - 600);
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    assertThat(correct(client, notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW)))
        .isTrue();
    assertThat(client.id()).isEqualTo(id);
    assertThat(client.contentRelatedSent()).isEqualTo(1);
  }

  /**
   * Code 17 (client clock ahead): the corrected ids lie below the ones already used, which a
   * session cannot issue (they only increase, A6), so the client goes on in a new session whose ids
   * follow server time; the old session's server side rejects them, a new one accepts.
   */
  @Test
  void client_clockAhead_code17_continuesInANewSessionOnServerTime() throws Exception {
    clientClock.set(T0 + 600); // client clock 10 minutes ahead
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    client.send(new ServiceMessage.Ping(2));
    assertThat(reason(server, ping)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    assertThat(correct(client, notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_HIGH)))
        .isTrue();

    assertThat(client.msgIdClock().offsetSeconds()).isEqualTo(-600);
    SessionId fresh = client.id();
    assertThat(fresh).isNotEqualTo(id);
    assertThat(client.contentRelatedSent()).isZero();
    Session.Outgoing again = client.send(new ServiceMessage.Ping(3));
    assertThat(again.msgId().seconds()).isEqualTo(T0);
    assertThat(again.seqNo()).isEqualTo(1);
    assertThat(reason(server, again)).isEqualTo(CheckReason.SESSION_ID_MISMATCH);
    ServerSession freshServer =
        Session.server(key, fresh, salt0, SessionPolicy.standard(), seeded(3), serverClock);
    ReceivedMessage accepted = freshServer.receive(again.frame().toByteArray());
    assertThat(accepted.sessionId()).isEqualTo(fresh);
    // and the client opens the new session's replies, not the old one's
    Session.Outgoing pong =
        freshServer.reply(new ServiceMessage.Pong(again.msgId(), 3).toBytes(), false);
    assertThat(client.receive(pong.frame().toByteArray()).sessionId()).isEqualTo(fresh);
    Session.Outgoing oldSessionPing = server.send(new ServiceMessage.Ping(9));
    assertThat(reason(client, oldSessionPing)).isEqualTo(CheckReason.SESSION_ID_MISMATCH);
  }

  /**
   * docs/protocol.md §3.5 item 8: a client that checks time still takes the notices that fix it.
   */
  @Test
  void client_checkingTime_stillOpensClockAndSaltNotices() throws Exception {
    SessionPolicy checking = SessionPolicy.standard().withClientChecksTime(true);
    ClientSession strictClient = Session.client(key, id, salt0, checking, seeded(4), clientClock);
    clientClock.set(T0 - 600); // the server's msg_ids now look 10 minutes in the future
    Session.Outgoing ping = strictClient.send(new ServiceMessage.Ping(1));
    Session.Outgoing notice = notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW);
    Session.Outgoing saltNotice =
        server.reply(
            new ServiceMessage.BadServerSalt(ping.msgId(), ping.seqNo(), 48, new ServerSalt(0x77L))
                .toBytes(),
            false);
    Session.Outgoing otherPing = server.send(new ServiceMessage.Ping(2));

    assertThat(reason(strictClient, otherPing)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    assertThat(correct(strictClient, notice)).isTrue();
    assertThat(reason(strictClient, saltNotice)).isNull();
  }

  /**
   * A second code-16 notice for a message re-sent in the same second must not start a new session:
   * the last id is only a few ticks above corrected time, well inside what the server accepts, and
   * the clock keeps issuing rising ids from it.
   */
  @Test
  void client_repeatedCode16InOneSecond_staysInItsSession_idsKeepRising() throws Exception {
    clientClock.set(T0 - 600);
    Session.Outgoing ping = client.send(new ServiceMessage.Ping(1));
    assertThat(correct(client, notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW)))
        .isTrue();
    Session.Outgoing resent = client.send(new ServiceMessage.Ping(1));
    // the server (in the same second) answers the resend with code 16 again, say a stale copy
    assertThat(correct(client, notice(resent, ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW)))
        .isTrue();
    assertThat(client.id()).isEqualTo(id);
    Session.Outgoing next = client.send(new ServiceMessage.Ping(2));
    assertThat(MessageId.compare(next.msgId().value(), resent.msgId().value())).isPositive();
    assertThat(next.msgId().seconds()).isEqualTo(T0);
    assertThat(reason(server, resent)).isNull();
    assertThat(reason(server, next)).isNull();
  }

  /** Ahead by more than the server's 30 s: a new session; by 30 s (still accepted): not. */
  @Test
  void client_code17_switchesOnlyWhenTheLastIdIsBeyondWhatTheServerAccepts() throws Exception {
    for (int ahead : new int[] {31, 30}) {
      ClientSession c =
          Session.client(key, id, salt0, SessionPolicy.standard(), seeded(ahead), clientClock);
      clientClock.set(T0 + ahead);
      Session.Outgoing ping = c.send(new ServiceMessage.Ping(1));
      clientClock.set(T0 + ahead); // same second
      assertThat(correct(c, notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_HIGH)))
          .isTrue();
      assertThat(c.msgIdClock().offsetSeconds()).isEqualTo(-ahead);
      if (ahead > 30) {
        assertThat(c.id()).as("ahead %d s", ahead).isNotEqualTo(id);
      } else {
        assertThat(c.id()).as("ahead %d s", ahead).isEqualTo(id);
        Session.Outgoing next = c.send(new ServiceMessage.Ping(2));
        assertThat(MessageId.compare(next.msgId().value(), ping.msgId().value())).isPositive();
      }
      clientClock.set(T0);
    }
  }

  /**
   * The time exemption covers only bad_server_salt and bad_msg_notification codes 16 and 17 in a
   * session; other notices, and a stateless opener that checks time, keep the time window.
   */
  @Test
  void timeExemption_onlyForClockAndSaltNoticesInASession() throws Exception {
    SessionPolicy checking = SessionPolicy.standard().withClientChecksTime(true);
    ClientSession strictClient = Session.client(key, id, salt0, checking, seeded(4), clientClock);
    clientClock.set(T0 - 600);
    Session.Outgoing ping = strictClient.send(new ServiceMessage.Ping(1));
    Session.Outgoing seqNoNotice = notice(ping, 32);
    Session.Outgoing code17 = notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_HIGH);
    assertThat(reason(strictClient, seqNoNotice)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    assertThat(reason(strictClient, code17)).isNull();

    java.time.Instant clientNow = java.time.Instant.ofEpochSecond(T0 - 600);
    for (Session.Outgoing notice : List.of(code17, seqNoNotice)) {
      byte[] frame = notice.frame().toByteArray();
      assertThatThrownBy(() -> MessageOpener.openStateless(key, Sender.SERVER, frame, clientNow))
          .isInstanceOf(CheckFailedException.class)
          .extracting(e -> ((CheckFailedException) e).reason())
          .isEqualTo(CheckReason.MSG_ID_TOO_NEW);
      assertThat(MessageOpener.openStateless(key, Sender.SERVER, frame).msgId())
          .isEqualTo(notice.msgId());
    }
  }

  /**
   * The exemption itself (docs/protocol.md §3.5 item 8): a client that checks time, with its clock
   * 10 minutes off and not corrected, still opens bad_server_salt and bad_msg_notification 16,
   * while a ping at the same time, or a notice too short to hold an error code, is too new.
   */
  @Test
  void timeExemption_appliesBeforeAnyCorrection() throws Exception {
    SessionPolicy checking = SessionPolicy.standard().withClientChecksTime(true);
    ClientSession strictClient = Session.client(key, id, salt0, checking, seeded(4), clientClock);
    clientClock.set(T0 - 600);
    Session.Outgoing ping = strictClient.send(new ServiceMessage.Ping(1));
    Session.Outgoing saltNotice =
        server.reply(
            new ServiceMessage.BadServerSalt(ping.msgId(), ping.seqNo(), 48, new ServerSalt(0x77L))
                .toBytes(),
            false);
    Session.Outgoing code16 = notice(ping, ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW);
    Session.Outgoing otherPing = server.send(new ServiceMessage.Ping(2));
    byte[] shortNotice = new byte[16];
    org.mtlab.bytes.LittleEndian.putInt(shortNotice, 0, ServiceMessage.BAD_MSG_NOTIFICATION);
    org.mtlab.bytes.LittleEndian.putInt(shortNotice, 12, 16);
    Session.Outgoing truncated = server.reply(Bytes.copyOf(shortNotice), false);

    ReceivedMessage salt = strictClient.receive(saltNotice.frame().toByteArray());
    assertThat(strictClient.applyBadServerSalt(salt)).isTrue();
    assertThat(strictClient.msgIdClock().offsetSeconds()).as("salt alone fixes no clock").isZero();
    assertThat(correct(strictClient, code16)).isTrue();
    strictClient.msgIdClock().setOffsetSeconds(0); // clock wrong again
    assertThat(reason(strictClient, otherPing)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    assertThat(reason(strictClient, truncated)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    // the server's own opener never exempts: a client frame far off is refused
    assertThat(reason(server, ping)).isEqualTo(CheckReason.MSG_ID_TOO_OLD);
  }

  /** The client remembers exactly its last RECENTLY_SENT msg_ids for notices. */
  @Test
  void client_remembersOnlyItsLastMsgIds() {
    Session.Outgoing first = client.send(new ServiceMessage.Ping(0));
    Session.Outgoing second = client.send(new ServiceMessage.Ping(1));
    for (int i = 2; i <= ClientSession.RECENTLY_SENT; i++) {
      client.send(new ServiceMessage.Ping(i));
    }
    assertThat(client.recentlySent(first.msgId())).isFalse();
    assertThat(client.recentlySent(second.msgId())).isTrue();
    assertThat(client.recentlySent(new MessageId(0))).isFalse();
  }

  @Test
  void accessors_andDescriptions() throws Exception {
    assertThat(server.id()).isEqualTo(id);
    assertThat(server.policy()).isEqualTo(SessionPolicy.standard());
    assertThat(client.policy()).isEqualTo(SessionPolicy.standard());
    assertThat(server.msgIdClock().sender()).isEqualTo(Sender.SERVER);
    Session.Outgoing ping = server.send(new ServiceMessage.Ping(1));
    assertThat(server.contentRelatedSent()).isEqualTo(1);
    ReceivedMessage in = client.receive(ping.frame().toByteArray());
    assertThat(in.message().msgId()).isEqualTo(ping.msgId());
    assertThat(in.seqNo()).isEqualTo(ping.seqNo()).isEqualTo(1);
    assertThat(in.toString()).startsWith("ReceivedInnerMessage[").contains("seqNo=1");
    assertThat(client.toString()).startsWith("ClientSession[");
    assertThat(server.toString()).startsWith("ServerSession[");
  }

  @Test
  void toStrings_doNotShowTheSessionId() {
    String hex = id.hex();
    assertThat(client.toString()).doesNotContain(hex);
    assertThat(server.toString()).doesNotContain(hex);
    assertThat(new MessageOpener(key, Sender.SERVER, id, SessionPolicy.standard()).toString())
        .doesNotContain(hex);
    assertThat(id.toString()).doesNotContain(hex);
  }

  @Test
  void rejectedFrame_leavesSessionStateUnchanged() throws Exception {
    Session.Outgoing good = server.send(new ServiceMessage.Ping(5));
    byte[] tampered = good.frame().toByteArray();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> client.receive(tampered)).isInstanceOf(CheckFailedException.class);
    byte[] forgedSession =
        Frames.sealRaw(
            key,
            Sender.SERVER,
            Frames.plaintext(
                salt0.value(),
                id.value() ^ 1,
                Frames.serverMsgId(T0 + 100, 8),
                1,
                4,
                new byte[4],
                12,
                rnd));
    assertThatThrownBy(() -> client.receive(forgedSession))
        .isInstanceOf(CheckFailedException.class);
    assertThat(client.salt()).isEqualTo(salt0);
    assertThat(client.msgIdClock().offsetSeconds()).isZero();
    client.receive(good.frame().toByteArray()); // the window did not move
  }

  @Test
  void server_rotateSaltIfDue_afterThePolicyPeriod() {
    assertThat(server.rotateSaltIfDue()).isFalse();
    serverClock.advance(Duration.ofMinutes(30).toSeconds());
    assertThat(server.rotateSaltIfDue()).isTrue();
    assertThat(server.salt()).isNotEqualTo(salt0);
    // the old salt is still accepted (grace)
    clientClock.advance(Duration.ofMinutes(30).toSeconds());
    assertThat(reason(server, client.send(new ServiceMessage.Ping(1)))).isNull();
    assertThat(server.rotateSaltIfDue()).isFalse();
  }

  @Test
  void client_withSynchronisedClock_checksTheServerTime() throws Exception {
    ClientSession strictClient =
        Session.client(
            key,
            id,
            salt0,
            SessionPolicy.standard().withClientChecksTime(true),
            seeded(3),
            clientClock);
    serverClock.set(T0 + 3600);
    Session.Outgoing fromFuture = server.send(new ServiceMessage.Ping(1));
    assertThat(reason(strictClient, fromFuture)).isEqualTo(CheckReason.MSG_ID_TOO_NEW);
    assertThat(reason(client, fromFuture)).as("default: client does not check time").isNull();
    strictClient.msgIdClock().setOffsetSeconds(3600);
    assertThat(reason(strictClient, fromFuture)).isNull();
  }

  @Test
  void badData_isACallerMistake_andNotRemembered() {
    assertThatThrownBy(() -> client.send(Bytes.copyOf(new byte[3]), true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
