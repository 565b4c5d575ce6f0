package org.mtlab.keystore;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.key.AuthKey;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The transport between users' devices and the world's server, and the only place where the world
 * touches the handshake and session APIs: a device makes its auth key with the server through the
 * real handshake ({@link ClientHandshake} against {@link ServerHandshake}, every packet serialised
 * and parsed), and each connection is a client session and a server session on that key, every
 * frame sealed by one and opened by the other with every receiver check.
 *
 * <p>The server announces an RSA key it draws from the world's random the first time a device makes
 * its key in this process ({@link ServerRsaKeyPair#generate}): the transport's RSA key is outside
 * what the world models (its secrets are the auth keys, the master key and the data keys), so it is
 * neither stored nor split. The server side of a connection starts with the session id the client
 * chose, as a real server does when the first message of a new session arrives.
 *
 * <p>Not thread-safe: {@link World} serialises access to the path; a {@link Connection} may be used
 * by one worker thread at a time.
 */
final class CloudPath {
  /** The DC id the world's server answers to. */
  static final int DC = 1;

  private final SecureRandom random;
  private final InstantSource clock;
  private ServerRsaKeyPair serverKey;

  CloudPath(SecureRandom random, InstantSource clock) {
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A new auth key: the client's and the server's result of one real handshake. */
  record Keys(HandshakeResult client, HandshakeResult server) {}

  Keys handshake() throws CheckFailedException {
    if (serverKey == null) {
      serverKey = ServerRsaKeyPair.generate(random);
    }
    ClientHandshake client =
        ClientHandshake.builder(DC, List.of(serverKey.publicKey()))
            .random(random)
            .clock(clock)
            .build();
    ServerHandshake server =
        ServerHandshake.builder(serverKey, DC).random(random).clock(clock).build();
    InMemoryHandshake.Run run = InMemoryHandshake.exchange(client, server);
    if (!run.keysAgree()) {
      run.destroy();
      throw new IllegalStateException("the handshake ended with different keys");
    }
    return new Keys(run.client(), run.server());
  }

  /**
   * One device's connection: a client session and the server's session for it, each with its own
   * random generator ({@link ConnectionRandom}), so that the connections of different users can
   * seal and open side by side while the same world seed still gives the same bytes.
   *
   * <p>Confined to one thread at a time; {@link World} hands a connection from thread to thread
   * only through an executor (which orders the accesses).
   */
  final class Connection {
    private final Session client;
    private final Session server;

    private Connection(AuthKey clientKey, AuthKey serverKey, long salt) {
      SessionId id = SessionId.random(random);
      SessionPolicy policy = SessionPolicy.standard();
      ServerSalt s = new ServerSalt(salt);
      SecureRandom device = ConnectionRandom.derive(random, "device");
      SecureRandom host = ConnectionRandom.derive(random, "server");
      this.client = Session.client(clientKey, id, s, policy, device, clock);
      this.server = Session.server(serverKey, id, s, policy, host, clock);
    }

    /** The device seals {@code payload} (a TL object) for the server. */
    Bytes deviceSends(Bytes payload) {
      return client.send(payload, true).frame();
    }

    /**
     * The server opens a device's frame with every check.
     *
     * @throws CheckFailedException for a failed check
     */
    Bytes serverReceives(Bytes frame) throws CheckFailedException {
      return server.receive(frame.toByteArray()).data();
    }

    /** The server seals {@code payload} for the device. */
    Bytes serverSends(Bytes payload) {
      return server.send(payload, true).frame();
    }

    /**
     * The device opens a server frame with every check.
     *
     * @throws CheckFailedException for a failed check
     */
    Bytes deviceReceives(Bytes frame) throws CheckFailedException {
      return client.receive(frame.toByteArray()).data();
    }
  }

  /** A connection between the device holding {@code clientKey} and the server. */
  Connection connect(AuthKey clientKey, AuthKey serverKey, long salt) {
    return new Connection(clientKey, serverKey, salt);
  }
}
