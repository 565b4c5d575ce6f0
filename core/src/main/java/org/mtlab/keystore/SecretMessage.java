package org.mtlab.keystore;

import java.util.Objects;

/**
 * A secret-chat message as one of the two devices sees it, decrypted on that device: the text
 * exists only there and on the peer's device, never in a data centre.
 *
 * <p>Immutable.
 *
 * @param chat the secret chat
 * @param index its row in the storage data centre (where only its end-to-end ciphertext is)
 * @param from the sender
 * @param text the plaintext
 */
public record SecretMessage(ChatId chat, long index, UserId from, String text) {
  /** Checks for nulls, that the chat is a secret one, and that the sender is in it. */
  public SecretMessage {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    if (chat.kind() != ChatKind.SECRET) {
      throw new IllegalArgumentException(chat + " is not a secret chat");
    }
    if (!chat.includes(from)) {
      throw new IllegalArgumentException(from + " is not in chat " + chat);
    }
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, got " + index);
    }
  }
}
