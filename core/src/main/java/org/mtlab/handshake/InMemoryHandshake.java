package org.mtlab.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.CheckFailedException;
import org.mtlab.key.Sender;
import org.mtlab.tl.UnencryptedMessage;

/**
 * Runs a whole handshake between a {@link ClientHandshake} and a {@link ServerHandshake} in memory:
 * every packet is serialized to bytes and parsed again on the other side, exactly as a transport
 * would carry it. The CLI's {@code handshake} command, the tour, tests and benchmarks drive the
 * state machines through this class.
 *
 * <p>The randomness and clocks are the machines' own (injected through their builders): this class
 * adds none, so a deterministic run is the caller's choice (the examples' seeded runs, the tests'
 * fixtures).
 *
 * <p>Stateless and thread-safe (each run builds its own machines).
 */
public final class InMemoryHandshake {
  private static final int MAX_ROUNDS = 16;

  private InMemoryHandshake() {}

  /**
   * One packet of a run: who sent it, its constructor's name, and the packet. Immutable.
   *
   * @param from the sender
   * @param name the TL name of the object inside, for example {@code "resPQ"}
   * @param message the plain packet
   */
  public record Packet(Sender from, String name, UnencryptedMessage message) {
    /** Checks the fields. */
    public Packet {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A finished run: both sides' results and the packets in the order they were sent. Destroying it
   * destroys both keys. Thread-safe.
   */
  public static final class Run implements Destroyable {
    private final HandshakeResult client;
    private final HandshakeResult server;
    private final List<Packet> packets;

    Run(HandshakeResult client, HandshakeResult server, List<Packet> packets) {
      this.client = client;
      this.server = server;
      this.packets = List.copyOf(packets);
    }

    /** The client's result. */
    public HandshakeResult client() {
      return client;
    }

    /** The server's result. */
    public HandshakeResult server() {
      return server;
    }

    /** The packets, in order. */
    public List<Packet> packets() {
      return packets;
    }

    /** True when both sides hold the same key (compared in constant time) and salt. */
    public boolean keysAgree() {
      return client.authKey().constantTimeEquals(server.authKey())
          && client.serverSalt().equals(server.serverSalt());
    }

    @Override
    public void destroy() {
      client.destroy();
      server.destroy();
    }

    @Override
    public boolean isDestroyed() {
      return client.isDestroyed() && server.isDestroyed();
    }

    @Override
    public String toString() {
      return "InMemoryHandshake.Run[client=" + client + ", server=" + server + "]";
    }
  }

  /**
   * Drives {@code client} (not yet started) and {@code server} until the client is done. Both
   * machines are closed at the end, whatever happened.
   *
   * @throws CheckFailedException the first check that fails on either side, or the reason of a side
   *     that ends the run (for example DH_GEN_FAILED when the server answers dh_gen_fail)
   */
  public static Run exchange(ClientHandshake client, ServerHandshake server)
      throws CheckFailedException {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    try (client;
        server) {
      return drive(client, server);
    }
  }

  private static Run drive(ClientHandshake client, ServerHandshake server)
      throws CheckFailedException {
    List<Packet> packets = new ArrayList<>();
    HandshakeResult serverResult = null;
    HandshakeStep c = client.start();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      packets.add(packet(Sender.CLIENT, c));
      HandshakeStep s = server.receivePacket(c.toSend().orElseThrow().bytes().toByteArray());
      if (s instanceof HandshakeStep.Done done) {
        serverResult = done.result();
      }
      Packet back = packet(Sender.SERVER, s);
      packets.add(back);
      c = client.receivePacket(back.message().toByteArray());
      if (c instanceof HandshakeStep.Done) {
        HandshakeResult clientResult = ((HandshakeStep.Done) c).result();
        if (serverResult == null) {
          clientResult.destroy();
          throw new IllegalStateException("the client finished before the server");
        }
        return new Run(clientResult, serverResult, packets);
      }
      if (c instanceof HandshakeStep.Failed) {
        throw new CheckFailedException(((HandshakeStep.Failed) c).reason());
      }
    }
    throw new IllegalStateException("no result after " + MAX_ROUNDS + " rounds");
  }

  /** The packet {@code step} sends; a step without one ends the exchange. */
  private static Packet packet(Sender from, HandshakeStep step) throws CheckFailedException {
    if (step instanceof HandshakeStep.Failed failed && step.toSend().isEmpty()) {
      throw new CheckFailedException(failed.reason());
    }
    HandshakeStep.Send send =
        step.toSend().orElseThrow(() -> new IllegalStateException(from + " has nothing to send"));
    return new Packet(from, send.message().tlName(), send.packet());
  }
}
