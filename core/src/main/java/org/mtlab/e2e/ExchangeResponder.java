package org.mtlab.e2e;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.e2e.ExchangeInitiator.AcceptEncryption;
import org.mtlab.e2e.ExchangeInitiator.RequestEncryption;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.DhGroup;

/**
 * Device B's side of the key exchange (docs/protocol.md §8.1), one step: check the DH configuration
 * as the handshake does, check g_a (1 &lt; g_a &lt; p - 1 and the 2^1984 window), draw b with g_b
 * in the window, compute the key (256 bytes, left-padded) and its key_fingerprint, and answer g_b
 * with the fingerprint.
 *
 * <p>Stateless; thread-safe.
 */
public final class ExchangeResponder {
  private ExchangeResponder() {}

  /**
   * Accepts A's request.
   *
   * @throws CheckFailedException DH_PRIME_INVALID, DH_G_INVALID or DH_G_A_OUT_OF_RANGE; nothing is
   *     computed past the failing check
   */
  public static Accepted accept(DhConfig config, RequestEncryption request, SecureRandom random)
      throws CheckFailedException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(random, "random");
    DhGroup group = config.checkedGroup();
    BigInteger p = group.prime();
    BigInteger gA = DhChecks.unsigned(request.gA());
    DhChecks.checkGA(gA, p);
    Dh.KeyPair b = Dh.draw(group, random, config.random());
    ChatKey key = Dh.sharedKey(gA, b.secret(), p);
    return new Accepted(
        new AcceptEncryption(Dh.unsignedBytes(b.publicValue()), key.fingerprint()), key, group);
  }

  /**
   * B's result: the answer to send, and the key and group for its {@link SecretChat}.
   *
   * @param reply {@code messages.acceptEncryption}'s payload
   * @param key the chat key (the caller owns it)
   * @param group the checked group
   */
  public record Accepted(AcceptEncryption reply, ChatKey key, DhGroup group) {
    /** Checks for null. */
    public Accepted {
      Objects.requireNonNull(reply, "reply");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(group, "group");
    }
  }
}
