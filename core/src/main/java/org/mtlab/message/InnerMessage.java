package org.mtlab.message;

import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * The plaintext inside an encrypted message, without its padding (docs/protocol.md §2.2):
 *
 * <pre>
 *   offset  size  field
 *        0     8  server salt
 *        8     8  session_id
 *       16     8  msg_id
 *       24     4  seq_no
 *       28     4  message_data_length  (L, in bytes)
 *       32     L  message_data
 *     32+L     P  padding, 12 &lt;= P &lt;= 1024, (32 + L + P) mod 16 == 0   (not part of this type)
 * </pre>
 *
 * <p>All integers are little-endian. {@code message_data} must be a whole number of 4-byte words
 * (TL objects always are) and at most 2^24 bytes; anything else is a caller mistake ({@link
 * IllegalArgumentException}). {@link #toString()} shows only msg_id, seq_no and the data length:
 * message contents, salt and session id stay out of logs.
 *
 * <p>Immutable.
 *
 * @param salt the server salt
 * @param sessionId the session
 * @param msgId the message id
 * @param seqNo the sequence number (odd for content-related messages)
 * @param data the message data (a serialized TL object)
 */
public record InnerMessage(
    ServerSalt salt, SessionId sessionId, MessageId msgId, int seqNo, Bytes data) {
  /** Length of the header before message_data. */
  public static final int HEADER_LENGTH = 32;

  /** Largest message_data accepted: 2^24 bytes. */
  public static final int MAX_DATA_LENGTH = 1 << 24;

  /** Checks the data length. */
  public InnerMessage {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(data, "data");
    checkDataLength(data.length());
  }

  /** Shorthand with raw longs and a byte array (copied). */
  public static InnerMessage of(long salt, long sessionId, long msgId, int seqNo, byte[] data) {
    return new InnerMessage(
        new ServerSalt(salt),
        new SessionId(sessionId),
        new MessageId(msgId),
        seqNo,
        Bytes.copyOf(data));
  }

  /**
   * Reads an inner message, without padding, from {@code buf[off, off + len)}: the 32-byte header,
   * then exactly message_data_length bytes. This is the layout that {@link MessageOpener#openInto}
   * writes.
   *
   * @throws IllegalArgumentException if the region is not a well-formed inner message
   */
  public static InnerMessage readFrom(byte[] buf, int off, int len) {
    Objects.requireNonNull(buf, "buf");
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len < HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "an inner message is at least " + HEADER_LENGTH + " bytes, got " + len);
    }
    int dataLength = LittleEndian.getInt(buf, off + 28);
    if (dataLength != len - HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "message_data_length "
              + dataLength
              + " does not match the "
              + (len - HEADER_LENGTH)
              + " bytes after the header");
    }
    return new InnerMessage(
        ServerSalt.fromWire(buf, off),
        SessionId.fromWire(buf, off + 8),
        MessageId.fromWire(buf, off + 16),
        LittleEndian.getInt(buf, off + 24),
        Bytes.copyOf(buf, off + HEADER_LENGTH, dataLength));
  }

  static void checkDataLength(int length) {
    if (length < 0 || length % 4 != 0 || length > MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "message_data must be a multiple of 4 bytes and at most 2^24 bytes, got " + length);
    }
  }

  /** True when seq_no is odd, i.e. the message is content-related and must be acknowledged. */
  public boolean isContentRelated() {
    return (seqNo & 1) != 0;
  }

  /** Length without padding: {@code 32 + message_data_length}. */
  public int length() {
    return HEADER_LENGTH + data.length();
  }

  /** Writes the header and the data (no padding) into {@code out[off, off + length())}. */
  public void writeTo(byte[] out, int off) {
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(off, length(), out.length);
    writeHeader(out, off, salt.value(), sessionId.value(), msgId.value(), seqNo, data.length());
    data.copyTo(out, off + HEADER_LENGTH);
  }

  /** The header and the data (no padding) as a new array. */
  public byte[] toByteArray() {
    byte[] out = new byte[length()];
    writeTo(out, 0);
    return out;
  }

  static void writeHeader(
      byte[] out, int off, long salt, long sessionId, long msgId, int seqNo, int dataLength) {
    LittleEndian.putLong(out, off, salt);
    LittleEndian.putLong(out, off + 8, sessionId);
    LittleEndian.putLong(out, off + 16, msgId);
    LittleEndian.putInt(out, off + 24, seqNo);
    LittleEndian.putInt(out, off + 28, dataLength);
  }

  /** Shows msg_id, seq_no and the data length only. */
  @Override
  public String toString() {
    return "InnerMessage[msgId="
        + Long.toUnsignedString(msgId.value())
        + ", seqNo="
        + seqNo
        + ", data="
        + data.length()
        + " bytes]";
  }
}
