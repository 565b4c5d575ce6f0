package org.mtlab.key;

/**
 * Who sent a message: the one place where MTProto's direction parameter x is defined.
 *
 * <ul>
 *   <li>{@link #CLIENT}: client to server, x = 0; client msg_ids are 0 mod 4.
 *   <li>{@link #SERVER}: server to client, x = 8; server msg_ids are 1 mod 4 (replies) or 3 mod 4
 *       (other messages).
 * </ul>
 */
public enum Sender {
  /** Client to server: x = 0. */
  CLIENT(0),
  /** Server to client: x = 8. */
  SERVER(8);

  private final int x;

  Sender(int x) {
    this.x = x;
  }

  /** The x of MTProto's formulas: 0 for the client, 8 for the server. */
  public int x() {
    return x;
  }

  /** The other side. */
  public Sender opposite() {
    return this == CLIENT ? SERVER : CLIENT;
  }

  /** True when {@code msgId}'s two low bits are allowed for a message from this sender. */
  public boolean isValidMsgIdParity(long msgId) {
    int low = (int) (msgId & 3);
    return this == CLIENT ? low == 0 : (low == 1 || low == 3);
  }

  /** Parses "client" or "server" (any case). */
  public static Sender parse(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "client" -> CLIENT;
      case "server" -> SERVER;
      default ->
          throw new IllegalArgumentException("sender must be client or server, got '" + name + "'");
    };
  }
}
