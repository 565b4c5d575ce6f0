package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The Diffie-Hellman group a server offers: generator g and the safe prime dh_prime.
 *
 * <p>Immutable and thread-safe.
 *
 * @param g the generator, 2..7
 * @param prime dh_prime, a 2048-bit number
 */
public record DhGroup(int g, BigInteger prime) {
  /** Checks the shape (g in 2..7, a 2048-bit prime field); {@link DhChecks} checks the rest. */
  public DhGroup {
    Objects.requireNonNull(prime, "prime");
    if (g < 2 || g > 7) {
      throw new IllegalArgumentException("g must be in 2..7, got " + g);
    }
    if (prime.signum() <= 0 || prime.bitLength() != DhChecks.PRIME_BITS) {
      throw new IllegalArgumentException("dh_prime must have 2048 bits, got " + prime.bitLength());
    }
  }

  /** Telegram's group: g = 3 with {@link KnownPrimes#TELEGRAM}. */
  public static DhGroup telegram() {
    return new DhGroup(3, KnownPrimes.TELEGRAM);
  }

  /** g and the first bytes of the prime. */
  @Override
  public String toString() {
    String hex = prime.toString(16);
    return "DhGroup[g="
        + g
        + ", prime="
        + hex.substring(0, 8)
        + "..."
        + hex.substring(hex.length() - 8)
        + "]";
  }
}
