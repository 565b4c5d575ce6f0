package org.mtlab.e2e;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Digests;
import org.mtlab.key.AuthKey;

/**
 * A secret chat's 256-byte key: {@code g^(ab) mod p}, big-endian and left-padded to 256 bytes
 * (docs/protocol.md §8.1). Known only to the two devices; never printed ({@link #toString()} shows
 * the public {@link #fingerprint()}), handed out only through {@link #reveal(SecretAccess)}, and
 * destroyable.
 *
 * <p>The chat key has the auth key's shape and MTProto 2.0 uses it exactly as the auth key of cloud
 * messages, so it is held as an {@link AuthKey} inside: that is the one place where this package
 * converts a chat key into the type the message layer's KDF takes ({@link #asAuthKey()},
 * package-private). key_fingerprint is then the auth key's id, SHA1(key)[12:20] as a little-endian
 * long, the same formula.
 *
 * <p>{@link #destroy()} zeroes the key (best effort: the JVM may have copied it, and the JDK's
 * cipher objects keep key schedules derived from it). Thread-safe.
 */
public final class ChatKey implements Destroyable {
  /** Length in bytes. */
  public static final int LENGTH = AuthKey.LENGTH;

  private final AuthKey key;

  private ChatKey(AuthKey key) {
    this.key = key;
  }

  /**
   * A copy of {@code key}.
   *
   * @throws IllegalArgumentException unless {@code key} is exactly 256 bytes
   */
  public static ChatKey copyOf(byte[] key) {
    return new ChatKey(AuthKey.copyOf(Objects.requireNonNull(key, "key")));
  }

  /** The key encoded by 512 hex digits. */
  public static ChatKey fromHex(String hex) {
    return new ChatKey(AuthKey.fromHex(hex));
  }

  /** The DH result {@code v} (0 &lt; v &lt; 2^2048) as exactly 256 big-endian bytes. */
  static ChatKey fromSharedSecret(BigInteger v) {
    byte[] fixed = Dh.toFixed(v);
    try {
      return copyOf(fixed);
    } finally {
      Arrays.fill(fixed, (byte) 0);
    }
  }

  /** key_fingerprint = SHA1(key)[12:20] as a little-endian long. */
  public KeyFingerprint fingerprint() {
    return new KeyFingerprint(key.id().value());
  }

  /** SHA1(key)[0:16]: the first part of the key visualization. */
  byte[] sha1Prefix() {
    return digestPrefix(Digests.sha1(), 16);
  }

  /** SHA256(key)[0:20]: the second part of the key visualization. */
  byte[] sha256Prefix() {
    return digestPrefix(Digests.sha256(), 20);
  }

  private byte[] digestPrefix(MessageDigest md, int n) {
    key.updateDigest(SecretAccess.explicitly(), md, 0, LENGTH);
    byte[] full = md.digest();
    byte[] out = Arrays.copyOf(full, n);
    Arrays.fill(full, (byte) 0);
    return out;
  }

  /** The key as the message layer's type, for its KDF (see the class comment). */
  AuthKey asAuthKey() {
    return key;
  }

  /** A fresh copy of the 256 bytes (for persistence and teaching). */
  public byte[] reveal(SecretAccess access) {
    return key.reveal(Objects.requireNonNull(access, "access"));
  }

  /** Constant-time comparison of the key bytes. */
  public boolean constantTimeEquals(ChatKey other) {
    return key.constantTimeEquals(Objects.requireNonNull(other, "other").key);
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  /** Shows only the public fingerprint, never key bytes. */
  @Override
  public String toString() {
    return key.isDestroyed()
        ? "ChatKey[destroyed]"
        : "ChatKey[fingerprint=" + fingerprint().hex() + ", redacted]";
  }
}
