package org.mtlab.net;

import java.net.SocketAddress;
import org.mtlab.key.AuthKeyId;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.SessionId;

/**
 * Who sent an RPC: the connection's remote address, the auth key's id, the session and the query's
 * msg_id.
 *
 * <p>Immutable; thread-safe.
 *
 * @param remoteAddress the client's address
 * @param authKeyId the key the query was encrypted with
 * @param sessionId the client's session
 * @param msgId the query's msg_id
 */
public record RpcContext(
    SocketAddress remoteAddress, AuthKeyId authKeyId, SessionId sessionId, MessageId msgId) {
  /** Checks for nulls. */
  public RpcContext {
    java.util.Objects.requireNonNull(authKeyId, "authKeyId");
    java.util.Objects.requireNonNull(sessionId, "sessionId");
    java.util.Objects.requireNonNull(msgId, "msgId");
  }
}
