package org.mtlab.message;

import org.mtlab.bytes.Bytes;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * An inner message that a {@link Session} opened: it passed the msg_key check and every receiver
 * check of that session. Only a session makes one (there is no public constructor), and it
 * remembers which session, so {@link ClientSession#applyBadServerSalt} and {@link
 * ClientSession#applyTimeCorrection} can act on authenticated notices only: a {@link
 * org.mtlab.tl.ServiceMessage} record that any caller can build is never enough.
 *
 * <p>Immutable.
 */
public final class ReceivedMessage {
  private final InnerMessage message;
  private final Session openedBy;

  ReceivedMessage(InnerMessage message, Session openedBy) {
    this.message = message;
    this.openedBy = openedBy;
  }

  /** True when {@code session} opened this message. */
  boolean openedBy(Session session) {
    return openedBy == session;
  }

  /** The inner message. */
  public InnerMessage message() {
    return message;
  }

  /** The server salt it carried. */
  public ServerSalt salt() {
    return message.salt();
  }

  /** Its session id. */
  public SessionId sessionId() {
    return message.sessionId();
  }

  /** Its msg_id. */
  public MessageId msgId() {
    return message.msgId();
  }

  /** Its seq_no. */
  public int seqNo() {
    return message.seqNo();
  }

  /** Its message data (a serialized TL object). */
  public Bytes data() {
    return message.data();
  }

  /** True when seq_no is odd (content-related). */
  public boolean isContentRelated() {
    return message.isContentRelated();
  }

  /** As {@link InnerMessage#toString()}: msg_id, seq_no and the data length only. */
  @Override
  public String toString() {
    return "Received" + message;
  }
}
