package org.mtlab.keystore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * The public record of one split of the master key, kept by every data centre: the world, the
 * epoch, the threshold, each custodian's index and share commitment, and the key-check value of the
 * master key. It holds no secret: commitments and the key-check value are one-way functions of
 * high-entropy values.
 *
 * <p>Encoded form ({@link #encode}): {@code "MTSM" 01 | u8 len, world id | i64 epoch | u16
 * threshold | u16 count | count x (u16 index, u8 len, jurisdiction, 32-byte commitment) | u8 len,
 * kcv}. {@link #decode} gives the caller's reason for anything else.
 *
 * <p>Immutable.
 *
 * @param worldId the world
 * @param epoch the key epoch of this split
 * @param threshold the threshold t
 * @param entries one entry per custodian, in index order
 * @param kcv the master key's key-check value
 */
public record SplitManifest(
    Bytes worldId, long epoch, int threshold, List<Entry> entries, Bytes kcv) {
  private static final byte[] MAGIC = {'M', 'T', 'S', 'M', 1};
  private static final int COMMITMENT_LENGTH = 32;

  /**
   * One custodian's line. Immutable.
   *
   * @param index its share index
   * @param custodian its jurisdiction
   * @param commitment the commitment to its share
   */
  public record Entry(int index, Jurisdiction custodian, Bytes commitment) {
    /** Checks the fields. */
    public Entry {
      Objects.requireNonNull(custodian, "custodian");
      Objects.requireNonNull(commitment, "commitment");
      if (index < 1 || index > SecretSharing.MAX_SHARES) {
        throw new IllegalArgumentException("index " + index + " is outside 1..255");
      }
      if (commitment.length() != COMMITMENT_LENGTH) {
        throw new IllegalArgumentException("a commitment is 32 bytes");
      }
    }
  }

  /** Checks the fields. */
  public SplitManifest {
    Objects.requireNonNull(worldId, "worldId");
    Objects.requireNonNull(kcv, "kcv");
    entries = List.copyOf(entries);
    if (threshold < 2 || threshold > entries.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " does not fit the entries");
    }
    if (epoch < 1) {
      throw new IllegalArgumentException("epochs start at 1");
    }
  }

  /** The entry of share {@code index}, or null. */
  public Entry entry(int index) {
    for (Entry e : entries) {
      if (e.index() == index) {
        return e;
      }
    }
    return null;
  }

  /** The entry of {@code custodian}, or null. */
  public Entry entryOf(Jurisdiction custodian) {
    for (Entry e : entries) {
      if (e.custodian().equals(custodian)) {
        return e;
      }
    }
    return null;
  }

  /** The encoded form. */
  public byte[] encode() {
    Codec.Writer w = new Codec.Writer();
    w.raw(MAGIC).bytes8(worldId.toByteArray()).i64(epoch).u16(threshold).u16(entries.size());
    for (Entry e : entries) {
      w.u16(e.index()).ascii8(e.custodian().code()).raw(e.commitment().toByteArray());
    }
    w.bytes8(kcv.toByteArray());
    return w.toByteArray();
  }

  /**
   * Decodes {@link #encode}'s form.
   *
   * @throws CheckFailedException with {@code reason} for anything else
   */
  public static SplitManifest decode(byte[] encoded, CheckReason reason)
      throws CheckFailedException {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(reason, "reason");
    Codec.Reader r = new Codec.Reader(encoded, reason);
    r.magic(MAGIC);
    byte[] world = r.bytes8();
    long epoch = r.i64();
    int threshold = r.u16();
    int count = r.u16();
    if (count > SecretSharing.MAX_SHARES) {
      throw r.fail();
    }
    List<Entry> entries = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        int index = r.u16();
        Jurisdiction j = r.jurisdiction();
        entries.add(new Entry(index, j, Bytes.copyOf(r.raw(COMMITMENT_LENGTH))));
      }
      byte[] kcv = r.bytes8();
      r.end();
      if (world.length == 0 || kcv.length != MasterKey.KCV_LENGTH) {
        throw r.fail();
      }
      return new SplitManifest(Bytes.copyOf(world), epoch, threshold, entries, Bytes.copyOf(kcv));
    } catch (IllegalArgumentException e) {
      throw r.fail();
    }
  }
}
