package org.mtlab.keystore;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mtlab.CheckReason;

/**
 * Encryption at rest: AES-256-GCM from the JDK, a fresh random 12-byte nonce per row, and
 * associated data that binds the row to where it belongs (world, chat, message index, key epoch),
 * so a row moved to another chat or index fails to open. Layout of a sealed row: {@code nonce (12)
 * || ciphertext || tag (16)}.
 *
 * <p>Not thread-safe: it reuses one {@link Cipher}; confine each instance to one thread.
 */
final class EnvelopeCipher {
  static final int NONCE = 12;
  static final int TAG = 16;

  private final Cipher cipher;
  private final SecureRandom random;

  EnvelopeCipher(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  }

  byte[] seal(byte[] key, byte[] aad, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(aad);
      byte[] out = new byte[NONCE + cipher.getOutputSize(plaintext.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt", e);
    }
  }

  /**
   * Opens a sealed row.
   *
   * @throws WorldCheckException {@link CheckReason#AT_REST_INTEGRITY} if the row does not
   *     authenticate under {@code key} and {@code aad}; {@code what} names the row
   */
  byte[] open(byte[] key, byte[] aad, byte[] sealed, String what) throws WorldCheckException {
    if (sealed.length < NONCE + TAG) {
      throw new WorldCheckException(CheckReason.AT_REST_INTEGRITY, what + " is too short");
    }
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG * 8, Arrays.copyOf(sealed, NONCE)));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new WorldCheckException(CheckReason.AT_REST_INTEGRITY, what + " does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to decrypt", e);
    }
  }
}
