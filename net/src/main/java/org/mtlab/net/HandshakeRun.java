package org.mtlab.net;

import java.security.SecureRandom;
import java.time.InstantSource;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.HandshakeStep;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;

/**
 * One server handshake run, seen the way a connection needs it: a packet in, at most one packet
 * out, and whether the run ended with a key or a failure. The only place this module touches {@link
 * ServerHandshake} and {@link HandshakeStep}.
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
   * @param transportError the transport error to send and close with (e.g. -404 after a failed
   *     req_DH_params), or 0
   */
  record Outcome(Bytes reply, HandshakeResult result, boolean failed, int transportError) {}

  private final ServerHandshake handshake;

  HandshakeRun(
      ServerRsaKeyPair keyPair,
      int dc,
      ServerKeys keys,
      SecureRandom random,
      InstantSource clock,
      boolean acceptLegacyClients) {
    this.handshake =
        ServerHandshake.builder(keyPair, dc)
            .registry(keys)
            .random(random)
            .clock(clock)
            .acceptLegacyClients(acceptLegacyClients)
            .build();
  }

  /** Feeds one plain packet. */
  Outcome receive(byte[] packet) throws CheckFailedException {
    HandshakeStep step = handshake.receivePacket(packet);
    Bytes reply = step.toSend().map(send -> send.bytes()).orElse(null);
    HandshakeResult result = step instanceof HandshakeStep.Done done ? done.result() : null;
    int transportError =
        step instanceof HandshakeStep.Failed failed ? failed.transportError().orElse(0) : 0;
    return new Outcome(reply, result, step instanceof HandshakeStep.Failed, transportError);
  }
}
