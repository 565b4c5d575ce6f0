package org.mtlab.message;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * One side of one MTProto session (docs/protocol.md §3.4, §3.5, §4): the sealer for what this side
 * sends, the opener for what the other side sends, the salt, the msg_id clock and the seq_no
 * counter. There are exactly two kinds, one per role, so that a call that only makes sense for the
 * other role does not compile:
 *
 * <ul>
 *   <li>{@link ClientSession} ({@link #client}): msg_ids {@code 0 mod 4}; takes a new salt or a
 *       clock correction only from a notice it opened itself ({@link ReceivedMessage}).
 *   <li>{@link ServerSession} ({@link #server}): msg_ids {@code 3 mod 4}, replies {@code 1 mod 4};
 *       checks the salt and rotates it.
 * </ul>
 *
 * <p>A rejected frame changes nothing: not the replay window, the salt, nor the clock offset.
 *
 * <p>Implementations are not thread-safe: confine each session to one thread.
 */
public sealed interface Session permits ClientSession, ServerSession {

  /**
   * A message this session sealed. Immutable.
   *
   * @param msgId its msg_id
   * @param seqNo its seq_no
   * @param frame the encrypted frame to transmit
   */
  record Outgoing(MessageId msgId, int seqNo, Bytes frame) {
    /** Checks for nulls. */
    public Outgoing {
      Objects.requireNonNull(msgId, "msgId");
      Objects.requireNonNull(frame, "frame");
    }
  }

  /** The client side of session {@code id}, starting with {@code salt}, standard padding. */
  static ClientSession client(
      AuthKey key,
      SessionId id,
      ServerSalt salt,
      SessionPolicy policy,
      SecureRandom random,
      InstantSource clock) {
    return client(key, id, salt, policy, random, clock, PaddingPolicy.standard());
  }

  /**
   * As {@link #client(AuthKey, SessionId, ServerSalt, SessionPolicy, SecureRandom, InstantSource)},
   * with a chosen padding policy.
   */
  static ClientSession client(
      AuthKey key,
      SessionId id,
      ServerSalt salt,
      SessionPolicy policy,
      SecureRandom random,
      InstantSource clock,
      PaddingPolicy padding) {
    return new ClientSession(
        new SessionCore(Sender.CLIENT, key, id, policy, random, clock, padding), salt);
  }

  /** The server side of session {@code id}, with {@code salt} as the current salt. */
  static ServerSession server(
      AuthKey key,
      SessionId id,
      ServerSalt salt,
      SessionPolicy policy,
      SecureRandom random,
      InstantSource clock) {
    return server(key, id, salt, policy, random, clock, PaddingPolicy.standard());
  }

  /**
   * As {@link #server(AuthKey, SessionId, ServerSalt, SessionPolicy, SecureRandom, InstantSource)},
   * with a chosen padding policy.
   */
  static ServerSession server(
      AuthKey key,
      SessionId id,
      ServerSalt salt,
      SessionPolicy policy,
      SecureRandom random,
      InstantSource clock,
      PaddingPolicy padding) {
    return new ServerSession(
        new SessionCore(Sender.SERVER, key, id, policy, random, clock, padding), salt);
  }

  /** Which side this is. */
  Sender self();

  /** The session id (a client's changes when it continues in a new session). */
  SessionId id();

  /** The policy. */
  SessionPolicy policy();

  /** The salt this side puts in the messages it sends. */
  ServerSalt salt();

  /** The msg_id clock (its offset is a client's correction to server time). */
  MessageIdClock msgIdClock();

  /** How many content-related messages this side has sent. */
  int contentRelatedSent();

  /**
   * Seals {@code data} (a serialized TL object, a multiple of 4 bytes) with a fresh msg_id and the
   * next seq_no.
   */
  Outgoing send(Bytes data, boolean contentRelated);

  /** Seals a service message; content-related unless it is msgs_ack or msg_container. */
  default Outgoing send(ServiceMessage message) {
    Objects.requireNonNull(message, "message");
    return send(
        message.toBytes(), !ServiceMessage.mustNotBeContentRelated(message.constructorId()));
  }

  /**
   * Opens a frame from the other side with every check of {@link MessageOpener}.
   *
   * @return the authenticated message, marked as opened by this session
   * @throws CheckFailedException for a failed check ({@link BadServerSaltException} on the server
   *     side for a wrong or expired salt); nothing changed
   */
  ReceivedMessage receive(byte[] frame) throws CheckFailedException;
}
