package org.mtlab.net;

import org.mtlab.bytes.Bytes;

/**
 * Answers one kind of RPC on the server: given the serialized query (a boxed TL object, its
 * constructor id first), returns the serialized result that goes into {@code rpc_result}, or throws
 * {@link RpcException} for an {@code rpc_error}.
 *
 * <p>Runs on the connection's event-loop thread, so it must not block; implementations used by more
 * than one connection must be thread-safe.
 */
@FunctionalInterface
public interface RpcHandler {
  /**
   * The result of {@code query}.
   *
   * @param context who asked
   * @param query the whole query, constructor id included
   * @throws RpcException to answer with {@code rpc_error}
   */
  Bytes handle(RpcContext context, Bytes query) throws RpcException;
}
