package org.mtlab.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The storage behind every secret type: one private array, zeroed by {@link #destroy()}, after
 * which every access throws {@link IllegalStateException}. Best effort only: the JVM may have
 * copied the array during garbage collection, and JCE objects built from it keep their own copies.
 *
 * <p>Not exported. Thread-safe for reads; {@code destroy} is meant to be called once, by the owner.
 */
public final class SecretBytes {
  private final byte[] bytes;
  private final String typeName;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes, String typeName) {
    this.bytes = bytes;
    this.typeName = typeName;
  }

  /**
   * Copies {@code source[off, off + length)}.
   *
   * @param typeName used in error messages, for example "AuthKey"
   */
  public static SecretBytes copyOf(byte[] source, int off, int length, String typeName) {
    Objects.requireNonNull(source, "bytes");
    Objects.checkFromIndexSize(off, length, source.length);
    return new SecretBytes(Arrays.copyOfRange(source, off, off + length), typeName);
  }

  /** Copies all of {@code source}, which must be exactly {@code expectedLength} bytes long. */
  public static SecretBytes copyOfExactly(byte[] source, int expectedLength, String typeName) {
    Objects.requireNonNull(source, "bytes");
    Checks.length(source.length, expectedLength, typeName);
    return new SecretBytes(source.clone(), typeName);
  }

  /** Takes ownership of {@code bytes} without copying (the caller must drop its reference). */
  public static SecretBytes adopt(byte[] bytes, String typeName) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes"), typeName);
  }

  /**
   * Zeroes each array given (nulls are skipped): for temporary copies of key material on paths that
   * must copy, such as the readable reference derivations.
   */
  public static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  /** The live array, for code inside this module only. Never hand it out. */
  public byte[] unsafeArray() {
    checkLive();
    return bytes;
  }

  /** A fresh copy. */
  public byte[] copy() {
    checkLive();
    return bytes.clone();
  }

  /** Number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** Zeroes the array; later accesses throw {@link IllegalStateException}. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  /** True after {@link #destroy()}. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Throws {@link IllegalStateException} if destroyed. */
  public void checkLive() {
    if (destroyed) {
      throw new IllegalStateException(typeName + " has been destroyed");
    }
  }
}
