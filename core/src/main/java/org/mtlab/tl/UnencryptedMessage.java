package org.mtlab.tl;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.key.Sender;

/**
 * A plain (unencrypted) MTProto message, the wrapper of every handshake packet (docs/protocol.md
 * section 2.1):
 *
 * <pre>
 *   offset 0   8 bytes  auth_key_id = 0
 *   offset 8   8 bytes  msg_id (long)
 *   offset 16  4 bytes  message_data_length (int)
 *   offset 20  L bytes  message_data (one boxed TL object)
 * </pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param msgId the message id
 * @param messageData the TL object's bytes
 */
public record UnencryptedMessage(long msgId, Bytes messageData) {
  /** Length of the header before message_data. */
  public static final int HEADER_LENGTH = 20;

  /** Validates that message_data is present. */
  public UnencryptedMessage {
    Objects.requireNonNull(messageData, "messageData");
  }

  /** Wraps a handshake object. */
  public static UnencryptedMessage of(long msgId, HandshakeMessage message) {
    return new UnencryptedMessage(msgId, Objects.requireNonNull(message, "message").toBytes());
  }

  /** The packet bytes: zero auth_key_id, msg_id, length, data. */
  public byte[] toByteArray() {
    int len = messageData.length();
    byte[] out = new byte[HEADER_LENGTH + len];
    LittleEndian.putLong(out, 8, msgId);
    LittleEndian.putInt(out, 16, len);
    messageData.copyTo(out, HEADER_LENGTH);
    return out;
  }

  /**
   * Parses a packet. The header checks are public framing checks, each with its own reason.
   *
   * <p>message_data is capped at {@link HandshakeMessage#MAX_OBJECT_LENGTH} (632 bytes, the longest
   * handshake object): a longer packet is refused before anything is copied.
   *
   * @throws CheckFailedException FRAME_MALFORMED if the packet is shorter than the header,
   *     message_data_length does not equal the bytes that follow, or is over the cap;
   *     AUTH_KEY_ID_MISMATCH if auth_key_id is not zero (an encrypted message)
   */
  public static UnencryptedMessage parse(byte[] packet) throws CheckFailedException {
    Objects.requireNonNull(packet, "packet");
    if (packet.length < HEADER_LENGTH
        || packet.length > HEADER_LENGTH + HandshakeMessage.MAX_OBJECT_LENGTH) {
      throw new CheckFailedException(CheckReason.FRAME_MALFORMED);
    }
    if (LittleEndian.getLong(packet, 0) != 0) {
      throw new CheckFailedException(CheckReason.AUTH_KEY_ID_MISMATCH);
    }
    long msgId = LittleEndian.getLong(packet, 8);
    int len = LittleEndian.getInt(packet, 16);
    if (len < 0 || len != packet.length - HEADER_LENGTH) {
      throw new CheckFailedException(CheckReason.FRAME_MALFORMED);
    }
    return new UnencryptedMessage(msgId, Bytes.copyOf(packet, HEADER_LENGTH, len));
  }

  /**
   * The handshake object in message_data.
   *
   * @throws CheckFailedException TL_MALFORMED if it is not exactly one known object
   */
  public HandshakeMessage message() throws CheckFailedException {
    return HandshakeMessage.parse(messageData.toByteArray());
  }

  /**
   * The handshake object in message_data, after checking that msg_id has the low bits of a message
   * from {@code sender}.
   *
   * @throws CheckFailedException MSG_ID_PARITY for another side's msg_id, then as {@link
   *     #message()}
   */
  public HandshakeMessage messageFrom(Sender sender) throws CheckFailedException {
    if (!Objects.requireNonNull(sender, "sender").isValidMsgIdParity(msgId)) {
      throw new CheckFailedException(CheckReason.MSG_ID_PARITY);
    }
    return message();
  }
}
