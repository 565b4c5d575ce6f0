package org.mtlab.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Factories for the digests MTProto uses. SHA-1 and SHA-256 are mandatory in every Java SE runtime,
 * so their absence is an {@link AssertionError}, not a checked exception. Hot paths create one
 * digest per owner object and reuse it ({@link MessageDigest#digest(byte[], int, int)} resets it);
 * nothing here is shared between threads.
 *
 * <p>Not exported. Stateless.
 */
public final class Digests {
  private Digests() {}

  /** A new SHA-1 digest. */
  public static MessageDigest sha1() {
    return get("SHA-1");
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    return get("SHA-256");
  }

  /** SHA-1 of the concatenation of {@code parts}. */
  public static byte[] sha1(byte[]... parts) {
    MessageDigest md = sha1();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** Finishes {@code md} into {@code out[off, off + digest length)} without allocating. */
  public static void finish(MessageDigest md, byte[] out, int off) {
    try {
      md.digest(out, off, md.getDigestLength());
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("digest output buffer too small", e);
    }
  }

  private static MessageDigest get(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(name + " is required by every Java SE runtime", e);
    }
  }
}
