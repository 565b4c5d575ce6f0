package org.mtlab.examples;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.net.MtprotoClient;
import org.mtlab.net.MtprotoServer;
import org.mtlab.transport.Framing;

/**
 * An MTProto server and client over TCP on localhost (module {@code net}): the server listens on a
 * free loopback port, the client trusts its RSA key, creates an auth key over padded intermediate
 * inside obfuscated2, and sends a few pings. Run it with {@code java -cp examples/target/mtlab.jar
 * org.mtlab.examples.LocalServer}.
 */
public final class LocalServer {
  private LocalServer() {}

  /**
   * What one run saw.
   *
   * @param authKeyId the new key's id, hex
   * @param serverHoldsKey true when the server stored the key the client made
   * @param pongIds the ping_ids of the pongs, in order
   */
  public record Outcome(String authKeyId, boolean serverHoldsKey, List<Long> pongIds) {
    /** Copies the list. */
    public Outcome {
      pongIds = List.copyOf(pongIds);
    }
  }

  /** Prints the key id and the pongs. */
  public static void main(String[] args) throws Exception {
    Outcome o = run(3);
    System.out.println("auth key " + o.authKeyId() + ", held by the server: " + o.serverHoldsKey());
    System.out.println("pongs " + o.pongIds());
  }

  /**
   * Starts a server, connects a client, sends {@code pings} pings (ping_ids 1..pings), and closes
   * both.
   *
   * @throws IllegalArgumentException if {@code pings} is negative
   */
  public static Outcome run(int pings)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    if (pings < 0) {
      throw new IllegalArgumentException("pings must be >= 0, got " + pings);
    }
    ServerRsaKeyPair keyPair = ServerRsaKeyPair.generate(new SecureRandom());
    try (MtprotoServer server = MtprotoServer.builder(keyPair).port(0).start();
        MtprotoClient client =
            MtprotoClient.builder("127.0.0.1", server.port(), List.of(keyPair.publicKey()))
                .framing(Framing.PADDED_INTERMEDIATE)
                .obfuscated(true)
                .connect()) {
      List<Long> pongs = new ArrayList<>();
      for (long id = 1; id <= pings; id++) {
        pongs.add(client.ping(id).get(30, TimeUnit.SECONDS).pingId());
      }
      return new Outcome(
          client.authKey().id().hex(), server.keys().contains(client.authKey().id()), pongs);
    }
  }
}
