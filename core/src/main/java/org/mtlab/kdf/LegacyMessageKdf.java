package org.mtlab.kdf;

import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeIv;
import org.mtlab.internal.Digests;
import org.mtlab.internal.SecretBytes;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * The legacy MTProto 1.0 (SHA-1) key derivation: for comparison, for teaching why 2.0 replaced it,
 * and for the one place it is still required, the {@code auth.bindTempAuthKey} binding message. Do
 * not use it to protect messages.
 *
 * <pre>
 *   msg_key = SHA1(plaintext)[4:20]             (padding EXCLUDED: the flaw 2.0 fixed)
 *   sha1_a  = SHA1(msg_key + auth_key[x : x+32])
 *   sha1_b  = SHA1(auth_key[32+x : 48+x] + msg_key + auth_key[48+x : 64+x])
 *   sha1_c  = SHA1(auth_key[64+x : 96+x] + msg_key)
 *   sha1_d  = SHA1(msg_key + auth_key[96+x : 128+x])
 *   aes_key = sha1_a[0:8]  + sha1_b[8:20] + sha1_c[4:16]
 *   aes_iv  = sha1_a[8:20] + sha1_b[0:8]  + sha1_c[16:20] + sha1_d[0:8]
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class LegacyMessageKdf {
  private LegacyMessageKdf() {}

  /** The 1.0 msg_key: SHA1(plaintext without padding)[4:20]. */
  public static MsgKey msgKey(byte[] plaintextWithoutPadding) {
    Objects.requireNonNull(plaintextWithoutPadding, "plaintext");
    return MsgKey.copyOf(Arrays.copyOfRange(Digests.sha1(plaintextWithoutPadding), 4, 20));
  }

  /** aes_key and aes_iv under the 1.0 rules. */
  public static AesKeyIv derive(AuthKey key, MsgKey msgKey, Sender sender) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(msgKey, "msgKey");
    int x = Objects.requireNonNull(sender, "sender").x();
    SecretAccess access = SecretAccess.explicitly();
    byte[] mk = msgKey.toByteArray();
    byte[] k0 = key.reveal(access, x, 32);
    byte[] k32 = key.reveal(access, 32 + x, 16);
    byte[] k48 = key.reveal(access, 48 + x, 16);
    byte[] k64 = key.reveal(access, 64 + x, 32);
    byte[] k96 = key.reveal(access, 96 + x, 32);
    byte[] aesKey = new byte[32];
    byte[] aesIv = new byte[32];
    byte[] sha1a = null;
    byte[] sha1b = null;
    byte[] sha1c = null;
    byte[] sha1d = null;
    try {
      sha1a = Digests.sha1(mk, k0);
      sha1b = Digests.sha1(k32, mk, k48);
      sha1c = Digests.sha1(k64, mk);
      sha1d = Digests.sha1(mk, k96);
      System.arraycopy(sha1a, 0, aesKey, 0, 8);
      System.arraycopy(sha1b, 8, aesKey, 8, 12);
      System.arraycopy(sha1c, 4, aesKey, 20, 12);
      System.arraycopy(sha1a, 8, aesIv, 0, 12);
      System.arraycopy(sha1b, 0, aesIv, 12, 8);
      System.arraycopy(sha1c, 16, aesIv, 20, 4);
      System.arraycopy(sha1d, 0, aesIv, 24, 8);
      return new AesKeyIv(Aes256Key.copyOf(aesKey), IgeIv.copyOf(aesIv));
    } finally {
      SecretBytes.wipe(k0, k32, k48, k64, k96, sha1a, sha1b, sha1c, sha1d, aesKey, aesIv);
    }
  }
}
