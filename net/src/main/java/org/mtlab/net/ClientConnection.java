package org.mtlab.net;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.HandshakeStep;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.key.AuthKey;
import org.mtlab.message.ClientSession;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The client's protocol state on one connection: the handshake while there is no key, then the
 * session. The only place this module touches {@link ClientHandshake}, {@link HandshakeStep} and
 * the client side of {@link Session}.
 *
 * <p>Confined to the connection's event-loop thread.
 */
final class ClientConnection {
  private final SecureRandom random;
  private final InstantSource clock;
  private final SessionPolicy policy;
  private ClientHandshake handshake;
  private ClientSession session;
  private AuthKey key;

  ClientConnection(SecureRandom random, InstantSource clock, SessionPolicy policy) {
    this.random = random;
    this.clock = clock;
    this.policy = policy;
  }

  /** Starts a handshake with DC {@code dc}; returns the first packet. */
  byte[] startHandshake(int dc, List<ServerRsaKey> trusted) {
    handshake = ClientHandshake.builder(dc, trusted).random(random).clock(clock).build();
    return handshake.start().toSend().orElseThrow().bytes().toByteArray();
  }

  /**
   * Feeds a plain packet to the handshake; returns the packet to send, or null when the key is made
   * (the session is then open).
   *
   * @throws CheckFailedException when the server's answer fails a check or the run failed
   */
  byte[] handshakePacket(byte[] packet) throws CheckFailedException {
    HandshakeStep step = handshake.receivePacket(packet);
    if (step instanceof HandshakeStep.Failed failed) {
      handshake.close();
      handshake = null;
      throw new CheckFailedException(failed.reason());
    }
    if (step instanceof HandshakeStep.Done done) {
      HandshakeResult r = done.result();
      handshake = null;
      open(r.authKey(), r.serverSalt(), r.clockOffsetSeconds());
      return null;
    }
    return step.toSend().orElseThrow().bytes().toByteArray();
  }

  /** Opens a session with an existing key. */
  void open(AuthKey authKey, ServerSalt salt, long clockOffsetSeconds) {
    this.key = authKey;
    this.session = Session.client(authKey, SessionId.random(random), salt, policy, random, clock);
    session.msgIdClock().setOffsetSeconds(clockOffsetSeconds);
  }

  boolean hasSession() {
    return session != null;
  }

  AuthKey key() {
    return key;
  }

  SessionId sessionId() {
    return session.id();
  }

  ServerSalt salt() {
    return session.salt();
  }

  /** Seals {@code body}; returns its msg_id and the frame. */
  Session.Outgoing send(Bytes body, boolean contentRelated) {
    return session.send(body, contentRelated);
  }

  /** Opens a server frame with every check. */
  ReceivedMessage receive(byte[] frame) throws CheckFailedException {
    return session.receive(frame);
  }

  /**
   * Applies {@code received} if it is a bad_server_salt (code 48) about a msg_id this client sent;
   * the session accepts notices only from messages it opened itself.
   */
  boolean applyBadServerSalt(ReceivedMessage received) {
    return session.applyBadServerSalt(received);
  }

  /** Applies {@code received} if it is a bad_msg_notification 16/17 about a msg_id we sent. */
  boolean applyTimeCorrection(ReceivedMessage received) {
    return session.applyTimeCorrection(received);
  }

  /** Takes the salt from new_session_created. */
  void setSalt(ServerSalt salt) {
    session.setSalt(salt);
  }
}
