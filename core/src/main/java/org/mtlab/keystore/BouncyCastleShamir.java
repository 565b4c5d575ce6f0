package org.mtlab.keystore;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;
import org.mtlab.bytes.SecretAccess;

/**
 * {@link SecretSharing} over Bouncy Castle's {@code org.bouncycastle.crypto.threshold}
 * (Algorithm.AES, the field of {@link ShamirGf256}); the world's default. Bouncy Castle 1.86 and
 * later multiply without branches or tables.
 *
 * <p>Bouncy Castle itself checks almost nothing on combine (it returns a wrong secret for too few,
 * duplicate or relabelled shares, docs/security.md K3-K5): this adapter checks what would crash or
 * mislead the interpolation ({@code SharingChecks.checkCombine}), and {@link Custody} checks the
 * rest before calling it. Its exceptions never escape untranslated.
 *
 * <p>Stateless and thread-safe.
 */
public final class BouncyCastleShamir implements SecretSharing {
  private static final ShamirSecretSplitter.Algorithm FIELD = ShamirSecretSplitter.Algorithm.AES;

  /** A new instance (it has no state). */
  public BouncyCastleShamir() {}

  @Override
  public List<ShamirShare> split(
      SecretAccess access, byte[] secret, int threshold, int count, SecureRandom random) {
    Objects.requireNonNull(access, "access");
    SharingChecks.checkSplit(secret, threshold, count, random);
    ShamirSecretSplitter splitter = ShamirSecretSplitter.getInstance(FIELD, secret.length, random);
    ShamirSplitSecret split = splitter.resplit(secret.clone(), threshold, count);
    ShamirSplitSecretShare[] raw = split.getSecretShares();
    if (raw.length != count) {
      throw new IllegalStateException(
          "Bouncy Castle returned " + raw.length + " shares for " + count);
    }
    List<ShamirShare> shares = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] y = encoded(raw[i]);
      // Bouncy Castle numbers the points of a split 1..count, in order.
      shares.add(ShamirShare.adopt(i + 1, y));
    }
    return List.copyOf(shares);
  }

  @Override
  public byte[] combine(SecretAccess access, List<ShamirShare> shares) {
    Objects.requireNonNull(access, "access");
    SharingChecks.checkCombine(shares);
    ShamirSplitSecretShare[] raw = new ShamirSplitSecretShare[shares.size()];
    for (int i = 0; i < raw.length; i++) {
      ShamirShare s = shares.get(i);
      raw[i] = new ShamirSplitSecretShare(s.unsafeY().clone(), s.index());
    }
    try {
      return ShamirSplitSecret.getInstance(FIELD, raw).getSecret();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Bouncy Castle could not combine checked shares", e);
    }
  }

  private static byte[] encoded(ShamirSplitSecretShare share) {
    try {
      return share.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("Bouncy Castle could not encode a share", e);
    }
  }

  @Override
  public String toString() {
    return "BouncyCastleShamir";
  }
}
