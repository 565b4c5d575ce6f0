package org.mtlab.keystore;

import java.util.List;
import java.util.Objects;
import org.mtlab.CheckReason;

/**
 * What a set of legal orders obtained: the chat disclosed or withheld, why, how many custodian
 * jurisdictions released shares against the threshold, which orders were refused and why, the
 * messages (none unless disclosed) and, for a secret chat, the ciphertext the storage data centre
 * handed over: its rows exactly as stored, each the end-to-end wire value key_fingerprint + msg_key
 * + AES-256-IGE ciphertext (docs/protocol.md §8.2), which only the two devices' chat key opens
 * (docs/security.md K11).
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
 * @param ciphertext a secret chat's rows as the storage data centre handed them over, in row order,
 *     each {@link ChatMessage#body()} the end-to-end wire value (empty unless the outcome is {@link
 *     Outcome#SECRET_CHAT} and {@code ciphertextReleased})
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
    List<ChatMessage> messages,
    List<ChatMessage> ciphertext) {

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

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if a withheld chat lists messages, or ciphertext is listed for
   *     anything but a secret chat whose rows were handed over, or for another chat
   */
  public Disclosure {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(why, "why");
    releasedBy = List.copyOf(releasedBy);
    refused = List.copyOf(refused);
    messages = List.copyOf(messages);
    ciphertext = List.copyOf(ciphertext);
    if (outcome != Outcome.DISCLOSED && !messages.isEmpty()) {
      throw new IllegalArgumentException("a withheld chat discloses no message");
    }
    if (!ciphertext.isEmpty() && (outcome != Outcome.SECRET_CHAT || !ciphertextReleased)) {
      throw new IllegalArgumentException(
          "only a secret chat whose rows were handed over lists ciphertext");
    }
    for (ChatMessage m : ciphertext) {
      if (!m.chat().equals(chat)) {
        throw new IllegalArgumentException(
            "ciphertext of " + m.chat() + " in a disclosure of " + chat);
      }
    }
  }

  /** True when the chat was disclosed. */
  public boolean disclosed() {
    return outcome == Outcome.DISCLOSED;
  }
}
