package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.key.Sender;

/**
 * Reads frames of one {@link Framing} sent by one side of a connection, from bytes that arrive in
 * any split, one byte at a time included. Built by {@link Framing#decoder(Sender, int)}. I/O-free:
 * the caller hands it whatever bytes it has; it copies them into at most one frame's buffer and
 * returns each {@link TransportEvent} as soon as its last byte arrives. A stream that stops
 * mid-frame just leaves the decoder waiting.
 *
 * <p>Every length is checked before anything is allocated: a frame announcing more than {@link
 * #maxFrameLength()} payload bytes is rejected from its header alone. A bad frame throws {@link
 * CheckFailedException} (reasons {@code TRANSPORT_*}); the decoder is then failed for good, every
 * later call throws the same exception, and the caller should close the connection. No other
 * exception comes out for any input.
 *
 * <p>What a decoder of a server's frames ({@link Sender#SERVER}) reports besides frames: a 4-byte
 * word with bit 31 set where a length is expected is a {@link TransportEvent.QuickAck} (for
 * abridged, a first byte of {@code 0x80} or more starts a big-endian token); a 4-byte payload
 * holding a negative int32 is a {@link TransportEvent.TransportError} (padded intermediate: a
 * 4..19-byte payload, the rest being padding, since no MTProto message is shorter than 20 bytes). A
 * decoder of a client's frames reads bit 31 (abridged: bit 7 of the first byte) as the quick-ack
 * request of {@link TransportEvent.Frame#quickAckRequested()}.
 *
 * <p>Not thread-safe: one decoder per connection direction, confined to one thread.
 */
public final class FrameDecoder {
  /**
   * The default maximum payload length, 1 MiB: a bound on the memory one connection can make the
   * receiver hold, large enough for what MTProto carries in practice (file parts of at most 512 KiB
   * with their headers); see the {@link org.mtlab.transport package} notes.
   */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 20;

  /** The smallest maximum a decoder accepts. */
  public static final int MIN_MAX_FRAME_LENGTH = 64;

  /** The largest maximum a decoder accepts (256 MiB). */
  public static final int MAX_MAX_FRAME_LENGTH = 1 << 28;

  private enum State {
    HEADER,
    BODY,
    TRAILER,
    FAILED
  }

  private final Framing framing;
  private final Sender sender;
  private final int maxFrameLength;
  private final byte[] header = new byte[8];
  private final byte[] trailer = new byte[4];
  private final CRC32 crc = new CRC32();

  private State state = State.HEADER;
  private int headerLength;
  private int headerNeeded;
  private boolean quickAckRequested;
  private byte[] body;
  private int bodyLength;
  private int trailerLength;
  private int expectedSeqNo;
  private CheckFailedException failure;

  FrameDecoder(Framing framing, Sender sender, int maxFrameLength) {
    if (maxFrameLength < MIN_MAX_FRAME_LENGTH || maxFrameLength > MAX_MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException(
          "maxFrameLength must be within "
              + MIN_MAX_FRAME_LENGTH
              + ".."
              + MAX_MAX_FRAME_LENGTH
              + ", got "
              + maxFrameLength);
    }
    this.framing = framing;
    this.sender = sender;
    this.maxFrameLength = maxFrameLength;
    resetHeader();
  }

  /** The framing this decoder reads. */
  public Framing framing() {
    return framing;
  }

  /** Who sends the frames this decoder reads. */
  public Sender sender() {
    return sender;
  }

  /** The largest payload (padding included) this decoder accepts. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** For {@link Framing#FULL}: the seq_no the next frame must carry (0 before the first). */
  public int expectedSeqNo() {
    return expectedSeqNo;
  }

  /** True after a bad frame: every later call throws the same {@link CheckFailedException}. */
  public boolean isFailed() {
    return state == State.FAILED;
  }

  /** True when no part of an event is buffered: the stream is at a frame boundary. */
  public boolean isIdle() {
    return state == State.HEADER && headerLength == 0;
  }

  /**
   * Consumes bytes of {@code in} up to the end of the next event and returns it, or consumes all of
   * {@code in} and returns null when the event is not complete yet. Bytes after the event stay in
   * {@code in}.
   *
   * @throws CheckFailedException when the bytes are not a valid frame (now or before)
   */
  public TransportEvent next(ByteBuffer in) throws CheckFailedException {
    Objects.requireNonNull(in, "in");
    if (state == State.FAILED) {
      throw failure;
    }
    try {
      return step(in);
    } catch (CheckFailedException e) {
      state = State.FAILED;
      failure = e;
      body = null;
      throw e;
    }
  }

  /**
   * Consumes all of {@code in}, adding every complete event to {@code out} in order. When a bad
   * frame throws, the events before it are already in {@code out}.
   *
   * @throws CheckFailedException when the bytes are not a valid frame (now or before)
   */
  public void decode(ByteBuffer in, List<? super TransportEvent> out) throws CheckFailedException {
    Objects.requireNonNull(out, "out");
    TransportEvent event;
    while ((event = next(in)) != null) {
      out.add(event);
    }
  }

  /** {@link #decode(ByteBuffer, List)} into a new list. */
  public List<TransportEvent> decodeAll(ByteBuffer in) throws CheckFailedException {
    List<TransportEvent> out = new ArrayList<>();
    decode(in, out);
    return out;
  }

  private TransportEvent step(ByteBuffer in) throws CheckFailedException {
    while (in.hasRemaining()) {
      if (state == State.HEADER) {
        int n = Math.min(headerNeeded - headerLength, in.remaining());
        in.get(header, headerLength, n);
        headerLength += n;
        if (headerLength < headerNeeded) {
          return null;
        }
        TransportEvent event = onHeader();
        if (event != null) {
          resetHeader();
          return event;
        }
      } else if (state == State.BODY) {
        int n = Math.min(body.length - bodyLength, in.remaining());
        in.get(body, bodyLength, n);
        bodyLength += n;
      } else {
        int n = Math.min(trailer.length - trailerLength, in.remaining());
        in.get(trailer, trailerLength, n);
        trailerLength += n;
      }
      if (state == State.BODY && bodyLength == body.length && framing == Framing.FULL) {
        state = State.TRAILER;
        trailerLength = 0;
      }
      if ((state == State.BODY && bodyLength == body.length)
          || (state == State.TRAILER && trailerLength == trailer.length)) {
        TransportEvent event = onBody();
        resetHeader();
        return event;
      }
    }
    return null;
  }

  /**
   * Called when {@code headerNeeded} bytes are in: either asks for more header bytes, or returns a
   * header-only event (a quick ack), or moves to the body.
   */
  private TransportEvent onHeader() throws CheckFailedException {
    boolean fromServer = sender == Sender.SERVER;
    long length;
    switch (framing) {
      case ABRIDGED -> {
        int first = header[0] & 0xff;
        if (fromServer && first >= 0x80) {
          if (headerNeeded < 4) {
            headerNeeded = 4;
            return null;
          }
          return new TransportEvent.QuickAck(
              (header[0] & 0xff) << 24
                  | (header[1] & 0xff) << 16
                  | (header[2] & 0xff) << 8
                  | (header[3] & 0xff));
        }
        quickAckRequested = first >= 0x80;
        int words = first & 0x7f;
        if (words == 0x7f) {
          if (headerNeeded < 4) {
            headerNeeded = 4;
            return null;
          }
          words = (header[1] & 0xff) | (header[2] & 0xff) << 8 | (header[3] & 0xff) << 16;
        }
        length = 4L * words;
      }
      case INTERMEDIATE, PADDED_INTERMEDIATE -> {
        int word = intLe(header, 0);
        if (fromServer && word < 0) {
          return new TransportEvent.QuickAck(word);
        }
        quickAckRequested = word < 0;
        length = word & 0x7fff_ffff;
        if (framing == Framing.INTERMEDIATE && length % 4 != 0) {
          throw new CheckFailedException(CheckReason.TRANSPORT_LENGTH_INVALID);
        }
      }
      case FULL -> {
        int total = intLe(header, 0);
        if (headerNeeded < 8) {
          if (fromServer && total < 0) {
            return new TransportEvent.QuickAck(total);
          }
          quickAckRequested = total < 0;
          total &= 0x7fff_ffff;
          if (total < 12 || total % 4 != 0) {
            throw new CheckFailedException(CheckReason.TRANSPORT_LENGTH_INVALID);
          }
          if (total - 12 > maxFrameLength) {
            throw new CheckFailedException(CheckReason.TRANSPORT_FRAME_TOO_LONG);
          }
          headerNeeded = 8; // the seq_no, checked with the CRC once the frame is in
          return null;
        }
        length = (total & 0x7fff_ffffL) - 12; // the CRC follows as the trailer
      }
      default -> throw new AssertionError(framing);
    }
    if (quickAckRequested && length == 0) {
      throw new CheckFailedException(CheckReason.TRANSPORT_LENGTH_INVALID);
    }
    if (length > maxFrameLength) { // for FULL, already checked from the length word alone
      throw new CheckFailedException(CheckReason.TRANSPORT_FRAME_TOO_LONG);
    }
    body = new byte[(int) length];
    bodyLength = 0;
    state = State.BODY;
    return null;
  }

  private TransportEvent onBody() throws CheckFailedException {
    byte[] payload = body;
    body = null;
    if (framing == Framing.FULL) {
      // the CRC covers the seq_no, so a damaged seq_no is a CRC failure and a well-formed
      // frame out of turn (dropped, repeated, reordered) is a seq_no failure
      crc.reset();
      crc.update(header, 0, 8);
      crc.update(payload, 0, payload.length);
      if ((int) crc.getValue() != intLe(trailer, 0)) {
        throw new CheckFailedException(CheckReason.TRANSPORT_CRC_MISMATCH);
      }
      if (intLe(header, 4) != expectedSeqNo) {
        throw new CheckFailedException(CheckReason.TRANSPORT_SEQ_MISMATCH);
      }
      expectedSeqNo++;
    }
    if (sender == Sender.SERVER
        && payload.length >= 4
        && intLe(payload, 0) < 0
        && (payload.length == 4
            || (framing == Framing.PADDED_INTERMEDIATE && payload.length < 20))) {
      return new TransportEvent.TransportError(intLe(payload, 0));
    }
    return new TransportEvent.Frame(payload, quickAckRequested, true);
  }

  private void resetHeader() {
    state = State.HEADER;
    headerLength = 0;
    headerNeeded = framing == Framing.ABRIDGED ? 1 : 4;
    quickAckRequested = false;
  }

  static int intLe(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  @Override
  public String toString() {
    return "FrameDecoder[" + framing + ", sender=" + sender + ", max=" + maxFrameLength + "]";
  }
}
