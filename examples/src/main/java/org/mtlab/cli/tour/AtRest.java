package org.mtlab.cli.tour;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.keystore.BouncyCastleShamir;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.KeyShare;
import org.mtlab.keystore.ShamirShare;
import org.mtlab.keystore.SplitManifest;

/**
 * What chapters 4 and 5 need to look inside the world's databases the way a holder of the files and
 * of {@code t} shares could: the associated data of docs/world.md, opening a row with the JDK's
 * AES-GCM (whose tag check decides whether the key and the associated data are the ones the server
 * used), and reading a custodian's share. Nothing here is the world's own code: the world keeps its
 * keys to itself, and the tour shows them by doing what the model says a holder of t shares can do.
 *
 * <p>Stateless and thread-safe.
 */
final class AtRest {
  /** Nonce length of a sealed row. */
  static final int NONCE = 12;

  /** Tag length of a sealed row. */
  static final int TAG = 16;

  private AtRest() {}

  /**
   * The associated data docs/world.md gives: {@code u8 len, label | u8 len, world id | u16 len,
   * name (UTF-8) | i64 a | i64 b}, big-endian.
   */
  static byte[] aad(String label, Bytes worldId, String name, long a, long b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    out.write(l.length);
    out.writeBytes(l);
    byte[] w = worldId.toByteArray();
    out.write(w.length);
    out.writeBytes(w);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    out.write(n.length >>> 8);
    out.write(n.length);
    out.writeBytes(n);
    out.writeBytes(big(a));
    out.writeBytes(big(b));
    return out.toByteArray();
  }

  /** A message row's associated data: world, chat, index, key epoch. */
  static byte[] messageAad(Bytes worldId, String chat, long index, long keyEpoch) {
    return aad("mtlab/message", worldId, chat, index, keyEpoch);
  }

  /** A wrapped data key's associated data: world, chat, key epoch, master epoch. */
  static byte[] dataKeyAad(Bytes worldId, String chat, long keyEpoch, long masterEpoch) {
    return aad("mtlab/data-key", worldId, chat, keyEpoch, masterEpoch);
  }

  /**
   * Opens {@code nonce || ciphertext || tag} with the JDK's AES-256-GCM: the plaintext, or empty
   * when the tag does not verify (wrong key or wrong associated data).
   */
  static Optional<byte[]> open(byte[] key, byte[] aad, byte[] sealed) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG * 8, Arrays.copyOf(sealed, NONCE)));
      c.updateAAD(aad);
      return Optional.of(c.doFinal(sealed, NONCE, sealed.length - NONCE));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The nonce of a sealed row. */
  static byte[] nonce(byte[] sealed) {
    return Arrays.copyOf(sealed, NONCE);
  }

  /** The ciphertext of a sealed row (without nonce and tag). */
  static byte[] ciphertext(byte[] sealed) {
    return Arrays.copyOfRange(sealed, NONCE, sealed.length - TAG);
  }

  /** The tag of a sealed row. */
  static byte[] tag(byte[] sealed) {
    return Arrays.copyOfRange(sealed, sealed.length - TAG, sealed.length);
  }

  /**
   * A custodian's stored share, decoded by the library ({@link KeyShare#decode}, which refuses
   * anything malformed).
   */
  static KeyShare share(TourWorld w, Jurisdiction custodian, long epoch) throws Exception {
    byte[] body = (byte[]) w.row(custodian, "SELECT body FROM share WHERE epoch = ?", epoch)[0];
    return KeyShare.decode(body);
  }

  /** The share's bytes: the tail of its encoded form (secret). */
  static byte[] y(KeyShare share) {
    byte[] encoded = share.encode(SecretAccess.explicitly());
    return Arrays.copyOfRange(encoded, encoded.length - share.length(), encoded.length);
  }

  /** Combines shares with the library's Shamir (Bouncy Castle's, as the world uses). */
  static byte[] combine(List<KeyShare> shares) {
    List<ShamirShare> points = new ArrayList<>();
    for (KeyShare s : shares) {
      points.add(ShamirShare.of(s.index(), y(s)));
    }
    return new BouncyCastleShamir().combine(SecretAccess.explicitly(), points);
  }

  /** The split manifest a data centre recorded for {@code epoch}. */
  static SplitManifest manifest(TourWorld w, Jurisdiction dc, long epoch) throws Exception {
    byte[] body = (byte[]) w.row(dc, "SELECT body FROM manifest WHERE epoch = ?", epoch)[0];
    try {
      return SplitManifest.decode(body, org.mtlab.CheckReason.STORE_CORRUPTED);
    } catch (CheckFailedException e) {
      throw new IllegalStateException("the manifest of " + dc + " does not decode", e);
    }
  }

  private static byte[] big(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
