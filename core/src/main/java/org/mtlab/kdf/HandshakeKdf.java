package org.mtlab.kdf;

import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeIv;
import org.mtlab.internal.Checks;
import org.mtlab.internal.Digests;
import org.mtlab.key.NewNonce;

/**
 * Derivations of the auth-key handshake from its nonces: the temporary AES key and IV that protect
 * server_DH_inner_data and client_DH_inner_data, and the first server salt.
 *
 * <pre>
 *   tmp_aes_key = SHA1(new_nonce + server_nonce) + SHA1(server_nonce + new_nonce)[0:12]
 *   tmp_aes_iv  = SHA1(server_nonce + new_nonce)[12:20] + SHA1(new_nonce + new_nonce)
 *                 + new_nonce[0:4]
 *   server_salt = new_nonce[0:8] xor server_nonce[0:8], read as a little-endian long
 * </pre>
 *
 * <p>new_nonce is a {@link NewNonce} (key material, never raw bytes in this API); its bytes and
 * server_nonce's are their raw 32 and 16 wire bytes; leading zero bytes are significant (stripping
 * them once broke one handshake in 128 in another implementation). Stateless and thread-safe.
 */
public final class HandshakeKdf {
  /** Length of new_nonce (int256); the same as {@link NewNonce#LENGTH}. */
  public static final int NEW_NONCE_LENGTH = NewNonce.LENGTH;

  /** Length of server_nonce (int128). */
  public static final int SERVER_NONCE_LENGTH = 16;

  private HandshakeKdf() {}

  /**
   * tmp_aes_key and tmp_aes_iv.
   *
   * @param serverNonce the 16 server_nonce bytes (public: sent in clear in resPQ)
   * @throws IllegalStateException if {@code newNonce} is destroyed
   */
  public static AesKeyIv tmpAesKeyIv(NewNonce newNonce, byte[] serverNonce) {
    check(newNonce, serverNonce);
    byte[] raw = newNonce.reveal(SecretAccess.explicitly());
    try {
      return tmpAesKeyIvRaw(raw, serverNonce);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static AesKeyIv tmpAesKeyIvRaw(byte[] newNonce, byte[] serverNonce) {
    byte[] newServer = Digests.sha1(newNonce, serverNonce);
    byte[] serverNew = Digests.sha1(serverNonce, newNonce);
    byte[] newNew = Digests.sha1(newNonce, newNonce);
    byte[] key = new byte[32];
    System.arraycopy(newServer, 0, key, 0, 20);
    System.arraycopy(serverNew, 0, key, 20, 12);
    byte[] iv = new byte[32];
    System.arraycopy(serverNew, 12, iv, 0, 8);
    System.arraycopy(newNew, 0, iv, 8, 20);
    System.arraycopy(newNonce, 0, iv, 28, 4);
    try {
      return new AesKeyIv(Aes256Key.copyOf(key), IgeIv.copyOf(iv));
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(iv, (byte) 0);
      Arrays.fill(newServer, (byte) 0);
      Arrays.fill(serverNew, (byte) 0);
      Arrays.fill(newNew, (byte) 0);
    }
  }

  /** The first server salt: new_nonce[0:8] xor server_nonce[0:8] as a little-endian long. */
  public static long serverSalt(NewNonce newNonce, byte[] serverNonce) {
    check(newNonce, serverNonce);
    byte[] raw = newNonce.reveal(SecretAccess.explicitly());
    try {
      return LittleEndian.getLong(raw, 0) ^ LittleEndian.getLong(serverNonce, 0);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static void check(NewNonce newNonce, byte[] serverNonce) {
    Objects.requireNonNull(newNonce, "newNonce");
    Objects.requireNonNull(serverNonce, "serverNonce");
    Checks.length(serverNonce.length, SERVER_NONCE_LENGTH, "server_nonce");
  }
}
