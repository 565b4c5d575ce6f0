package org.mtlab.examples;

import java.util.ArrayList;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.KeyType;
import org.mtlab.handshake.TraceStep;

/**
 * Run the auth-key handshake in memory and print its trace: each side's steps with their
 * public values (no secrets: {@link HandshakeTrace#publicValues}). Run it with {@code java -cp
 * examples/target/mtlab.jar org.mtlab.examples.HandshakeSteps}.
 */
public final class HandshakeSteps {
  private HandshakeSteps() {}

  /** Prints the trace, one step a line. */
  public static void main(String[] args) throws CheckFailedException {
    for (TraceStep step : run(1)) {
      System.out.println(step);
    }
  }

  /** The trace of the seeded handshake for {@code seed}; both sides agree on the key. */
  public static List<TraceStep> run(long seed) throws CheckFailedException {
    List<TraceStep> trace = new ArrayList<>();
    InMemoryHandshake.Run run = InMemoryHandshake.seeded(seed, KeyType.PERMANENT,
        HandshakeTrace.publicValues(trace::add));
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
