package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.message.ClientSession;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The server's one-pass open of a frame in the connection's last session, and its fall-back to the
 * two-pass path (stateless peek, then the session) whenever that does not apply.
 */
class ServerSessionsTest {
  private static final ServerSalt SALT = new ServerSalt(0x5a17L);
  private final SecureRandom random = TestKeys.seeded(17);
  private final InstantSource clock = InstantSource.system();
  private final AuthKey key = key(1);
  private final ServerKeys keys = new ServerKeys(8);
  private final ServerSessions sessions =
      new ServerSessions(keys, SessionPolicy.compatible(), random, clock, 4);
  private final ClientSession a = client(key, 0xaL);
  private final ClientSession b = client(key, 0xbL);

  ServerSessionsTest() {
    keys.add(key, SALT);
  }

  @Test
  void theNextFrameOfTheLastSessionOpensInOnePass() throws CheckFailedException {
    Session.Outgoing first = a.send(ping(1), true);
    assertThat(sessions.openInLastSession(key, bytes(first))).isNull(); // no session yet
    openTwoPass(bytes(first), true);

    Session.Outgoing second = a.send(ping(2), true);
    ReceivedMessage m = sessions.openInLastSession(key, bytes(second));

    assertThat(m).isNotNull();
    assertThat(m.sessionId()).isEqualTo(a.id());
    assertThat(m.msgId()).isEqualTo(second.msgId());
    assertThat(m.data()).isEqualTo(ping(2));
  }

  @Test
  void aReplayFallsBackAndTheSessionStillRejectsIt() throws CheckFailedException {
    byte[] frame = bytes(a.send(ping(1), true));
    openTwoPass(frame, true);

    assertThat(sessions.openInLastSession(key, frame)).isNull();
    ServerSessions.Peek peek = sessions.peek(key, frame);
    assertThat(peek.isNew()).isFalse();
    assertThatThrownBy(() -> sessions.open(key, peek, frame))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.MSG_ID_REPLAYED));
  }

  @Test
  void aFrameOfAnotherSessionFallsBackAndBecomesTheLast() throws CheckFailedException {
    openTwoPass(bytes(a.send(ping(1), true)), true);

    byte[] fromB = bytes(b.send(ping(2), true));
    assertThat(sessions.openInLastSession(key, fromB)).isNull();
    assertThat(openTwoPass(fromB, true).sessionId()).isEqualTo(b.id());

    assertThat(sessions.openInLastSession(key, bytes(b.send(ping(3), true)))).isNotNull();
    byte[] fromA = bytes(a.send(ping(4), true));
    assertThat(sessions.openInLastSession(key, fromA)).isNull();
    assertThat(openTwoPass(fromA, false).data()).isEqualTo(ping(4));
  }

  @Test
  void aFrameUnderAnotherKeyNeverUsesTheLastSession() throws CheckFailedException {
    openTwoPass(bytes(a.send(ping(1), true)), true);
    AuthKey other = key(2);
    keys.add(other, SALT);
    Session c = client(other, a.id().value()); // even with the same session_id

    assertThat(sessions.openInLastSession(other, bytes(c.send(ping(2), true)))).isNull();
  }

  @Test
  void aDestroyedSessionIsNoLongerTheLast() throws CheckFailedException {
    openTwoPass(bytes(a.send(ping(1), true)), true);
    assertThat(sessions.destroy(a.id())).isTrue();

    assertThat(sessions.openInLastSession(key, bytes(a.send(ping(2), true)))).isNull();
  }

  @Test
  void aWrongSaltFallsBackToTheNotice() throws CheckFailedException {
    openTwoPass(bytes(a.send(ping(1), true)), true);
    a.setSalt(new ServerSalt(0xbadL));
    byte[] frame = bytes(a.send(ping(2), true));

    assertThat(sessions.openInLastSession(key, frame)).isNull();
    ServerSessions.Peek peek = sessions.peek(key, frame);
    assertThatThrownBy(() -> sessions.open(key, peek, frame))
        .isInstanceOf(org.mtlab.message.BadServerSaltException.class);
  }

  private ReceivedMessage openTwoPass(byte[] frame, boolean expectNew) throws CheckFailedException {
    ServerSessions.Peek peek = sessions.peek(key(frame), frame);
    assertThat(peek.isNew()).isEqualTo(expectNew);
    return sessions.open(key(frame), peek, frame);
  }

  private AuthKey key(byte[] frame) {
    return sessions.keyFor(frame).orElseThrow();
  }

  private ClientSession client(AuthKey k, long sessionId) {
    return Session.client(
        k, new SessionId(sessionId), SALT, SessionPolicy.standard(), random, clock);
  }

  private static AuthKey key(long seed) {
    byte[] b = new byte[AuthKey.LENGTH];
    TestKeys.seeded(seed).nextBytes(b);
    return AuthKey.copyOf(b);
  }

  private static Bytes ping(long id) {
    return new ServiceMessage.Ping(id).toBytes();
  }

  private static byte[] bytes(Session.Outgoing out) {
    return out.frame().toByteArray();
  }
}
