package org.mtlab.keystore;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * Splits the master key among the custodians and puts it back together, with every check that raw
 * Shamir lacks, in this order and all before any interpolation (docs/security.md K3-K8):
 *
 * <ol>
 *   <li>at least {@code t} shares from distinct jurisdictions ({@code INSUFFICIENT_SHARES});
 *   <li>no index or jurisdiction twice ({@code DUPLICATE_SHARE});
 *   <li>every index within 1..255 and assigned by the split ({@code INVALID_SHARE_INDEX});
 *   <li>every share 32 bytes long ({@code SHARE_MALFORMED});
 *   <li>every share of the manifest's epoch ({@code SHARE_EPOCH_MISMATCH});
 *   <li>every share of this world, at the index and jurisdiction the manifest gives, matching its
 *       commitment in constant time ({@code SHARE_INTEGRITY});
 * </ol>
 *
 * then interpolation, then the key-check value ({@code RECONSTRUCTION_FAILED}), which catches a
 * wrong result should anything slip past (for example a tampered manifest).
 *
 * <p>Immutable and thread-safe.
 */
final class Custody {
  private final SecretSharing sharing;

  Custody(SecretSharing sharing) {
    this.sharing = Objects.requireNonNull(sharing, "sharing");
  }

  SecretSharing sharing() {
    return sharing;
  }

  /** A split: its manifest and one share per custodian, in index order. */
  record Split(SplitManifest manifest, List<KeyShare> shares) {}

  Split split(MasterKey key, Bytes worldId, WorldConfig config, SecureRandom random) {
    List<ShamirShare> points =
        sharing.split(
            SecretAccess.explicitly(),
            key.unsafeKey(),
            config.threshold(),
            config.custodianCount(),
            random);
    List<KeyShare> shares = new ArrayList<>(points.size());
    List<SplitManifest.Entry> entries = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      ShamirShare p = points.get(i);
      Jurisdiction j = config.custodians().get(i);
      KeyShare s = KeyShare.of(worldId, key.epoch(), p.index(), j, p.unsafeY());
      p.destroy();
      shares.add(s);
      entries.add(new SplitManifest.Entry(p.index(), j, s.commitment()));
    }
    SplitManifest manifest =
        new SplitManifest(worldId, key.epoch(), config.threshold(), entries, key.kcv(worldId));
    return new Split(manifest, List.copyOf(shares));
  }

  /**
   * Checks {@code shares} against {@code manifest} and combines them.
   *
   * @throws WorldCheckException for the first check that fails (see the class comment)
   */
  MasterKey combine(SplitManifest manifest, List<KeyShare> shares) throws WorldCheckException {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(shares, "shares");
    Set<Jurisdiction> jurisdictions = new HashSet<>();
    for (KeyShare s : shares) {
      jurisdictions.add(s.custodian());
    }
    if (jurisdictions.size() < manifest.threshold()) {
      throw new WorldCheckException(
          CheckReason.INSUFFICIENT_SHARES,
          jurisdictions.size()
              + " custodian jurisdiction(s) gave shares; "
              + manifest.threshold()
              + " are needed");
    }
    Set<Integer> indices = new HashSet<>();
    if (jurisdictions.size() != shares.size()) {
      throw new WorldCheckException(
          CheckReason.DUPLICATE_SHARE, "two shares from one jurisdiction");
    }
    for (KeyShare s : shares) {
      if (!indices.add(s.index())) {
        throw new WorldCheckException(
            CheckReason.DUPLICATE_SHARE, "share index " + s.index() + " given twice");
      }
    }
    for (KeyShare s : shares) {
      if (s.index() < 1
          || s.index() > SecretSharing.MAX_SHARES
          || manifest.entry(s.index()) == null) {
        throw new WorldCheckException(
            CheckReason.INVALID_SHARE_INDEX,
            "share index "
                + s.index()
                + " from "
                + s.custodian()
                + " is not an index of this split");
      }
    }
    for (KeyShare s : shares) {
      if (s.length() != MasterKey.LENGTH) {
        throw new WorldCheckException(
            CheckReason.SHARE_MALFORMED,
            "the share from " + s.custodian() + " is " + s.length() + " bytes, not 32");
      }
    }
    for (KeyShare s : shares) {
      if (s.epoch() != manifest.epoch()) {
        throw new WorldCheckException(
            CheckReason.SHARE_EPOCH_MISMATCH,
            "the share from "
                + s.custodian()
                + " is of epoch "
                + s.epoch()
                + "; the current epoch is "
                + manifest.epoch());
      }
    }
    for (KeyShare s : shares) {
      SplitManifest.Entry e = manifest.entry(s.index());
      boolean bound =
          s.worldId().constantTimeEquals(manifest.worldId())
              && e.custodian().equals(s.custodian())
              && s.commitment().constantTimeEquals(e.commitment());
      if (!bound) {
        throw new WorldCheckException(
            CheckReason.SHARE_INTEGRITY,
            "the share presented by "
                + s.custodian()
                + " (index "
                + s.index()
                + ") does not match the commitment recorded for it");
      }
    }
    return interpolate(manifest, shares);
  }

  /**
   * Checks one share on its own against {@code manifest}: of custodian {@code from}, of the
   * manifest's epoch, at the index and with the commitment recorded for {@code from}. Lets the
   * server tell which custodian gave a bad share when it has more than {@code t}.
   *
   * @throws WorldCheckException naming the custodian
   */
  static void checkOne(SplitManifest manifest, KeyShare s, Jurisdiction from)
      throws WorldCheckException {
    if (!s.custodian().equals(from)) {
      throw new WorldCheckException(
          CheckReason.SHARE_INTEGRITY,
          "data centre " + from + " holds a share bound to " + s.custodian());
    }
    if (s.epoch() != manifest.epoch()) {
      throw new WorldCheckException(
          CheckReason.SHARE_EPOCH_MISMATCH,
          "the share of " + from + " is of epoch " + s.epoch() + ", not " + manifest.epoch());
    }
    SplitManifest.Entry e = manifest.entryOf(from);
    if (e == null
        || e.index() != s.index()
        || s.length() != MasterKey.LENGTH
        || !s.worldId().constantTimeEquals(manifest.worldId())
        || !s.commitment().constantTimeEquals(e.commitment())) {
      throw new WorldCheckException(
          CheckReason.SHARE_INTEGRITY,
          "the share of " + from + " does not match the commitment recorded for it");
    }
  }

  /** Interpolation and the key-check value, without the share checks (tests bypass them). */
  MasterKey interpolate(SplitManifest manifest, List<KeyShare> shares) throws WorldCheckException {
    List<ShamirShare> points = new ArrayList<>(shares.size());
    for (KeyShare s : shares) {
      points.add(s.point());
    }
    byte[] key;
    try {
      key = sharing.combine(SecretAccess.explicitly(), points);
    } catch (IllegalArgumentException e) {
      throw new WorldCheckException(CheckReason.RECONSTRUCTION_FAILED, e.getMessage());
    } finally {
      points.forEach(ShamirShare::destroy);
    }
    if (key.length != MasterKey.LENGTH) {
      SecretBytes.wipe(key);
      throw new WorldCheckException(CheckReason.RECONSTRUCTION_FAILED, "wrong key length");
    }
    Bytes kcv = MasterKey.kcv(key, manifest.worldId(), manifest.epoch());
    if (!kcv.constantTimeEquals(manifest.kcv())) {
      SecretBytes.wipe(key);
      throw new WorldCheckException(
          CheckReason.RECONSTRUCTION_FAILED,
          "the combined key does not match the key-check value of epoch " + manifest.epoch());
    }
    return MasterKey.adopt(key, manifest.epoch());
  }
}
