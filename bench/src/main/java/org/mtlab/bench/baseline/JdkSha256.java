package org.mtlab.bench.baseline;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The JDK's SHA-256 over a caller's bytes, with one reused {@link MessageDigest} and the digest
 * written into a caller buffer: the cost floor of any computation that hashes those bytes once
 * (MTProto 2.0's msg_key hashes the whole padded plaintext once, plus 32 key bytes).
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
public final class JdkSha256 {
  /** Digest length in bytes. */
  public static final int LENGTH = 32;

  private final MessageDigest digest;

  /** A SHA-256 from the JDK's default provider. */
  public JdkSha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required by every Java SE runtime", e);
    }
  }

  /**
   * Writes SHA-256 of {@code in[off, off + length)} into {@code out[outOff, outOff + 32)}.
   *
   * @throws IllegalArgumentException if {@code out} has no room for 32 bytes
   */
  public void hash(byte[] in, int off, int length, byte[] out, int outOff) {
    digest.update(in, off, length);
    try {
      digest.digest(out, outOff, LENGTH);
    } catch (DigestException e) {
      throw new IllegalArgumentException("no room for a SHA-256 digest: " + e.getMessage(), e);
    }
  }
}
