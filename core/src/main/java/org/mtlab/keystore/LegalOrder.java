package org.mtlab.keystore;

import java.time.Instant;
import java.util.Objects;

/**
 * A court order: issued in one jurisdiction, served on the data centre of a jurisdiction (normally
 * its own), for one chat, under a reference. A custodian releases its share only for a valid order
 * issued in its own jurisdiction, once per reference; the storage data centre hands over a chat's
 * ciphertext only for an order from its own jurisdiction. Valid means: issued no later than now and
 * less than {@link World#ORDER_VALIDITY} ago.
 *
 * <p>Immutable.
 *
 * @param issuedIn the jurisdiction whose court issued it
 * @param servedOn the jurisdiction whose data centre it is served on
 * @param chat the chat it names
 * @param reference the order's reference (1..200 printable characters), unique per data centre
 * @param issuedAt when it was issued
 */
public record LegalOrder(
    Jurisdiction issuedIn, Jurisdiction servedOn, ChatId chat, String reference, Instant issuedAt) {
  /** Checks the fields. */
  public LegalOrder {
    Objects.requireNonNull(issuedIn, "issuedIn");
    Objects.requireNonNull(servedOn, "servedOn");
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (reference.isEmpty()
        || reference.length() > 200
        || !reference.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("an order reference is 1..200 printable ASCII");
    }
  }

  /** An order issued in {@code jurisdiction} and served on its own data centre. */
  public static LegalOrder of(
      Jurisdiction jurisdiction, ChatId chat, String reference, Instant issuedAt) {
    return new LegalOrder(jurisdiction, jurisdiction, chat, reference, issuedAt);
  }
}
