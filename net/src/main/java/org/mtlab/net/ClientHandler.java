package org.mtlab.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.Session;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.transport.TransportEvent;
import org.mtlab.wire.MessageId;

/**
 * The client's protocol handler: runs the handshake when there is no key, then seals queries,
 * correlates answers with their queries (pong by msg_id, rpc_result by req_msg_id), and re-sends a
 * query with a new msg_id after {@code bad_server_salt} or a time correction ({@code
 * bad_msg_notification} 16/17), each only for a msg_id it sent (docs/protocol.md §4).
 * Content-related server messages are acknowledged in batches: one {@code msgs_ack} once {@value
 * #ACK_BATCH} msg_ids wait, or {@value #ACK_DELAY_MILLIS} ms after the first of them arrived
 * (docs/protocol.md §4 lets acknowledgments wait; one packet per answer would add a seal, an open
 * and a write to every round trip).
 *
 * <p>One instance per connection; confined to its event-loop thread (the {@link MtprotoClient}
 * methods hop onto it).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  /** A query in flight. */
  private static final class Pending {
    final Bytes body;
    final CompletableFuture<Bytes> result;
    int resends;

    Pending(Bytes body, CompletableFuture<Bytes> result) {
      this.body = body;
      this.result = result;
    }
  }

  private static final int MAX_RESENDS = 3;

  /** How many msg_ids to acknowledge at most in one msgs_ack before sending it at once. */
  static final int ACK_BATCH = 16;

  /** How long an acknowledgment waits at most for others to join it. */
  static final long ACK_DELAY_MILLIS = 100;

  private final ClientConnection conn;
  private final CompletableFuture<Void> ready;
  private final int dc;
  private final List<ServerRsaKey> trusted;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final List<MessageId> acks = new ArrayList<>();
  private ScheduledFuture<?> ackTimer;
  private ChannelHandlerContext ctx;

  ClientHandler(
      ClientConnection conn, int dc, List<ServerRsaKey> trusted, CompletableFuture<Void> ready) {
    this.conn = conn;
    this.dc = dc;
    this.trusted = trusted;
    this.ready = ready;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    if (conn.hasSession()) {
      ready.complete(null);
    } else {
      ctx.writeAndFlush(conn.startHandshake(dc, trusted))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    IOException closed = new IOException("connection closed");
    ready.completeExceptionally(closed);
    pending.values().forEach(p -> p.result.completeExceptionally(closed));
    pending.clear();
    if (ackTimer != null) {
      ackTimer.cancel(false);
      ackTimer = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.completeExceptionally(cause);
    Closing.close(ctx);
  }

  /** Sends a query (content-related); the future gets the answer's body. */
  void call(Bytes body, CompletableFuture<Bytes> result) {
    if (!conn.hasSession()) {
      result.completeExceptionally(new IllegalStateException("no session yet"));
      return;
    }
    Session.Outgoing out = conn.send(body, true);
    pending.put(out.msgId().value(), new Pending(body, result));
    ctx.writeAndFlush(out.frame().toByteArray())
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof TransportEvent.TransportError transportError) {
      IOException e = new IOException("transport error " + transportError.code());
      ready.completeExceptionally(e);
      pending.values().forEach(p -> p.result.completeExceptionally(e));
      pending.clear();
      Closing.close(ctx);
      return;
    }
    if (!(msg instanceof byte[] packet)) {
      ctx.fireChannelRead(msg);
      return;
    }

    try {
      if (!conn.hasSession()) {
        byte[] next = conn.handshakePacket(packet);
        if (next != null) {
          ctx.writeAndFlush(next).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
          ready.complete(null);
        }
        return;
      }
      ReceivedMessage m = conn.receive(packet);
      handle(m, m.msgId(), m.seqNo(), m.data(), acks);
      if (acks.size() >= ACK_BATCH) {
        writeAcks();
      } else if (!acks.isEmpty() && ackTimer == null) {
        ackTimer =
            ctx.executor()
                .schedule(
                    () -> {
                      ackTimer = null;
                      writeAcks();
                      ctx.flush();
                    },
                    ACK_DELAY_MILLIS,
                    TimeUnit.MILLISECONDS);
      }
      ctx.flush();
    } catch (CheckFailedException e) {
      ready.completeExceptionally(e);
      if (!conn.hasSession()) {
        Closing.close(ctx); // a failed handshake ends the connection; a bad message is dropped
      }
    }
  }

  private void handle(
      ReceivedMessage m, MessageId msgId, int seqNo, Bytes body, List<MessageId> toAck)
      throws CheckFailedException {
    if ((seqNo & 1) == 1) {
      toAck.add(msgId);
    }
    int id = ServiceTl.constructorOf(body);
    if (id == ServiceMessage.MSG_CONTAINER) {
      for (ServiceMessage.Message inner :
          ((ServiceMessage.MsgContainer) ServiceMessage.parse(body)).messages()) {
        handle(m, inner.msgId(), inner.seqNo(), inner.body(), toAck);
      }
      return;
    }
    switch (id) {
      case ServiceMessage.PONG -> {
        ServiceMessage.Pong pong = (ServiceMessage.Pong) ServiceMessage.parse(body);
        complete(pong.msgId().value(), body);
        return;
      }
      case ServiceMessage.RPC_RESULT -> {
        ServiceMessage.RpcResult r = (ServiceMessage.RpcResult) ServiceMessage.parse(body);
        if (ServiceTl.constructorOf(r.result()) == ServiceTl.RPC_ERROR) {
          Pending p = pending.remove(r.reqMsgId().value());
          if (p != null) {
            p.result.completeExceptionally(ServiceTl.parseRpcError(r.result()));
          }
        } else {
          complete(r.reqMsgId().value(), r.result());
        }
        return;
      }
      case ServiceTl.FUTURE_SALTS -> {
        complete(new org.mtlab.tl.TlReader(body.toByteArray(), 4, 8).readLong(), body);
        return;
      }
      case ServiceTl.DESTROY_SESSION_OK, ServiceTl.DESTROY_SESSION_NONE -> {
        // answered by session id, not msg_id: complete the oldest destroy_session query
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
          if (ServiceTl.constructorOf(e.getValue().body) == ServiceTl.DESTROY_SESSION) {
            complete(e.getKey(), body);
            break;
          }
        }
        return;
      }
      case ServiceMessage.NEW_SESSION_CREATED -> {
        ServiceMessage.NewSessionCreated n =
            (ServiceMessage.NewSessionCreated) ServiceMessage.parse(body);
        conn.setSalt(n.serverSalt());
        return;
      }
      case ServiceMessage.BAD_SERVER_SALT -> {
        ServiceMessage.BadServerSalt salt =
            (ServiceMessage.BadServerSalt) ServiceMessage.parse(body);
        // applied only when the notice is the whole message the session opened (not inside a
        // container): the session takes notices from opened messages only
        if (conn.applyBadServerSalt(m)) {
          resend(salt.badMsgId().value());
        }
        return;
      }
      case ServiceMessage.BAD_MSG_NOTIFICATION -> {
        ServiceMessage.BadMsgNotification bad =
            (ServiceMessage.BadMsgNotification) ServiceMessage.parse(body);
        if (conn.applyTimeCorrection(m)) {
          resend(bad.badMsgId().value());
        } else {
          Pending p = pending.remove(bad.badMsgId().value());
          if (p != null) {
            p.result.completeExceptionally(
                new IOException("bad_msg_notification " + bad.errorCode()));
          }
        }
        return;
      }
      default -> {
        // msgs_ack and anything else: nothing to do
      }
    }
  }

  /** Writes (without flushing) one msgs_ack of every msg_id waiting for one. */
  private void writeAcks() {
    if (ackTimer != null) {
      ackTimer.cancel(false);
      ackTimer = null;
    }
    if (acks.isEmpty() || !ctx.channel().isActive()) {
      return;
    }
    ctx.write(
            conn.send(new ServiceMessage.MsgsAck(new ArrayList<>(acks)).toBytes(), false)
                .frame()
                .toByteArray())
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    acks.clear();
  }

  /** The msg_ids waiting for an acknowledgment (for tests). */
  List<MessageId> pendingAcks() {
    return List.copyOf(acks);
  }

  private void complete(long reqMsgId, Bytes body) {
    Pending p = pending.remove(reqMsgId);
    if (p != null) {
      p.result.complete(body);
    }
  }

  private void resend(long badMsgId) {
    Pending p = pending.remove(badMsgId);
    if (p == null) {
      return;
    }
    if (++p.resends > MAX_RESENDS) {
      p.result.completeExceptionally(new IOException("too many re-sends"));
      return;
    }
    Session.Outgoing out = conn.send(p.body, true);
    pending.put(out.msgId().value(), p);
    ctx.write(out.frame().toByteArray())
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }
}
