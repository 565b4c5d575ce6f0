package org.mtlab.tl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.LittleEndian;

/**
 * Reads TL's binary serialization from a bounded slice of an array. Every read checks the bytes
 * remaining first, so truncated input, a length prefix that runs past the end, or an absurd vector
 * count gives {@link CheckFailedException} with {@link CheckReason#TL_MALFORMED} and never an
 * allocation larger than the input itself.
 *
 * <p>Not thread-safe.
 */
public final class TlReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  /** Reads {@code buf[off, off + len)} (not copied: do not change it while reading). */
  public TlReader(byte[] buf, int off, int len) {
    this.buf = Objects.requireNonNull(buf, "buf");
    Objects.checkFromIndexSize(off, len, buf.length);
    this.pos = off;
    this.end = off + len;
  }

  /** Reads all of {@code buf}. */
  public TlReader(byte[] buf) {
    this(buf, 0, Objects.requireNonNull(buf, "buf").length);
  }

  /** Bytes left to read. */
  public int remaining() {
    return end - pos;
  }

  /** Current offset in the underlying array. */
  public int position() {
    return pos;
  }

  private void need(int n) throws CheckFailedException {
    if (n < 0 || n > end - pos) {
      throw malformed();
    }
  }

  /** A TL_MALFORMED failure. */
  public static CheckFailedException malformed() {
    return new CheckFailedException(CheckReason.TL_MALFORMED);
  }

  /** Reads a little-endian 32-bit int. */
  public int readInt() throws CheckFailedException {
    need(4);
    int v = LittleEndian.getInt(buf, pos);
    pos += 4;
    return v;
  }

  /** Reads the next int without consuming it. */
  public int peekInt() throws CheckFailedException {
    need(4);
    return LittleEndian.getInt(buf, pos);
  }

  /** Reads a little-endian 64-bit long. */
  public long readLong() throws CheckFailedException {
    need(8);
    long v = LittleEndian.getLong(buf, pos);
    pos += 8;
    return v;
  }

  /** Reads {@code n} raw bytes (int128, int256, or a bare body). */
  public byte[] readRaw(int n) throws CheckFailedException {
    need(n);
    byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return out;
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) throws CheckFailedException {
    need(n);
    pos += n;
  }

  /**
   * Reads a TL {@code bytes}/{@code string}: its length prefix, the data, and the padding to a
   * multiple of 4 (which must be present). Only the canonical encoding is accepted
   * (docs/protocol.md §1): the long prefix {@code 0xFE} only for lengths of 254 and more, and zero
   * padding bytes; anything else is {@code TL_MALFORMED}, so that one value has one encoding.
   */
  public byte[] readBytes() throws CheckFailedException {
    need(1);
    int first = buf[pos] & 0xff;
    int header;
    int len;
    if (first <= 253) {
      header = 1;
      len = first;
    } else if (first == 254) {
      need(4);
      header = 4;
      len = (buf[pos + 1] & 0xff) | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff) << 16;
      if (len < 254) {
        throw malformed(); // a short value in the long form: not canonical
      }
    } else {
      throw malformed(); // 0xff is not a valid prefix
    }
    int padded = (header + len + 3) & ~3;
    need(padded);
    for (int i = pos + header + len; i < pos + padded; i++) {
      if (buf[i] != 0) {
        throw malformed(); // padding must be zero bytes
      }
    }
    byte[] out = java.util.Arrays.copyOfRange(buf, pos + header, pos + header + len);
    pos += padded;
    return out;
  }

  /**
   * Reads a boxed {@code Vector<long>} of at most {@code maxCount} elements. A negative count, one
   * above {@code maxCount}, or one the remaining bytes cannot hold is rejected before any
   * allocation.
   */
  public List<Long> readVectorLong(int maxCount) throws CheckFailedException {
    if (readInt() != TlWriter.VECTOR) {
      throw malformed();
    }
    int count = readInt();
    if (count < 0 || count > maxCount || (long) count * 8 > remaining()) {
      throw malformed();
    }
    List<Long> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(readLong());
    }
    return out;
  }

  /** Reads an int and fails with TL_MALFORMED unless it equals {@code constructorId}. */
  public void expectConstructor(int constructorId) throws CheckFailedException {
    if (readInt() != constructorId) {
      throw malformed();
    }
  }

  /** Fails with TL_MALFORMED unless everything has been read. */
  public void expectEnd() throws CheckFailedException {
    if (pos != end) {
      throw malformed();
    }
  }
}
