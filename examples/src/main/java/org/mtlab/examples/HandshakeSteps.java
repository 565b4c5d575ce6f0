package org.mtlab.examples;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.handshake.TraceStep;

/**
 * Run the auth-key handshake in memory and print its trace: each side's steps with their public
 * values (no secrets: {@link HandshakeTrace#publicValues}). Run it with {@code java -cp
 * examples/target/mtlab.jar org.mtlab.examples.HandshakeSteps}.
 */
public final class HandshakeSteps {
  private HandshakeSteps() {}

  /** Prints the trace, one step a line. */
  public static void main(String[] args) throws CheckFailedException {
    for (TraceStep step : run(new SecureRandom())) {
      System.out.println(step);
    }
  }

  /** The public trace of one handshake, both sides in order; both sides agree on the key. */
  public static List<TraceStep> run(SecureRandom random) throws CheckFailedException {
    InstantSource clock = InstantSource.system();
    List<TraceStep> trace = new ArrayList<>();
    HandshakeTrace sink = HandshakeTrace.publicValues(trace::add);
    ServerRsaKeyPair serverKey = ServerRsaKeyPair.generate(random); // the server's RSA key
    ClientHandshake client =
        ClientHandshake.builder(2, List.of(serverKey.publicKey()))
            .random(random)
            .clock(clock)
            .trace(sink)
            .build();
    ServerHandshake server =
        ServerHandshake.builder(serverKey, 2).random(random).clock(clock).trace(sink).build();
    InMemoryHandshake.Run run = InMemoryHandshake.exchange(client, server);
    try {
      if (!run.keysAgree()) {
        throw new IllegalStateException("the two sides made different keys");
      }
      return trace;
    } finally {
      run.destroy();
    }
  }
}
