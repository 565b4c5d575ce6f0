package org.mtlab.e2e;

import java.util.List;
import java.util.Objects;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * What {@link SecretChat#open} made of a message that passed every check. A message that failed a
 * check is not an outcome: it is a {@link org.mtlab.CheckFailedException}.
 *
 * <p>Every outcome may carry {@link #replies()}: wire messages the chat has already sealed and the
 * caller must send to the peer, in order (a resend request, messages sent again on the peer's
 * request, re-keying answers).
 *
 * <p>Every implementation is an immutable record.
 */
public sealed interface ChatOutcome {
  /** Wire messages to send to the peer, in order. */
  List<Bytes> replies();

  /**
   * The message was the next one expected: it and every queued message that now follows it without
   * a gap, in order.
   *
   * @param messages the delivered messages, in out_seq_no order (service messages included; their
   *     actions have been handled)
   * @param replies wire messages to send
   * @param rekeyFailures checks that failed inside re-keying actions (the exchange was aborted, the
   *     chat goes on under its current key)
   */
  record Delivered(List<ChatMessage> messages, List<Bytes> replies, List<CheckReason> rekeyFailures)
      implements ChatOutcome {
    /** Copies the lists. */
    public Delivered {
      messages = List.copyOf(messages);
      replies = List.copyOf(replies);
      rekeyFailures = List.copyOf(rekeyFailures);
    }
  }

  /**
   * The message had been received before (out_seq_no at or below the last one delivered, or already
   * queued): dropped without looking inside.
   */
  record Duplicate() implements ChatOutcome {
    @Override
    public List<Bytes> replies() {
      return List.of();
    }
  }

  /**
   * Messages are missing before this one: it is queued, and a resend request for out_seq_no {@code
   * startSeqNo..endSeqNo} (the peer's wire values) is among the replies. A resend request inside
   * the queued message itself is handled at once.
   *
   * @param startSeqNo the first missing out_seq_no (wire value)
   * @param endSeqNo the last missing out_seq_no (wire value)
   * @param replies wire messages to send, the resend request first
   */
  record Gap(int startSeqNo, int endSeqNo, List<Bytes> replies) implements ChatOutcome {
    /** Copies the list. */
    public Gap {
      replies = List.copyOf(Objects.requireNonNull(replies, "replies"));
    }
  }
}
