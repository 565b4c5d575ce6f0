package org.mtlab.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * The {@code message:DecryptedMessage} inside a {@link DecryptedMessageLayer}. MTLab keeps it
 * simple and speaks two constructors:
 *
 * <ul>
 *   <li>{@link Text}: {@code decryptedMessage#91cc4674 flags:# random_id:long ttl:int
 *       message:string ...} (layer 73) with flags = 0, i.e. plain text without media, entities, bot
 *       name, reply or group. The layer-73 form is used because layer 73 is the first that is
 *       MTProto 2.0 only, the layer this library announces.
 *   <li>{@link Service}: {@code decryptedMessageService#73164160 random_id:long
 *       action:DecryptedMessageAction} (layer 17 onwards, unchanged since), for resend requests and
 *       re-keying.
 * </ul>
 *
 * <p>A message with other flags or constructors is rejected as TL_MALFORMED when read. Every
 * implementation is an immutable record.
 */
public sealed interface ChatMessage {
  /** The sender's random id of this message. */
  long randomId();

  /** Writes the boxed message (constructor id first). */
  void writeTo(TlWriter w);

  /** Reads one boxed message. */
  static ChatMessage readFrom(TlReader r) throws CheckFailedException {
    int id = r.readInt();
    if (id == Text.ID) {
      if (r.readInt() != 0) {
        throw TlReader.malformed(); // media, entities, ...: not spoken here
      }
      long randomId = r.readLong();
      int ttl = r.readInt();
      return new Text(randomId, ttl, utf8(r.readBytes()));
    }
    if (id == Service.ID) {
      long randomId = r.readLong();
      return new Service(randomId, ChatAction.readFrom(r));
    }
    throw TlReader.malformed();
  }

  /**
   * Strict UTF-8: malformed input is TL_MALFORMED. The JDK's lenient decoding replaces exactly the
   * malformed sequences the strict decoder reports with U+FFFD, so the strict (and allocating)
   * decoder runs only for a text that contains U+FFFD after the fast one.
   */
  private static String utf8(byte[] b) throws CheckFailedException {
    String fast = new String(b, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return fast;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw TlReader.malformed();
    }
  }

  /**
   * A text message.
   *
   * @param randomId the sender's random id
   * @param ttl self-destruct time in seconds (0: none)
   * @param text the text
   */
  record Text(long randomId, int ttl, String text) implements ChatMessage {
    /** Constructor id of {@code decryptedMessage} (layer 73). */
    public static final int ID = 0x91cc4674;

    /** Checks for null and a negative ttl. */
    public Text {
      Objects.requireNonNull(text, "text");
      if (ttl < 0) {
        throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
      }
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeInt(0).writeLong(randomId).writeInt(ttl);
      w.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A service message carrying an action.
   *
   * @param randomId the sender's random id
   * @param action the action
   */
  record Service(long randomId, ChatAction action) implements ChatMessage {
    /** Constructor id of {@code decryptedMessageService}. */
    public static final int ID = 0x73164160;

    /** Checks for null. */
    public Service {
      Objects.requireNonNull(action, "action");
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(randomId);
      action.writeTo(w);
    }
  }
}
