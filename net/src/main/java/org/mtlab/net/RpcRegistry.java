package org.mtlab.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.bytes.Bytes;

/**
 * The server's RPC handlers by constructor id. A query whose constructor has no handler is answered
 * with {@code rpc_error 400 INPUT_METHOD_INVALID_<id as unsigned hex>}; so is a wrapped query
 * ({@code invokeWithLayer}, {@code initConnection}, ...), since the registry looks only at the
 * outer constructor.
 *
 * <p>Immutable; thread-safe (the handlers state their own thread safety).
 */
public final class RpcRegistry {
  private final Map<Integer, RpcHandler> handlers;

  private RpcRegistry(Map<Integer, RpcHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  /** A registry without handlers: every RPC gets the rpc_error. */
  public static RpcRegistry empty() {
    return new RpcRegistry(Map.of());
  }

  /** A builder starting from no handlers. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder starting from this registry's handlers. */
  public Builder toBuilder() {
    return new Builder(handlers);
  }

  /** The handler for {@code constructorId}, if one is registered. */
  public Optional<RpcHandler> handler(int constructorId) {
    return Optional.ofNullable(handlers.get(constructorId));
  }

  /**
   * The result for {@code query}: its handler's answer, or the rpc_error for an unknown method.
   *
   * @throws RpcException the handler's error, or 400 INPUT_METHOD_INVALID_... when none
   */
  public Bytes dispatch(RpcContext context, Bytes query) throws RpcException {
    int id = ServiceTl.constructorOf(query);
    RpcHandler h = handlers.get(id);
    if (h == null) {
      throw new RpcException(
          RpcException.BAD_REQUEST, "INPUT_METHOD_INVALID_" + Integer.toHexString(id));
    }
    return h.handle(context, query);
  }

  /** Builds an {@link RpcRegistry}. Not thread-safe. */
  public static final class Builder {
    private final Map<Integer, RpcHandler> handlers;

    private Builder(Map<Integer, RpcHandler> start) {
      this.handlers = new HashMap<>(start);
    }

    /**
     * Registers {@code handler} for queries with {@code constructorId}, replacing any earlier one.
     */
    public Builder on(int constructorId, RpcHandler handler) {
      handlers.put(constructorId, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** The registry. */
    public RpcRegistry build() {
      return new RpcRegistry(handlers);
    }
  }
}
