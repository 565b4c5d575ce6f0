package org.mtlab.message;

import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.wire.MessageId;

/**
 * Which received msg_ids are still acceptable: the receiver's defence against replays
 * (docs/security.md A4) and reordering (A5). msg_ids are compared as unsigned numbers ({@link
 * MessageId#compare}). Two modes:
 *
 * <ul>
 *   <li><b>Strict</b> ({@link #strict()}, the default): only a msg_id greater than the last
 *       accepted one is accepted. This is the in-order channel of the AMPS 2022 proof; it rules out
 *       replays, reordering and, together with the sender's rule, re-encryption. An equal msg_id is
 *       {@link CheckReason#MSG_ID_REPLAYED}, a lower one {@link CheckReason#MSG_ID_OUT_OF_ORDER}.
 *   <li><b>Windowed</b> ({@link #windowed(int)}, Telegram-compatible): keep the last N msg_ids
 *       received; a msg_id equal to any of them, or lower than all of them, is {@link
 *       CheckReason#MSG_ID_REPLAYED} (docs/protocol.md §3.5 item 7). Beyond N entries the lowest is
 *       dropped. Messages may arrive out of order within the window, each at most once. Since
 *       everything below the lowest kept id is refused, an evicted id can never come back, whatever
 *       N is: N only bounds how much reordering is tolerated.
 * </ul>
 *
 * <p>Checking and recording are separate ({@link #check}, {@link #commit}) so that a receiver can
 * run all its checks first and change no state when any fails; {@link #accept} does both. A
 * windowed instance starts with room for {@value #INITIAL_ROOM} ids and doubles its array as ids
 * arrive, up to twice its capacity (so an idle session of a server holding many connections costs a
 * few hundred bytes, not {@code 16 N}); after that, no allocation.
 *
 * <p>Not thread-safe: confine each instance to one thread (one receiving session).
 */
public final class ReplayWindow {
  private final int capacity; // 0 = strict

  // Strict mode.
  private boolean hasLast;
  private long last;

  /** Ids a windowed instance has room for before its array first grows. */
  static final int INITIAL_ROOM = 16;

  // Windowed mode: the kept ids, biased (x ^ MIN_VALUE, so that signed order is unsigned
  // order), sorted ascending in window[start, end). Grows by doubling up to twice the
  // capacity, then is compacted when full.
  private long[] window;
  private int start;
  private int end;

  private ReplayWindow(int capacity) {
    this.capacity = capacity;
    this.window = capacity == 0 ? null : new long[Math.min(2 * capacity, INITIAL_ROOM)];
  }

  /** Strict mode: only increasing msg_ids. */
  public static ReplayWindow strict() {
    return new ReplayWindow(0);
  }

  /**
   * Windowed mode keeping the last {@code size} msg_ids.
   *
   * @throws IllegalArgumentException unless {@code 1 <= size <= 1 << 20}
   */
  public static ReplayWindow windowed(int size) {
    if (size < 1 || size > SessionPolicy.MAX_REPLAY_WINDOW) {
      throw new IllegalArgumentException(
          "replay window size must be 1.." + SessionPolicy.MAX_REPLAY_WINDOW + ", got " + size);
    }
    return new ReplayWindow(size);
  }

  /** True in strict mode. */
  public boolean isStrict() {
    return capacity == 0;
  }

  /** N in windowed mode; 0 in strict mode. */
  public int capacity() {
    return capacity;
  }

  /** Number of msg_ids remembered (at most 1 in strict mode). */
  public int size() {
    return capacity == 0 ? (hasLast ? 1 : 0) : end - start;
  }

  /**
   * Checks {@code msgId} without recording it.
   *
   * @throws CheckFailedException {@link CheckReason#MSG_ID_REPLAYED} or {@link
   *     CheckReason#MSG_ID_OUT_OF_ORDER}
   */
  public void check(long msgId) throws CheckFailedException {
    if (capacity == 0) {
      if (hasLast) {
        int c = MessageId.compare(msgId, last);
        if (c == 0) {
          throw new CheckFailedException(CheckReason.MSG_ID_REPLAYED);
        }
        if (c < 0) {
          throw new CheckFailedException(CheckReason.MSG_ID_OUT_OF_ORDER);
        }
      }
      return;
    }
    if (end == start) {
      return;
    }
    long key = msgId ^ Long.MIN_VALUE;
    if (key < window[start] || Arrays.binarySearch(window, start, end, key) >= 0) {
      throw new CheckFailedException(CheckReason.MSG_ID_REPLAYED);
    }
  }

  /**
   * Records {@code msgId} as received. Call only after {@link #check} passed for it (and every
   * other check of the message).
   *
   * @throws IllegalStateException if {@code msgId} would not pass {@link #check}
   */
  public void commit(long msgId) {
    if (capacity == 0) {
      if (hasLast && MessageId.compare(msgId, last) <= 0) {
        throw notCheckable(msgId);
      }
      hasLast = true;
      last = msgId;
      return;
    }
    long key = msgId ^ Long.MIN_VALUE;
    if (end > start && key < window[start]) {
      throw notCheckable(msgId);
    }
    if (end == window.length) {
      int size = end - start;
      long[] to =
          window.length < 2 * capacity
              ? new long[Math.min(2 * capacity, 2 * window.length)]
              : window; // full size: compact in place
      System.arraycopy(window, start, to, 0, size);
      window = to;
      start = 0;
      end = size;
    }
    int at = Arrays.binarySearch(window, start, end, key);
    if (at >= 0) {
      throw notCheckable(msgId);
    }
    int ip = -at - 1;
    System.arraycopy(window, ip, window, ip + 1, end - ip);
    window[ip] = key;
    end++;
    if (end - start > capacity) {
      start++; // drop the lowest
    }
  }

  /** The array's length (0 in strict mode): for tests of the growth. */
  int room() {
    return window == null ? 0 : window.length;
  }

  /** {@link #check} then {@link #commit}. */
  public void accept(long msgId) throws CheckFailedException {
    check(msgId);
    commit(msgId);
  }

  private static IllegalStateException notCheckable(long msgId) {
    return new IllegalStateException(
        "msg_id "
            + Long.toUnsignedString(msgId)
            + " does not pass check(); commit only checked ids");
  }

  @Override
  public String toString() {
    return capacity == 0 ? "ReplayWindow[strict]" : "ReplayWindow[windowed, N=" + capacity + "]";
  }
}
