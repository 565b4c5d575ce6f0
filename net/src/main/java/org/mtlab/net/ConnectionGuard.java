package org.mtlab.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first handler of every server connection: closes it when it has been idle too long (after
 * Netty's {@code IdleStateHandler} in front of it says so), when it has no key a handshake time-out
 * after it opened, and on any exception a later handler did not handle (a write that failed among
 * them: the handlers send those here). Nothing a connection does here reaches any other connection.
 *
 * <p>One instance per connection; confined to its event-loop thread.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());

  private final ConnectionState state;
  private final Duration handshakeTimeout;

  ConnectionGuard(ConnectionState state, Duration handshakeTimeout) {
    this.state = state;
    this.handshakeTimeout = handshakeTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    state.setDeadline(
        ctx.executor()
            .schedule(
                () -> {
                  if (!state.isKeyed()) {
                    LOG.fine(
                        () ->
                            ctx.channel().remoteAddress() + ": no key within " + handshakeTimeout);
                    Closing.close(ctx);
                  }
                },
                handshakeTimeout.toMillis(),
                TimeUnit.MILLISECONDS));
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    state.cancelDeadline();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      LOG.fine(() -> ctx.channel().remoteAddress() + ": idle, closing");
      Closing.close(ctx);
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, ctx.channel().remoteAddress() + ": closing after an exception", cause);
    Closing.close(ctx);
  }
}
