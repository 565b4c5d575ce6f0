package org.mtlab.e2e;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * {@code decryptedMessageLayer#1be31789 random_bytes:bytes layer:int in_seq_no:int out_seq_no:int
 * message:DecryptedMessage}: what a secret-chat message encrypts (docs/protocol.md §8.2), preceded
 * on the wire by its length as an int32.
 *
 * <p>Sequence numbers are wire values ({@code 2 * raw + parity}, §8.3). random_bytes must be at
 * least 15 bytes.
 *
 * <p>Immutable.
 *
 * @param randomBytes at least 15 random bytes
 * @param layer the sender's layer
 * @param inSeqNo the sender's in_seq_no (wire value)
 * @param outSeqNo the sender's out_seq_no (wire value)
 * @param message the message
 */
public record DecryptedMessageLayer(
    Bytes randomBytes, int layer, int inSeqNo, int outSeqNo, ChatMessage message) {
  /** Constructor id. */
  public static final int ID = 0x1be31789;

  /** The least number of random bytes. */
  public static final int MIN_RANDOM_BYTES = 15;

  /** Checks for null and the length of random_bytes. */
  public DecryptedMessageLayer {
    Objects.requireNonNull(randomBytes, "randomBytes");
    Objects.requireNonNull(message, "message");
    if (randomBytes.length() < MIN_RANDOM_BYTES) {
      throw new IllegalArgumentException(
          "random_bytes must be at least "
              + MIN_RANDOM_BYTES
              + " bytes, got "
              + randomBytes.length());
    }
  }

  /** The TL serialization (without the int32 length that precedes it in a message). */
  public byte[] toByteArray() {
    // Room for the fields and, for a text, its characters: an ASCII text never makes it grow.
    int hint = message instanceof ChatMessage.Text t ? t.text().length() : 0;
    TlWriter w = new TlWriter(64 + randomBytes.length() + hint);
    w.writeInt(ID).writeBytes(randomBytes).writeInt(layer).writeInt(inSeqNo).writeInt(outSeqNo);
    message.writeTo(w);
    return w.toByteArray();
  }

  /**
   * Reads exactly {@code buf[off, off + len)} as one layer object.
   *
   * @throws CheckFailedException TL_MALFORMED if the bytes are not exactly one such object that
   *     this library speaks (see {@link ChatMessage} and {@link ChatAction}), or random_bytes is
   *     shorter than 15 bytes
   */
  public static DecryptedMessageLayer parse(byte[] buf, int off, int len)
      throws CheckFailedException {
    TlReader r = new TlReader(buf, off, len);
    r.expectConstructor(ID);
    byte[] random = r.readBytes();
    if (random.length < MIN_RANDOM_BYTES) {
      throw TlReader.malformed();
    }
    int layer = r.readInt();
    int in = r.readInt();
    int out = r.readInt();
    ChatMessage message = ChatMessage.readFrom(r);
    r.expectEnd();
    return new DecryptedMessageLayer(Bytes.copyOf(random), layer, in, out, message);
  }
}
