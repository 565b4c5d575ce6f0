package org.mtlab.message;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKeyId;

/**
 * An encrypted MTProto 2.0 message as it travels (docs/protocol.md §2.2):
 *
 * <pre>
 *   offset  size  field
 *        0     8  auth_key_id
 *        8    16  msg_key
 *       24  n*16  encrypted_data = AES-256-IGE(inner message + padding)
 * </pre>
 *
 * <p>Everything here is public on the wire. {@link #parse} performs only the public framing checks
 * of the receiver (docs/security.md, "receiver-side order of operations", step 1): it can say why
 * framing failed without revealing anything about the plaintext. The constructor rejects values
 * that no sealer can produce with {@link IllegalArgumentException}.
 *
 * <p>Immutable.
 *
 * @param authKeyId the key's id
 * @param msgKey the msg_key
 * @param encryptedData the ciphertext, a multiple of 16 bytes and at least 48
 */
public record EncryptedFrame(AuthKeyId authKeyId, MsgKey msgKey, Bytes encryptedData) {
  /** Length of auth_key_id plus msg_key. */
  public static final int HEADER_LENGTH = 24;

  /**
   * Shortest encrypted part: the 32-byte inner header plus at least 12 bytes of padding, rounded up
   * to whole blocks.
   */
  public static final int MIN_ENCRYPTED_LENGTH = 48;

  /**
   * Longest encrypted part by default: 2^24 bytes of data plus the header and 1024 bytes of padding
   * ({@code 2^24 + 1056}).
   */
  public static final int MAX_ENCRYPTED_LENGTH =
      InnerMessage.MAX_DATA_LENGTH + InnerMessage.HEADER_LENGTH + MessageSealer.MAX_PADDING;

  /** Checks the ciphertext length. */
  public EncryptedFrame {
    Objects.requireNonNull(authKeyId, "authKeyId");
    Objects.requireNonNull(msgKey, "msgKey");
    Objects.requireNonNull(encryptedData, "encryptedData");
    int n = encryptedData.length();
    if (n % 16 != 0 || n < MIN_ENCRYPTED_LENGTH) {
      throw new IllegalArgumentException(
          "encrypted_data must be a multiple of 16 bytes and at least "
              + MIN_ENCRYPTED_LENGTH
              + ", got "
              + n);
    }
  }

  /**
   * Splits {@code frame} into its fields after the public framing checks, with the default maximum
   * size.
   *
   * @throws CheckFailedException {@link CheckReason#FRAME_MALFORMED} if the frame is shorter than
   *     24 bytes, its encrypted part is not whole 16-byte blocks, shorter than 48 bytes or longer
   *     than {@link #MAX_ENCRYPTED_LENGTH}
   */
  public static EncryptedFrame parse(byte[] frame) throws CheckFailedException {
    Objects.requireNonNull(frame, "frame");
    return parse(frame, 0, frame.length, MAX_ENCRYPTED_LENGTH);
  }

  /** As {@link #parse(byte[])}, for {@code frame[off, off + len)} and a chosen maximum. */
  public static EncryptedFrame parse(byte[] frame, int off, int len, int maxEncryptedLength)
      throws CheckFailedException {
    Objects.requireNonNull(frame, "frame");
    Objects.checkFromIndexSize(off, len, frame.length);
    checkFraming(len, maxEncryptedLength);
    return new EncryptedFrame(
        AuthKeyId.fromWire(frame, off),
        MsgKey.copyOf(frame, off + 8),
        Bytes.copyOf(frame, off + HEADER_LENGTH, len - HEADER_LENGTH));
  }

  /**
   * The public framing checks on a frame of {@code len} bytes. They look only at lengths, so their
   * outcome is something any observer of the wire already knows.
   */
  static void checkFraming(int len, int maxEncryptedLength) throws CheckFailedException {
    if (len < HEADER_LENGTH) {
      throw new CheckFailedException(CheckReason.FRAME_MALFORMED);
    }
    int n = len - HEADER_LENGTH;
    if (n % 16 != 0 || n < MIN_ENCRYPTED_LENGTH || n > maxEncryptedLength) {
      throw new CheckFailedException(CheckReason.FRAME_MALFORMED);
    }
  }

  /** Total length: 24 + the encrypted part. */
  public int length() {
    return HEADER_LENGTH + encryptedData.length();
  }

  /** The frame's bytes. */
  public byte[] toByteArray() {
    byte[] out = new byte[length()];
    System.arraycopy(authKeyId.toWire(), 0, out, 0, 8);
    msgKey.value().copyTo(out, 8);
    encryptedData.copyTo(out, HEADER_LENGTH);
    return out;
  }

  @Override
  public String toString() {
    return "EncryptedFrame["
        + authKeyId
        + ", msgKey="
        + msgKey.hex()
        + ", "
        + encryptedData.length()
        + " encrypted bytes]";
  }
}
