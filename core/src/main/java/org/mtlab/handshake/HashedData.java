package org.mtlab.handshake;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.internal.Digests;

/**
 * The SHA-1 framing of the two DH messages encrypted under tmp_aes_key (server_DH_inner_data and
 * client_DH_inner_data):
 *
 * <pre>
 *   data_with_hash = SHA1(data) + data + 0..15 random bytes, to a multiple of 16
 * </pre>
 *
 * <p>The receiver does not parse the data to find its length before the hash is checked: it hashes
 * every candidate length (each of the 16 padding lengths), compares each in constant time without
 * an early exit, and only then takes the candidate that matched.
 *
 * <p>Stateless.
 */
final class HashedData {
  private static final int SHA1 = 20;
  private static final int MAX_PADDING = 15;

  private HashedData() {}

  /** SHA1(data) + data + random padding to a multiple of 16. */
  static byte[] wrap(byte[] data, SecureRandom random) {
    int unpadded = SHA1 + data.length;
    int total = (unpadded + 15) & ~15;
    byte[] out = new byte[total];
    System.arraycopy(Digests.sha1(data), 0, out, 0, SHA1);
    System.arraycopy(data, 0, out, SHA1, data.length);
    if (total > unpadded) {
      byte[] padding = new byte[total - unpadded];
      random.nextBytes(padding);
      System.arraycopy(padding, 0, out, unpadded, padding.length);
    }
    return out;
  }

  /**
   * The data inside {@code withHash}.
   *
   * @throws CheckFailedException ANSWER_HASH_MISMATCH when no padding length of 0..15 gives a
   *     matching SHA-1
   */
  static byte[] unwrap(byte[] withHash) throws CheckFailedException {
    byte[] received = Arrays.copyOf(withHash, SHA1);
    MessageDigest sha1 = Digests.sha1();
    int found = -1;
    for (int padding = MAX_PADDING; padding >= 0; padding--) {
      int length = withHash.length - SHA1 - padding;
      if (length < 0) {
        continue;
      }
      sha1.update(withHash, SHA1, length);
      boolean match = MessageDigest.isEqual(sha1.digest(), received);
      // no early exit: every candidate is hashed; the longest match wins
      found = match ? length : found;
    }
    if (withHash.length < SHA1 || found < 0) {
      throw new CheckFailedException(CheckReason.ANSWER_HASH_MISMATCH);
    }
    return Arrays.copyOfRange(withHash, SHA1, SHA1 + found);
  }
}
