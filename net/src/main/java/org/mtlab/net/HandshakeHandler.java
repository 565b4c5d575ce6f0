package org.mtlab.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.transport.TransportEvent.TransportError;

/**
 * The server's auth-key creation on one connection (docs/protocol.md §5): plain packets
 * (auth_key_id 0) go to a {@link HandshakeRun}, everything else passes on to the session layer. A
 * new run takes one of the server's concurrent-handshake permits and gives it back when it ends or
 * the connection closes; a connection that finds none left, or a server whose key store is full,
 * gets transport error -429. A packet that fails a handshake check ends the run and the connection
 * with -404, the same for every check.
 *
 * <p>One instance per connection; confined to its event-loop thread.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(HandshakeHandler.class.getName());

  private final ServerRsaKeyPair keyPair;
  private final int dc;
  private final ServerKeys keys;
  private final AtomicInteger handshakesInProgress;
  private final int maxHandshakes;
  private final SecureRandom random;
  private final InstantSource clock;
  private final ConnectionState state;
  private final boolean acceptLegacyClients;
  private HandshakeRun run;

  HandshakeHandler(
      ServerRsaKeyPair keyPair,
      int dc,
      ServerKeys keys,
      AtomicInteger handshakesInProgress,
      int maxHandshakes,
      SecureRandom random,
      InstantSource clock,
      ConnectionState state,
      boolean acceptLegacyClients) {
    this.keyPair = keyPair;
    this.dc = dc;
    this.keys = keys;
    this.handshakesInProgress = handshakesInProgress;
    this.maxHandshakes = maxHandshakes;
    this.random = random;
    this.clock = clock;
    this.state = state;
    this.acceptLegacyClients = acceptLegacyClients;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof byte[] packet) || !Packets.isPlain(packet)) {
      ctx.fireChannelRead(msg);
      return;
    }

    if (run == null) {
      if (keys.isFull() || !acquire()) {
        ctx.writeAndFlush(new TransportError(TransportError.TOO_MANY_REQUESTS))
            .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        return;
      }
      run = new HandshakeRun(keyPair, dc, keys, random, clock, acceptLegacyClients);
    }
    HandshakeRun.Outcome outcome;
    try {
      outcome = run.receive(packet);
    } catch (CheckFailedException e) {
      LOG.fine(() -> ctx.channel().remoteAddress() + ": handshake check failed: " + e.reason());
      end();
      ctx.writeAndFlush(new TransportError(TransportError.AUTH_KEY_NOT_FOUND))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      return;
    }
    if (outcome.result() != null) { // stored before dh_gen_ok leaves, so the key works at once
      HandshakeResult r = outcome.result();
      keys.add(r.authKey(), r.serverSalt());
      state.markKeyed();
      end();
    } else if (outcome.failed()) {
      end();
    }
    if (outcome.reply() != null) {
      ctx.writeAndFlush(outcome.reply().toByteArray())
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
    if (outcome.transportError() != 0) { // the run is over: nothing more from this connection
      LOG.fine(
          () ->
              ctx.channel().remoteAddress() + ": handshake ended with " + outcome.transportError());
      ctx.writeAndFlush(new TransportError(outcome.transportError()))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
  }

  private boolean acquire() {
    while (true) {
      int n = handshakesInProgress.get();
      if (n >= maxHandshakes) {
        return false;
      }
      if (handshakesInProgress.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  private void end() {
    if (run != null) {
      run = null;
      handshakesInProgress.decrementAndGet();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    end();
    super.channelInactive(ctx);
  }
}
