package org.mtlab.e2e;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.DhGroup;

/**
 * Device A's side of the key exchange (docs/protocol.md §8.1), a two-step state machine:
 *
 * <ol>
 *   <li>{@link #start}: checks the server's DH configuration as the handshake does, draws a (2048
 *       bits, the server's random mixed in) with g_a in the window, and gives the {@link
 *       RequestEncryption} to send.
 *   <li>{@link #complete}: checks B's g_b (1 &lt; g_b &lt; p - 1 and the 2^1984 window), computes
 *       the key and compares B's key_fingerprint with its own. On any failure nothing is kept: the
 *       secret and the key are dropped, the exchange is over, and the caller must discard the chat
 *       and tell the user.
 * </ol>
 *
 * <p>The secret exponent is a {@link BigInteger}, which cannot be zeroized; it is dropped as soon
 * as the exchange ends. Confined to one thread.
 */
public final class ExchangeInitiator {
  private final DhGroup group;
  private final RequestEncryption request;
  private BigInteger secret;

  private ExchangeInitiator(DhGroup group, Dh.KeyPair pair) {
    this.group = group;
    this.secret = pair.secret();
    this.request = new RequestEncryption(Dh.unsignedBytes(pair.publicValue()));
  }

  /**
   * Step 1: checks {@code config} and draws a.
   *
   * @throws CheckFailedException DH_PRIME_INVALID or DH_G_INVALID
   */
  public static ExchangeInitiator start(DhConfig config, SecureRandom random)
      throws CheckFailedException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(random, "random");
    DhGroup group = config.checkedGroup();
    return new ExchangeInitiator(group, Dh.draw(group, random, config.random()));
  }

  /** The checked group (the chat keeps it for re-keying). */
  public DhGroup group() {
    return group;
  }

  /** What to send: {@code messages.requestEncryption} with g_a. */
  public RequestEncryption request() {
    return request;
  }

  /**
   * Step 2: the key from B's answer.
   *
   * @throws CheckFailedException DH_G_B_OUT_OF_RANGE, or E2E_KEY_CONFIRMATION_FAILED when B's
   *     fingerprint differs from the key computed here (discard the chat and say so)
   * @throws IllegalStateException if the exchange is already over
   */
  public ChatKey complete(AcceptEncryption accept) throws CheckFailedException {
    Objects.requireNonNull(accept, "accept");
    if (secret == null) {
      throw new IllegalStateException("the exchange is over");
    }
    BigInteger a = secret;
    secret = null;
    BigInteger p = group.prime();
    BigInteger gB = DhChecks.unsigned(accept.gB());
    DhChecks.checkGB(gB, p);
    ChatKey key = Dh.sharedKey(gB, a, p);
    if (key.fingerprint().value() != accept.keyFingerprint().value()) {
      key.destroy();
      throw new CheckFailedException(CheckReason.E2E_KEY_CONFIRMATION_FAILED);
    }
    return key;
  }

  /** True once {@link #complete} has been called, successfully or not. */
  public boolean isOver() {
    return secret == null;
  }

  /** The public g_a only. */
  @Override
  public String toString() {
    return "ExchangeInitiator[" + group + ", over=" + isOver() + "]";
  }

  /**
   * {@code messages.requestEncryption}'s payload: g_a, big-endian.
   *
   * @param gA g^a mod p
   */
  public record RequestEncryption(Bytes gA) {
    /** Checks for null. */
    public RequestEncryption {
      Objects.requireNonNull(gA, "gA");
    }
  }

  /**
   * {@code messages.acceptEncryption}'s payload: g_b and the key's fingerprint.
   *
   * @param gB g^b mod p, big-endian
   * @param keyFingerprint the fingerprint of the key B computed
   */
  public record AcceptEncryption(Bytes gB, KeyFingerprint keyFingerprint) {
    /** Checks for null. */
    public AcceptEncryption {
      Objects.requireNonNull(gB, "gB");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
  }
}
