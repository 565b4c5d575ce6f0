package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * A write that fails ends the connection on both sides: the handlers watch their write futures and
 * send a failure to the connection's exception handler, which closes it.
 */
class FailedWriteTest {
  /** Fails every write, as a broken socket would. */
  private static final class FailingWrites extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(new IOException("the socket is gone"));
    }
  }

  /** Lets every write through (the control). */
  private static final class PassingWrites extends ChannelOutboundHandlerAdapter {}

  @Test
  void aClientWhoseQueryCannotBeWrittenClosesAndFailsTheQuery() {
    CompletableFuture<Bytes> answer = new CompletableFuture<>();
    EmbeddedChannel channel = clientChannel(new FailingWrites());

    client(channel).call(new ServiceMessage.Ping(1).toBytes(), answer);

    assertThat(channel.isOpen()).isFalse();
    assertThat(answer)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }

  @Test
  void aClientWhoseQueryIsWrittenStaysOpen() {
    CompletableFuture<Bytes> answer = new CompletableFuture<>();
    EmbeddedChannel channel = clientChannel(new PassingWrites());

    client(channel).call(new ServiceMessage.Ping(1).toBytes(), answer);

    assertThat(channel.isOpen()).isTrue();
    assertThat(answer).isNotDone();
    assertThat(channel.<Object>readOutbound()).isInstanceOf(byte[].class);
  }

  @Test
  void aServerWhoseAnswerCannotBeWrittenClosesTheConnection() {
    EmbeddedChannel channel = serverChannel(new FailingWrites());

    channel.writeInbound(call());

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aServerWhoseAnswerIsWrittenStaysOpen() {
    EmbeddedChannel channel = serverChannel(new PassingWrites());

    channel.writeInbound(call());

    assertThat(channel.isOpen()).isTrue();
    assertThat(channel.<Object>readOutbound()).isInstanceOf(RpcCall.Answer.class);
  }

  private static EmbeddedChannel clientChannel(ChannelOutboundHandlerAdapter writes) {
    byte[] k = new byte[AuthKey.LENGTH];
    TestKeys.seeded(7).nextBytes(k);
    ClientConnection conn =
        new ClientConnection(TestKeys.seeded(8), InstantSource.system(), SessionPolicy.standard());
    conn.open(AuthKey.copyOf(k), new ServerSalt(1), 0);
    return new EmbeddedChannel(
        writes, new ClientHandler(conn, 2, List.of(), new CompletableFuture<>()));
  }

  private static ClientHandler client(EmbeddedChannel channel) {
    return channel.pipeline().get(ClientHandler.class);
  }

  /** The guard in front, as on a server, and the dispatcher behind the writes. */
  private static EmbeddedChannel serverChannel(ChannelOutboundHandlerAdapter writes) {
    return new EmbeddedChannel(
        new ConnectionGuard(new ConnectionState(), Duration.ofMinutes(1)),
        writes,
        new RpcDispatchHandler(RpcRegistry.empty()));
  }

  private static RpcCall call() {
    RpcContext context =
        new RpcContext(
            new InetSocketAddress(0),
            new AuthKeyId(1),
            new SessionId(2),
            new MessageId(3L << 32 | 4));
    return new RpcCall(context, Bytes.fromHex("01020304"));
  }
}
