package org.mtlab.examples;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
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
 * The README's "use it from Java" example as a program: a client and a server create an auth key
 * with the DH handshake, open one session over it, and exchange one message each way. Run it with
 * {@code java -cp examples/target/mtlab.jar org.mtlab.examples.QuickStart}.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Prints what the client sent and what the server read. */
  public static void main(String[] args) throws CheckFailedException {
    System.out.println(run("hello, server"));
  }

  /** Runs the whole exchange and returns what the server received, as text. */
  public static String run(String text) throws CheckFailedException {
    SecureRandom random = new SecureRandom();
    InstantSource clock = InstantSource.system();

    // 1. The handshake: both sides end with the same 256-byte auth key and first salt.
    ServerRsaKeyPair serverKey = ServerRsaKeyPair.generate(random); // a fresh 2048-bit key
    ClientHandshake client =
        ClientHandshake.builder(2, List.of(serverKey.publicKey()))
            .random(random)
            .clock(clock)
            .build();
    ServerHandshake server =
        ServerHandshake.builder(serverKey, 2).random(random).clock(clock).build();
    InMemoryHandshake.Run handshake = InMemoryHandshake.exchange(client, server);
    ServerSalt salt = handshake.client().serverSalt();

    // 2. One session over that key, seen from each side.
    SessionId id = SessionId.random(random);
    ClientSession clientSession =
        Session.client(
            handshake.client().authKey(), id, salt, SessionPolicy.standard(), random, clock);
    ServerSession serverSession =
        Session.server(
            handshake.server().authKey(), id, salt, SessionPolicy.standard(), random, clock);

    // 3. The client seals a message (its data must be a multiple of 4 bytes, as TL is)...
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] data = java.util.Arrays.copyOf(utf8, (utf8.length + 3) & ~3);
    Bytes frame = clientSession.send(Bytes.copyOf(data), true).frame();

    // ...and the server opens it, running every receiver check; a tampered, replayed or
    // out-of-window frame would throw CheckFailedException naming the check.
    ReceivedMessage received = serverSession.receive(frame.toByteArray());
    handshake.destroy();
    // the zero bytes that padded the text to whole 4-byte words are not part of it
    return new String(received.data().toByteArray(), StandardCharsets.UTF_8)
        .replaceAll("\u0000+$", "");
  }
}
