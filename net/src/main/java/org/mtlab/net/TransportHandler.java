package org.mtlab.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.nio.ByteBuffer;
import java.util.logging.Logger;
import org.mtlab.CheckFailedException;
import org.mtlab.transport.Framing;
import org.mtlab.transport.TransportCodec;
import org.mtlab.transport.TransportDetector;
import org.mtlab.transport.TransportEvent;

/**
 * The transport layer of one connection (docs/protocol.md §7): turns the byte stream into MTProto
 * packets and back, using core's I/O-free codecs. A server's handler first runs a {@link
 * TransportDetector} on the first bytes (framing and obfuscation); a client's starts with its codec
 * and writes the codec's preamble when the connection opens.
 *
 * <p>Inbound: {@code ByteBuf} in, one {@code byte[]} packet per frame out (padded intermediate's
 * padding removed); on a client, also {@link TransportEvent.TransportError} events. Outbound:
 * {@code byte[]} packets are framed (and obfuscated); a {@link TransportEvent.TransportError} is
 * sent as the server's error frame, after which the connection closes. Bytes that break the framing
 * close the connection, with -404 when the framing is known so an error frame can be written; a
 * connection never holds more than one frame of at most the codec's maximum length.
 *
 * <p>One instance per connection; confined to its event-loop thread.
 */
final class TransportHandler extends ChannelDuplexHandler {
  private static final Logger LOG = Logger.getLogger(TransportHandler.class.getName());

  private final TransportDetector detector; // server, until the codec is known
  private TransportCodec codec;
  private boolean failed;

  private TransportHandler(TransportDetector detector, TransportCodec codec) {
    this.detector = detector;
    this.codec = codec;
  }

  static TransportHandler server(TransportDetector detector) {
    return new TransportHandler(detector, null);
  }

  static TransportHandler client(TransportCodec codec) {
    return new TransportHandler(null, codec);
  }

  /** The connection's framing, once known. */
  Framing framing() {
    return codec == null ? null : codec.framing();
  }

  /** True once the connection is known to be obfuscated. */
  boolean isObfuscated() {
    return codec != null && codec.obfuscation().isPresent();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (detector == null && codec.preamble().length() > 0) {
      ctx.write(Unpooled.wrappedBuffer(codec.preamble().toByteArray()))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }

    try {
      if (failed) {
        return;
      }
      ByteBuffer in = buf.nioBuffer();
      if (codec == null) {
        codec = detector.detect(in);
        if (codec == null) {
          return;
        }
      }
      TransportEvent event;
      while (!failed && (event = codec.next(in)) != null) {
        if (event instanceof TransportEvent.Frame) {
          byte[] payload = ((TransportEvent.Frame) event).toByteArray();
          if (codec.framing() == Framing.PADDED_INTERMEDIATE) {
            payload = Packets.withoutPadding(payload);
          }
          ctx.fireChannelRead(payload);
        } else if (event instanceof TransportEvent.TransportError) {
          ctx.fireChannelRead(event);
        } // a quick ack needs no action here
      }
    } catch (CheckFailedException e) {
      failed = true;
      LOG.fine(() -> ctx.channel().remoteAddress() + ": transport check failed: " + e.reason());
      closeWithError(ctx, TransportEvent.TransportError.AUTH_KEY_NOT_FOUND);
    } finally {
      buf.release();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof byte[] array) {
      if (codec == null || failed) {
        promise.setFailure(new IllegalStateException("no transport to write to"));
        return;
      }
      super.write(ctx, Unpooled.wrappedBuffer(codec.encode(array)), promise);
    } else if (msg instanceof TransportEvent.TransportError transportError) {
      failed = true;
      int code = transportError.code();
      if (codec == null || detector == null) { // not known yet, or a client: nothing to send
        super.close(ctx, promise);
        return;
      }
      ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encodeTransportError(code)), promise)
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      super.write(ctx, msg, promise);
    }
  }

  private void closeWithError(ChannelHandlerContext ctx, int code) {
    if (codec != null && detector != null) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encodeTransportError(code)))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      Closing.close(ctx);
    }
  }
}
