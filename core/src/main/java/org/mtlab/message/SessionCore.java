package org.mtlab.message;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * What both roles of a session share: key, policy, clock, randomness, the sealer, and the session
 * proper (id, msg_id clock, seq_no counter). Package-private; confined to the thread of its
 * session.
 */
final class SessionCore {
  final Sender self;
  final AuthKey key;
  final SessionPolicy policy;
  final InstantSource clock;
  final SecureRandom random;
  private final MessageSealer sealer;
  // The session proper; a client replaces all three when it continues in a new session.
  SessionId id;
  MessageIdClock msgIds;
  SeqNoCounter seqNos = new SeqNoCounter();

  SessionCore(
      Sender self,
      AuthKey key,
      SessionId id,
      SessionPolicy policy,
      SecureRandom random,
      InstantSource clock,
      PaddingPolicy padding) {
    this.self = self;
    this.key = Objects.requireNonNull(key, "key");
    this.id = Objects.requireNonNull(id, "id");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.msgIds = new MessageIdClock(clock, self);
    this.sealer = new MessageSealer(key, self, random, Objects.requireNonNull(padding, "padding"));
  }

  /** Seals {@code data} under {@code salt} with {@code msgId} and the next seq_no. */
  Session.Outgoing seal(Bytes data, boolean contentRelated, MessageId msgId, ServerSalt salt) {
    Objects.requireNonNull(data, "data");
    int seqNo = seqNos.next(contentRelated);
    InnerMessage m = new InnerMessage(salt, id, msgId, seqNo, data);
    return new Session.Outgoing(msgId, seqNo, Bytes.copyOf(sealer.seal(m)));
  }

  /** Starts the session proper afresh under {@code next}: new msg_id clock, seq_no from zero. */
  void restart(SessionId next, long offsetSeconds) {
    MessageIdClock ids = new MessageIdClock(clock, self);
    ids.setOffsetSeconds(offsetSeconds);
    id = next;
    msgIds = ids;
    seqNos = new SeqNoCounter();
  }
}
