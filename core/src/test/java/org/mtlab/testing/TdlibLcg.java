package org.mtlab.testing;

/**
 * The byte generator of TDLib's crypto tests (tdutils/test/crypto.cpp), which the published TDLib
 * IGE and CTR vectors were made with: {@code seed = seed * 123457567 + 987651241 (mod 2^32); byte =
 * (seed >> 23) & 255}, with the seed starting at the message length. Plaintext, key and IV are
 * drawn from one stream in that order.
 */
public final class TdlibLcg {
  private int seed;

  /** A generator seeded with {@code seed} (TDLib uses the message length). */
  public TdlibLcg(int seed) {
    this.seed = seed;
  }

  /** The next {@code n} bytes. */
  public byte[] next(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      seed = seed * 123457567 + 987651241;
      out[i] = (byte) ((seed >>> 23) & 255);
    }
    return out;
  }
}
