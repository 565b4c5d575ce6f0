package org.mtlab.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mtlab.bytes.Bytes;

/**
 * The last handler of a server connection: answers each {@link RpcCall} from the {@link
 * RpcRegistry} and writes the {@link RpcCall.Answer} back to the session layer, which seals it as
 * {@code rpc_result}. A handler's {@link RpcException} becomes {@code rpc_error}; any other
 * exception becomes {@code rpc_error 500 INTERNAL} (logged), so a broken handler cannot take the
 * connection down.
 *
 * <p>Stateless apart from the registry; one instance may serve every connection.
 */
final class RpcDispatchHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(RpcDispatchHandler.class.getName());

  private final RpcRegistry registry;

  RpcDispatchHandler(RpcRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean isSharable() {
    return true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof RpcCall call)) {
      ctx.fireChannelRead(msg);
      return;
    }

    Bytes result;
    try {
      result = registry.dispatch(call.context(), call.query());
    } catch (RpcException e) {
      result = ServiceTl.rpcError(e.code(), e.errorMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "RPC handler failed", e);
      result = ServiceTl.rpcError(500, "INTERNAL");
    }
    ctx.writeAndFlush(new RpcCall.Answer(call, result))
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }
}
