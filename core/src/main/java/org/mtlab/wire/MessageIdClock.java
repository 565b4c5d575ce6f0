package org.mtlab.wire;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import org.mtlab.key.Sender;

/**
 * Issues msg_ids for one sender in one session (docs/protocol.md §4.1):
 *
 * <pre>
 *   msg_id ~ unixtime * 2^32:  high 32 bits = seconds, low 32 bits = fraction of the second
 *   client:  msg_id mod 4 == 0, low 32 bits never zero
 *   server:  msg_id mod 4 == 1 for a reply to a client message, 3 otherwise
 * </pre>
 *
 * <p>Every id is strictly greater (unsigned) than the previous one, even when the clock stands
 * still or steps back: then the next id is the smallest value above the last with the right low
 * bits. Time comes from the injected {@link InstantSource} plus an offset in seconds (a client
 * corrects it from the server's time, docs/protocol.md §4.1).
 *
 * <p>Not thread-safe: confine to the session's thread.
 */
public final class MessageIdClock {
  private final InstantSource clock;
  private final Sender sender;
  private long offsetSeconds;
  private boolean issued;
  private long last;

  /** A clock for ids of messages sent by {@code sender}. */
  public MessageIdClock(InstantSource clock, Sender sender) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /** Whose ids this clock issues. */
  public Sender sender() {
    return sender;
  }

  /** The estimated current time: the injected clock plus the offset. */
  public Instant now() {
    return clock.instant().plusSeconds(offsetSeconds);
  }

  /** The offset added to the injected clock, in seconds. */
  public long offsetSeconds() {
    return offsetSeconds;
  }

  /** Sets the offset added to the injected clock (a client's correction to server time). */
  public void setOffsetSeconds(long offsetSeconds) {
    this.offsetSeconds = offsetSeconds;
  }

  /**
   * The next msg_id: a client's ({@code 0 mod 4}), or a server's for a message that answers no
   * client message ({@code 3 mod 4}).
   */
  public MessageId next() {
    return next(clock.instant());
  }

  /**
   * As {@link #next()}, for a caller that has already read the injected clock for the same step (a
   * handshake stamps server_time and the msg_id from one reading): {@code now} plus the offset.
   */
  public MessageId next(Instant now) {
    return new MessageId(nextValue(now, sender == Sender.CLIENT ? 0 : 3));
  }

  /**
   * The next server msg_id for a reply to a client message ({@code 1 mod 4}).
   *
   * @throws IllegalStateException on a client clock: client ids carry no reply bit
   */
  public MessageId nextReply() {
    return nextReply(clock.instant());
  }

  /** As {@link #nextReply()}, at {@code now} (plus the offset); see {@link #next(Instant)}. */
  public MessageId nextReply(Instant now) {
    if (sender == Sender.CLIENT) {
      throw new IllegalStateException("client msg_ids are always 0 mod 4; use next()");
    }
    return new MessageId(nextValue(now, 1));
  }

  /** The last id issued; {@link IllegalStateException} if none yet. */
  public MessageId last() {
    if (!issued) {
      throw new IllegalStateException("no msg_id issued yet");
    }
    return new MessageId(last);
  }

  private long nextValue(Instant now, int residue) {
    Instant t = Objects.requireNonNull(now, "now").plusSeconds(offsetSeconds);
    // fraction of the second as a 32-bit binary fraction
    long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
    long candidate = (t.getEpochSecond() << 32) | fraction;
    candidate = withResidue(candidate, residue);
    if (issued && MessageId.compare(candidate, last) <= 0) {
      candidate = withResidue(last, residue);
      if (MessageId.compare(candidate, last) <= 0) {
        candidate += 4;
      }
      candidate = nonZeroLow(candidate);
    }
    issued = true;
    last = candidate;
    return candidate;
  }

  private static long withResidue(long v, int residue) {
    return nonZeroLow((v & ~3L) | residue);
  }

  private static long nonZeroLow(long v) {
    return (v & 0xffff_ffffL) == 0 ? v + 4 : v;
  }

  @Override
  public String toString() {
    return "MessageIdClock[" + sender + ", offset " + offsetSeconds + " s]";
  }
}
