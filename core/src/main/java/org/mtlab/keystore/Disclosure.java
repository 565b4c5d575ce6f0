package org.mtlab.keystore;

import java.util.List;
import java.util.Objects;
import org.mtlab.CheckReason;

/**
 * What a set of legal orders obtained: the chat disclosed or withheld, why, how many custodian
 * jurisdictions released shares against the threshold, which orders were refused and why, and the
 * messages (none unless disclosed).
 *
 * <p>Immutable.
 *
 * @param chat the chat the orders named
 * @param outcome disclosed, or why not
 * @param why the reason in words
 * @param sharesReleased how many custodian jurisdictions released their share
 * @param threshold the threshold t
 * @param releasedBy the custodians that released, in order
 * @param ciphertextReleased whether the storage data centre handed over the chat's rows
 * @param refused the refused orders
 * @param messages the disclosed messages (empty unless {@link #disclosed()})
 */
public record Disclosure(
    ChatId chat,
    Outcome outcome,
    String why,
    int sharesReleased,
    int threshold,
    List<Jurisdiction> releasedBy,
    boolean ciphertextReleased,
    List<Refusal> refused,
    List<ChatMessage> messages) {

  /** Disclosed, or the first reason it was not. */
  public enum Outcome {
    /** The chat's plaintext was recovered. */
    DISCLOSED,
    /** A secret chat: no data-centre key opens its rows, whatever the orders. */
    SECRET_CHAT,
    /** Fewer than t custodian jurisdictions released shares; nothing was combined. */
    TOO_FEW_SHARES,
    /** No valid order from the storage jurisdiction, so there is no ciphertext to open. */
    NO_CIPHERTEXT,
    /** The released shares failed a check (integrity, epoch...) or did not open the rows. */
    KEY_CHECK_FAILED
  }

  /**
   * A refused order. Immutable.
   *
   * @param order the order
   * @param reason the check ({@link CheckReason#ORDER_REJECTED}, {@link
   *     CheckReason#AUDIT_APPEND_FAILED}...)
   * @param why in words
   */
  public record Refusal(LegalOrder order, CheckReason reason, String why) {
    /** Checks for nulls. */
    public Refusal {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(why, "why");
    }
  }

  /** Copies the lists. */
  public Disclosure {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(why, "why");
    releasedBy = List.copyOf(releasedBy);
    refused = List.copyOf(refused);
    messages = List.copyOf(messages);
    if (outcome != Outcome.DISCLOSED && !messages.isEmpty()) {
      throw new IllegalArgumentException("a withheld chat discloses no message");
    }
  }

  /** True when the chat was disclosed. */
  public boolean disclosed() {
    return outcome == Outcome.DISCLOSED;
  }
}
