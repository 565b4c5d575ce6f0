package org.mtlab.bytes;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable string of public bytes: copied in, copied out. Equality is by value; {@link
 * #toString()} prints lower-case hex. Use it for values that are public on the wire (msg_key,
 * nonces, ciphertexts); secrets have their own types that never print themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code bytes}. */
  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A copy of {@code bytes[off, off + len)}. */
  public static Bytes copyOf(byte[] bytes, int off, int len) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, len, bytes.length);
    return new Bytes(Arrays.copyOfRange(bytes, off, off + len));
  }

  /** The bytes encoded by {@code hex} (see {@link Hex#decode(CharSequence)}). */
  public static Bytes fromHex(CharSequence hex) {
    return new Bytes(Hex.decode(hex));
  }

  /** The empty byte string. */
  public static Bytes empty() {
    return EMPTY;
  }

  /** Number of bytes. */
  public int length() {
    return data.length;
  }

  /** True when {@link #length()} is 0. */
  public boolean isEmpty() {
    return data.length == 0;
  }

  /** The byte at {@code index}. */
  public byte get(int index) {
    return data[index];
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Copies all bytes into {@code dst} at {@code dstOff}. */
  public void copyTo(byte[] dst, int dstOff) {
    System.arraycopy(data, 0, dst, dstOff, data.length);
  }

  /** A read-only view of the bytes. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Bytes {@code [from, to)} as a new value. */
  public Bytes slice(int from, int to) {
    Objects.checkFromToIndex(from, to, data.length);
    return new Bytes(Arrays.copyOfRange(data, from, to));
  }

  /** This value followed by {@code other}. */
  public Bytes concat(Bytes other) {
    byte[] out = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, out, data.length, other.data.length);
    return new Bytes(out);
  }

  /** Compares with {@code other} in time independent of the contents. */
  public boolean constantTimeEquals(Bytes other) {
    return ConstantTime.equals(data, other.data);
  }

  /** Lower-case hex. */
  public String hex() {
    return Hex.encode(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Lower-case hex of the bytes. */
  @Override
  public String toString() {
    return hex();
  }
}
