package org.mtlab.keystore;

import java.util.Objects;

/**
 * A chat between two distinct users, of one {@link ChatKind}. The users are kept in name order, so
 * {@code of(kind, a, b)} and {@code of(kind, b, a)} are the same chat. Its text form is {@code
 * "alice:bob"} for a cloud chat and {@code "secret:alice:bob"} for a secret chat.
 *
 * <p>Immutable.
 *
 * @param kind cloud or secret
 * @param first the user whose name sorts first
 * @param second the other user
 */
public record ChatId(ChatKind kind, UserId first, UserId second) {
  private static final String SECRET_PREFIX = "secret:";

  /**
   * Checks that the users are distinct and in order.
   *
   * @throws IllegalArgumentException if they are equal or out of order
   */
  public ChatId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    if (first.compareTo(second) >= 0) {
      throw new IllegalArgumentException(
          "a chat needs two distinct users in name order, not " + first + " and " + second);
    }
  }

  /** The chat of {@code kind} between {@code a} and {@code b}, in either order. */
  public static ChatId of(ChatKind kind, UserId a, UserId b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return a.compareTo(b) <= 0 ? new ChatId(kind, a, b) : new ChatId(kind, b, a);
  }

  /** The cloud chat between {@code a} and {@code b}. */
  public static ChatId cloud(UserId a, UserId b) {
    return of(ChatKind.CLOUD, a, b);
  }

  /** The secret chat between {@code a} and {@code b}. */
  public static ChatId secret(UserId a, UserId b) {
    return of(ChatKind.SECRET, a, b);
  }

  /**
   * Parses {@code "a:b"} (cloud) or {@code "secret:a:b"}.
   *
   * @throws IllegalArgumentException naming the text if it is not of that form
   */
  public static ChatId parse(String text) {
    Objects.requireNonNull(text, "text");
    ChatKind kind = ChatKind.CLOUD;
    String rest = text;
    if (text.startsWith(SECRET_PREFIX)) {
      kind = ChatKind.SECRET;
      rest = text.substring(SECRET_PREFIX.length());
    }
    int colon = rest.indexOf(':');
    if (colon < 0 || rest.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "chat '" + text + "' is not of the form USER:USER or secret:USER:USER");
    }
    return of(kind, UserId.of(rest.substring(0, colon)), UserId.of(rest.substring(colon + 1)));
  }

  /** True when {@code user} is one of the two. */
  public boolean includes(UserId user) {
    return first.equals(user) || second.equals(user);
  }

  /** The other user of the chat. */
  public UserId peerOf(UserId user) {
    if (first.equals(user)) {
      return second;
    }
    if (second.equals(user)) {
      return first;
    }
    throw new IllegalArgumentException(user + " is not in chat " + this);
  }

  /** The text form, {@code "alice:bob"} or {@code "secret:alice:bob"}. */
  public String text() {
    return (kind == ChatKind.SECRET ? SECRET_PREFIX : "") + first.name() + ":" + second.name();
  }

  @Override
  public String toString() {
    return text();
  }
}
