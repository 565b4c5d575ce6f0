package org.mtlab.net;

/**
 * An RPC answered with {@code rpc_error} (docs/protocol.md §4.6): thrown by an {@link RpcHandler}
 * to make the server answer with that error, and completed exceptionally on a client's call when
 * the server answered with one.
 *
 * <p>Immutable; thread-safe.
 */
public final class RpcException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The error code for a method the server does not implement. */
  public static final int BAD_REQUEST = 400;

  private final int code;
  private final String errorMessage;

  /**
   * An error with Telegram's conventions: a code such as 400, 401, 420 or 500 and an upper-case
   * message such as {@code INPUT_METHOD_INVALID}.
   *
   * @throws NullPointerException if {@code errorMessage} is null
   */
  public RpcException(int code, String errorMessage) {
    super(code + " " + java.util.Objects.requireNonNull(errorMessage, "errorMessage"));
    this.code = code;
    this.errorMessage = errorMessage;
  }

  /** The error code. */
  public int code() {
    return code;
  }

  /** The error message. */
  public String errorMessage() {
    return errorMessage;
  }
}
