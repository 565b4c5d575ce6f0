package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.internal.SecretBytes;

/**
 * The storage data centre's encryption at rest of one cloud chat's messages under one data key
 * (docs/world.md, "A cloud message's path", step 3): AES-256-GCM from the JDK, a fresh random
 * 12-byte nonce per row, and associated data that binds the row to its world, chat, message index
 * and key epoch, so a row moved to another chat or index does not open. A row is {@code nonce (12)
 * || ciphertext || tag (16)}.
 *
 * <p>{@link World#sendAll} makes one per chat for a batch, so the key schedule's {@link
 * SecretKeySpec}, the {@link Cipher} and the constant part of the associated data are set up once
 * per chat rather than once per message. It is public so that its cost can be measured alone (the
 * benchmarks' {@code WorldBench.atRestEncrypt1KiB}) and its rows opened by a reader that holds the
 * data key.
 *
 * <p>Confined to one thread. {@link #destroy()} wipes its copy of the data key; the JCE's own
 * copies and key schedule cannot be wiped reliably.
 */
public final class AtRestCipher implements Destroyable {
  /** Bytes of the nonce that starts a row. */
  public static final int NONCE_LENGTH = 12;

  /** Bytes of the GCM tag that ends a row. */
  public static final int TAG_LENGTH = 16;

  /** Bytes a row adds to its plaintext. */
  public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

  private static final String LABEL = "mtlab/message";
  private static final int KEY_LENGTH = 32;

  private final byte[] key;
  private final SecretKeySpec spec;
  private final Cipher cipher;
  private final SecureRandom random;
  private final byte[] aad; // prefix, then index (8) and key epoch (8) at the end
  private final byte[] nonce = new byte[NONCE_LENGTH];
  private boolean destroyed;

  private AtRestCipher(byte[] key, byte[] aadPrefix, long keyEpoch, SecureRandom random) {
    this.key = key;
    this.spec = new SecretKeySpec(key, "AES");
    this.random = random;
    this.aad = Arrays.copyOf(aadPrefix, aadPrefix.length + 16);
    putLong(aad, aad.length - 8, keyEpoch);
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  }

  /**
   * The at-rest cipher of {@code chat}'s messages under its data key of {@code keyEpoch}.
   *
   * @param worldId the world's id (16 bytes)
   * @param chat a cloud chat
   * @param keyEpoch the data key's epoch
   * @param dataKey the 32-byte data key; copied (the caller wipes its own array)
   * @param random where nonces come from
   * @throws IllegalArgumentException if the key is not 32 bytes, the chat is not a cloud chat, or
   *     the world id is longer than 255 bytes
   */
  public static AtRestCipher create(
      Bytes worldId, ChatId chat, long keyEpoch, byte[] dataKey, SecureRandom random) {
    Objects.requireNonNull(worldId, "worldId");
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(random, "random");
    if (dataKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a data key has 32 bytes, not " + dataKey.length);
    }
    if (chat.kind() != ChatKind.CLOUD) {
      throw new IllegalArgumentException("a secret chat is not encrypted at rest: " + chat);
    }
    // The layout World uses for every associated data: label, world id, name, two longs.
    Codec.Writer w = new Codec.Writer();
    w.ascii8(LABEL)
        .bytes8(worldId.toByteArray())
        .bytes16(chat.text().getBytes(StandardCharsets.UTF_8));
    return new AtRestCipher(dataKey.clone(), w.toByteArray(), keyEpoch, random);
  }

  /** Seals {@code plaintext} as the row of message {@code index}. */
  public byte[] seal(long index, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    return seal(index, plaintext, 0, plaintext.length);
  }

  /**
   * Seals {@code length} bytes of {@code plaintext} from {@code offset} as the row of message
   * {@code index}, into a new array of {@code length + OVERHEAD} bytes.
   *
   * @throws IndexOutOfBoundsException if the range is outside the array
   */
  public byte[] seal(long index, byte[] plaintext, int offset, int length) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.checkFromIndexSize(offset, length, plaintext.length);
    requireLive();
    random.nextBytes(nonce);
    putLong(aad, aad.length - 16, index);
    byte[] out = new byte[length + OVERHEAD];
    System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(aad);
      int n = cipher.doFinal(plaintext, offset, length, out, NONCE_LENGTH);
      if (n != length + TAG_LENGTH) {
        throw new IllegalStateException("AES-GCM wrote " + n + " bytes");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt", e);
    }
  }

  /**
   * Opens the row of message {@code index}.
   *
   * @throws WorldCheckException {@link CheckReason#AT_REST_INTEGRITY} if the row is too short or
   *     does not authenticate as that message of this chat, epoch and world
   */
  public byte[] open(long index, byte[] row) throws WorldCheckException {
    Objects.requireNonNull(row, "row");
    requireLive();
    if (row.length < OVERHEAD) {
      throw new WorldCheckException(CheckReason.AT_REST_INTEGRITY, "the row is too short");
    }
    putLong(aad, aad.length - 16, index);
    try {
      cipher.init(
          Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_LENGTH * 8, row, 0, NONCE_LENGTH));
      cipher.updateAAD(aad);
      return cipher.doFinal(row, NONCE_LENGTH, row.length - NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw new WorldCheckException(
          CheckReason.AT_REST_INTEGRITY, "message #" + index + " does not authenticate");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to decrypt", e);
    }
  }

  private void requireLive() {
    if (destroyed) {
      throw new IllegalStateException("the at-rest cipher was destroyed");
    }
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** Wipes this object's copy of the data key; later use throws IllegalStateException. */
  @Override
  public void destroy() {
    SecretBytes.wipe(key);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "AtRestCipher[redacted]";
  }
}
