package org.mtlab.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How this module's handlers close a connection on their own: the close's future is watched, and a
 * close that fails is logged. Nothing more is done about it: Netty marks the channel closed even
 * when closing the socket throws, so there is nothing left to undo or retry.
 *
 * <p>Writes are watched differently: each handler adds Netty's {@code FIRE_EXCEPTION_ON_FAILURE},
 * so a failed write reaches the connection's exception handler ({@code ConnectionGuard} on a
 * server, {@code ClientHandler} on a client), which reports it and closes the connection.
 *
 * <p>Stateless; thread-safe.
 */
final class Closing {
  private static final Logger LOG = Logger.getLogger(Closing.class.getName());

  private static final ChannelFutureListener LOG_FAILURE =
      future -> {
        if (!future.isSuccess()) {
          LOG.log(
              Level.FINE, future.channel().remoteAddress() + ": closing failed", future.cause());
        }
      };

  private Closing() {}

  /** Closes the connection of {@code ctx}; a failure is logged. */
  static void close(ChannelHandlerContext ctx) {
    ctx.close().addListener(LOG_FAILURE);
  }

  /** Closes {@code channel} and waits for it; a failure is logged. */
  static void closeAndWait(Channel channel) {
    channel.close().addListener(LOG_FAILURE).awaitUninterruptibly();
  }
}
