package org.mtlab.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.message.BadServerSaltException;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.transport.TransportEvent.TransportError;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.SessionId;

/**
 * The server's session layer on one connection (docs/protocol.md §4): opens every encrypted packet
 * in its session with all receiver checks, answers the service messages itself, and hands every
 * other query to the dispatch layer as an {@link RpcCall}, sealing the answers that come back as
 * {@code rpc_result}.
 *
 * <ul>
 *   <li>unknown auth_key_id, or a packet whose MAC or layout fails: transport error -404 and the
 *       connection closes (docs/protocol.md §7.1);
 *   <li>a wrong or expired salt: {@code bad_server_salt} with the current salt (§4.3);
 *   <li>a msg_id too old, too new or of client parity: {@code bad_msg_notification} 16, 17 or 18,
 *       from which the client corrects its clock (§4.1); a replayed msg_id is dropped;
 *   <li>the first accepted message of a session: {@code new_session_created} (§4.3);
 *   <li>{@code msg_container}: each message in turn, after the container checks (§4.5);
 *   <li>{@code ping}: {@code pong}; {@code ping_delay_disconnect}: {@code pong}, and the connection
 *       closes after the delay unless another one comes;
 *   <li>{@code get_future_salts}: {@code future_salts} with the current salt (this server draws one
 *       salt per session and does not plan future ones);
 *   <li>{@code destroy_session}: {@code destroy_session_ok} for another session of this connection,
 *       {@code destroy_session_none} otherwise;
 *   <li>{@code msgs_ack}: nothing; content-related messages that get no answer are acknowledged
 *       with one {@code msgs_ack} per packet (an answer acknowledges its query).
 * </ul>
 *
 * <p>One instance per connection; confined to its event-loop thread.
 */
final class SessionHandler extends ChannelDuplexHandler {
  private static final Logger LOG = Logger.getLogger(SessionHandler.class.getName());
  private static final int BAD_CONTAINER = 64;
  private static final int MSG_ID_LOW_BITS = 18;

  private final ServerSessions sessions;
  private final SecureRandom random;
  private final InstantSource clock;
  private final ConnectionState state;
  private final Set<SessionId> announced = new HashSet<>();
  private ScheduledFuture<?> delayedDisconnect;

  SessionHandler(
      ServerSessions sessions, SecureRandom random, InstantSource clock, ConnectionState state) {
    this.sessions = sessions;
    this.random = random;
    this.clock = clock;
    this.state = state;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof byte[] frame)) {
      ctx.fireChannelRead(msg);
      return;
    }

    Optional<AuthKey> key = sessions.keyFor(frame);
    if (key.isEmpty()) {
      fail(ctx, TransportError.AUTH_KEY_NOT_FOUND, "unknown auth_key_id");
      return;
    }
    // Usually the frame belongs to the session of the frame before: one open with every check.
    // Otherwise (another session, or any check failed: nothing changed) the full path below.
    ReceivedMessage m = sessions.openInLastSession(key.get(), frame);
    if (m != null) {
      state.markKeyed();
      answer(ctx, m.sessionId(), m);
      return;
    }
    ServerSessions.Peek peek;
    try {
      peek = sessions.peek(key.get(), frame);
    } catch (CheckFailedException e) {
      fail(ctx, TransportError.AUTH_KEY_NOT_FOUND, e.reason().name());
      return;
    }
    state.markKeyed();
    if (peek.isNew() && sessions.isFull()) {
      fail(ctx, TransportError.TOO_MANY_REQUESTS, "too many sessions");
      return;
    }
    SessionId id = peek.inner().sessionId();
    ReceivedMessage opened;
    try {
      opened = sessions.open(key.get(), peek, frame);
    } catch (BadServerSaltException e) {
      ctx.writeAndFlush(sessions.send(id, e.notice()))
          .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      return;
    } catch (CheckFailedException e) {
      int code = badMsgCode(e.reason());
      if (code != 0) {
        ServiceMessage.BadMsgNotification notice =
            new ServiceMessage.BadMsgNotification(peek.inner().msgId(), peek.inner().seqNo(), code);
        ctx.writeAndFlush(sessions.send(id, notice))
            .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
      } else {
        LOG.fine(() -> ctx.channel().remoteAddress() + ": dropped: " + e.reason());
      }
      return;
    }
    answer(ctx, id, opened);
  }

  /** Handles an opened message of session {@code id} and writes what it calls for. */
  private void answer(ChannelHandlerContext ctx, SessionId id, ReceivedMessage m) {
    List<byte[]> out = new ArrayList<>();
    if (announced.add(id)) {
      out.add(
          sessions.send(
              id,
              new ServiceMessage.NewSessionCreated(
                  m.msgId(), random.nextLong(), sessions.salt(id))));
    }
    List<MessageId> toAck = new ArrayList<>();
    handle(ctx, id, m.msgId(), m.seqNo(), m.data(), false, out, toAck);
    if (!toAck.isEmpty()) {
      out.add(sessions.send(id, new ServiceMessage.MsgsAck(toAck)));
    }
    for (byte[] f : out) {
      ctx.write(f).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
    ctx.flush();
  }

  private void handle(
      ChannelHandlerContext ctx,
      SessionId id,
      MessageId msgId,
      int seqNo,
      Bytes body,
      boolean inContainer,
      List<byte[]> out,
      List<MessageId> toAck) {
    boolean contentRelated = (seqNo & 1) == 1;
    int constructor = ServiceTl.constructorOf(body);
    try {
      switch (constructor) {
        case ServiceMessage.MSG_CONTAINER -> {
          if (inContainer) {
            throw new CheckFailedException(CheckReason.CONTAINER_INVALID);
          }
          ServiceMessage.MsgContainer c = (ServiceMessage.MsgContainer) ServiceMessage.parse(body);
          c.checkIdsBelow(msgId);
          for (ServiceMessage.Message inner : c.messages()) {
            handle(ctx, id, inner.msgId(), inner.seqNo(), inner.body(), true, out, toAck);
          }
          return;
        }
        case ServiceMessage.MSGS_ACK -> {
          ServiceMessage.parse(body); // checked, nothing to do
          return;
        }
        case ServiceMessage.PING -> {
          ServiceMessage.Ping ping = (ServiceMessage.Ping) ServiceMessage.parse(body);
          out.add(
              sessions.reply(id, new ServiceMessage.Pong(msgId, ping.pingId()).toBytes(), true));
          return;
        }
        case ServiceTl.PING_DELAY_DISCONNECT -> {
          ServiceTl.PingDelayDisconnect p = ServiceTl.PingDelayDisconnect.parse(body);
          out.add(sessions.reply(id, new ServiceMessage.Pong(msgId, p.pingId()).toBytes(), true));
          scheduleDisconnect(ctx, p.disconnectDelay());
          return;
        }
        case ServiceTl.GET_FUTURE_SALTS -> {
          int num = ServiceTl.parseGetFutureSalts(body);
          int now = (int) clock.instant().getEpochSecond();
          List<ServiceTl.FutureSalt> salts =
              num < 1
                  ? List.of()
                  : List.of(new ServiceTl.FutureSalt(now, now + 3600, sessions.salt(id).value()));
          out.add(sessions.reply(id, ServiceTl.futureSalts(msgId.value(), now, salts), true));
          return;
        }
        case ServiceTl.DESTROY_SESSION -> {
          SessionId target = new SessionId(ServiceTl.parseDestroySession(body));
          boolean destroyed = !target.equals(id) && sessions.destroy(target);
          if (destroyed) {
            announced.remove(target);
          }
          out.add(
              sessions.reply(id, ServiceTl.destroySessionAnswer(destroyed, target.value()), true));
          return;
        }
        case ServiceTl.HTTP_WAIT, ServiceTl.MSGS_STATE_REQ, ServiceTl.MSG_RESEND_REQ -> {
          if (contentRelated) {
            toAck.add(msgId);
          }
          return;
        }
        default -> {
          if (ServiceMessage.isKnown(constructor)) { // a server's message sent back: ignore
            if (contentRelated) {
              toAck.add(msgId);
            }
            return;
          }
          RpcContext context =
              new RpcContext(ctx.channel().remoteAddress(), sessions.keyId(id), id, msgId);
          ctx.fireChannelRead(new RpcCall(context, body));
        }
      }
    } catch (CheckFailedException e) {
      int code = e.reason() == CheckReason.CONTAINER_INVALID ? BAD_CONTAINER : 0;
      if (code != 0) {
        out.add(sessions.send(id, new ServiceMessage.BadMsgNotification(msgId, seqNo, code)));
      } else if (contentRelated) {
        toAck.add(msgId); // malformed service message: acknowledged, not answered
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (!(msg instanceof RpcCall.Answer a)) {
      super.write(ctx, msg, promise);
      return;
    }

    SessionId id = a.call().context().sessionId();
    if (!sessions.contains(id)) {
      promise.setSuccess(); // the session was destroyed meanwhile: nobody to answer
      return;
    }
    Bytes result = new ServiceMessage.RpcResult(a.call().context().msgId(), a.result()).toBytes();
    super.write(ctx, sessions.reply(id, result, true), promise);
  }

  private void scheduleDisconnect(ChannelHandlerContext ctx, int delaySeconds) {
    if (delayedDisconnect != null) {
      delayedDisconnect.cancel(false);
    }
    if (delaySeconds > 0) {
      delayedDisconnect =
          ctx.executor().schedule(() -> Closing.close(ctx), delaySeconds, TimeUnit.SECONDS);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (delayedDisconnect != null) {
      delayedDisconnect.cancel(false);
    }
    super.channelInactive(ctx);
  }

  private static int badMsgCode(CheckReason reason) {
    return switch (reason) {
      case MSG_ID_TOO_OLD -> ServiceMessage.BadMsgNotification.MSG_ID_TOO_LOW;
      case MSG_ID_TOO_NEW -> ServiceMessage.BadMsgNotification.MSG_ID_TOO_HIGH;
      case MSG_ID_PARITY, MSG_ID_MALFORMED -> MSG_ID_LOW_BITS;
      default -> 0;
    };
  }

  private void fail(ChannelHandlerContext ctx, int code, String why) {
    LOG.fine(() -> ctx.channel().remoteAddress() + ": closing with " + code + ": " + why);
    ctx.writeAndFlush(new TransportError(code))
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }
}
