package org.mtlab.key;

import java.security.MessageDigest;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.ConstantTime;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Digests;
import org.mtlab.internal.SecretBytes;

/**
 * A 2048-bit MTProto authorization key (256 bytes), the shared secret of a client and a server. It
 * is never printed ({@link #toString()} shows only the public id), never handed out except through
 * {@link #reveal(SecretAccess)}, and destroyable.
 *
 * <ul>
 *   <li>{@link #id()}: auth_key_id = SHA1(auth_key)[12:20] as a little-endian long.
 *   <li>{@link #auxHash()}: auth_key_aux_hash = SHA1(auth_key)[0:8], used only in the handshake
 *       (retry_id and new_nonce_hash).
 * </ul>
 *
 * <p>Slices of the key are fed to digests with {@link #updateDigest} (which, like {@link #reveal},
 * takes the {@link SecretAccess} token) so that no copy of the key escapes. {@link #destroy()}
 * zeroes this object's array (best effort: the JVM may have copied it). Thread-safe.
 */
public final class AuthKey implements Destroyable {
  /** Length in bytes. */
  public static final int LENGTH = 256;

  private final SecretBytes bytes;
  private final AuthKeyId id;
  private final long auxHash;

  private AuthKey(SecretBytes bytes) {
    this.bytes = bytes;
    byte[] sha1 = Digests.sha1(bytes.unsafeArray());
    this.id = AuthKeyId.fromWire(sha1, 12);
    this.auxHash = LittleEndian.getLong(sha1, 0);
  }

  /**
   * A copy of {@code key}.
   *
   * @throws IllegalArgumentException unless {@code key} is exactly 256 bytes
   */
  public static AuthKey copyOf(byte[] key) {
    Objects.requireNonNull(key, "key");
    return new AuthKey(SecretBytes.copyOfExactly(key, LENGTH, "auth_key"));
  }

  /** The key encoded by 512 hex digits. */
  public static AuthKey fromHex(String hex) {
    return new AuthKey(SecretBytes.adopt(Hex.decode(hex, LENGTH, "auth_key"), "auth_key"));
  }

  /** auth_key_id (cached). */
  public AuthKeyId id() {
    bytes.checkLive();
    return id;
  }

  /** auth_key_aux_hash: SHA1(auth_key)[0:8] as a little-endian long (cached). */
  public long auxHash() {
    bytes.checkLive();
    return auxHash;
  }

  /** The 8 bytes of auth_key_aux_hash in wire order. */
  public byte[] auxHashBytes() {
    return LittleEndian.longBytes(auxHash());
  }

  /**
   * Feeds {@code key[offset, offset + length)} to {@code digest} without copying it out. The digest
   * then holds key material, so this needs the {@link SecretAccess} token like every other way of
   * reaching the key bytes.
   */
  public void updateDigest(SecretAccess access, MessageDigest digest, int offset, int length) {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(digest, "digest");
    Objects.checkFromIndexSize(offset, length, LENGTH);
    digest.update(bytes.unsafeArray(), offset, length);
  }

  /** A fresh copy of {@code key[offset, offset + length)}. */
  public byte[] reveal(SecretAccess access, int offset, int length) {
    Objects.requireNonNull(access, "access");
    Objects.checkFromIndexSize(offset, length, LENGTH);
    return java.util.Arrays.copyOfRange(bytes.unsafeArray(), offset, offset + length);
  }

  /** A fresh copy of all 256 bytes. */
  public byte[] reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.copy();
  }

  /** Constant-time comparison of the key bytes. */
  public boolean constantTimeEquals(AuthKey other) {
    return ConstantTime.equals(bytes.unsafeArray(), other.bytes.unsafeArray());
  }

  @Override
  public void destroy() {
    bytes.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return bytes.isDestroyed();
  }

  /** Shows only the public id, never key bytes. */
  @Override
  public String toString() {
    return bytes.isDestroyed() ? "AuthKey[destroyed]" : "AuthKey[id=" + id.hex() + ", redacted]";
  }
}
