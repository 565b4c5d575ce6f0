package org.mtlab.keystore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.mtlab.bytes.Bytes;

/**
 * A message of a chat as a reader (or a disclosure) sees it: for a cloud chat the plaintext, for a
 * secret chat the opaque end-to-end bytes the devices exchanged.
 *
 * <p>Immutable.
 *
 * @param chat the chat
 * @param index its position in the chat, from 0
 * @param from the sender
 * @param to the recipient
 * @param storedAt when the storage data centre committed it
 * @param body the plaintext (UTF-8) of a cloud message, or a secret chat's wire bytes
 */
public record ChatMessage(
    ChatId chat, long index, UserId from, UserId to, Instant storedAt, Bytes body) {
  /** Checks for nulls. */
  public ChatMessage {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(storedAt, "storedAt");
    Objects.requireNonNull(body, "body");
  }

  /** The text of a cloud message. */
  public String text() {
    if (chat.kind() != ChatKind.CLOUD) {
      throw new IllegalStateException("a secret chat's message is opaque end-to-end bytes");
    }
    return new String(body.toByteArray(), StandardCharsets.UTF_8);
  }
}
