package org.mtlab.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.message.SessionPolicy;
import org.mtlab.transport.TransportDetector;

/**
 * An MTProto server on TCP (docs/protocol.md §5, §4, §7), built on Netty. Each connection gets its
 * own pipeline, one handler per concern:
 *
 * <pre>
 *   IdleStateHandler   Netty's idle timer
 *   ConnectionGuard    idle and handshake time-outs; closes on any unhandled exception
 *   TransportHandler   framing and obfuscation detected from the first bytes; frames in and out
 *   HandshakeHandler   plain packets: auth-key creation (ServerHandshake), bounded in number
 *   SessionHandler     encrypted packets: sessions, salts, acks, ping, service messages
 *   RpcDispatchHandler every other query: the RpcRegistry's answer or rpc_error
 * </pre>
 *
 * <p>Keys made by handshakes are kept in memory ({@link #keys()}) for the server's lifetime;
 * sessions live with their connection. A connection that breaks the protocol is closed (with a
 * transport error when its framing is known); the server's limits ({@link ServerLimits}) bound what
 * any one connection, and all unauthenticated ones together, can make it hold.
 *
 * <pre>{@code
 * try (MtprotoServer server = MtprotoServer.builder(keyPair).port(0).start()) {
 *   int port = server.port();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops accepting, closes every connection, shuts the event loops
 * down and destroys the keys.
 */
public final class MtprotoServer implements AutoCloseable {
  private final ServerRsaKeyPair keyPair;
  private final ServerKeys keys;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel serverChannel;
  private final AtomicInteger handshakesInProgress = new AtomicInteger();

  private MtprotoServer(Builder b) throws InterruptedException {
    this.keyPair = b.keyPair;
    this.keys = new ServerKeys(b.limits.maxAuthKeys());
    SecureRandom random = b.random != null ? b.random : new SecureRandom();
    InstantSource clock = b.clock != null ? b.clock : InstantSource.system();
    ServerLimits limits = b.limits;
    RpcDispatchHandler dispatch = new RpcDispatchHandler(b.rpc);
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(b.threads, NioIoHandler.newFactory());
    this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    int dc = b.dc;
    SessionPolicy policy = b.policy;
    boolean acceptLegacyClients = b.acceptLegacyClients;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    ConnectionState state = new ConnectionState();
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(
                        "idle",
                        new IdleStateHandler(
                            0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    p.addLast("guard", new ConnectionGuard(state, limits.handshakeTimeout()));
                    p.addLast(
                        "transport",
                        TransportHandler.server(
                            new TransportDetector(
                                random, limits.maxFrameLength(), Optional.empty())));
                    p.addLast(
                        "handshake",
                        new HandshakeHandler(
                            keyPair,
                            dc,
                            keys,
                            handshakesInProgress,
                            limits.maxConcurrentHandshakes(),
                            random,
                            clock,
                            state,
                            acceptLegacyClients));
                    p.addLast(
                        "session",
                        new SessionHandler(
                            new ServerSessions(
                                keys, policy, random, clock, limits.maxSessionsPerConnection()),
                            random,
                            clock,
                            state));
                    p.addLast("rpc", dispatch);
                  }
                });
    try {
      this.serverChannel =
          bootstrap.bind(new InetSocketAddress(b.address, b.port)).sync().channel();
    } catch (InterruptedException | RuntimeException e) {
      // no server to hand back: both loops are stopped before the failure reaches the caller, so
      // no thread outlives it (with no quiet period and no work this takes milliseconds)
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
      throw e;
    }
  }

  /** A builder for a server holding {@code keyPair}. */
  public static Builder builder(ServerRsaKeyPair keyPair) {
    return new Builder(keyPair);
  }

  /** The port the server listens on (the one chosen by the system for port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The public key clients must know. */
  public ServerRsaKey publicKey() {
    return keyPair.publicKey();
  }

  /** The auth keys made so far. */
  public ServerKeys keys() {
    return keys;
  }

  /** Connections open now. */
  public int connectionCount() {
    return channels.size();
  }

  /** Handshakes in progress now (each holds one of the limit's permits). */
  public int handshakesInProgress() {
    return handshakesInProgress.get();
  }

  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    channels.close().awaitUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    keys.destroyAll();
  }

  @Override
  public String toString() {
    return "MtprotoServer[" + serverChannel.localAddress() + ", " + keys + "]";
  }

  /** Builds and starts an {@link MtprotoServer}. Not thread-safe. */
  public static final class Builder {
    private final ServerRsaKeyPair keyPair;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private int dc = 1;
    private SecureRandom random;
    private InstantSource clock;
    private ServerLimits limits = ServerLimits.defaults();
    private RpcRegistry rpc = RpcRegistry.empty();
    private SessionPolicy policy = SessionPolicy.compatible();
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private boolean acceptLegacyClients;

    private Builder(ServerRsaKeyPair keyPair) {
      this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    }

    /** The address to listen on (default: loopback). */
    public Builder address(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port (default 0: any free port; see {@link MtprotoServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
      }
      this.port = port;
      return this;
    }

    /** This server's DC id, which clients name in their handshake's inner data (default 1). */
    public Builder dc(int dc) {
      this.dc = dc;
      return this;
    }

    /** The source of every random byte (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The clock for msg_ids, time checks and server_time (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The limits (default {@link ServerLimits#defaults()}). */
    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The RPC handlers (default: none, so every RPC gets rpc_error). */
    public Builder rpc(RpcRegistry rpc) {
      this.rpc = Objects.requireNonNull(rpc, "rpc");
      return this;
    }

    /**
     * The session policy (default {@link SessionPolicy#compatible()}: Telegram's windowed msg_id
     * ordering, since field clients may have several messages in flight whose ids do not arrive in
     * order).
     */
    public Builder sessionPolicy(SessionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Event-loop threads for connections (default: one per processor). */
    public Builder threads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * The compatibility option for legacy clients (default off), passed to each {@link
     * org.mtlab.handshake.ServerHandshake.Builder#acceptLegacyClients(boolean)}: accepts the legacy
     * p_q_inner_data without a DC id (the key is then for this server's DC) and the encryption from
     * before RSA_PAD. Weaker: the old scheme's SHA-1 inside raw RSA gives no non-malleability or
     * chosen-ciphertext security, a missing DC id lets a key made for one DC be replayed to
     * another, and a failed RSA_PAD costs a second RSA decryption. Needed for GramJS 2.26, which
     * sends p_q_inner_data.
     */
    public Builder acceptLegacyClients(boolean accept) {
      this.acceptLegacyClients = accept;
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @throws InterruptedException if interrupted while binding
     * @throws io.netty.channel.ChannelException (unchecked) if the port cannot be bound
     */
    public MtprotoServer start() throws InterruptedException {
      return new MtprotoServer(this);
    }
  }
}
