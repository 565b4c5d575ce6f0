package org.mtlab.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads and writes of TL's {@code int} and {@code long} on byte arrays. Bounds are
 * checked by the JVM ({@link IndexOutOfBoundsException}).
 *
 * <p>Stateless and thread-safe.
 */
public final class LittleEndian {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private LittleEndian() {}

  /** Reads a little-endian 32-bit int at {@code off}. */
  public static int getInt(byte[] b, int off) {
    return (int) INT.get(b, off);
  }

  /** Reads a little-endian 64-bit long at {@code off}. */
  public static long getLong(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  /** Writes {@code v} little-endian at {@code off}. */
  public static void putInt(byte[] b, int off, int v) {
    INT.set(b, off, v);
  }

  /** Writes {@code v} little-endian at {@code off}. */
  public static void putLong(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }

  /** The 8 little-endian bytes of {@code v}. */
  public static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return b;
  }
}
