package org.mtlab.kdf;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Digests;
import org.mtlab.internal.SecretBytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * MTProto 2.0 message key derivation: msg_key, and aes_key / aes_iv from the auth key and msg_key,
 * with x = 0 for messages from the client and x = 8 for messages from the server.
 *
 * <pre>
 *   msg_key_large = SHA256(auth_key[88+x : 120+x] + plaintext + padding)
 *   msg_key       = msg_key_large[8:24]
 *   sha256_a      = SHA256(msg_key + auth_key[x : x+36])
 *   sha256_b      = SHA256(auth_key[40+x : 76+x] + msg_key)
 *   aes_key       = sha256_a[0:8] + sha256_b[8:24] + sha256_a[24:32]
 *   aes_iv        = sha256_b[0:8] + sha256_a[8:24] + sha256_b[24:32]
 * </pre>
 *
 * <p>Two paths. The static {@link #deriveReference} and {@link #msgKeyReference} read like the
 * formulas above: they concatenate byte arrays and slice the digests. An instance ({@link
 * #create()}) is the fast path for sealing and opening: it reuses one SHA-256, feeds key slices to
 * it without copying, and writes into caller buffers without allocating. Tests hold both to the
 * same bytes.
 *
 * <p>Instances are not thread-safe (they own a digest and scratch space); the static methods are.
 */
public final class MessageKdf {
  /** Bytes written by {@link #deriveInto}: aes_key (32) then aes_iv (32). */
  public static final int KEY_IV_LENGTH = 64;

  private static final int HEADER = 32;
  private static final int MIN_PADDING = 12;

  private final MessageDigest sha256 = Digests.sha256();
  // sha256_a and sha256_b: key material while a call runs, zero between calls (tests check).
  final byte[] a = new byte[32];
  final byte[] b = new byte[32];

  private MessageKdf() {}

  /** A fast-path instance with its own SHA-256 and scratch space. */
  public static MessageKdf create() {
    return new MessageKdf();
  }

  // --- fast path -------------------------------------------------------------------------

  /**
   * Writes msg_key of {@code padded[off, off + len)} into {@code out[outOff, outOff + 16)}.
   *
   * @throws IllegalArgumentException unless {@code len} is a multiple of 16 and at least 48
   */
  public void msgKeyInto(
      AuthKey key, Sender sender, byte[] padded, int off, int len, byte[] out, int outOff) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(padded, "padded");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(off, len, padded.length);
    Objects.checkFromIndexSize(outOff, MsgKey.LENGTH, out.length);
    checkPadded(len);
    msgKeyLargeInto(key, sender, padded, off, len, a);
    System.arraycopy(a, 8, out, outOff, MsgKey.LENGTH);
    Arrays.fill(a, (byte) 0);
  }

  /**
   * Writes msg_key_large = SHA256(auth_key[88+x : 120+x] + data) into {@code out[0, 32)}, without
   * validating the data's layout. For owners that need all 32 bytes (quick acks) and have already
   * checked the layout.
   */
  public void msgKeyLargeInto(
      AuthKey key, Sender sender, byte[] data, int off, int len, byte[] out32) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(out32, "out32");
    Objects.checkFromIndexSize(off, len, data.length);
    Objects.checkFromIndexSize(0, 32, out32.length);
    int x = sender.x();
    key.updateDigest(SecretAccess.explicitly(), sha256, 88 + x, 32);
    sha256.update(data, off, len);
    Digests.finish(sha256, out32, 0);
  }

  /**
   * Writes aes_key (32 bytes) then aes_iv (32 bytes) into {@code out[outOff, outOff + 64)}, from
   * the msg_key at {@code msgKey[msgKeyOff, msgKeyOff + 16)}. The output is raw key material, hence
   * the {@link SecretAccess} token; the caller owns (and must zero) it. The allocation-free path
   * for sealers, openers and benchmarks; {@link #derive} returns the destroyable types instead.
   */
  public void deriveInto(
      SecretAccess access,
      AuthKey key,
      Sender sender,
      byte[] msgKey,
      int msgKeyOff,
      byte[] out,
      int outOff) {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(msgKey, "msgKey");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(msgKeyOff, MsgKey.LENGTH, msgKey.length);
    Objects.checkFromIndexSize(outOff, KEY_IV_LENGTH, out.length);
    int x = sender.x();
    try {
      // sha256_a = SHA256(msg_key + auth_key[x : x+36])
      sha256.update(msgKey, msgKeyOff, MsgKey.LENGTH);
      key.updateDigest(access, sha256, x, 36);
      Digests.finish(sha256, a, 0);
      // sha256_b = SHA256(auth_key[40+x : 76+x] + msg_key)
      key.updateDigest(access, sha256, 40 + x, 36);
      sha256.update(msgKey, msgKeyOff, MsgKey.LENGTH);
      Digests.finish(sha256, b, 0);
    } catch (RuntimeException e) {
      // A destroyed key fails half-way through a digest: leave the reused digest clean, or the
      // next call on this instance would hash leftovers and derive wrong keys without an error.
      sha256.reset();
      Arrays.fill(a, (byte) 0);
      throw e;
    }
    // aes_key = a[0:8] + b[8:24] + a[24:32]
    System.arraycopy(a, 0, out, outOff, 8);
    System.arraycopy(b, 8, out, outOff + 8, 16);
    System.arraycopy(a, 24, out, outOff + 24, 8);
    // aes_iv = b[0:8] + a[8:24] + b[24:32]
    System.arraycopy(b, 0, out, outOff + 32, 8);
    System.arraycopy(a, 8, out, outOff + 40, 16);
    System.arraycopy(b, 24, out, outOff + 56, 8);
    Arrays.fill(a, (byte) 0);
    Arrays.fill(b, (byte) 0);
  }

  /** aes_key and aes_iv for {@code msgKey}, on the fast path. */
  public static AesKeyIv derive(AuthKey key, MsgKey msgKey, Sender sender) {
    Objects.requireNonNull(msgKey, "msgKey");
    byte[] out = new byte[KEY_IV_LENGTH];
    try {
      create().deriveInto(SecretAccess.explicitly(), key, sender, msgKey.toByteArray(), 0, out, 0);
      return AesKeyIv.copyOf(out, 0);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  // --- reference path --------------------------------------------------------------------

  /** aes_key and aes_iv, computed literally as in the formula (concatenate, hash, slice). */
  public static AesKeyIv deriveReference(AuthKey key, MsgKey msgKey, Sender sender) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(msgKey, "msgKey");
    int x = Objects.requireNonNull(sender, "sender").x();
    SecretAccess access = SecretAccess.explicitly();
    byte[] mk = msgKey.toByteArray();
    byte[] authKeyA = key.reveal(access, x, 36);
    byte[] authKeyB = key.reveal(access, 40 + x, 36);
    byte[] sha256a = null;
    byte[] sha256b = null;
    byte[] aesKey = null;
    byte[] aesIv = null;
    try {
      sha256a = Digests.sha256(mk, authKeyA);
      sha256b = Digests.sha256(authKeyB, mk);
      aesKey = concat(slice(sha256a, 0, 8), slice(sha256b, 8, 24), slice(sha256a, 24, 32));
      aesIv = concat(slice(sha256b, 0, 8), slice(sha256a, 8, 24), slice(sha256b, 24, 32));
      return new AesKeyIv(
          org.mtlab.crypto.Aes256Key.copyOf(aesKey), org.mtlab.crypto.IgeIv.copyOf(aesIv));
    } finally {
      SecretBytes.wipe(authKeyA, authKeyB, sha256a, sha256b, aesKey, aesIv);
    }
  }

  /**
   * msg_key computed literally: SHA256(auth_key[88+x : 120+x] + plaintext + padding)[8:24]. The
   * formula is defined for any byte string, so this path does not check the message layout; {@link
   * MsgKey#compute} does.
   */
  public static MsgKey msgKeyReference(AuthKey key, Sender sender, byte[] plaintextAndPadding) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(plaintextAndPadding, "plaintextAndPadding");
    int x = Objects.requireNonNull(sender, "sender").x();
    byte[] authKeyPart = key.reveal(SecretAccess.explicitly(), 88 + x, 32);
    try {
      byte[] large = Digests.sha256(authKeyPart, plaintextAndPadding);
      return MsgKey.copyOf(slice(large, 8, 24));
    } finally {
      SecretBytes.wipe(authKeyPart);
    }
  }

  static void checkPadded(int len) {
    if (len % 16 != 0 || len < HEADER + MIN_PADDING) {
      throw new IllegalArgumentException(
          "padded plaintext must be a multiple of 16 bytes and at least "
              + 16 * ((HEADER + MIN_PADDING + 15) / 16)
              + " (32-byte header + 12..1024 bytes of"
              + " padding), got "
              + len);
    }
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
      Arrays.fill(p, (byte) 0); // every part is a fresh slice of key material
    }
    return out;
  }
}
