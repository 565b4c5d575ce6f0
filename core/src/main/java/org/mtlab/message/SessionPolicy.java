package org.mtlab.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.wire.MessageId;

/**
 * The receiver's and the session's tunable limits, with the documented choices in {@link
 * #standard()}:
 *
 * <ul>
 *   <li>{@code maxPast} 300 s and {@code maxFuture} 30 s: the msg_id time window (docs/protocol.md
 *       §3.5 item 8), compared in whole seconds, both ends inclusive;
 *   <li>{@code ordering} {@link Ordering#STRICT}: only increasing msg_ids, the variant the AMPS
 *       2022 proof covers (docs/security.md §1.4); {@link Ordering#WINDOWED} is Telegram's rule;
 *   <li>{@code replayWindowSize} 1000: N for the windowed mode (TDLib keeps 1000; gotd 100,
 *       Telegram Android about 300, Telethon 500). Unused in strict mode;
 *   <li>{@code maxMessageDataLength} 2^24 bytes; the largest accepted encrypted part is then {@code
 *       32 + 2^24 + 1024} bytes, and bigger frames are refused before any work;
 *   <li>{@code saltGrace} 1800 s: how long a server keeps accepting the previous salt; {@code
 *       saltPeriod} 30 min: how often a server changes its salt (the current {@code
 *       mtproto/description} page; the v1 page said 24 h and AMPS saw hourly salts, so both are
 *       parameters);
 *   <li>{@code clientChecksTime} false: a client applies the time window only once its clock is
 *       synchronised with the server's (docs/protocol.md §3.5 item 8); a server always does.
 * </ul>
 *
 * <p>Immutable.
 *
 * @param maxPast how far in the past a received msg_id may be
 * @param maxFuture how far in the future a received msg_id may be
 * @param ordering strict or windowed replay protection
 * @param replayWindowSize N for the windowed mode
 * @param maxMessageDataLength the largest message_data accepted
 * @param saltGrace how long the previous server salt stays valid after a change
 * @param saltPeriod how often a server changes its salt
 * @param clientChecksTime whether a client session applies the time window
 */
public record SessionPolicy(
    Duration maxPast,
    Duration maxFuture,
    Ordering ordering,
    int replayWindowSize,
    int maxMessageDataLength,
    Duration saltGrace,
    Duration saltPeriod,
    boolean clientChecksTime) {

  /** Largest replay window size accepted. */
  public static final int MAX_REPLAY_WINDOW = 1 << 20;

  /** How the receiver orders msg_ids. */
  public enum Ordering {
    /** Only strictly increasing msg_ids (AMPS's proven variant). */
    STRICT,
    /** The last N msg_ids, each at most once, none below the lowest kept (Telegram). */
    WINDOWED
  }

  /** Validates every field. */
  public SessionPolicy {
    requireNonNegative(maxPast, "maxPast");
    requireNonNegative(maxFuture, "maxFuture");
    Objects.requireNonNull(ordering, "ordering");
    if (replayWindowSize < 1 || replayWindowSize > MAX_REPLAY_WINDOW) {
      throw new IllegalArgumentException(
          "replayWindowSize must be 1.." + MAX_REPLAY_WINDOW + ", got " + replayWindowSize);
    }
    if (maxMessageDataLength < 0 || maxMessageDataLength > InnerMessage.MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "maxMessageDataLength must be 0..2^24, got " + maxMessageDataLength);
    }
    requireNonNegative(saltGrace, "saltGrace");
    requireNonNegative(saltPeriod, "saltPeriod");
    if (saltPeriod.isZero()) {
      throw new IllegalArgumentException("saltPeriod must be positive");
    }
  }

  /** The defaults listed above: strict ordering. */
  public static SessionPolicy standard() {
    return new SessionPolicy(
        Duration.ofSeconds(300),
        Duration.ofSeconds(30),
        Ordering.STRICT,
        1000,
        InnerMessage.MAX_DATA_LENGTH,
        Duration.ofSeconds(1800),
        Duration.ofMinutes(30),
        false);
  }

  /** {@link #standard()} with Telegram's windowed ordering instead of strict ordering. */
  public static SessionPolicy compatible() {
    return standard().withOrdering(Ordering.WINDOWED);
  }

  /** This policy with another ordering. */
  public SessionPolicy withOrdering(Ordering ordering) {
    return new SessionPolicy(
        maxPast,
        maxFuture,
        ordering,
        replayWindowSize,
        maxMessageDataLength,
        saltGrace,
        saltPeriod,
        clientChecksTime);
  }

  /** This policy with another window size N (windowed mode). */
  public SessionPolicy withReplayWindowSize(int size) {
    return new SessionPolicy(
        maxPast,
        maxFuture,
        ordering,
        size,
        maxMessageDataLength,
        saltGrace,
        saltPeriod,
        clientChecksTime);
  }

  /** This policy with another maximum message_data length. */
  public SessionPolicy withMaxMessageDataLength(int length) {
    return new SessionPolicy(
        maxPast,
        maxFuture,
        ordering,
        replayWindowSize,
        length,
        saltGrace,
        saltPeriod,
        clientChecksTime);
  }

  /** This policy with other salt timings. */
  public SessionPolicy withSaltTimes(Duration grace, Duration period) {
    return new SessionPolicy(
        maxPast,
        maxFuture,
        ordering,
        replayWindowSize,
        maxMessageDataLength,
        grace,
        period,
        clientChecksTime);
  }

  /** This policy with another time window. */
  public SessionPolicy withTimeWindow(Duration past, Duration future) {
    return new SessionPolicy(
        past,
        future,
        ordering,
        replayWindowSize,
        maxMessageDataLength,
        saltGrace,
        saltPeriod,
        clientChecksTime);
  }

  /** This policy with the client's time check switched on or off. */
  public SessionPolicy withClientChecksTime(boolean check) {
    return new SessionPolicy(
        maxPast,
        maxFuture,
        ordering,
        replayWindowSize,
        maxMessageDataLength,
        saltGrace,
        saltPeriod,
        check);
  }

  /**
   * The largest encrypted part a receiver accepts: {@code floor16(32 + maxMessageDataLength +
   * 1024)}.
   */
  public int maxEncryptedLength() {
    return (InnerMessage.HEADER_LENGTH + maxMessageDataLength + MessageSealer.MAX_PADDING) & ~15;
  }

  /**
   * The time-window check of docs/protocol.md §3.5 item 8 as a receiver runs it: the msg_id's
   * seconds {@code s} and the whole seconds of {@code now} must satisfy {@code now - maxPast <= s
   * <= now + maxFuture}.
   *
   * @throws CheckFailedException {@link CheckReason#MSG_ID_TOO_NEW} or {@link
   *     CheckReason#MSG_ID_TOO_OLD}
   */
  public void checkTimeWindow(MessageId msgId, Instant now) throws CheckFailedException {
    checkTimeWindow(
        Objects.requireNonNull(msgId, "msgId").value(),
        Objects.requireNonNull(now, "now").getEpochSecond());
  }

  void checkTimeWindow(long msgId, long nowSeconds) throws CheckFailedException {
    long seconds = msgId >>> 32;
    if (seconds > nowSeconds + maxFuture.toSeconds()) {
      throw new CheckFailedException(CheckReason.MSG_ID_TOO_NEW);
    }
    if (seconds < nowSeconds - maxPast.toSeconds()) {
      throw new CheckFailedException(CheckReason.MSG_ID_TOO_OLD);
    }
  }

  /** A fresh replay window of this policy's kind. */
  public ReplayWindow newReplayWindow() {
    return ordering == Ordering.STRICT
        ? ReplayWindow.strict()
        : ReplayWindow.windowed(replayWindowSize);
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
