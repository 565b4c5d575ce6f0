package org.mtlab.cli;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent recomputations for the CLI tests: the formulas of MTProto written again with nothing
 * but the JDK's SHA-1, SHA-256 and AES, so that what the CLI prints is checked against code that
 * shares nothing with the library.
 */
final class JdkOracle {
  private JdkOracle() {}

  static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  static byte[] concat(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  static byte[] sha256(byte[]... parts) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(concat(parts));
  }

  static byte[] sha1(byte[]... parts) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(concat(parts));
  }

  static byte[] msgKey(byte[] ak, int x, byte[] padded) throws Exception {
    return slice(sha256(slice(ak, 88 + x, 120 + x), padded), 8, 24);
  }

  static byte[][] kdf2(byte[] ak, byte[] mk, int x) throws Exception {
    byte[] a = sha256(mk, slice(ak, x, x + 36));
    byte[] b = sha256(slice(ak, 40 + x, 76 + x), mk);
    return new byte[][] {
      concat(slice(a, 0, 8), slice(b, 8, 24), slice(a, 24, 32)),
      concat(slice(b, 0, 8), slice(a, 8, 24), slice(b, 24, 32))
    };
  }

  static byte[][] kdf1(byte[] ak, byte[] mk, int x) throws Exception {
    byte[] a = sha1(mk, slice(ak, x, x + 32));
    byte[] b = sha1(slice(ak, 32 + x, 48 + x), mk, slice(ak, 48 + x, 64 + x));
    byte[] c = sha1(slice(ak, 64 + x, 96 + x), mk);
    byte[] d = sha1(mk, slice(ak, 96 + x, 128 + x));
    return new byte[][] {
      concat(slice(a, 0, 8), slice(b, 8, 20), slice(c, 4, 16)),
      concat(slice(a, 8, 20), slice(b, 0, 8), slice(c, 16, 20), slice(d, 0, 8))
    };
  }

  /** p_i = D(c_i xor p_(i-1)) xor c_(i-1), with c_0 = iv[0:16] and p_0 = iv[16:32]. */
  static byte[] igeDecrypt(byte[] key, byte[] iv, byte[] in) throws Exception {
    Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
    byte[] prevC = slice(iv, 0, 16);
    byte[] prevP = slice(iv, 16, 32);
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i += 16) {
      byte[] c = slice(in, i, i + 16);
      byte[] x = new byte[16];
      for (int j = 0; j < 16; j++) {
        x[j] = (byte) (c[j] ^ prevP[j]);
      }
      byte[] p = aes.doFinal(x);
      for (int j = 0; j < 16; j++) {
        p[j] ^= prevC[j];
      }
      System.arraycopy(p, 0, out, i, 16);
      prevC = c;
      prevP = p;
    }
    return out;
  }
}
