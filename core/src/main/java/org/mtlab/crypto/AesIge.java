package org.mtlab.crypto;

import java.util.Objects;

/**
 * One-call AES-256-IGE that allocates its result: the convenient entry for code that is not on a
 * hot path. Each call builds a fresh {@link IgeCipher}; for many messages, keep one {@code
 * IgeCipher} and {@link IgeCipher#rekey rekey} it instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class AesIge {
  private AesIge() {}

  /** Encrypts {@code plaintext}, whose length must be a multiple of 16 (0 allowed). */
  public static byte[] encrypt(Aes256Key key, IgeIv iv, byte[] plaintext) {
    return run(IgeCipher.encryptor(key, iv), plaintext);
  }

  /** Decrypts {@code ciphertext}, whose length must be a multiple of 16 (0 allowed). */
  public static byte[] decrypt(Aes256Key key, IgeIv iv, byte[] ciphertext) {
    return run(IgeCipher.decryptor(key, iv), ciphertext);
  }

  /** The textbook path ({@link IgeReference}): slow, for teaching and cross-checks. */
  public static byte[] encryptReference(Aes256Key key, IgeIv iv, byte[] plaintext) {
    return IgeReference.encrypt(key, iv, plaintext);
  }

  /** The textbook path ({@link IgeReference}): slow, for teaching and cross-checks. */
  public static byte[] decryptReference(Aes256Key key, IgeIv iv, byte[] ciphertext) {
    return IgeReference.decrypt(key, iv, ciphertext);
  }

  private static byte[] run(IgeCipher cipher, byte[] data) {
    Objects.requireNonNull(data, "data");
    byte[] out = new byte[data.length];
    cipher.process(data, 0, data.length, out, 0);
    return out;
  }
}
