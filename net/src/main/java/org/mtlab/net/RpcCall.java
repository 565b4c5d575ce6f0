package org.mtlab.net;

import org.mtlab.bytes.Bytes;

/**
 * An RPC the session layer hands to the dispatch layer, and its answer on the way back. Immutable.
 *
 * @param context who asked
 * @param query the serialized query
 */
record RpcCall(RpcContext context, Bytes query) {
  /**
   * The answer to a call: the rpc_result's result (a serialized object or an rpc_error).
   *
   * @param call the call answered
   * @param result what goes into rpc_result's result field
   */
  record Answer(RpcCall call, Bytes result) {}
}
