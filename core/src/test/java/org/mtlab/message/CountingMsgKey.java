package org.mtlab.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * A msg_key function over a SHA-256 that counts every byte it is fed (docs/security.md A7 (ii),
 * §3.8 "equal work"). It computes the real msg_key, so good frames still open through it.
 */
final class CountingMsgKey implements FrameCipher.MsgKeyFunction {
  private final Counting digest = new Counting();

  /** Bytes hashed by the last msg_key computation. */
  long lastBytes = -1;

  /** msg_key computations so far. */
  int calls;

  @Override
  public void msgKeyInto(
      AuthKey key, Sender sender, byte[] padded, int off, int len, byte[] out, int outOff) {
    digest.count = 0;
    // msg_key_large = SHA256(auth_key[88+x : 120+x] + plaintext + padding)
    key.updateDigest(SecretAccess.explicitly(), digest, 88 + sender.x(), 32);
    digest.update(padded, off, len);
    byte[] large = digest.digest();
    System.arraycopy(large, 8, out, outOff, 16);
    lastBytes = digest.count;
    calls++;
  }

  /** An opener for {@code peer} in {@code session} (no clock) that hashes through this. */
  MessageOpener opener(AuthKey key, Sender peer) {
    return new MessageOpener(key, peer, null, SessionPolicy.standard(), null, null, null, this);
  }

  /** Opens and returns the reason, or null when the frame opened. */
  static org.mtlab.CheckReason reasonOf(MessageOpener opener, byte[] frame) {
    try {
      opener.open(frame);
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  private static final class Counting extends MessageDigest {
    private final MessageDigest inner;
    long count;

    Counting() {
      super("SHA-256-counting");
      try {
        inner = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    protected void engineUpdate(byte input) {
      count++;
      inner.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      count += len;
      inner.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      return inner.digest();
    }

    @Override
    protected void engineReset() {
      inner.reset();
    }

    @Override
    protected int engineGetDigestLength() {
      return 32;
    }
  }
}
