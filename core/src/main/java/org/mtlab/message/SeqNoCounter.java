package org.mtlab.message;

/**
 * seq_no for one sender in one session (docs/protocol.md §4.2):
 *
 * <pre>
 *   content-related:     seq_no = 2 * (content-related messages sent before) + 1, then count++
 *   not content-related: seq_no = 2 * (content-related messages sent before)
 * </pre>
 *
 * <p>So the low bit says whether the message is content-related (and must be acknowledged).
 * msgs_ack and msg_container are never content-related; RPC queries always are.
 *
 * <p>Not thread-safe: confine to the session's thread.
 */
public final class SeqNoCounter {
  private int contentRelated;

  /** The seq_no for the next message, counting it if it is content-related. */
  public int next(boolean isContentRelated) {
    if (isContentRelated) {
      return 2 * contentRelated++ + 1;
    }
    return 2 * contentRelated;
  }

  /** How many content-related messages were numbered so far. */
  public int contentRelatedCount() {
    return contentRelated;
  }

  @Override
  public String toString() {
    return "SeqNoCounter[" + contentRelated + " content-related]";
  }
}
