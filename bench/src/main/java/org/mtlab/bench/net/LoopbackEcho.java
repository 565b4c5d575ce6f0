package org.mtlab.bench.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A baseline for the network's own cost: a Netty echo server on loopback and clients that each send
 * one packet and wait until the same number of bytes has come back, with the event loops, socket
 * options and buffer handling that {@code mtlab-net} uses, and no MTProto at all (no framing codec,
 * no crypto, no sessions). What a round trip of this costs, any MTProto server on Netty pays as
 * well.
 *
 * <p>Not thread-safe: {@link #send} is called from one thread, each client's future completes on
 * its event loop.
 */
final class LoopbackEcho implements AutoCloseable {
  /** Echoes every buffer it reads. */
  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  /** Counts the bytes coming back and completes the current round trip's future. */
  private static final class Receiver extends ChannelInboundHandlerAdapter {
    private final int expected;
    private int received;
    private volatile CompletableFuture<Void> done;

    Receiver(int expected) {
      this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received += buf.readableBytes();
      buf.release();
      if (received >= expected) {
        received -= expected;
        done.complete(null);
      }
    }
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final EventLoopGroup clientLoops;
  private final Channel server;
  private final Channel[] clients;
  private final Receiver[] receivers;
  private final byte[] packet;

  LoopbackEcho(int clients, int packetLength) throws InterruptedException {
    int threads = Runtime.getRuntime().availableProcessors();
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.clientLoops = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.packet = new byte[packetLength];
    Echo echo = new Echo();
    this.server =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(echo)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
    this.clients = new Channel[clients];
    this.receivers = new Receiver[clients];
    for (int i = 0; i < clients; i++) {
      Receiver r = new Receiver(packetLength);
      receivers[i] = r;
      this.clients[i] =
          new Bootstrap()
              .group(clientLoops)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(r);
                    }
                  })
              .connect(server.localAddress())
              .sync()
              .channel();
    }
  }

  /** Sends one packet from client {@code i}; the future completes when it is echoed. */
  CompletableFuture<Void> send(int i) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    receivers[i].done = f;
    clients[i]
        .writeAndFlush(Unpooled.wrappedBuffer(packet.clone()))
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                f.completeExceptionally(written.cause());
              }
            });
    return f;
  }

  @Override
  public void close() {
    for (Channel c : clients) {
      if (c != null) {
        c.close().awaitUninterruptibly();
      }
    }
    server.close().awaitUninterruptibly();
    for (EventLoopGroup g : new EventLoopGroup[] {clientLoops, workers, boss}) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
