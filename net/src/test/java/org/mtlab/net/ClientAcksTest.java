package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKey;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;

/** The client acknowledges the server's content-related messages in batches, not one by one. */
class ClientAcksTest {
  private static final ServerSalt SALT = new ServerSalt(0x5a17L);
  private final SecureRandom random = TestKeys.seeded(4);
  private final InstantSource clock = InstantSource.system();
  private final AuthKey key = key();
  private final ClientConnection conn =
      new ClientConnection(random, clock, SessionPolicy.standard());
  private final ClientHandler handler;
  private final EmbeddedChannel channel;
  private final ServerSession server;

  ClientAcksTest() {
    conn.open(key, SALT, 0);
    handler = new ClientHandler(conn, 2, List.of(), new CompletableFuture<>());
    channel = new EmbeddedChannel(handler);
    server = Session.server(key, conn.sessionId(), SALT, SessionPolicy.compatible(), random, clock);
  }

  @Test
  void anAnswerIsAcknowledgedAfterTheDelayNotAtOnce() throws CheckFailedException {
    MessageId pongId = pingAndAnswer(7);

    assertThat(channel.<Object>readOutbound()).isNull();
    assertThat(handler.pendingAcks()).containsExactly(pongId);

    channel.advanceTimeBy(ClientHandler.ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(acknowledged(channel.readOutbound())).containsExactly(pongId);
    assertThat(handler.pendingAcks()).isEmpty();
    assertThat(channel.<Object>readOutbound()).isNull();
  }

  @Test
  void aFullBatchIsAcknowledgedAtOnceInOneMessage() throws CheckFailedException {
    List<MessageId> pongIds = new ArrayList<>();
    for (int i = 0; i < ClientHandler.ACK_BATCH - 1; i++) {
      pongIds.add(pingAndAnswer(i));
      assertThat(channel.<Object>readOutbound()).isNull();
    }
    pongIds.add(pingAndAnswer(99));

    assertThat(acknowledged(channel.readOutbound())).containsExactlyElementsOf(pongIds);
    assertThat(handler.pendingAcks()).isEmpty();
    channel.advanceTimeBy(ClientHandler.ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.<Object>readOutbound()).isNull(); // the timer went with the batch
  }

  /** Sends a ping through the handler, answers it with a pong; returns the pong's msg_id. */
  private MessageId pingAndAnswer(long pingId) throws CheckFailedException {
    CompletableFuture<Bytes> answer = new CompletableFuture<>();
    handler.call(new ServiceMessage.Ping(pingId).toBytes(), answer);
    ReceivedMessage ping = server.receive(channel.readOutbound());
    Session.Outgoing pong =
        server.reply(new ServiceMessage.Pong(ping.msgId(), pingId).toBytes(), true);
    channel.writeInbound(pong.frame().toByteArray());
    assertThat(answer).isCompleted();
    return pong.msgId();
  }

  private List<MessageId> acknowledged(byte[] frame) throws CheckFailedException {
    assertThat(frame).isNotNull();
    ReceivedMessage m = server.receive(frame);
    assertThat(m.seqNo() & 1).isZero(); // msgs_ack is not content-related
    return ((ServiceMessage.MsgsAck) ServiceMessage.parse(m.data())).msgIds();
  }

  private static AuthKey key() {
    byte[] b = new byte[AuthKey.LENGTH];
    TestKeys.seeded(5).nextBytes(b);
    return AuthKey.copyOf(b);
  }
}
