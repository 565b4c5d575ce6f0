package org.mtlab.message;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The client side of one MTProto session ({@link Session#client}): sends with msg_ids {@code 0 mod
 * 4} and the salt it knows; opens server frames checking the session and replays, and the time
 * window only if the policy says the client's clock is synchronised.
 *
 * <p><b>Notices (docs/security.md A16).</b> It takes a new salt from {@code bad_server_salt} (error
 * code 48) and a clock offset from {@code bad_msg_notification} 16/17 only from a {@link
 * ReceivedMessage} that this session opened, i.e. an authenticated message from the server, and
 * only when the notice names a msg_id it recently sent: it remembers its last {@value
 * #RECENTLY_SENT} msg_ids. A notice record built by any other code has no way in.
 *
 * <p>A correction that puts its clock behind msg_ids it has already used (code 17: its clock was
 * ahead) cannot take effect in the same session, whose msg_ids only increase and are never reused
 * (A6), so the client continues in a new session (see {@link #applyTimeCorrection}). The sealer
 * remembers the last msg_id of each session it left, so no earlier session's ids are ever reused
 * either.
 *
 * <p>A client whose policy checks time still opens {@code bad_server_salt} and {@code
 * bad_msg_notification} 16/17 whatever their msg_id's time (docs/protocol.md §3.5 item 8). The
 * cost, inherent in that rule: an attacker on the network can hold back such a genuine notice for
 * longer than the time window and the client still acts on it; it cannot forge or replay one.
 *
 * <p>Not thread-safe: confine each session to one thread.
 */
public final class ClientSession implements Session {
  /** How many of its own msg_ids a client remembers for accepting notices about them. */
  public static final int RECENTLY_SENT = 256;

  private final SessionCore core;
  private MessageOpener opener;
  private ServerSalt salt;
  private final long[] recentlySent = new long[RECENTLY_SENT];
  private int recentCount;
  private int recentNext;

  ClientSession(SessionCore core, ServerSalt salt) {
    this.core = core;
    this.salt = Objects.requireNonNull(salt, "salt");
    this.opener = newOpener();
  }

  private MessageOpener newOpener() {
    MessageIdClock ids = core.msgIds;
    return core.policy.clientChecksTime()
        ? new MessageOpener(core.key, Sender.SERVER, core.id, core.policy, ids::now)
        : new MessageOpener(core.key, Sender.SERVER, core.id, core.policy);
  }

  @Override
  public Sender self() {
    return Sender.CLIENT;
  }

  @Override
  public SessionId id() {
    return core.id;
  }

  @Override
  public SessionPolicy policy() {
    return core.policy;
  }

  /** The salt this client puts in the messages it sends. */
  @Override
  public ServerSalt salt() {
    return salt;
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
    // seal first: it checks the data, and a message not sent is not remembered
    Outgoing out = core.seal(data, contentRelated, core.msgIds.next(), salt);
    recentlySent[recentNext] = out.msgId().value();
    recentNext = (recentNext + 1) % RECENTLY_SENT;
    recentCount = Math.min(recentCount + 1, RECENTLY_SENT);
    return out;
  }

  @Override
  public ReceivedMessage receive(byte[] frame) throws CheckFailedException {
    return new ReceivedMessage(opener.open(frame), this);
  }

  /** True when this client sent {@code msgId} among its last {@value #RECENTLY_SENT} messages. */
  public boolean recentlySent(MessageId msgId) {
    long v = Objects.requireNonNull(msgId, "msgId").value();
    for (int i = 0; i < recentCount; i++) {
      if (recentlySent[i] == v) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes the new salt from {@code received} if it is a {@code bad_server_salt} with error code 48
   * that names a msg_id this client recently sent; otherwise changes nothing.
   *
   * @param received a message this session opened
   * @return true when the salt was updated
   * @throws IllegalArgumentException if another session opened {@code received}
   */
  public boolean applyBadServerSalt(ReceivedMessage received) {
    ServiceMessage notice = parseOwn(received);
    if (!(notice instanceof ServiceMessage.BadServerSalt bad)) {
      return false;
    }

    if (bad.errorCode() != ServiceMessage.BadServerSalt.ERROR_CODE
        || !recentlySent(bad.badMsgId())) {
      return false;
    }
    salt = bad.newServerSalt();
    return true;
  }

  /**
   * Corrects the clock offset if {@code received} is a {@code bad_msg_notification} with code 16
   * (msg_id too low) or 17 (too high) that names a msg_id this client recently sent, from the time
   * in {@code received}'s own msg_id (the server's); otherwise changes nothing.
   *
   * <p>When the last msg_id this session issued lies more than the policy's {@code maxFuture} ahead
   * of the corrected time (its clock was ahead), the next msg_ids cannot follow the corrected clock
   * here: a session's msg_ids only increase and the sealer refuses to reuse one (A6). The client
   * then continues in a new session: a fresh random session_id from this session's {@code
   * SecureRandom}, msg_ids from the corrected clock, seq_no from zero, a new replay window; key and
   * salt stay. The server sees a new session (and answers with {@code new_session_created});
   * messages still to be re-sent go out in it. Check {@link #id()} after this call.
   *
   * @param received a message this session opened
   * @return true when the offset was changed
   * @throws IllegalArgumentException if another session opened {@code received}
   */
  public boolean applyTimeCorrection(ReceivedMessage received) {
    ServiceMessage notice = parseOwn(received);
    if (!(notice instanceof ServiceMessage.BadMsgNotification bad)) {
      return false;
    }

    if (!bad.isAboutTime() || !recentlySent(bad.badMsgId())) {
      return false;
    }
    long offset = received.msgId().seconds() - core.clock.instant().getEpochSecond();
    core.msgIds.setOffsetSeconds(offset);
    // The server accepts msg_ids up to maxFuture ahead of its time. While the last id issued
    // here is within that, the clock keeps issuing rising ids from it and the session goes on
    // (a repeated code-16 notice in the same second must not start a new session).
    long firstRejected =
        (core.msgIds.now().getEpochSecond() + core.policy.maxFuture().toSeconds() + 1) << 32;
    if (MessageId.compare(core.msgIds.last().value(), firstRejected) >= 0) {
      continueInNewSession(offset);
    }
    return true;
  }

  private ServiceMessage parseOwn(ReceivedMessage received) {
    Objects.requireNonNull(received, "received");
    if (!received.openedBy(this)) {
      throw new IllegalArgumentException("the message was not opened by this session");
    }
    try {
      return ServiceMessage.parse(received.data());
    } catch (CheckFailedException e) {
      return null; // not a service message: not a notice
    }
  }

  private void continueInNewSession(long offsetSeconds) {
    SessionId next;
    do {
      next = SessionId.random(core.random);
    } while (next.equals(core.id));
    core.restart(next, offsetSeconds);
    opener = newOpener();
    recentCount = 0;
    recentNext = 0;
  }

  /**
   * Sets the salt to use, for example from {@code new_session_created} or from the client's own
   * configuration (not from the network unauthenticated: use {@link #applyBadServerSalt}).
   */
  public void setSalt(ServerSalt salt) {
    this.salt = Objects.requireNonNull(salt, "salt");
  }

  @Override
  public String toString() {
    return "ClientSession[" + core.id + "]";
  }
}
