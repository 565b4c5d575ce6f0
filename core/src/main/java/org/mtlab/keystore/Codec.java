package org.mtlab.keystore;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;

/**
 * The small binary layout of shares and manifests: big-endian integers, byte strings with a length
 * prefix. The reader is bounded: any short, long or malformed input gives one {@link
 * CheckFailedException} with the reason the caller chose, never another exception.
 *
 * <p>Writers and readers are confined to one thread.
 */
final class Codec {
  private Codec() {}

  /** A growing big-endian writer. */
  static final class Writer {
    private byte[] buf = new byte[128];
    private int size;

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    Writer raw(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    Writer u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }

    Writer u16(int v) {
      ensure(2);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
      return this;
    }

    Writer i64(long v) {
      return raw(MasterKey.longBytes(v));
    }

    Writer bytes8(byte[] b) {
      if (b.length > 255) {
        throw new IllegalArgumentException("too long for a one-byte length: " + b.length);
      }
      return u8(b.length).raw(b);
    }

    Writer bytes16(byte[] b) {
      if (b.length > 0xFFFF) {
        throw new IllegalArgumentException("too long for a two-byte length: " + b.length);
      }
      return u16(b.length).raw(b);
    }

    Writer ascii8(String s) {
      return bytes8(s.getBytes(StandardCharsets.US_ASCII));
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    /** Zeroes the buffer (when it held secret bytes). */
    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  /** A bounded reader failing with {@code reason}. */
  static final class Reader {
    private final ByteBuffer in;
    private final CheckReason reason;

    Reader(byte[] data, CheckReason reason) {
      this.in = ByteBuffer.wrap(data);
      this.reason = reason;
    }

    CheckFailedException fail() {
      return new CheckFailedException(reason);
    }

    void magic(byte[] expected) throws CheckFailedException {
      byte[] got = raw(expected.length);
      if (!Arrays.equals(got, expected)) {
        throw fail();
      }
    }

    byte[] raw(int n) throws CheckFailedException {
      if (n < 0 || n > in.remaining()) {
        throw fail();
      }
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    int u8() throws CheckFailedException {
      try {
        return in.get() & 0xFF;
      } catch (BufferUnderflowException e) {
        throw fail();
      }
    }

    int u16() throws CheckFailedException {
      try {
        return in.getShort() & 0xFFFF;
      } catch (BufferUnderflowException e) {
        throw fail();
      }
    }

    long i64() throws CheckFailedException {
      try {
        return in.getLong();
      } catch (BufferUnderflowException e) {
        throw fail();
      }
    }

    byte[] bytes8() throws CheckFailedException {
      return raw(u8());
    }

    byte[] bytes16() throws CheckFailedException {
      return raw(u16());
    }

    Jurisdiction jurisdiction() throws CheckFailedException {
      byte[] b = bytes8();
      try {
        return Jurisdiction.of(new String(b, StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw fail();
      }
    }

    void end() throws CheckFailedException {
      if (in.hasRemaining()) {
        throw fail();
      }
    }
  }
}
