package org.mtlab.handshake;

import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.ConstantTime;

/**
 * The nonce checks both sides make on every handshake message after the first: the echoed nonce
 * (and server_nonce) must equal the ones this side holds. Both comparisons run in constant time and
 * together, so a failure does not say which nonce was wrong.
 */
final class Nonces {
  private Nonces() {}

  /** NONCE_MISMATCH unless {@code received} equals {@code nonce}. */
  static void require(byte[] nonce, Bytes received) throws CheckFailedException {
    if (!ConstantTime.equals(nonce, received.toByteArray())) {
      throw new CheckFailedException(CheckReason.NONCE_MISMATCH);
    }
  }

  /** NONCE_MISMATCH unless both received nonces equal the held ones. */
  static void require(
      byte[] nonce, byte[] serverNonce, Bytes receivedNonce, Bytes receivedServerNonce)
      throws CheckFailedException {
    boolean ok = ConstantTime.equals(nonce, receivedNonce.toByteArray());
    ok &= ConstantTime.equals(serverNonce, receivedServerNonce.toByteArray());
    if (!ok) {
      throw new CheckFailedException(CheckReason.NONCE_MISMATCH);
    }
  }
}
