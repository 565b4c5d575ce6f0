package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;

/**
 * What a decoder finds in the byte stream: a {@link Frame}, a {@link QuickAck} or a {@link
 * TransportError}. Only a server's stream carries the last two; a client's 4-byte frames are always
 * frames.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface TransportEvent
    permits TransportEvent.Frame, TransportEvent.QuickAck, TransportEvent.TransportError {

  /**
   * One frame's payload: the bytes between the framing's header and trailer. For {@link
   * Framing#PADDED_INTERMEDIATE} this includes the sender's 0..15 padding bytes, which the framing
   * cannot tell apart from the payload: the MTProto layer finds its own end (an encrypted message
   * is 24 bytes plus whole 16-byte blocks, an unencrypted one states its length).
   *
   * <p>Immutable: the payload is held privately and handed out as read-only views or copies.
   */
  final class Frame implements TransportEvent {
    private final byte[] payload;
    private final boolean quickAckRequested;

    /** Adopts {@code payload} without copying: package-private, for the decoder. */
    Frame(byte[] payload, boolean quickAckRequested, boolean adopt) {
      this.payload = payload;
      this.quickAckRequested = quickAckRequested;
    }

    /** A frame holding a copy of {@code payload}. */
    public Frame(Bytes payload, boolean quickAckRequested) {
      this(payload.toByteArray(), quickAckRequested, true);
    }

    /** The payload length in bytes. */
    public int length() {
      return payload.length;
    }

    /** A read-only view of the payload (no copy), positioned at 0. */
    public ByteBuffer payload() {
      return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** A fresh copy of the payload. */
    public byte[] toByteArray() {
      return payload.clone();
    }

    /** The payload as immutable {@link Bytes} (a copy). */
    public Bytes bytes() {
      return Bytes.copyOf(payload);
    }

    /**
     * True when a client set the quick-ack bit on this frame (docs/protocol.md §7.1): the server
     * should answer with {@link FrameEncoder#encodeQuickAck(int)}. Always false for frames a server
     * sent.
     */
    public boolean quickAckRequested() {
      return quickAckRequested;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Frame frame
          && frame.quickAckRequested == quickAckRequested
          && Arrays.equals(frame.payload, payload);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(payload) + Boolean.hashCode(quickAckRequested);
    }

    /** The length, the flag and at most the first 32 payload bytes in hex. */
    @Override
    public String toString() {
      String head = Hex.encode(payload, 0, Math.min(32, payload.length));
      return "Frame[length="
          + payload.length
          + ", quickAckRequested="
          + quickAckRequested
          + ", payload="
          + head
          + (payload.length > 32 ? "..." : "")
          + "]";
    }
  }

  /**
   * A server's quick acknowledgement (docs/protocol.md §7.1): the 32-bit token, with bit 31 set,
   * that the server computed from the acknowledged message (TDLib: the first four bytes of
   * msg_key_large read as a little-endian int, OR {@code 0x80000000}). The token is given as that
   * int, whatever byte order the framing used on the wire.
   *
   * @param token the acknowledgement token; bit 31 is always set
   */
  record QuickAck(int token) implements TransportEvent {
    /**
     * @throws IllegalArgumentException unless bit 31 of {@code token} is set
     */
    public QuickAck {
      if (token >= 0) {
        throw new IllegalArgumentException(
            "a quick-ack token has bit 31 set, got 0x" + Integer.toHexString(token));
      }
    }
  }

  /**
   * A transport error from the server (docs/protocol.md §7.1): a 4-byte payload holding a negative
   * little-endian int32, such as -404 (auth key not found), -429 (too many connections or limits
   * exceeded) or -444 (bad DC id). The server closes the connection after it.
   *
   * @param code the negative error code
   */
  record TransportError(int code) implements TransportEvent {
    /** The usual code for an unknown auth key or a bad handshake query. */
    public static final int AUTH_KEY_NOT_FOUND = -404;

    /** The usual code for too many connections or exceeded limits. */
    public static final int TOO_MANY_REQUESTS = -429;

    /** The usual code for a bad DC id. */
    public static final int BAD_DC = -444;

    /**
     * @throws IllegalArgumentException unless {@code code} is negative
     */
    public TransportError {
      if (code >= 0) {
        throw new IllegalArgumentException("a transport error code is negative, got " + code);
      }
    }
  }
}
