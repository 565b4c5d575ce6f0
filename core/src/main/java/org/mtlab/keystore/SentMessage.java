package org.mtlab.keystore;

import java.util.Objects;

/**
 * The receipt of a message the storage data centre committed (durably) and the server delivered to
 * the recipient's device.
 *
 * <p>Immutable.
 *
 * @param chat the chat
 * @param index its position in the chat
 * @param keyEpoch the epoch of the data key it is encrypted under (0 for a secret chat)
 */
public record SentMessage(ChatId chat, long index, long keyEpoch) {
  /** Checks for nulls. */
  public SentMessage {
    Objects.requireNonNull(chat, "chat");
  }
}
