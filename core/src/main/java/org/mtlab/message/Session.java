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
 * One side of one MTProto session: it ties together the sealer for what this side sends, the
 * opener for what the other side sends, the server salt, the msg_id clock and the seq_no
 * counter (MTPROTO.md §3.4, §3.5, §4).
 *
 * <p><b>Client</b> ({@link #client}): sends with msg_ids {@code 0 mod 4} and the salt it knows;
 * opens server frames checking the session and replays (and the time window only if the policy
 * says the client's clock is synchronised). It takes a new salt from {@code bad_server_salt},
 * and a clock offset from {@code bad_msg_notification} 16/17, only when the notice names a
 * msg_id it recently sent (SECURITY.md A16): it remembers its last
 * {@value #RECENTLY_SENT} msg_ids. A correction that puts its clock behind msg_ids it has
 * already used (code 17: its clock was ahead) cannot take effect in the same session, whose
 * msg_ids only increase and are never reused (A6), so the client continues in a new session
 * (see {@link #applyTimeCorrection}). The sealer remembers the last msg_id of each session it
 * left (one small entry per switch), so no earlier session's ids are ever reused either.
 *
 * <p>A client whose policy checks time still opens {@code bad_server_salt} and {@code
 * bad_msg_notification} 16/17 whatever their msg_id's time (MTPROTO.md §3.5 item 8). The cost,
 * inherent in that rule: an attacker on the network can hold back such a genuine notice for
 * longer than the time window and the client still acts on it; it cannot forge or replay one.
 *
 * <p><b>Server</b> ({@link #server}): sends with msg_ids {@code 3 mod 4}, replies with
 * {@code 1 mod 4}; opens client frames with every check including the time window and the salt.
 * A wrong or expired salt gives {@link BadServerSaltException}, whose
 * {@link BadServerSaltException#notice()} is the reply to send. {@link #rotateSalt} installs a
 * new salt and keeps the old one valid for the policy's grace period.
 *
 * <p>A rejected frame changes nothing: not the replay window, the salt, nor the clock offset.
 *
 * <p>Not thread-safe: confine each session to one thread.
 */
public final class Session {
  /** How many of its own msg_ids a client remembers for accepting notices about them. */
  public static final int RECENTLY_SENT = 256;

  /**
   * A message this session sealed. Immutable.
   *
   * @param msgId its msg_id
   * @param seqNo its seq_no
   * @param frame the encrypted frame to transmit
   */
  public record Outgoing(MessageId msgId, int seqNo, Bytes frame) {
    /** Checks for nulls. */
    public Outgoing {
      Objects.requireNonNull(msgId, "msgId");
      Objects.requireNonNull(frame, "frame");
    }
  }

  private final Sender self;
  private final AuthKey key;
  private final SessionPolicy policy;
  private final InstantSource clock;
  private final SecureRandom random;
  private final MessageSealer sealer;
  // The session proper; a client replaces all four when it continues in a new session.
  private SessionId id;
  private MessageIdClock msgIds;
  private SeqNoCounter seqNos = new SeqNoCounter();
  private MessageOpener opener;
  private final ServerSalts serverSalts; // server side
  private ServerSalt clientSalt; // client side
  private final long[] recentlySent = new long[RECENTLY_SENT];
  private int recentCount;
  private int recentNext;

  private Session(
      Sender self, AuthKey key, SessionId id, ServerSalt salt, SessionPolicy policy,
      SecureRandom random, InstantSource clock, PaddingPolicy padding) {
    this.key = Objects.requireNonNull(key, "key");
    this.self = self;
    this.id = Objects.requireNonNull(id, "id");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(salt, "salt");
    this.msgIds = new MessageIdClock(clock, self);
    this.sealer = new MessageSealer(key, self, random, Objects.requireNonNull(padding, "padding"));
    if (self == Sender.CLIENT) {
      this.serverSalts = null;
      this.clientSalt = salt;
      this.opener = clientOpener();
    } else {
      this.serverSalts = new ServerSalts(salt, clock.instant(), policy.saltGrace());
      this.opener = MessageOpener.forServer(key, id, serverSalts, policy, clock);
    }
  }

  private MessageOpener clientOpener() {
    MessageIdClock ids = msgIds;
    return policy.clientChecksTime()
        ? new MessageOpener(key, Sender.SERVER, id, policy, ids::now)
        : new MessageOpener(key, Sender.SERVER, id, policy);
  }

  /** The client side of session {@code id}, starting with {@code salt}. */
  public static Session client(
      AuthKey key, SessionId id, ServerSalt salt, SessionPolicy policy, SecureRandom random,
      InstantSource clock) {
    return new Session(Sender.CLIENT, key, id, salt, policy, random, clock,
        PaddingPolicy.standard());
  }

  /** The server side of session {@code id}, with {@code salt} as the current salt. */
  public static Session server(
      AuthKey key, SessionId id, ServerSalt salt, SessionPolicy policy, SecureRandom random,
      InstantSource clock) {
    return new Session(Sender.SERVER, key, id, salt, policy, random, clock,
        PaddingPolicy.standard());
  }

  /** As {@link #client} or {@link #server} for {@code self}, with a chosen padding policy. */
  public static Session create(
      Sender self, AuthKey key, SessionId id, ServerSalt salt, SessionPolicy policy,
      SecureRandom random, InstantSource clock, PaddingPolicy padding) {
    return new Session(Objects.requireNonNull(self, "self"), key, id, salt, policy, random,
        clock, padding);
  }

  /** Which side this is. */
  public Sender self() {
    return self;
  }

  /** The session id (a client's changes when it continues in a new session). */
  public SessionId id() {
    return id;
  }

  /** The policy. */
  public SessionPolicy policy() {
    return policy;
  }

  /** The salt this side puts in the messages it sends (the server's current salt). */
  public ServerSalt salt() {
    return self == Sender.CLIENT ? clientSalt : serverSalts.current();
  }

  /** The msg_id clock (its offset is the client's correction to server time). */
  public MessageIdClock msgIdClock() {
    return msgIds;
  }

  /** How many content-related messages this side has sent. */
  public int contentRelatedSent() {
    return seqNos.contentRelatedCount();
  }

  /**
   * Seals {@code data} (a serialized TL object) with a fresh msg_id (client {@code 0 mod 4},
   * server {@code 3 mod 4}) and the next seq_no.
   */
  public Outgoing send(Bytes data, boolean contentRelated) {
    return seal(data, contentRelated, msgIds.next());
  }

  /** Server only: seals a reply to a client message (msg_id {@code 1 mod 4}). */
  public Outgoing reply(Bytes data, boolean contentRelated) {
    if (self != Sender.SERVER) {
      throw new IllegalStateException("only the server marks replies in the msg_id");
    }
    return seal(data, contentRelated, msgIds.nextReply());
  }

  /** Seals a service message; content-related unless it is msgs_ack or msg_container. */
  public Outgoing send(ServiceMessage message) {
    Objects.requireNonNull(message, "message");
    return send(message.toBytes(),
        !ServiceMessage.mustNotBeContentRelated(message.constructorId()));
  }

  private Outgoing seal(Bytes data, boolean contentRelated, MessageId msgId) {
    Objects.requireNonNull(data, "data");
    InnerMessage.checkDataLength(data.length());
    int seqNo = seqNos.next(contentRelated);
    InnerMessage m = new InnerMessage(salt(), id, msgId, seqNo, data);
    byte[] frame = sealer.seal(m);
    if (self == Sender.CLIENT) {
      recentlySent[recentNext] = msgId.value();
      recentNext = (recentNext + 1) % RECENTLY_SENT;
      recentCount = Math.min(recentCount + 1, RECENTLY_SENT);
    }
    return new Outgoing(msgId, seqNo, Bytes.copyOf(frame));
  }

  /**
   * Opens a frame from the other side with every check of {@link MessageOpener}.
   *
   * @throws BadServerSaltException on the server side, for a wrong or expired salt
   * @throws CheckFailedException for any other failed check; nothing changed
   */
  public InnerMessage receive(byte[] frame) throws CheckFailedException {
    return opener.open(frame);
  }

  /** True when this client sent {@code msgId} among its last {@value #RECENTLY_SENT} messages. */
  public boolean recentlySent(long msgId) {
    for (int i = 0; i < recentCount; i++) {
      if (recentlySent[i] == msgId) {
        return true;
      }
    }
    return false;
  }

  /**
   * Client: takes the new salt from a {@code bad_server_salt} notice, but only when the notice
   * names a msg_id this client recently sent; otherwise ignores it.
   *
   * @return true when the salt was updated
   */
  public boolean applyBadServerSalt(ServiceMessage.BadServerSalt notice) {
    Objects.requireNonNull(notice, "notice");
    requireClient();
    if (!recentlySent(notice.badMsgId())) {
      return false;
    }
    clientSalt = new ServerSalt(notice.newServerSalt());
    return true;
  }

  /**
   * Client: corrects the clock offset after {@code bad_msg_notification} with code 16 (msg_id
   * too low) or 17 (too high), from the time in {@code carrierMsgId}, the server msg_id of the
   * message that carried the notice, but only when the notice names a msg_id this client
   * recently sent. Other codes and unknown msg_ids are ignored.
   *
   * <p>When the last msg_id this session issued lies more than the policy's {@code maxFuture}
   * ahead of the corrected time (its clock was ahead), the next msg_ids cannot follow the
   * corrected clock here: a session's msg_ids only increase and
   * the sealer refuses to reuse one (A6). The client then continues in a new session: a fresh
   * random session_id from this session's {@code SecureRandom}, msg_ids from the corrected
   * clock, seq_no from zero, a new replay window; key and salt stay. The server sees a new
   * session (and answers with {@code new_session_created}); messages still to be re-sent go
   * out in it. Check {@link #id()} after this call.
   *
   * @return true when the offset was changed
   */
  public boolean applyTimeCorrection(
      ServiceMessage.BadMsgNotification notice, MessageId carrierMsgId) {
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(carrierMsgId, "carrierMsgId");
    requireClient();
    int code = notice.errorCode();
    if (code != ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW
        && code != ServiceMessage.BadMsgNotification.MSG_ID_TOO_HIGH) {
      return false;
    }
    if (!recentlySent(notice.badMsgId())) {
      return false;
    }
    long offset = carrierMsgId.seconds() - clock.instant().getEpochSecond();
    msgIds.setOffsetSeconds(offset);
    // The server accepts msg_ids up to maxFuture ahead of its time. While the last id issued
    // here is within that, the clock keeps issuing rising ids from it and the session goes on
    // (a repeated code-16 notice in the same second must not start a new session).
    long firstRejected =
        (msgIds.now().getEpochSecond() + policy.maxFuture().getSeconds() + 1) << 32;
    if (MessageId.compare(msgIds.last().value(), firstRejected) >= 0) {
      continueInNewSession(offset);
    }
    return true;
  }

  private void continueInNewSession(long offsetSeconds) {
    SessionId next;
    do {
      next = SessionId.random(random);
    } while (next.equals(id));
    MessageIdClock ids = new MessageIdClock(clock, self);
    ids.setOffsetSeconds(offsetSeconds);
    id = next;
    msgIds = ids;
    seqNos = new SeqNoCounter();
    opener = clientOpener();
    recentCount = 0;
    recentNext = 0;
    java.util.Arrays.fill(recentlySent, 0L);
  }

  /** Client: the salt to use (for example from new_session_created). */
  public void setSalt(ServerSalt salt) {
    requireClient();
    clientSalt = Objects.requireNonNull(salt, "salt");
  }

  /**
   * Server: makes {@code next} the current salt now; the previous one stays accepted for the
   * policy's grace period.
   */
  public void rotateSalt(ServerSalt next) {
    requireServer();
    serverSalts.rotate(next, clock.instant());
  }

  /**
   * Server: rotates to a fresh random salt if the current one is at least the policy's salt
   * period old.
   *
   * @return true when the salt changed
   */
  public boolean rotateSaltIfDue() {
    requireServer();
    if (!serverSalts.isRotationDue(clock.instant(), policy.saltPeriod())) {
      return false;
    }
    rotateSalt(ServerSalt.random(random));
    return true;
  }

  private void requireClient() {
    if (self != Sender.CLIENT) {
      throw new IllegalStateException("only a client session does this");
    }
  }

  private void requireServer() {
    if (self != Sender.SERVER) {
      throw new IllegalStateException("only a server session does this");
    }
  }

  @Override
  public String toString() {
    return "Session[" + self + ", " + id + "]";
  }
}
