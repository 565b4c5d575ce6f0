package org.mtlab.net;

import java.security.SecureRandom;
import java.time.InstantSource;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.HandshakeStep;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;

/**
 * One server handshake run, seen the way a connection needs it: a packet in, at most one
 * packet out, and whether the run ended with a key or a failure. The only place this module
 * touches {@link ServerHandshake} and {@link HandshakeStep}.
 *
 * <p>Confined to the connection's event-loop thread.
 */
final class HandshakeRun {
  /**
   * What a packet led to.
   *
   * @param reply the packet to send, or null
   * @param result the new key when the run finished, or null
   * @param failed true when the run ended without a key
   */
  record Outcome(byte[] reply, HandshakeResult result, boolean failed) {}

  private final ServerHandshake handshake;

  HandshakeRun(ServerRsaKeyPair keyPair, int dc, ServerKeys keys, SecureRandom random,
      InstantSource clock) {
    this.handshake =
        ServerHandshake.builder(keyPair, dc).registry(keys).random(random).clock(clock).build();
  }

  /** Feeds one plain packet. */
  Outcome receive(byte[] packet) throws CheckFailedException {
    HandshakeStep step = handshake.receivePacket(packet);
    byte[] reply = step.packet().map(p -> p.toByteArray()).orElse(null);
    return new Outcome(reply, step.result().orElse(null),
        step.status() == HandshakeStep.Status.FAILED);
  }
}
