package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.tl.TlWriter;
import org.mtlab.transport.Framing;
import org.mtlab.wire.ServerSalt;

/** MTLab's client against MTLab's server over a real loopback socket, every transport. */
class RoundTripTest {
  private static final int ECHO = 0x0ec40001;
  private static ServerRsaKeyPair keyPair;
  private static MtprotoServer server;

  @BeforeAll
  static void start() throws Exception {
    keyPair = TestKeys.generate(1);
    RpcRegistry rpc = RpcRegistry.builder().on(ECHO, (ctx, q) -> q.slice(4, q.length())).build();
    server = MtprotoServer.builder(keyPair).port(0).rpc(rpc).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(Framing.ABRIDGED, false),
        Arguments.of(Framing.INTERMEDIATE, false),
        Arguments.of(Framing.PADDED_INTERMEDIATE, false),
        Arguments.of(Framing.FULL, false),
        Arguments.of(Framing.ABRIDGED, true),
        Arguments.of(Framing.INTERMEDIATE, true),
        Arguments.of(Framing.PADDED_INTERMEDIATE, true));
  }

  private static MtprotoClient.Builder client() {
    return MtprotoClient.builder("127.0.0.1", server.port(), List.of(keyPair.publicKey()));
  }

  @ParameterizedTest(name = "{0}, obfuscated={1}")
  @MethodSource("transports")
  void handshakeThenPingsAndRpcs(Framing framing, boolean obfuscated) throws Exception {
    int keysBefore = server.keys().size();
    try (MtprotoClient c = client().framing(framing).obfuscated(obfuscated).connect()) {
      assertThat(server.keys().contains(c.authKey().id())).isTrue();
      assertThat(server.keys().size()).isEqualTo(keysBefore + 1);
      for (long i = 1; i <= 5; i++) {
        ServiceMessage.Pong pong = c.ping(1000 + i).get(10, TimeUnit.SECONDS);
        assertThat(pong.pingId()).isEqualTo(1000 + i);
      }
      Bytes payload = new TlWriter().writeInt(ECHO).writeLong(0x1122334455667788L).toBytes();
      assertThat(c.call(payload).get(10, TimeUnit.SECONDS))
          .isEqualTo(payload.slice(4, payload.length()));
    }
  }

  @Test
  void unknownMethodGetsRpcError() throws Exception {
    try (MtprotoClient c = client().connect()) {
      Bytes q = new TlWriter().writeInt(0x12345678).toBytes();
      assertThatThrownBy(() -> c.call(q).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(RpcException.class)
          .hasMessage("400 INPUT_METHOD_INVALID_12345678");
    }
  }

  @Test
  void reusedKeyWithWrongSaltIsCorrectedByBadServerSalt() throws Exception {
    org.mtlab.key.AuthKey key;
    ServerSalt salt;
    try (MtprotoClient c = client().connect()) {
      c.ping(1).get(10, TimeUnit.SECONDS);
      key =
          org.mtlab.key.AuthKey.copyOf(
              c.authKey().reveal(org.mtlab.bytes.SecretAccess.explicitly()));
      salt = c.salt();
    }
    ServerSalt wrong = new ServerSalt(salt.value() ^ 1);
    try (MtprotoClient c = client().authKey(key, wrong).framing(Framing.FULL).connect()) {
      ServiceMessage.Pong pong = c.ping(77).get(10, TimeUnit.SECONDS);
      assertThat(pong.pingId()).isEqualTo(77);
      assertThat(c.salt()).isEqualTo(salt);
    }
  }

  @Test
  void futureSaltsAndDestroySession() throws Exception {
    try (MtprotoClient c = client().connect()) {
      Bytes salts = c.call(ServiceTl.getFutureSalts(3)).get(10, TimeUnit.SECONDS);
      assertThat(ServiceTl.constructorOf(salts)).isEqualTo(ServiceTl.FUTURE_SALTS);
      Bytes none = c.call(ServiceTl.destroySession(12345)).get(10, TimeUnit.SECONDS);
      assertThat(none).isEqualTo(ServiceTl.destroySessionAnswer(false, 12345));
    }
  }
}
