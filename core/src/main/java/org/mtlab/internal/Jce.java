package org.mtlab.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's AES, wrapped so that JCE's checked exceptions, which cannot happen for the
 * transformations and key sizes used here, become {@link AssertionError}s or {@link
 * IllegalStateException}s instead of leaking into the API.
 *
 * <p>Not exported. Stateless.
 */
public final class Jce {
  private Jce() {}

  /** A new {@link Cipher} for {@code transformation} (for example "AES/ECB/NoPadding"). */
  public static Cipher cipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (java.security.NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new AssertionError(transformation + " is required by every Java SE runtime", e);
    }
  }

  /** Initialises {@code cipher} with an AES key taken from {@code key[off, off + len)}. */
  public static void init(
      Cipher cipher, int mode, byte[] key, int off, int len, AlgorithmParameterSpec params) {
    try {
      SecretKeySpec spec = new SecretKeySpec(key, off, len, "AES");
      if (params == null) {
        cipher.init(mode, spec);
      } else {
        cipher.init(mode, spec, params);
      }
    } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
      throw new IllegalArgumentException("AES key or parameters rejected: " + e.getMessage(), e);
    }
  }

  /** {@link Cipher#update(byte[], int, int, byte[], int)} without checked exceptions. */
  public static int update(Cipher cipher, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      return cipher.update(in, inOff, len, out, outOff);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("internal buffer too small", e);
    }
  }

  /** Rethrows a JCE failure that should be impossible here. */
  public static IllegalStateException unexpected(GeneralSecurityException e) {
    return new IllegalStateException("unexpected JCE failure: " + e.getMessage(), e);
  }
}
