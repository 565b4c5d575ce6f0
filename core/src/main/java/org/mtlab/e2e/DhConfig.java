package org.mtlab.e2e;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.DhGroup;

/**
 * What {@code messages.getDhConfig} returns ({@code messages.dhConfig#2c221edd g:int p:bytes
 * version:int random:bytes}, docs/protocol.md §8.1): the group a device must check before it uses
 * it, and server randomness that is only mixed into the device's own.
 *
 * <p>Immutable. The fields are whatever the server sent; {@link #checkedGroup()} applies the
 * handshake's checks.
 *
 * @param g the generator as sent
 * @param p dh_prime as sent, big-endian
 * @param version the configuration's version
 * @param random the server's random bytes (may be empty)
 */
public record DhConfig(int g, Bytes p, int version, Bytes random) {
  /** Checks for null. */
  public DhConfig {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(random, "random");
  }

  /** A configuration with Telegram's group (g = 3 and its published prime) and no randomness. */
  public static DhConfig telegram() {
    DhGroup t = DhGroup.telegram();
    return new DhConfig(t.g(), Dh.unsignedBytes(t.prime()), 1, Bytes.empty());
  }

  /**
   * The group, after exactly the handshake's checks ({@link DhChecks#checkGroup}): p a safe
   * 2048-bit prime (Telegram's prime known without primality tests), g in 2..7 and a quadratic
   * residue modulo p.
   *
   * @throws CheckFailedException DH_PRIME_INVALID or DH_G_INVALID
   */
  public DhGroup checkedGroup() throws CheckFailedException {
    java.math.BigInteger prime = DhChecks.unsigned(p);
    DhChecks.checkGroup(g, prime);
    return new DhGroup(g, prime);
  }
}
