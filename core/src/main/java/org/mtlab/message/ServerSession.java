package org.mtlab.message;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The server side of one MTProto session ({@link Session#server}): sends with msg_ids {@code 3 mod
 * 4} and replies with {@code 1 mod 4}; opens client frames with every check including the time
 * window and the salt. A wrong or expired salt gives {@link BadServerSaltException}, whose {@link
 * BadServerSaltException#notice()} is the reply to send. {@link #rotateSalt} installs a new salt
 * and keeps the old one valid for the policy's grace period.
 *
 * <p>Not thread-safe: confine each session to one thread.
 */
public final class ServerSession implements Session {
  private final SessionCore core;
  private final ServerSalts salts;
  private final MessageOpener opener;

  ServerSession(SessionCore core, ServerSalt salt) {
    this.core = core;
    this.salts =
        new ServerSalts(
            Objects.requireNonNull(salt, "salt"), core.clock.instant(), core.policy.saltGrace());
    this.opener = MessageOpener.forServer(core.key, core.id, salts, core.policy, core.clock);
  }

  @Override
  public Sender self() {
    return Sender.SERVER;
  }

  @Override
  public SessionId id() {
    return core.id;
  }

  @Override
  public SessionPolicy policy() {
    return core.policy;
  }

  /** The current salt. */
  @Override
  public ServerSalt salt() {
    return salts.current();
  }

  @Override
  public MessageIdClock msgIdClock() {
    return core.msgIds;
  }

  @Override
  public int contentRelatedSent() {
    return core.seqNos.contentRelatedCount();
  }

  @Override
  public Outgoing send(Bytes data, boolean contentRelated) {
    return core.seal(data, contentRelated, core.msgIds.next(), salts.current());
  }

  /** Seals a reply to a client message (msg_id {@code 1 mod 4}). */
  public Outgoing reply(Bytes data, boolean contentRelated) {
    return core.seal(data, contentRelated, core.msgIds.nextReply(), salts.current());
  }

  /**
   * {@inheritDoc}
   *
   * @throws BadServerSaltException for a wrong or expired salt
   */
  @Override
  public ReceivedMessage receive(byte[] frame) throws CheckFailedException {
    return new ReceivedMessage(opener.open(frame), this);
  }

  /**
   * Makes {@code next} the current salt now; the previous one stays accepted for the policy's grace
   * period.
   */
  public void rotateSalt(ServerSalt next) {
    salts.rotate(next, core.clock.instant());
  }

  /**
   * Rotates to a fresh random salt if the current one is at least the policy's salt period old.
   *
   * @return true when the salt changed
   */
  public boolean rotateSaltIfDue() {
    if (!salts.isRotationDue(core.clock.instant(), core.policy.saltPeriod())) {
      return false;
    }
    rotateSalt(ServerSalt.random(core.random));
    return true;
  }

  @Override
  public String toString() {
    return "ServerSession[" + core.id + "]";
  }
}
