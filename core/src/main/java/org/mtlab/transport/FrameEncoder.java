package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.CRC32;
import org.mtlab.key.Sender;

/**
 * Writes frames of one {@link Framing} for one direction of a connection: payloads, and on a
 * server's side quick acks and transport errors. Built by {@link Framing#encoder(Sender,
 * SecureRandom)}. I/O-free: it writes into a caller's {@link ByteBuffer} or returns a new array. It
 * never writes the framing's start marker (see {@link Framing#marker()}).
 *
 * <p>Payloads must be whole 4-byte words (MTProto messages always are, and abridged counts in
 * words). The full framing numbers its frames 0, 1, 2, ... (transport errors included, quick acks
 * excluded); padded intermediate appends 0..15 bytes drawn from the injected {@link SecureRandom}.
 *
 * <p>Not thread-safe: one encoder per connection direction, confined to one thread.
 */
public final class FrameEncoder {
  /** The most bytes any framing adds to a payload: padded intermediate's 4 + 15. */
  public static final int MAX_OVERHEAD = 19;

  private static final int MAX_PADDING = 15;

  private final Framing framing;
  private final Sender sender;
  private final SecureRandom random;
  private final CRC32 crc = new CRC32();
  private int seqNo;

  FrameEncoder(Framing framing, Sender sender, SecureRandom random) {
    this.framing = framing;
    this.sender = sender;
    this.random = random;
  }

  /** The framing this encoder writes. */
  public Framing framing() {
    return framing;
  }

  /** Who sends the frames this encoder writes. */
  public Sender sender() {
    return sender;
  }

  /** For {@link Framing#FULL}: the seq_no the next frame will carry (0 before the first). */
  public int nextSeqNo() {
    return seqNo;
  }

  /**
   * The most bytes {@link #encode(ByteBuffer, boolean, ByteBuffer)} writes for a payload of {@code
   * payloadLength} bytes (exact except for padded intermediate, whose padding varies).
   */
  public int maxEncodedLength(int payloadLength) {
    checkPayloadLength(payloadLength);
    return header(payloadLength) + payloadLength + trailer();
  }

  /** The frame for {@code payload}, without a quick-ack request. */
  public byte[] encode(byte[] payload) {
    return encode(payload, false);
  }

  /**
   * The frame for {@code payload}.
   *
   * @param requestQuickAck set the quick-ack bit (a client's frames only)
   * @throws IllegalArgumentException if the payload is not a multiple of 4 bytes or too long for
   *     the framing, or a server asks for a quick ack
   */
  public byte[] encode(byte[] payload, boolean requestQuickAck) {
    Objects.requireNonNull(payload, "payload");
    check(payload.length, requestQuickAck);
    int pad = padding();
    byte[] out = new byte[header(payload.length) + payload.length + pad + fullTrailer()];
    write(ByteBuffer.wrap(payload), payload.length, requestQuickAck, pad, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * Writes the frame for all remaining bytes of {@code payload} into {@code out}, consuming both;
   * returns the number of bytes written.
   *
   * @throws IllegalArgumentException as {@link #encode(byte[], boolean)}
   * @throws IndexOutOfBoundsException if {@code out} has too little room (nothing is written and no
   *     sequence number is used)
   */
  public int encode(ByteBuffer payload, boolean requestQuickAck, ByteBuffer out) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(out, "out");
    int length = payload.remaining();
    check(length, requestQuickAck);
    int pad = padding();
    int total = header(length) + length + pad + fullTrailer();
    if (out.remaining() < total) {
      throw new IndexOutOfBoundsException(
          "output has " + out.remaining() + " bytes left, the frame needs " + total);
    }
    write(payload, length, requestQuickAck, pad, out);
    return total;
  }

  /**
   * A server's quick acknowledgement: the 4-byte token alone, big-endian for abridged and
   * little-endian for the other framings (docs/protocol.md §7.1).
   *
   * @param token the acknowledgement token, bit 31 set
   * @throws IllegalArgumentException unless this encoder is a server's and bit 31 is set
   */
  public byte[] encodeQuickAck(int token) {
    byte[] out = new byte[4];
    encodeQuickAck(token, ByteBuffer.wrap(out));
    return out;
  }

  /** Writes {@link #encodeQuickAck(int)} into {@code out}; returns 4. */
  public int encodeQuickAck(int token, ByteBuffer out) {
    Objects.requireNonNull(out, "out");
    requireServer("a quick ack");
    new TransportEvent.QuickAck(token); // validates bit 31
    if (out.remaining() < 4) {
      throw new IndexOutOfBoundsException("output has " + out.remaining() + " bytes left, need 4");
    }
    if (framing == Framing.ABRIDGED) {
      out.put((byte) (token >>> 24))
          .put((byte) (token >>> 16))
          .put((byte) (token >>> 8))
          .put((byte) token);
    } else {
      putIntLe(out, token);
    }
    return 4;
  }

  /**
   * A server's transport error: a frame whose payload is the negative 4-byte code (no padding, even
   * for padded intermediate; a full frame uses the next seq_no).
   *
   * @throws IllegalArgumentException unless this encoder is a server's and {@code code < 0}
   */
  public byte[] encodeTransportError(int code) {
    requireServer("a transport error");
    new TransportEvent.TransportError(code); // validates the sign
    byte[] out = new byte[header(4) + 4 + fullTrailer()];
    write(ByteBuffer.wrap(errorPayload(code)), 4, false, 0, ByteBuffer.wrap(out));
    return out;
  }

  /** Writes {@link #encodeTransportError(int)} into {@code out}; returns the bytes written. */
  public int encodeTransportError(int code, ByteBuffer out) {
    Objects.requireNonNull(out, "out");
    requireServer("a transport error");
    new TransportEvent.TransportError(code);
    int total = header(4) + 4 + fullTrailer();
    if (out.remaining() < total) {
      throw new IndexOutOfBoundsException(
          "output has " + out.remaining() + " bytes left, the frame needs " + total);
    }
    write(ByteBuffer.wrap(errorPayload(code)), 4, false, 0, out);
    return total;
  }

  private static byte[] errorPayload(int code) {
    return new byte[] {
      (byte) code, (byte) (code >>> 8), (byte) (code >>> 16), (byte) (code >>> 24)
    };
  }

  private void requireServer(String what) {
    if (sender != Sender.SERVER) {
      throw new IllegalArgumentException("only a server sends " + what);
    }
  }

  private void check(int length, boolean requestQuickAck) {
    checkPayloadLength(length);
    if (requestQuickAck && sender != Sender.CLIENT) {
      throw new IllegalArgumentException("only a client requests quick acks");
    }
  }

  private void checkPayloadLength(int length) {
    if (length < 0 || length % 4 != 0) {
      throw new IllegalArgumentException(
          "payload must be a non-negative multiple of 4 bytes, got " + length);
    }
    long limit =
        framing == Framing.ABRIDGED
            ? (1L << 24) * 4 - 4 // 3-byte word count
            : (1L << 31) - 1 - MAX_OVERHEAD; // 31 bits of length, bit 31 is the quick-ack flag
    if (length > limit) {
      throw new IllegalArgumentException(
          framing + " frames carry at most " + limit + " payload bytes, got " + length);
    }
  }

  private int header(int length) {
    if (framing == Framing.ABRIDGED) {
      return length / 4 < 0x7f ? 1 : 4;
    }
    return framing == Framing.FULL ? 8 : 4;
  }

  /** The largest trailer: the full framing's CRC or padded intermediate's padding. */
  private int trailer() {
    return framing == Framing.PADDED_INTERMEDIATE ? MAX_PADDING : fullTrailer();
  }

  private int fullTrailer() {
    return framing == Framing.FULL ? 4 : 0;
  }

  private int padding() {
    return framing == Framing.PADDED_INTERMEDIATE ? random.nextInt(MAX_PADDING + 1) : 0;
  }

  private void write(ByteBuffer payload, int length, boolean ack, int pad, ByteBuffer out) {
    int start = out.position();
    int ackBit = ack ? 0x8000_0000 : 0;
    switch (framing) {
      case ABRIDGED -> {
        int words = length / 4;
        int ackByte = ack ? 0x80 : 0;
        if (words < 0x7f) {
          out.put((byte) (words | ackByte));
        } else {
          out.put((byte) (0x7f | ackByte))
              .put((byte) words)
              .put((byte) (words >>> 8))
              .put((byte) (words >>> 16));
        }
        out.put(payload);
      }
      case INTERMEDIATE -> {
        putIntLe(out, length | ackBit);
        out.put(payload);
      }
      case PADDED_INTERMEDIATE -> {
        putIntLe(out, (length + pad) | ackBit);
        out.put(payload);
        if (pad > 0) {
          byte[] padding = new byte[pad];
          random.nextBytes(padding);
          out.put(padding);
        }
      }
      case FULL -> {
        putIntLe(out, (length + 12) | ackBit);
        putIntLe(out, seqNo);
        out.put(payload);
        ByteBuffer covered = out.duplicate();
        covered.limit(out.position()).position(start);
        crc.reset();
        crc.update(covered);
        putIntLe(out, (int) crc.getValue());
        seqNo++;
      }
      default -> throw new AssertionError(framing);
    }
  }

  private static void putIntLe(ByteBuffer out, int v) {
    out.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16)).put((byte) (v >>> 24));
  }

  @Override
  public String toString() {
    return "FrameEncoder[" + framing + ", sender=" + sender + "]";
  }
}
