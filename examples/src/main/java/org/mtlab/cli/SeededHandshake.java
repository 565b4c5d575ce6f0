package org.mtlab.cli;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKeyPair;

/**
 * The CLI's and the tour's handshake set-up: an MTLab client and server of DC {@link #DC}, the
 * server holding {@link #demoKey()}, run through {@link InMemoryHandshake#exchange}. With a seed
 * the run is deterministic: both sides draw from {@link SeededRandom} streams of the seed
 * ("client", "server") and the clock stands at {@link #TIME}; so {@code mtlab handshake --seed N}
 * and chapter 2 of {@code mtlab tour --seed N} show the same run. Without a seed, fresh {@link
 * SecureRandom}s and the system clock.
 *
 * <p>The demo key is published here, so it protects nothing: this is a simulation for teaching,
 * never a way to make a real key. The library itself ships no such key.
 *
 * <p>Stateless and thread-safe.
 */
public final class SeededHandshake {
  /** The clock of a seeded run: 2024-01-01T00:00:00Z. */
  public static final Instant TIME = Instant.parse("2024-01-01T00:00:00Z");

  /** The DC id of every run. */
  public static final int DC = 2;

  // A 2048-bit key made with `openssl genrsa 2048` for MTLab's demos (published: no secret).
  private static final BigInteger DEMO_P =
      new BigInteger(
          "d94134a46327c5e5464cb933d91453fbc99ed3308f3604bfe95d386005341498b84ad7263d48bd935696c2bd"
              + "ed964fb2dd3e7fb01fd0ecaa6fd54a37b37b9559d5c05f7cfb140eef2538bae63d08565f116de63aa687"
              + "79531b89114b5bba1ed2576b804a0e5f3405d49d1fef33160bcefe77663e541b60b760cf68e4b3428497",
          16);
  private static final BigInteger DEMO_Q =
      new BigInteger(
          "c5c362969f09826361f5d07b079e0d2619368823869f282d556fbb8e05bdc6935afd5b3b1198203732661b04"
              + "d29e04d963458eca4d9b3ce7fb309e59bda8b951c614a6b90331bc1d3b705ba4fe98d670e1ddeb8bb6fe"
              + "d77e3414422831fcab32b51cb4aab4bb081a681486134c67ce2c524a73893d8bd22340468a072f032a0b",
          16);

  private SeededHandshake() {}

  /** MTLab's published demo key pair (fast and deterministic, secret from no one). */
  public static ServerRsaKeyPair demoKey() {
    return ServerRsaKeyPair.fromPrimes(DEMO_P, DEMO_Q, ServerRsaKeyPair.DEFAULT_EXPONENT);
  }

  /**
   * One run.
   *
   * @param seed the seed, or null for a random run on the system clock
   * @param expiresIn a temporary key's lifetime in seconds, or null for a permanent key
   * @param trace where both sides report their steps
   * @throws CheckFailedException never for this honest pair
   */
  public static InMemoryHandshake.Run run(Long seed, Integer expiresIn, HandshakeTrace trace)
      throws CheckFailedException {
    ServerRsaKeyPair keyPair = demoKey();
    InstantSource clock = seed == null ? InstantSource.system() : InstantSource.fixed(TIME);
    SecureRandom clientRandom = seed == null ? new SecureRandom() : SeededRandom.of(seed, "client");
    SecureRandom serverRandom = seed == null ? new SecureRandom() : SeededRandom.of(seed, "server");
    ClientHandshake.Builder client =
        ClientHandshake.builder(DC, List.of(keyPair.publicKey()))
            .random(clientRandom)
            .clock(clock)
            .trace(trace);
    if (expiresIn != null) {
      client.temporary(expiresIn);
    }
    ServerHandshake server =
        ServerHandshake.builder(keyPair, DC).random(serverRandom).clock(clock).trace(trace).build();
    return InMemoryHandshake.exchange(client.build(), server);
  }
}
