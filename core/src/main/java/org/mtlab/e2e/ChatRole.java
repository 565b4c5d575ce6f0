package org.mtlab.e2e;

import org.mtlab.key.Sender;

/**
 * Which side of a secret chat a device is (docs/protocol.md §8.2, §8.3).
 *
 * <ul>
 *   <li>{@link #ORIGINATOR}: device A, which requested the chat. Its messages use x = 0 in msg_key
 *       and the key derivation; its out_seq_no values are odd and its in_seq_no values even.
 *   <li>{@link #RESPONDER}: device B, which accepted it. x = 8; out_seq_no even, in_seq_no odd.
 * </ul>
 *
 * <p>Immutable.
 */
public enum ChatRole {
  /** Device A, the chat's creator: x = 0. */
  ORIGINATOR,
  /** Device B, the other side: x = 8. */
  RESPONDER;

  /** The x of the MTProto 2.0 formulas for messages from this side: 0 or 8. */
  public int x() {
    return sender().x();
  }

  /** The other side. */
  public ChatRole peer() {
    return this == ORIGINATOR ? RESPONDER : ORIGINATOR;
  }

  /**
   * The one place where a chat side becomes the message layer's {@link Sender}, so that the cloud
   * KDF ({@code MsgKey.compute}, {@code MessageKdf.derive}) can be reused unchanged: the
   * originator's messages take the client's x = 0, the responder's the server's x = 8.
   */
  Sender sender() {
    return this == ORIGINATOR ? Sender.CLIENT : Sender.SERVER;
  }

  /** The low bit of this side's out_seq_no on the wire: 1 for the originator, 0 otherwise. */
  int outParity() {
    return this == ORIGINATOR ? 1 : 0;
  }

  /** The low bit of this side's in_seq_no on the wire: the opposite of {@link #outParity()}. */
  int inParity() {
    return 1 - outParity();
  }

  /**
   * This side's code in a saved chat state ({@link SecretChat#toState}): 0 for the originator, 1
   * for the responder. Fixed: saved states must stay readable whatever the enum's order.
   */
  int stateCode() {
    return this == ORIGINATOR ? 0 : 1;
  }

  /**
   * The side of {@code code} ({@link #stateCode()}).
   *
   * @throws IllegalArgumentException for any other code
   */
  static ChatRole ofStateCode(int code) {
    return switch (code) {
      case 0 -> ORIGINATOR;
      case 1 -> RESPONDER;
      default -> throw new IllegalArgumentException("secret chat state is malformed");
    };
  }
}
