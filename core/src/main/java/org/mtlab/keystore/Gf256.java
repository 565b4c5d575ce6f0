package org.mtlab.keystore;

/**
 * Arithmetic in GF(2^8) with the AES polynomial {@code x^8 + x^4 + x^3 + x + 1} (0x11B), the field
 * both {@link ShamirGf256} and Bouncy Castle's {@code Algorithm.AES} use.
 *
 * <p>Branch-free and table-free: {@link #mul} runs the same eight steps whatever its operands, and
 * {@link #inv} is {@code a^254}, so no secret byte picks a branch or a table entry
 * (docs/security.md, Shamir pitfall 7). {@code inv(0)} is 0; callers never divide by zero because
 * share indices are checked distinct and non-zero first.
 *
 * <p>Stateless and thread-safe.
 */
final class Gf256 {
  private Gf256() {}

  /** Addition (and subtraction): exclusive or. */
  static int add(int a, int b) {
    return (a ^ b) & 0xFF;
  }

  /** Multiplication, shift-and-add with a masked reduction. */
  static int mul(int a, int b) {
    int p = 0;
    a &= 0xFF;
    b &= 0xFF;
    for (int i = 0; i < 8; i++) {
      p ^= a & -(b & 1); // add a when the low bit of b is set, without a branch
      int carry = -((a >>> 7) & 1); // all ones when a's top bit is set
      a = ((a << 1) ^ (0x1B & carry)) & 0xFF;
      b >>>= 1;
    }
    return p & 0xFF;
  }

  /** The multiplicative inverse, {@code a^254}; 0 for 0. */
  static int inv(int a) {
    int a2 = mul(a, a);
    int a4 = mul(a2, a2);
    int a8 = mul(a4, a4);
    int a16 = mul(a8, a8);
    int a32 = mul(a16, a16);
    int a64 = mul(a32, a32);
    int a128 = mul(a64, a64);
    // 254 = 128 + 64 + 32 + 16 + 8 + 4 + 2
    return mul(mul(mul(mul(mul(mul(a128, a64), a32), a16), a8), a4), a2);
  }

  /** Division {@code a / b}; b must not be 0. */
  static int div(int a, int b) {
    return mul(a, inv(b));
  }
}
