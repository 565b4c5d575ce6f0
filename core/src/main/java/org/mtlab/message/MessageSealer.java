package org.mtlab.message;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Seals inner messages into MTProto 2.0 encrypted frames for one direction of one auth key
 * (docs/protocol.md §3.4):
 *
 * <ol>
 *   <li>plaintext = salt, session_id, msg_id, seq_no, length L, message_data;
 *   <li>append P random padding bytes, {@code 12 <= P <= 1024}, {@code (32 + L + P) mod 16 == 0};
 *   <li>{@code msg_key = SHA256(auth_key[88+x : 120+x] + plaintext + padding)[8:24]} with the
 *       sender's x; derive aes_key and aes_iv; encrypt with AES-256-IGE;
 *   <li>frame = auth_key_id + msg_key + ciphertext.
 * </ol>
 *
 * <p><b>No re-encryption (docs/security.md A6).</b> Two encryptions under the same msg_id leak
 * whether their plaintexts are equal (AMPS 2022). This sealer therefore requires the msg_ids it
 * seals in one session to strictly increase, as docs/protocol.md §4.1 asks of every sender: a
 * second seal under a (session_id, msg_id) it already used, or under a lower msg_id, throws {@link
 * IllegalStateException}. A resend needs a fresh msg_id. The state is one (session, last msg_id)
 * pair per session seen, compared as unsigned numbers.
 *
 * <p><b>Padding.</b> The length comes from a {@link PaddingPolicy} (default {@link
 * PaddingPolicy#sizeBuckets()}), the bytes from the injected {@link SecureRandom}. The {@code
 * seal(message, padding)} variants take explicit padding, for test vectors and the CLI.
 *
 * <p><b>Buffers.</b> {@code sealInto} writes the frame into a caller buffer and allocates nothing
 * itself (the JDK cipher's key setup may allocate internally); it needs at most {@link
 * #maxFrameLength(int)} bytes and returns the exact length. Caller mistakes throw at once, before
 * anything is written or any state changes: {@link NullPointerException}, {@link
 * IllegalArgumentException} (wrong msg_id bits for the sender, bad data or padding length), {@link
 * IndexOutOfBoundsException} (buffer too small).
 *
 * <p>Not thread-safe: confine each instance to one thread.
 */
public final class MessageSealer {
  /** Smallest padding MTProto 2.0 allows. */
  public static final int MIN_PADDING = 12;

  /** Largest padding MTProto 2.0 allows. */
  public static final int MAX_PADDING = 1024;

  private static final int CHUNK = 32;

  private final Sender sender;
  private final SecureRandom random;
  private final PaddingPolicy paddingPolicy;
  // Package-private views for the tests that prove the wipes.
  final FrameCipher cipher;
  final byte[] randomChunk = new byte[CHUNK];

  // Last msg_id sealed in the most recent session (no boxing on the hot path), and the last
  // msg_id of every other session seen.
  private boolean anySealed;
  private long currentSession;
  private long currentLastMsgId;
  private final Map<Long, Long> otherSessions = new HashMap<>();

  /** A sealer for messages sent by {@code sender}, padding with the default policy. */
  public MessageSealer(AuthKey key, Sender sender, SecureRandom random) {
    this(key, sender, random, PaddingPolicy.standard());
  }

  /** A sealer for messages sent by {@code sender}, padding with {@code paddingPolicy}. */
  public MessageSealer(
      AuthKey key, Sender sender, SecureRandom random, PaddingPolicy paddingPolicy) {
    Objects.requireNonNull(key, "key");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.random = Objects.requireNonNull(random, "random");
    this.paddingPolicy = Objects.requireNonNull(paddingPolicy, "paddingPolicy");
    this.cipher = new FrameCipher(key, sender, CipherDirection.ENCRYPT, null);
  }

  /** Who sends the messages this sealer seals. */
  public Sender sender() {
    return sender;
  }

  /** The padding policy. */
  public PaddingPolicy paddingPolicy() {
    return paddingPolicy;
  }

  /**
   * The longest frame any padding can give for {@code dataLength} bytes of message_data: {@code 24
   * + floor16(32 + L + 1024)}.
   */
  public static int maxFrameLength(int dataLength) {
    InnerMessage.checkDataLength(dataLength);
    return EncryptedFrame.HEADER_LENGTH
        + ((InnerMessage.HEADER_LENGTH + dataLength + MAX_PADDING) & ~15);
  }

  /** The frame length for {@code dataLength} bytes of data and {@code paddingLength} of padding. */
  public static int frameLength(int dataLength, int paddingLength) {
    InnerMessage.checkDataLength(dataLength);
    checkPadding(InnerMessage.HEADER_LENGTH + dataLength, paddingLength);
    return EncryptedFrame.HEADER_LENGTH + InnerMessage.HEADER_LENGTH + dataLength + paddingLength;
  }

  // --- allocating convenience ------------------------------------------------------------

  /** Seals {@code message} with policy-chosen random padding; returns the frame. */
  public byte[] seal(InnerMessage message) {
    Objects.requireNonNull(message, "message");
    int unpadded = message.length();
    int p = choosePadding(unpadded);
    byte[] out = new byte[EncryptedFrame.HEADER_LENGTH + unpadded + p];
    sealMessage(message, null, p, out, 0);
    return out;
  }

  /**
   * Seals {@code message} with exactly {@code padding} (for vectors and the CLI).
   *
   * @throws IllegalArgumentException if the padding is shorter than 12 or longer than 1024 bytes,
   *     or {@code 32 + L + P} is not a multiple of 16
   */
  public byte[] seal(InnerMessage message, Bytes padding) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(padding, "padding");
    checkPadding(message.length(), padding.length());
    byte[] out = new byte[EncryptedFrame.HEADER_LENGTH + message.length() + padding.length()];
    sealInto(message, padding, out, 0);
    return out;
  }

  // --- caller buffers --------------------------------------------------------------------

  /**
   * Seals {@code message} into {@code out} at {@code outOff} with policy-chosen padding.
   *
   * @return the frame length (at most {@link #maxFrameLength(int)} of the data length)
   * @throws IndexOutOfBoundsException if the frame does not fit; nothing is written then
   */
  public int sealInto(InnerMessage message, byte[] out, int outOff) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(out, "out");
    return sealMessage(message, null, choosePadding(message.length()), out, outOff);
  }

  /** As {@link #sealInto(InnerMessage, byte[], int)}, with exactly {@code padding}. */
  public int sealInto(InnerMessage message, Bytes padding, byte[] out, int outOff) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(padding, "padding");
    Objects.requireNonNull(out, "out");
    checkPadding(message.length(), padding.length());
    return sealMessage(message, padding, padding.length(), out, outOff);
  }

  /**
   * Seals the message whose data is {@code data[dataOff, dataOff + dataLen)} into {@code out} at
   * {@code outOff}, with policy-chosen padding: the hot path, with no intermediate {@link
   * InnerMessage}. The data range must not overlap the output range.
   *
   * @return the frame length
   */
  public int sealInto(
      ServerSalt salt,
      SessionId sessionId,
      MessageId msgId,
      int seqNo,
      byte[] data,
      int dataOff,
      int dataLen,
      byte[] out,
      int outOff) {
    Objects.requireNonNull(msgId, "msgId");
    return sealInto(salt, sessionId, msgId.value(), seqNo, data, dataOff, dataLen, out, outOff);
  }

  /**
   * As {@link #sealInto(ServerSalt, SessionId, MessageId, int, byte[], int, int, byte[], int)},
   * with the msg_id as a raw {@code long} (the value of a {@link MessageId}, its rules checked the
   * same way), so that a caller issuing one msg_id per message needs no object for it.
   *
   * @return the frame length
   */
  public int sealInto(
      ServerSalt salt,
      SessionId sessionId,
      long msgId,
      int seqNo,
      byte[] data,
      int dataOff,
      int dataLen,
      byte[] out,
      int outOff) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(dataOff, dataLen, data.length);
    InnerMessage.checkDataLength(dataLen);
    int p = choosePadding(InnerMessage.HEADER_LENGTH + dataLen);
    if (data == out) {
      long frameEnd =
          (long) outOff + EncryptedFrame.HEADER_LENGTH + InnerMessage.HEADER_LENGTH + dataLen + p;
      if (dataOff < frameEnd && outOff < (long) dataOff + dataLen) {
        throw new IllegalArgumentException("data and output ranges overlap");
      }
    }
    return sealChecked(
        salt.value(),
        sessionId.value(),
        msgId,
        seqNo,
        null,
        data,
        dataOff,
        dataLen,
        null,
        p,
        out,
        outOff);
  }

  // --- the one implementation ------------------------------------------------------------

  private int choosePadding(int unpadded) {
    int p = paddingPolicy.paddingLength(unpadded, random);
    if (p < MIN_PADDING || p > MAX_PADDING || (unpadded + p) % 16 != 0) {
      throw new IllegalStateException(
          "padding policy "
              + paddingPolicy
              + " returned "
              + p
              + " bytes for a "
              + unpadded
              + "-byte message");
    }
    return p;
  }

  static void checkPadding(int unpadded, int p) {
    if (p < MIN_PADDING || p > MAX_PADDING) {
      throw new IllegalArgumentException(
          "padding must be " + MIN_PADDING + ".." + MAX_PADDING + " bytes, got " + p);
    }
    if ((unpadded + p) % 16 != 0) {
      throw new IllegalArgumentException(
          "inner message ("
              + unpadded
              + " bytes) plus padding ("
              + p
              + " bytes) must be a multiple of 16 bytes");
    }
  }

  /** Exactly one of {@code dataBytes} and {@code dataArray} is non-null. */
  /** {@link #sealChecked} of an {@link InnerMessage}'s fields and data. */
  private int sealMessage(InnerMessage message, Bytes padding, int p, byte[] out, int outOff) {
    return sealChecked(
        message.salt().value(),
        message.sessionId().value(),
        message.msgId().value(),
        message.seqNo(),
        message.data(),
        null,
        0,
        message.data().length(),
        padding,
        p,
        out,
        outOff);
  }

  private int sealChecked(
      long salt,
      long session,
      long msgId,
      int seqNo,
      Bytes dataBytes,
      byte[] dataArray,
      int dataOff,
      int dataLen,
      Bytes padding,
      int p,
      byte[] out,
      int outOff) {
    checkMsgId(msgId);
    int n = InnerMessage.HEADER_LENGTH + dataLen + p;
    int frameLength = EncryptedFrame.HEADER_LENGTH + n;
    Objects.checkFromIndexSize(outOff, frameLength, out.length);
    checkNotUsed(session, msgId);

    int body = outOff + EncryptedFrame.HEADER_LENGTH;
    InnerMessage.writeHeader(out, body, salt, session, msgId, seqNo, dataLen);
    int dataStart = body + InnerMessage.HEADER_LENGTH;
    if (dataBytes != null) {
      dataBytes.copyTo(out, dataStart);
    } else {
      System.arraycopy(dataArray, dataOff, out, dataStart, dataLen);
    }
    int padStart = dataStart + dataLen;
    if (padding != null) {
      padding.copyTo(out, padStart);
    } else {
      fillRandom(out, padStart, p);
    }
    cipher.sealInPlace(out, outOff, n);
    markUsed(session, msgId);
    return frameLength;
  }

  private void checkMsgId(long msgId) {
    checkMsgId(sender, msgId);
  }

  /**
   * The rule a sealer applies to every msg_id it is given: the low bits for {@code sender} ({@code
   * 0 mod 4} from a client, {@code 1} or {@code 3 mod 4} from a server) and non-zero low 32 bits.
   * For callers that want a caller's value checked before sealing (the CLI).
   *
   * @throws IllegalArgumentException naming the broken rule
   */
  public static void checkMsgId(Sender sender, MessageId msgId) {
    Objects.requireNonNull(sender, "sender");
    checkMsgId(sender, Objects.requireNonNull(msgId, "msgId").value());
  }

  private static void checkMsgId(Sender sender, long msgId) {
    if (!sender.isValidMsgIdParity(msgId)) {
      throw new IllegalArgumentException(
          "msg_id "
              + Long.toUnsignedString(msgId)
              + " has low bits "
              + (msgId & 3)
              + ", not allowed for a message from the "
              + sender.name().toLowerCase(java.util.Locale.ROOT)
              + (sender == Sender.CLIENT ? " (must be 0 mod 4)" : " (must be 1 or 3 mod 4)"));
    }
    if ((msgId & 0xffff_ffffL) == 0) {
      throw new IllegalArgumentException("msg_id must have non-zero low 32 bits");
    }
  }

  private void fillRandom(byte[] out, int off, int len) {
    int done = 0;
    while (done < len) {
      random.nextBytes(randomChunk);
      int k = Math.min(CHUNK, len - done);
      System.arraycopy(randomChunk, 0, out, off + done, k);
      done += k;
    }
    java.util.Arrays.fill(randomChunk, (byte) 0);
  }

  private void checkNotUsed(long session, long msgId) {
    long last;
    if (anySealed && session == currentSession) {
      last = currentLastMsgId;
    } else {
      Long other = otherSessions.get(session);
      if (other == null) {
        return;
      }
      last = other;
    }
    int c = MessageId.compare(msgId, last);
    if (c == 0) {
      throw new IllegalStateException(
          "msg_id "
              + Long.toUnsignedString(msgId)
              + " was already used in this session: a "
              + "second encryption under the same msg_id is refused (resend with a new msg_id)");
    }
    if (c < 0) {
      throw new IllegalStateException(
          "msg_id "
              + Long.toUnsignedString(msgId)
              + " is not greater than the last msg_id "
              + Long.toUnsignedString(last)
              + " sealed in this session (msg_ids must increase)");
    }
  }

  private void markUsed(long session, long msgId) {
    if (anySealed && session != currentSession) {
      otherSessions.put(currentSession, currentLastMsgId);
      otherSessions.remove(session);
    }
    anySealed = true;
    currentSession = session;
    currentLastMsgId = msgId;
  }

  @Override
  public String toString() {
    return "MessageSealer[" + sender + ", " + paddingPolicy + "]";
  }
}
