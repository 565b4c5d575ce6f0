package org.mtlab.handshake;

import org.mtlab.bytes.Bytes;

/**
 * The two prime factors of the handshake's pq, p &lt; q, as unsigned 64-bit values (in the protocol
 * each is below 2^32).
 *
 * <p>On the wire each travels as TL {@code bytes} holding its minimal big-endian encoding: no
 * leading zero bytes, so a 32-bit prime is 4 bytes and 613 is the 2 bytes {@code 02 65}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param p the smaller factor
 * @param q the larger factor
 */
public record PqFactors(long p, long q) {
  /** Checks {@code p < q} (unsigned) and that both are at least 2. */
  public PqFactors {
    if (Long.compareUnsigned(p, 2) < 0 || Long.compareUnsigned(p, q) >= 0) {
      throw new IllegalArgumentException(
          "need 2 <= p < q, got p = "
              + Long.toUnsignedString(p)
              + ", q = "
              + Long.toUnsignedString(q));
    }
  }

  /** pq = p * q (as an unsigned 64-bit value; the caller made sure it does not overflow). */
  public long pq() {
    return p * q;
  }

  /** p in its minimal big-endian encoding. */
  public Bytes pBytes() {
    return minimalBigEndian(p);
  }

  /** q in its minimal big-endian encoding. */
  public Bytes qBytes() {
    return minimalBigEndian(q);
  }

  /** pq in its minimal big-endian encoding. */
  public Bytes pqBytes() {
    return minimalBigEndian(pq());
  }

  /**
   * {@code value}, read as unsigned, in big-endian bytes without leading zeros (0 is one zero
   * byte).
   */
  public static Bytes minimalBigEndian(long value) {
    int len = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 7) / 8);
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[len - 1 - i] = (byte) (value >>> (8 * i));
    }
    return Bytes.copyOf(out);
  }

  /** p and q in decimal. */
  @Override
  public String toString() {
    return "PqFactors[p=" + Long.toUnsignedString(p) + ", q=" + Long.toUnsignedString(q) + "]";
  }
}
