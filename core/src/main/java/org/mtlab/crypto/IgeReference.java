package org.mtlab.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import org.mtlab.internal.Checks;
import org.mtlab.internal.Jce;

/**
 * AES-IGE, the reference path: the textbook formula, one block at a time, written to be read. It
 * allocates freely and is slow; {@link IgeCipher} is the fast path, and the tests demand that both
 * give the same bytes.
 *
 * <pre>
 *   iv = iv1 (16 bytes) + iv2 (16 bytes);   c_(-1) = iv1,   p_(-1) = iv2
 *
 *   encrypt:  c_i = AES_enc(p_i xor c_(i-1)) xor p_(i-1)
 *   decrypt:  p_i = AES_dec(c_i xor p_(i-1)) xor c_(i-1)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class IgeReference {
  private static final int BLOCK = 16;

  private IgeReference() {}

  /** Encrypts {@code plaintext} (a multiple of 16 bytes) with AES-256-IGE. */
  public static byte[] encrypt(Aes256Key key, IgeIv iv, byte[] plaintext) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    return process(CipherDirection.ENCRYPT, key.array(), iv.array(), plaintext);
  }

  /** Decrypts {@code ciphertext} (a multiple of 16 bytes) with AES-256-IGE. */
  public static byte[] decrypt(Aes256Key key, IgeIv iv, byte[] ciphertext) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    return process(CipherDirection.DECRYPT, key.array(), iv.array(), ciphertext);
  }

  /**
   * IGE over any AES key size (16, 24 or 32 bytes), for the published AES-128 IGE vectors. MTProto
   * only ever uses AES-256.
   */
  static byte[] process(CipherDirection direction, byte[] aesKey, byte[] iv, byte[] input) {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(aesKey, "key");
    Objects.requireNonNull(iv, "iv");
    Objects.requireNonNull(input, "data");
    if (aesKey.length != 16 && aesKey.length != 24 && aesKey.length != 32) {
      throw new IllegalArgumentException(
          "AES key must be 16, 24 or 32 bytes, got " + aesKey.length);
    }
    Checks.length(iv.length, 2 * BLOCK, "IGE IV");
    Checks.multipleOf(input.length, BLOCK, "IGE data");
    boolean encrypt = direction == CipherDirection.ENCRYPT;
    Cipher aes = Jce.cipher("AES/ECB/NoPadding");
    Jce.init(
        aes, encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, aesKey, 0, aesKey.length, null);

    byte[] previousCiphertext = Arrays.copyOfRange(iv, 0, BLOCK); // c_(i-1), starts as iv1
    byte[] previousPlaintext = Arrays.copyOfRange(iv, BLOCK, 2 * BLOCK); // p_(i-1), starts as iv2
    byte[] output = new byte[input.length];

    for (int i = 0; i < input.length; i += BLOCK) {
      byte[] block = Arrays.copyOfRange(input, i, i + BLOCK);
      byte[] result;
      if (encrypt) {
        // c_i = AES_enc(p_i xor c_(i-1)) xor p_(i-1)
        result = xor(aesBlock(aes, xor(block, previousCiphertext)), previousPlaintext);
        previousCiphertext = result;
        previousPlaintext = block;
      } else {
        // p_i = AES_dec(c_i xor p_(i-1)) xor c_(i-1)
        result = xor(aesBlock(aes, xor(block, previousPlaintext)), previousCiphertext);
        previousCiphertext = block;
        previousPlaintext = result;
      }
      System.arraycopy(result, 0, output, i, BLOCK);
    }
    return output;
  }

  private static byte[] aesBlock(Cipher aes, byte[] block) {
    byte[] out = new byte[BLOCK];
    Jce.update(aes, block, 0, BLOCK, out, 0);
    return out;
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
