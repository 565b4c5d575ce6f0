package org.mtlab.examples;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.message.ClientSession;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Seal and open one message each way between a client session and a server session over the same
 * auth key. Run it with {@code java -cp examples/target/mtlab.jar org.mtlab.examples.SealAndOpen}.
 */
public final class SealAndOpen {
  private SealAndOpen() {}

  /** Prints what each side read. */
  public static void main(String[] args) throws CheckFailedException {
    System.out.println(run("ping from the client", "pong from the server"));
  }

  /**
   * The client sends {@code up}, the server answers {@code down}; returns what the server read and
   * what the client read. Every receiver check runs on both frames.
   */
  public static List<String> run(String up, String down) throws CheckFailedException {
    SecureRandom random = new SecureRandom();
    InstantSource clock = InstantSource.system();
    // A handshake gives both sides the same auth key and first salt.
    ServerRsaKeyPair serverKey = ServerRsaKeyPair.generate(random);
    InMemoryHandshake.Run keys =
        InMemoryHandshake.exchange(
            ClientHandshake.builder(2, List.of(serverKey.publicKey()))
                .random(random)
                .clock(clock)
                .build(),
            ServerHandshake.builder(serverKey, 2).random(random).clock(clock).build());
    try {
      ServerSalt salt = keys.client().serverSalt();
      SessionId id = SessionId.random(random);
      ClientSession client =
          Session.client(
              keys.client().authKey(), id, salt, SessionPolicy.standard(), random, clock);
      ServerSession server =
          Session.server(
              keys.server().authKey(), id, salt, SessionPolicy.standard(), random, clock);

      Bytes toServer = client.send(words(up), true).frame();
      ReceivedMessage atServer = server.receive(toServer.toByteArray());
      Bytes toClient = server.send(words(down), true).frame();
      ReceivedMessage atClient = client.receive(toClient.toByteArray());
      return List.of(text(atServer), text(atClient));
    } finally {
      keys.destroy();
    }
  }

  /** TL data is whole 4-byte words: pad the text with zero bytes. */
  private static Bytes words(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return Bytes.copyOf(Arrays.copyOf(utf8, (utf8.length + 3) & ~3));
  }

  private static String text(ReceivedMessage m) {
    return new String(m.data().toByteArray(), StandardCharsets.UTF_8).replaceAll("\u0000+$", "");
  }
}
