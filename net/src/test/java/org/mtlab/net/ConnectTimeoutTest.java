package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection that opens but never becomes ready (a peer that accepts TCP and says nothing) is
 * closed when {@link MtprotoClient.Builder#connect()} gives up, also on an event loop group the
 * caller owns, where nothing else would close it.
 */
class ConnectTimeoutTest {

  @Test
  void aTimedOutConnectionOnTheCallersGroupIsClosed() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  MtprotoClient.builder(
                          silent.getInetAddress().getHostAddress(),
                          silent.getLocalPort(),
                          List.of(TestKeys.generate(7).publicKey()))
                      .eventLoop(group)
                      .random(TestKeys.seeded(7))
                      .timeout(Duration.ofMillis(300))
                      .connect())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("failed");
      try (Socket accepted = silent.accept()) {
        accepted.setSoTimeout(10_000);
        InputStream in = accepted.getInputStream();
        // The client sent its first handshake packet, then must have closed: end of stream.
        byte[] buffer = new byte[4096];
        int n;
        do {
          n = in.read(buffer);
        } while (n > 0);
        assertThat(n).isEqualTo(-1);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
