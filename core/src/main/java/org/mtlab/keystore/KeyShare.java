package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.SecretBytes;

/**
 * One custodian's share of the master key, bound to where it belongs: the world's id, the key
 * epoch, its index (the Shamir x-coordinate) and its custodian's jurisdiction.
 *
 * <p><b>Binding and authentication.</b> When the key is split, a commitment to every share, {@code
 * SHA-256("mtlab/share" || world id || epoch || index || jurisdiction || y)}, goes into the {@link
 * SplitManifest}, which every data centre records. A share is combined only if its commitment
 * matches the manifest's entry for its index and jurisdiction (compared in constant time), so a
 * share moved to another custodian, epoch or world, relabelled, or with one bit flipped is refused
 * before any interpolation ({@link Custody}). The commitment reveals nothing useful: the share's 32
 * bytes are uniformly random to anyone without {@code t} shares.
 *
 * <p>Encoded form (what a custodian stores, {@link #encode}): {@code "MTKS" 01 | u8 len, world id |
 * i64 epoch | u16 index | u8 len, jurisdiction | u16 len, y}. {@link #decode} accepts exactly that
 * and gives {@link CheckReason#SHARE_MALFORMED} for anything else.
 *
 * <p>Thread-safe for reading; {@link #destroy()} zeroes the share bytes. Never printed.
 */
public final class KeyShare implements Destroyable {
  private static final byte[] MAGIC = {'M', 'T', 'K', 'S', 1};
  private static final int MAX_Y = 1024;

  private final Bytes worldId;
  private final long epoch;
  private final int index;
  private final Jurisdiction custodian;
  private final SecretBytes y;

  private KeyShare(Bytes worldId, long epoch, int index, Jurisdiction custodian, SecretBytes y) {
    this.worldId = worldId;
    this.epoch = epoch;
    this.index = index;
    this.custodian = custodian;
    this.y = y;
  }

  /**
   * A share, copying {@code y}. The index is range-checked only when combining, so that tests can
   * build the shares that must be refused.
   */
  public static KeyShare of(
      Bytes worldId, long epoch, int index, Jurisdiction custodian, byte[] y) {
    Objects.requireNonNull(worldId, "worldId");
    Objects.requireNonNull(custodian, "custodian");
    Objects.requireNonNull(y, "y");
    if (index < 0 || index > 0xFFFF) {
      throw new IllegalArgumentException("index " + index + " does not fit the encoding");
    }
    if (y.length == 0 || y.length > MAX_Y) {
      throw new IllegalArgumentException("share length " + y.length + " is outside 1..1024");
    }
    return new KeyShare(
        worldId, epoch, index, custodian, SecretBytes.copyOf(y, 0, y.length, "KeyShare"));
  }

  /**
   * Decodes {@link #encode}'s form.
   *
   * @throws CheckFailedException {@link CheckReason#SHARE_MALFORMED} for anything else
   */
  public static KeyShare decode(byte[] encoded) throws CheckFailedException {
    Objects.requireNonNull(encoded, "encoded");
    Codec.Reader r = new Codec.Reader(encoded, CheckReason.SHARE_MALFORMED);
    r.magic(MAGIC);
    byte[] world = r.bytes8();
    long epoch = r.i64();
    int index = r.u16();
    Jurisdiction j = r.jurisdiction();
    byte[] y = r.bytes16();
    r.end();
    if (world.length == 0 || y.length == 0 || y.length > MAX_Y) {
      SecretBytes.wipe(y);
      throw r.fail();
    }
    return new KeyShare(Bytes.copyOf(world), epoch, index, j, SecretBytes.adopt(y, "KeyShare"));
  }

  /** The encoded form, secret bytes included: for the custodian's own store only. */
  public byte[] encode(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return encodeInternal();
  }

  byte[] encodeInternal() {
    Codec.Writer w = new Codec.Writer();
    w.raw(MAGIC).bytes8(worldId.toByteArray()).i64(epoch).u16(index).ascii8(custodian.code());
    w.bytes16(y.unsafeArray());
    byte[] out = w.toByteArray();
    w.wipe();
    return out;
  }

  /** The world the share belongs to. */
  public Bytes worldId() {
    return worldId;
  }

  /** The key epoch it was split at. */
  public long epoch() {
    return epoch;
  }

  /** Its Shamir index (x-coordinate). */
  public int index() {
    return index;
  }

  /** The custodian (jurisdiction) it belongs to. */
  public Jurisdiction custodian() {
    return custodian;
  }

  /** The number of share bytes. */
  public int length() {
    return y.length();
  }

  /** This share with its index and bytes only (for interpolation inside {@link Custody}). */
  ShamirShare point() {
    return ShamirShare.of(index, y.unsafeArray());
  }

  /** The commitment recorded in the manifest for this share. */
  Bytes commitment() {
    return commitment(worldId, epoch, index, custodian, y.unsafeArray());
  }

  static Bytes commitment(Bytes worldId, long epoch, int index, Jurisdiction custodian, byte[] y) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("mtlab/share".getBytes(StandardCharsets.US_ASCII));
      Codec.Writer w = new Codec.Writer();
      w.bytes8(worldId.toByteArray()).i64(epoch).u16(index).ascii8(custodian.code());
      d.update(w.toByteArray());
      d.update(y);
      return Bytes.copyOf(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public void destroy() {
    y.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return y.isDestroyed();
  }

  /** Shows where the share belongs, never its bytes. */
  @Override
  public String toString() {
    return "KeyShare[" + custodian + ", index=" + index + ", epoch=" + epoch + ", redacted]";
  }
}
