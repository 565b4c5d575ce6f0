package org.mtlab.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.key.AuthKey;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.transport.FrameDecoder;
import org.mtlab.transport.Framing;
import org.mtlab.transport.Obfuscated2;
import org.mtlab.transport.TransportCodec;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * An MTProto client on TCP, built on Netty: connects with a chosen framing, with or without
 * obfuscation (docs/protocol.md §7), creates an auth key with the server (§5) or reuses one, opens
 * a session, and sends queries whose answers come back as futures. It re-sends a query after {@code
 * bad_server_salt} or a time correction, and acknowledges what the server sends (§4).
 *
 * <pre>{@code
 * try (MtprotoClient c = MtprotoClient.builder("127.0.0.1", port, List.of(serverKey))
 *     .framing(Framing.INTERMEDIATE).obfuscated(true).connect()) {
 *   long pingId = 42;
 *   ServiceMessage.Pong pong = c.ping(pingId).get();
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread; the protocol state lives on the
 * connection's event-loop thread. {@link #close()} closes the connection and its event loop (unless
 * the loop was supplied by the caller).
 */
public final class MtprotoClient implements AutoCloseable {
  private final Channel channel;
  private final ClientHandler handler;
  private final ClientConnection conn;
  private final EventLoopGroup ownGroup;
  private final Framing framing;
  private final boolean obfuscated;

  private MtprotoClient(
      Channel channel,
      ClientHandler handler,
      ClientConnection conn,
      EventLoopGroup ownGroup,
      Framing framing,
      boolean obfuscated) {
    this.channel = channel;
    this.handler = handler;
    this.conn = conn;
    this.ownGroup = ownGroup;
    this.framing = framing;
    this.obfuscated = obfuscated;
  }

  /** A builder for a client of {@code host:port} that trusts the servers holding these keys. */
  public static Builder builder(String host, int port, List<ServerRsaKey> trustedKeys) {
    return new Builder(host, port, trustedKeys);
  }

  /**
   * Sends {@code query} (a serialized TL object) as a content-related message; the future completes
   * with the answer's result, or with {@link RpcException} for {@code rpc_error}, or an {@link
   * IOException} when the connection ends first.
   */
  public CompletableFuture<Bytes> call(Bytes query) {
    Objects.requireNonNull(query, "query");
    CompletableFuture<Bytes> f = new CompletableFuture<>();
    channel.eventLoop().execute(() -> handler.call(query, f));
    return f;
  }

  /** Sends {@code ping ping_id}; the future completes with the server's pong. */
  public CompletableFuture<ServiceMessage.Pong> ping(long pingId) {
    return call(new ServiceMessage.Ping(pingId).toBytes())
        .thenApply(
            b -> {
              try {
                return (ServiceMessage.Pong) ServiceMessage.parse(b);
              } catch (org.mtlab.CheckFailedException e) {
                throw new IllegalStateException("a pong that does not parse", e);
              }
            });
  }

  /** The auth key in use (made by the handshake or given to the builder). */
  public AuthKey authKey() {
    return onLoop(conn::key);
  }

  /** The salt the client uses now. */
  public ServerSalt salt() {
    return onLoop(conn::salt);
  }

  /** The current session's id. */
  public SessionId sessionId() {
    return onLoop(conn::sessionId);
  }

  /** The connection's framing. */
  public Framing framing() {
    return framing;
  }

  /** True when the connection is obfuscated. */
  public boolean isObfuscated() {
    return obfuscated;
  }

  /** True while the connection is open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> task) {
    try {
      return channel.eventLoop().submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  @Override
  public String toString() {
    return "MtprotoClient["
        + channel.remoteAddress()
        + ", "
        + framing
        + (obfuscated ? ", obfuscated2" : "")
        + "]";
  }

  /** Builds and connects an {@link MtprotoClient}. Not thread-safe. */
  public static final class Builder {
    private final String host;
    private final int port;
    private final List<ServerRsaKey> trustedKeys;
    private Framing framing = Framing.INTERMEDIATE;
    private boolean obfuscated;
    private int dc = 1;
    private SecureRandom random;
    private InstantSource clock;
    private SessionPolicy policy = SessionPolicy.standard();
    private AuthKey authKey;
    private ServerSalt salt;
    private EventLoopGroup group;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(String host, int port, List<ServerRsaKey> trustedKeys) {
      this.host = Objects.requireNonNull(host, "host");
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
      }
      this.port = port;
      this.trustedKeys = List.copyOf(trustedKeys);
    }

    /** The framing (default intermediate). */
    public Builder framing(Framing framing) {
      this.framing = Objects.requireNonNull(framing, "framing");
      return this;
    }

    /**
     * Whether to obfuscate (default no).
     *
     * @throws IllegalArgumentException at {@link #connect()} for the full framing, which has no
     *     obfuscation tag
     */
    public Builder obfuscated(boolean obfuscated) {
      this.obfuscated = obfuscated;
      return this;
    }

    /** The DC id named in the handshake (default 1). */
    public Builder dc(int dc) {
      this.dc = dc;
      return this;
    }

    /** The source of every random byte (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The clock (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The session policy (default {@link SessionPolicy#standard()}). */
    public Builder sessionPolicy(SessionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Reuse {@code key} (made earlier with this server) and {@code salt}: no handshake. */
    public Builder authKey(AuthKey key, ServerSalt salt) {
      this.authKey = Objects.requireNonNull(key, "key");
      this.salt = Objects.requireNonNull(salt, "salt");
      return this;
    }

    /** An event loop to run on (default: a new one-thread loop the client owns). */
    public Builder eventLoop(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /** How long {@link #connect()} waits for the connection and the key (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Connects, runs the handshake unless a key was given, and opens a session.
     *
     * @throws IOException when the connection or the handshake fails, or time runs out
     * @throws InterruptedException if interrupted while waiting
     */
    public MtprotoClient connect() throws IOException, InterruptedException {
      if (obfuscated && !framing.supportsObfuscation()) {
        throw new IllegalArgumentException(framing + " cannot be obfuscated");
      }
      SecureRandom rnd = random != null ? random : new SecureRandom();
      InstantSource clk = clock != null ? clock : InstantSource.system();
      TransportCodec codec =
          obfuscated
              ? TransportCodec.client(
                  Obfuscated2.client(framing, rnd), rnd, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH)
              : TransportCodec.client(framing, rnd);
      ClientConnection conn = new ClientConnection(rnd, clk, policy);
      if (authKey != null) {
        conn.open(authKey, salt, 0);
      }
      CompletableFuture<Void> ready = new CompletableFuture<>();
      ClientHandler handler = new ClientHandler(conn, dc, trustedKeys, ready);
      EventLoopGroup own =
          group == null ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : null;
      ChannelFuture connecting =
          new Bootstrap()
              .group(group != null ? group : own)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline().addLast("transport", TransportHandler.client(codec));
                      c.pipeline().addLast("client", handler);
                    }
                  })
              .connect(host, port);
      Channel ch = connecting.channel();
      try {
        connecting.sync();
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        abandon(ch, own);
        throw e;
      } catch (Exception e) { // Netty's sync() rethrows a failed connect's checked cause as is
        abandon(ch, own);
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        throw new IOException("connecting to " + host + ":" + port + " failed: " + cause, cause);
      }
      return new MtprotoClient(ch, handler, conn, own, framing, obfuscated);
    }

    /**
     * Stops the client's own event loop (null: none) after a failed connect, and waits for it so
     * that no thread outlives the failure.
     */
    /**
     * Gives up a connection that did not become ready: closes the channel (on a caller's event loop
     * group nothing else would; a connection that made its key but timed out is open) and stops the
     * client's own group.
     */
    private static void abandon(Channel ch, EventLoopGroup own) {
      Closing.closeAndWait(ch);
      stop(own);
    }

    private static void stop(EventLoopGroup own) {
      if (own != null) {
        own.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      }
    }
  }
}
