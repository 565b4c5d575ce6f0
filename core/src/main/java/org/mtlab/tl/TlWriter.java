package org.mtlab.tl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;

/**
 * Writes TL's binary serialization: little-endian {@code int} and {@code long}, raw {@code
 * int128}/{@code int256}, {@code bytes}/{@code string} with their length prefix and padding to 4
 * bytes, and boxed {@code Vector<long>}.
 *
 * <pre>
 *   bytes, L &lt;= 253:  L (1 byte)            + data + 0..3 zero bytes to a multiple of 4
 *   bytes, L &gt;= 254:  0xfe + L (3 bytes LE) + data + 0..3 zero bytes to a multiple of 4
 * </pre>
 *
 * <p>Grows as needed. Not thread-safe.
 */
public final class TlWriter {
  /** Constructor id of a boxed {@code Vector}. */
  public static final int VECTOR = 0x1cb5c415;

  /** Longest {@code bytes} value TL can encode (3-byte length). */
  public static final int MAX_BYTES_LENGTH = (1 << 24) - 1;

  private byte[] buf;
  private int pos;

  /** An empty writer. */
  public TlWriter() {
    this(64);
  }

  /** An empty writer with room for {@code capacity} bytes before it grows. */
  public TlWriter(int capacity) {
    this.buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  /** Writes a 32-bit little-endian int (also used for constructor ids). */
  public TlWriter writeInt(int v) {
    ensure(4);
    LittleEndian.putInt(buf, pos, v);
    pos += 4;
    return this;
  }

  /** Writes a 64-bit little-endian long. */
  public TlWriter writeLong(long v) {
    ensure(8);
    LittleEndian.putLong(buf, pos, v);
    pos += 8;
    return this;
  }

  /** Writes raw bytes with no prefix (int128, int256, or a bare body). */
  public TlWriter writeRaw(byte[] b) {
    return writeRaw(b, 0, b.length);
  }

  /** Writes {@code b[off, off + len)} with no prefix. */
  public TlWriter writeRaw(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
    return this;
  }

  /** Writes raw bytes with no prefix. */
  public TlWriter writeRaw(Bytes b) {
    ensure(b.length());
    b.copyTo(buf, pos);
    pos += b.length();
    return this;
  }

  /** Writes a TL {@code bytes} (or {@code string}) value with its prefix and padding. */
  public TlWriter writeBytes(byte[] b) {
    Objects.requireNonNull(b, "bytes");
    int len = b.length;
    if (len > MAX_BYTES_LENGTH) {
      throw new IllegalArgumentException("TL bytes longer than 2^24 - 1: " + len);
    }
    int header = len <= 253 ? 1 : 4;
    int padded = (header + len + 3) & ~3;
    ensure(padded);
    if (header == 1) {
      buf[pos] = (byte) len;
    } else {
      buf[pos] = (byte) 0xfe;
      buf[pos + 1] = (byte) len;
      buf[pos + 2] = (byte) (len >>> 8);
      buf[pos + 3] = (byte) (len >>> 16);
    }
    System.arraycopy(b, 0, buf, pos + header, len);
    Arrays.fill(buf, pos + header + len, pos + padded, (byte) 0);
    pos += padded;
    return this;
  }

  /** Writes a TL {@code bytes} value. */
  public TlWriter writeBytes(Bytes b) {
    return writeBytes(b.toByteArray());
  }

  /** Writes a boxed {@code Vector<long>}. */
  public TlWriter writeVectorLong(List<Long> values) {
    writeInt(VECTOR);
    writeInt(values.size());
    for (long v : values) {
      writeLong(v);
    }
    return this;
  }

  /** Number of bytes written. */
  public int size() {
    return pos;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /** The bytes written so far as {@link Bytes}. */
  public Bytes toBytes() {
    return Bytes.copyOf(buf, 0, pos);
  }
}
