package org.mtlab.keystore;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * Our readable Shamir secret sharing over GF(2^8), one byte of the secret at a time.
 *
 * <p>For each secret byte {@code s}: draw {@code t - 1} coefficients {@code a1..a(t-1)} uniformly
 * from all 256 field elements (none is forced non-zero: that would let {@code t - 1} holders rule
 * out a secret value) and give share {@code x} the value {@code f(x) = s + a1*x + ... +
 * a(t-1)*x^(t-1)}. Combining evaluates the Lagrange form at zero: {@code s = sum_i y_i * prod_{j !=
 * i} x_j / (x_j - x_i)} (in GF(2^8) minus is plus).
 *
 * <p>Why {@code t - 1} shares say nothing: for any {@code t - 1} points and any candidate secret
 * {@code s'}, exactly one polynomial of degree {@code t - 1} passes through the points and {@code
 * (0, s')}. Every secret is equally consistent with what the holders know.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShamirGf256 implements SecretSharing {
  /** A new instance (it has no state). */
  public ShamirGf256() {}

  @Override
  public List<ShamirShare> split(
      SecretAccess access, byte[] secret, int threshold, int count, SecureRandom random) {
    Objects.requireNonNull(access, "access");
    SharingChecks.checkSplit(secret, threshold, count, random);
    byte[][] ys = new byte[count][secret.length];
    byte[] coefficients = new byte[threshold - 1];
    for (int b = 0; b < secret.length; b++) {
      random.nextBytes(coefficients);
      for (int i = 0; i < count; i++) {
        int x = i + 1;
        // Horner: f(x) = (...(a(t-1) * x + a(t-2)) * x + ... + a1) * x + s
        int y = 0;
        for (int k = coefficients.length - 1; k >= 0; k--) {
          y = Gf256.add(Gf256.mul(y, x), coefficients[k]);
        }
        y = Gf256.add(Gf256.mul(y, x), secret[b]);
        ys[i][b] = (byte) y;
      }
    }
    SecretBytes.wipe(coefficients);
    List<ShamirShare> shares = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      shares.add(ShamirShare.adopt(i + 1, ys[i]));
    }
    return List.copyOf(shares);
  }

  @Override
  public byte[] combine(SecretAccess access, List<ShamirShare> shares) {
    Objects.requireNonNull(access, "access");
    SharingChecks.checkCombine(shares);
    int n = shares.size();
    int[] xs = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = shares.get(i).index();
    }
    // Lagrange basis values at zero; they depend on the public indices only.
    int[] basis = new int[n];
    for (int i = 0; i < n; i++) {
      int num = 1;
      int den = 1;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          num = Gf256.mul(num, xs[j]);
          den = Gf256.mul(den, Gf256.add(xs[j], xs[i]));
        }
      }
      basis[i] = Gf256.div(num, den);
    }
    byte[] secret = new byte[shares.get(0).length()];
    for (int i = 0; i < n; i++) {
      byte[] y = shares.get(i).unsafeY();
      for (int b = 0; b < secret.length; b++) {
        secret[b] = (byte) Gf256.add(secret[b], Gf256.mul(y[b], basis[i]));
      }
    }
    return secret;
  }

  @Override
  public String toString() {
    return "ShamirGf256";
  }
}
