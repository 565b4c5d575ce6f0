package org.mtlab.keystore;

import java.util.Objects;
import org.mtlab.bytes.Bytes;

/**
 * A copy of another data centre's audit-trail head, kept by {@code holder}: that trail had entry
 * {@code seq} with hash {@code hash}. A trail cut shorter than an anchor, or rewritten below it, no
 * longer matches.
 *
 * <p>Immutable.
 *
 * @param holder the data centre keeping the anchor
 * @param of the data centre whose trail it anchors
 * @param seq the anchored entry
 * @param hash that entry's hash
 */
public record AuditAnchor(Jurisdiction holder, Jurisdiction of, long seq, Bytes hash) {
  /** Checks for nulls. */
  public AuditAnchor {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(of, "of");
    Objects.requireNonNull(hash, "hash");
  }
}
