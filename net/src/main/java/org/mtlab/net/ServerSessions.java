package org.mtlab.net;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.Sender;
import org.mtlab.message.InnerMessage;
import org.mtlab.message.MessageOpener;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The server sessions of one connection, by session_id: the only place this module touches core's
 * server-side {@link Session}. A frame is first opened without session state to learn its
 * session_id (the MAC and layout checks), then by that session with every check (docs/protocol.md
 * §3.5: replay, time window, salt).
 *
 * <p>Confined to the connection's event-loop thread.
 */
final class ServerSessions {
  /** A frame's session before the full checks: its key, its session and whether it is new. */
  record Peek(AuthKeyId keyId, InnerMessage inner, boolean isNew) {}

  private final ServerKeys keys;
  private final SessionPolicy policy;
  private final SecureRandom random;
  private final InstantSource clock;
  private final int max;
  private final Map<SessionId, ServerSession> sessions = new LinkedHashMap<>();
  private final Map<SessionId, AuthKeyId> keyOf = new LinkedHashMap<>();
  private SessionId last; // the session of the last frame opened, if it still exists

  ServerSessions(
      ServerKeys keys, SessionPolicy policy, SecureRandom random, InstantSource clock, int max) {
    this.keys = keys;
    this.policy = policy;
    this.random = random;
    this.clock = clock;
    this.max = max;
  }

  /** The stored key for {@code frame}'s auth_key_id, if any. */
  Optional<AuthKey> keyFor(byte[] frame) {
    if (frame.length < Packets.AUTH_KEY_ID_LENGTH) {
      return Optional.empty();
    }
    return keys.get(AuthKeyId.fromWire(frame, 0)).map(ServerKeys.Entry::key);
  }

  /**
   * Opens {@code frame} with every check in the session of the last frame opened, when that session
   * belongs to {@code key}: one decryption instead of {@link #peek}'s and {@link #open}'s two, for
   * the common case of one session per connection.
   *
   * @return the message, or null when there is no such session or any check fails (nothing changed
   *     then: the caller takes {@link #peek} and {@link #open}, which give the same result as
   *     before for every frame, since the stateless checks are a subset of the session's)
   */
  ReceivedMessage openInLastSession(AuthKey key, byte[] frame) {
    if (last == null || !key.id().equals(keyOf.get(last))) {
      return null;
    }
    try {
      return sessions.get(last).receive(frame);
    } catch (CheckFailedException e) {
      return null;
    }
  }

  /**
   * Opens {@code frame} under {@code key} without session state, to learn its session.
   *
   * @throws CheckFailedException when the MAC or the layout is wrong
   */
  Peek peek(AuthKey key, byte[] frame) throws CheckFailedException {
    InnerMessage inner = MessageOpener.openStateless(key, Sender.CLIENT, frame);
    boolean isNew = !key.id().equals(keyOf.get(inner.sessionId()));
    return new Peek(key.id(), inner, isNew);
  }

  /** True when one more session would pass the per-connection bound. */
  boolean isFull() {
    return sessions.size() >= max;
  }

  /**
   * Opens {@code frame} in its session with every check, creating the session (with the key's salt)
   * when {@code peek} says it is new.
   *
   * @throws org.mtlab.message.BadServerSaltException for a wrong salt (the notice to send)
   * @throws CheckFailedException for any other failed check
   */
  ReceivedMessage open(AuthKey key, Peek peek, byte[] frame) throws CheckFailedException {
    SessionId id = peek.inner().sessionId();
    ServerSession s = sessions.get(id);
    if (peek.isNew()) {
      ServerSalt salt =
          keys.get(key.id()).map(ServerKeys.Entry::salt).orElseGet(() -> ServerSalt.random(random));
      s = Session.server(key, id, salt, policy, random, clock);
      sessions.put(id, s);
      keyOf.put(id, key.id());
    }
    ReceivedMessage m = s.receive(frame);
    last = id;
    return m;
  }

  /** The current salt of session {@code id}. */
  ServerSalt salt(SessionId id) {
    return session(id).salt();
  }

  /** Seals a reply (msg_id 1 mod 4) in session {@code id}. */
  byte[] reply(SessionId id, Bytes data, boolean contentRelated) {
    return session(id).reply(data, contentRelated).frame().toByteArray();
  }

  /** Seals a message the server starts (msg_id 3 mod 4) in session {@code id}. */
  byte[] send(SessionId id, Bytes data, boolean contentRelated) {
    return session(id).send(data, contentRelated).frame().toByteArray();
  }

  /** Seals a service message (content-related unless msgs_ack or a container). */
  byte[] send(SessionId id, ServiceMessage message) {
    return session(id).send(message).frame().toByteArray();
  }

  /** The auth_key_id session {@code id} belongs to. */
  AuthKeyId keyId(SessionId id) {
    AuthKeyId k = keyOf.get(id);
    if (k == null) {
      throw new IllegalStateException("no session " + id);
    }
    return k;
  }

  /** True when session {@code id} exists on this connection. */
  boolean contains(SessionId id) {
    return sessions.containsKey(id);
  }

  /** Forgets session {@code id}; true if it existed. */
  boolean destroy(SessionId id) {
    if (id.equals(last)) {
      last = null;
    }
    keyOf.remove(id);
    return sessions.remove(id) != null;
  }

  private ServerSession session(SessionId id) {
    ServerSession s = sessions.get(id);
    if (s == null) {
      throw new IllegalStateException("no session " + id);
    }
    return s;
  }
}
