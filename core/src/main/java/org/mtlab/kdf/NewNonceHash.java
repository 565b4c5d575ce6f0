package org.mtlab.kdf;

import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Digests;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;

/**
 * The hashes that bind the handshake's last answer to new_nonce and the new key, so that a
 * dh_gen_ok cannot be turned into a dh_gen_retry or dh_gen_fail:
 *
 * <pre>
 *   new_nonce_hashN = SHA1(new_nonce + byte(N) + auth_key_aux_hash)[4:20]
 *       N = 1 for dh_gen_ok, 2 for dh_gen_retry, 3 for dh_gen_fail
 * </pre>
 *
 * and the one in server_DH_params_fail: {@code SHA1(new_nonce)[4:20]}. Stateless and thread-safe.
 */
public final class NewNonceHash {
  private NewNonceHash() {}

  /**
   * new_nonce_hash{@code number}.
   *
   * @param number 1 (dh_gen_ok), 2 (dh_gen_retry) or 3 (dh_gen_fail)
   * @throws IllegalStateException if {@code newNonce} or {@code key} is destroyed
   */
  public static Bytes compute(NewNonce newNonce, AuthKey key, int number) {
    Objects.requireNonNull(newNonce, "newNonce");
    Objects.requireNonNull(key, "key");
    if (number < 1 || number > 3) {
      throw new IllegalArgumentException("new_nonce_hash number must be 1, 2 or 3, got " + number);
    }
    byte[] raw = newNonce.reveal(SecretAccess.explicitly());
    try {
      byte[] sha1 = Digests.sha1(raw, new byte[] {(byte) number}, key.auxHashBytes());
      return Bytes.copyOf(Arrays.copyOfRange(sha1, 4, 20));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * The new_nonce_hash of server_DH_params_fail: SHA1(new_nonce)[4:20].
   *
   * @throws IllegalStateException if {@code newNonce} is destroyed
   */
  public static Bytes forParamsFail(NewNonce newNonce) {
    Objects.requireNonNull(newNonce, "newNonce");
    byte[] raw = newNonce.reveal(SecretAccess.explicitly());
    try {
      return Bytes.copyOf(Arrays.copyOfRange(Digests.sha1(raw), 4, 20));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
