package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import org.mtlab.bytes.Bytes;

/**
 * One entry of a data centre's audit trail: what it released, stored or refused, and when. Each
 * entry's hash covers the previous entry's hash, so the trail is a chain: {@code hash =
 * SHA-256(prevHash || seq || time || data centre || action || subject || detail)}, fields
 * length-prefixed; the first entry's {@code prevHash} is {@link #genesis}. No entry holds a key,
 * share or plaintext byte.
 *
 * <p>Immutable.
 *
 * @param seq its position, from 1
 * @param time when it was written (milliseconds precision)
 * @param dataCentre whose trail it is in
 * @param action what happened, for example {@code RELEASED_SHARE}
 * @param subject what it concerns (a chat, an order reference, a user), may be empty
 * @param detail free text, may be empty
 * @param prevHash the previous entry's hash
 * @param hash this entry's hash
 */
public record AuditEntry(
    long seq,
    Instant time,
    Jurisdiction dataCentre,
    String action,
    String subject,
    String detail,
    Bytes prevHash,
    Bytes hash) {
  /** Checks for nulls. */
  public AuditEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(dataCentre, "dataCentre");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }

  /** The chain's starting value for {@code dataCentre} of world {@code worldId}. */
  public static Bytes genesis(Bytes worldId, Jurisdiction dataCentre) {
    MessageDigest d = sha256();
    d.update("mtlab/audit".getBytes(StandardCharsets.US_ASCII));
    d.update(worldId.toByteArray());
    d.update(dataCentre.code().getBytes(StandardCharsets.US_ASCII));
    return Bytes.copyOf(d.digest());
  }

  /** The hash an entry with these fields must carry. */
  public static Bytes computeHash(
      Bytes prevHash,
      long seq,
      Instant time,
      Jurisdiction dataCentre,
      String action,
      String subject,
      String detail) {
    MessageDigest d = sha256();
    d.update(prevHash.toByteArray());
    d.update(MasterKey.longBytes(seq));
    d.update(MasterKey.longBytes(time.toEpochMilli()));
    for (String s : new String[] {dataCentre.code(), action, subject, detail}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      d.update(MasterKey.longBytes(b.length));
      d.update(b);
    }
    return Bytes.copyOf(d.digest());
  }

  /** True when {@link #hash} is the hash of the other fields. */
  public boolean hashMatches() {
    return hash.equals(computeHash(prevHash, seq, time, dataCentre, action, subject, detail));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
