package org.mtlab.message;

import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;

/**
 * {@link CheckReason#BAD_SERVER_SALT}: a server received an authentic message whose salt is neither
 * current nor within its grace period. It carries what the server needs for its {@code
 * bad_server_salt} reply (error code 48): the rejected message's msg_id and seq_no, which passed
 * the msg_key check and are therefore authentic, and the current salt. Like every {@link
 * CheckFailedException}, its message is the reason's fixed text.
 *
 * <p>Immutable.
 */
public final class BadServerSaltException extends CheckFailedException {
  private static final long serialVersionUID = 1L;

  private final long currentSalt;
  private final long badMsgId;
  private final int badMsgSeqNo;

  /** A failure naming {@code currentSalt} for the message {@code badMsgId}/{@code badMsgSeqNo}. */
  public BadServerSaltException(ServerSalt currentSalt, MessageId badMsgId, int badMsgSeqNo) {
    super(CheckReason.BAD_SERVER_SALT);
    this.currentSalt = currentSalt.value();
    this.badMsgId = badMsgId.value();
    this.badMsgSeqNo = badMsgSeqNo;
  }

  /** The salt the client should use. */
  public ServerSalt currentSalt() {
    return new ServerSalt(currentSalt);
  }

  /** The msg_id of the rejected message. */
  public MessageId badMsgId() {
    return new MessageId(badMsgId);
  }

  /** The seq_no of the rejected message. */
  public int badMsgSeqNo() {
    return badMsgSeqNo;
  }

  /** The {@code bad_server_salt} notice to send back (error code 48). */
  public ServiceMessage.BadServerSalt notice() {
    return new ServiceMessage.BadServerSalt(
        badMsgId(), badMsgSeqNo, ServiceMessage.BadServerSalt.ERROR_CODE, currentSalt());
  }
}
