package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.internal.Digests;
import org.mtlab.tl.TlWriter;

/**
 * A server's RSA public key as the handshake uses it: the modulus n, the public exponent e and the
 * key's fingerprint.
 *
 * <pre>
 *   fingerprint = SHA1(TL bytes(n) + TL bytes(e))[12:20], read as a little-endian int64
 *                 (n and e big-endian without leading zeros: the bare rsa_public_key n:bytes e:bytes)
 * </pre>
 *
 * <p>Only keys of exactly 2048 bits are accepted: RSA_PAD produces a 256-byte value that must be
 * below n.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerRsaKey {
  /** Modulus size in bits. */
  public static final int BITS = 2048;

  /** Modulus size in bytes. */
  public static final int BYTES = BITS / 8;

  private final BigInteger n;
  private final BigInteger e;
  private final long fingerprint;

  private ServerRsaKey(BigInteger n, BigInteger e) {
    this.n = n;
    this.e = e;
    this.fingerprint = fingerprint(n, e);
  }

  /**
   * The key (n, e).
   *
   * @throws IllegalArgumentException unless n has exactly 2048 bits and is odd, and 1 &lt; e &lt; n
   *     with e odd
   */
  public static ServerRsaKey of(BigInteger n, BigInteger e) {
    Objects.requireNonNull(n, "n");
    Objects.requireNonNull(e, "e");
    if (n.bitLength() != BITS || !n.testBit(0) || n.signum() <= 0) {
      throw new IllegalArgumentException(
          "RSA modulus must be an odd 2048-bit number, got " + n.bitLength() + " bits");
    }
    if (e.compareTo(BigInteger.ONE) <= 0 || e.compareTo(n) >= 0 || !e.testBit(0)) {
      throw new IllegalArgumentException("RSA public exponent must be odd and in (1, n)");
    }
    return new ServerRsaKey(n, e);
  }

  /** The key from n as big-endian hex and a small exponent (usually 65537). */
  public static ServerRsaKey fromHex(String nHex, long e) {
    return of(new BigInteger(1, Hex.decode(nHex)), BigInteger.valueOf(e));
  }

  /** The fingerprint of any (n, e), without the 2048-bit requirement (for older test keys). */
  public static long fingerprint(BigInteger n, BigInteger e) {
    TlWriter w = new TlWriter(BYTES + 16);
    w.writeBytes(unsignedBytes(n)).writeBytes(unsignedBytes(e));
    byte[] sha1 = Digests.sha1(w.toByteArray());
    return LittleEndian.getLong(sha1, 12);
  }

  /** The modulus. */
  public BigInteger modulus() {
    return n;
  }

  /** The public exponent. */
  public BigInteger exponent() {
    return e;
  }

  /** The fingerprint, as resPQ and req_DH_params carry it. */
  public long fingerprint() {
    return fingerprint;
  }

  /** The fingerprint's 8 wire bytes as hex (for example {@code 85fd64de851d9dd0}). */
  public String fingerprintHex() {
    return Hex.encode(LittleEndian.longBytes(fingerprint));
  }

  /**
   * Raw RSA: {@code value^e mod n} as exactly 256 big-endian bytes.
   *
   * @param value 256 big-endian bytes whose value is below n
   * @throws IllegalArgumentException if {@code value} is not 256 bytes or not below n
   */
  byte[] encryptRaw(byte[] value) { // package-private: its input is RSA_PAD's secret value
    Objects.requireNonNull(value, "value");
    if (value.length != BYTES) {
      throw new IllegalArgumentException("RSA input must be 256 bytes, got " + value.length);
    }
    BigInteger m = new BigInteger(1, value);
    if (m.compareTo(n) >= 0) {
      throw new IllegalArgumentException("RSA input must be below the modulus");
    }
    return toFixed(m.modPow(e, n), BYTES);
  }

  /** True when the 256 big-endian bytes, read unsigned, are below n. */
  boolean isBelowModulus(byte[] value) {
    return new BigInteger(1, value).compareTo(n) < 0;
  }

  /** {@code v} as exactly {@code len} big-endian bytes, left-padded with zeros. */
  static byte[] toFixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    if (raw.length == len) {
      return raw;
    }
    byte[] out = new byte[len];
    if (raw.length > len) {
      // only a leading sign byte may be dropped
      if (raw.length != len + 1 || raw[0] != 0) {
        throw new IllegalArgumentException("value does not fit in " + len + " bytes");
      }
      System.arraycopy(raw, 1, out, 0, len);
    } else {
      System.arraycopy(raw, 0, out, len - raw.length, raw.length);
    }
    Arrays.fill(raw, (byte) 0);
    return out;
  }

  /** {@code v} (non-negative) big-endian without leading zero bytes; 0 is one zero byte. */
  static byte[] unsignedBytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      return Arrays.copyOfRange(raw, 1, raw.length);
    }
    return raw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerRsaKey k && n.equals(k.n) && e.equals(k.e);
  }

  @Override
  public int hashCode() {
    return n.hashCode() * 31 + e.hashCode();
  }

  /** The fingerprint only. */
  @Override
  public String toString() {
    return "ServerRsaKey[fingerprint=" + fingerprintHex() + "]";
  }
}
