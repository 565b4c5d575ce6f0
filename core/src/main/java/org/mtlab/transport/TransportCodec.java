package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;

/**
 * Everything one side of one connection needs below the MTProto layer: a {@link FrameEncoder} for
 * what it sends, a {@link FrameDecoder} for what it receives, and, when the connection is
 * obfuscated, the {@link Obfuscated2} streams around both. I/O-free: the caller writes {@link
 * #preamble()} and the encoded bytes to its socket, and hands every received byte to {@link
 * #next(ByteBuffer)} or {@link #decode(ByteBuffer, List)}.
 *
 * <p>A client builds one with {@link #client(Framing, SecureRandom, int)} or {@link
 * #client(Obfuscated2, SecureRandom, int)}; a server gets one from a {@link TransportDetector} once
 * the first bytes of a connection name the transport.
 *
 * <p>Decoding has the decoder's guarantees: bounded memory (one frame, plus at most {@value #CHUNK}
 * decrypted bytes read ahead on an obfuscated connection), any split of the input, and only {@link
 * CheckFailedException} for bad input, after which the codec stays failed and the connection should
 * be closed.
 *
 * <p>Not thread-safe: confined to the connection's thread.
 */
public final class TransportCodec {
  /** The most input bytes an obfuscated codec decrypts ahead of the decoder at once. */
  public static final int CHUNK = 4096;

  private final Sender side;
  private final FrameEncoder encoder;
  private final FrameDecoder decoder;
  private final Obfuscated2 obfuscation; // null: plain
  private final Bytes preamble;
  private ByteBuffer pending; // plaintext taken from the input, not yet decoded (read mode)
  private ByteBuffer chunk;

  TransportCodec(
      Sender side,
      Framing framing,
      Obfuscated2 obfuscation,
      SecureRandom random,
      int maxFrameLength,
      Bytes preamble,
      byte[] leftover) {
    this.side = side;
    this.encoder = framing.encoder(side, random);
    this.decoder = framing.decoder(side.opposite(), maxFrameLength);
    this.obfuscation = obfuscation;
    this.preamble = preamble;
    this.pending = ByteBuffer.wrap(leftover);
  }

  /** A client's plain (not obfuscated) codec with the default maximum frame length. */
  public static TransportCodec client(Framing framing, SecureRandom random) {
    return client(framing, random, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * A client's plain codec: the preamble is the framing's start marker.
   *
   * @param random draws padded intermediate's padding
   * @param maxFrameLength the largest payload accepted from the server
   */
  public static TransportCodec client(Framing framing, SecureRandom random, int maxFrameLength) {
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(random, "random");
    return new TransportCodec(
        Sender.CLIENT, framing, null, random, maxFrameLength, framing.marker(), new byte[0]);
  }

  /**
   * A client's obfuscated codec: the preamble is the obfuscation's 64-byte header, the framing the
   * one its tag names.
   *
   * @throws IllegalArgumentException unless {@code obfuscation} is a client's
   */
  public static TransportCodec client(
      Obfuscated2 obfuscation, SecureRandom random, int maxFrameLength) {
    Objects.requireNonNull(obfuscation, "obfuscation");
    Objects.requireNonNull(random, "random");
    if (obfuscation.side() != Sender.CLIENT) {
      throw new IllegalArgumentException("a client codec needs a client's obfuscation");
    }
    return new TransportCodec(
        Sender.CLIENT,
        obfuscation.framing(),
        obfuscation,
        random,
        maxFrameLength,
        obfuscation.header(),
        new byte[0]);
  }

  /** Which side of the connection this codec is. */
  public Sender side() {
    return side;
  }

  /** The connection's framing. */
  public Framing framing() {
    return encoder.framing();
  }

  /** The obfuscation, when the connection has one (it also gives the client's DC id). */
  public Optional<Obfuscated2> obfuscation() {
    return Optional.ofNullable(obfuscation);
  }

  /** The largest payload accepted from the peer. */
  public int maxFrameLength() {
    return decoder.maxFrameLength();
  }

  /**
   * What a client writes once, before its first frame: the framing's marker, or the obfuscation
   * header. Empty for a server (it never sends one).
   */
  public Bytes preamble() {
    return preamble;
  }

  /** True after bad input: every later decoding call throws the same exception. */
  public boolean isFailed() {
    return decoder.isFailed();
  }

  /**
   * The next event from the received bytes, or null once {@code in} is used up without completing
   * one. On a plain connection the bytes after the event stay in {@code in}; on an obfuscated one
   * up to {@value #CHUNK} of them may be taken and held, decrypted.
   *
   * @throws CheckFailedException when the bytes are not a valid frame (now or before)
   */
  public TransportEvent next(ByteBuffer in) throws CheckFailedException {
    Objects.requireNonNull(in, "in");
    while (true) {
      if (pending.hasRemaining()) {
        TransportEvent event = decoder.next(pending);
        if (event != null) {
          return event;
        }
      }
      if (obfuscation == null) {
        return decoder.next(in);
      }
      if (!in.hasRemaining()) {
        return decoder.isFailed() ? decoder.next(in) : null;
      }
      if (chunk == null) {
        chunk = ByteBuffer.allocate(CHUNK);
      }
      chunk.clear();
      int n = Math.min(in.remaining(), CHUNK);
      ByteBuffer src = in.duplicate();
      src.limit(src.position() + n);
      obfuscation.decrypt(src, chunk);
      in.position(in.position() + n);
      chunk.flip();
      pending = chunk;
    }
  }

  /**
   * Consumes all of {@code in}, adding every complete event to {@code out} in order; when bad input
   * throws, the events before it are already in {@code out}.
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

  /** The most bytes {@link #encode(ByteBuffer, boolean, ByteBuffer)} writes for a payload. */
  public int maxEncodedLength(int payloadLength) {
    return encoder.maxEncodedLength(payloadLength);
  }

  /** The bytes to send for {@code payload}, framed and, if obfuscated, encrypted. */
  public byte[] encode(byte[] payload) {
    return encode(payload, false);
  }

  /**
   * The bytes to send for {@code payload}, framed and, if obfuscated, encrypted.
   *
   * @param requestQuickAck ask the server for a quick ack (a client only)
   * @throws IllegalArgumentException as {@link FrameEncoder#encode(byte[], boolean)}
   */
  public byte[] encode(byte[] payload, boolean requestQuickAck) {
    return obfuscate(encoder.encode(payload, requestQuickAck));
  }

  /**
   * Writes the bytes to send for all remaining bytes of {@code payload} into {@code out}; returns
   * how many.
   *
   * @throws IllegalArgumentException as {@link FrameEncoder#encode(byte[], boolean)}
   * @throws IndexOutOfBoundsException if {@code out} has too little room (nothing written)
   */
  public int encode(ByteBuffer payload, boolean requestQuickAck, ByteBuffer out) {
    Objects.requireNonNull(out, "out");
    int start = out.position();
    int n = encoder.encode(payload, requestQuickAck, out);
    obfuscate(out, start, n);
    return n;
  }

  /** A server's quick ack for {@code token} (bit 31 set), ready to send. */
  public byte[] encodeQuickAck(int token) {
    return obfuscate(encoder.encodeQuickAck(token));
  }

  /** A server's transport error frame for {@code code} (negative), ready to send. */
  public byte[] encodeTransportError(int code) {
    return obfuscate(encoder.encodeTransportError(code));
  }

  private byte[] obfuscate(byte[] frame) {
    if (obfuscation != null) {
      obfuscation.encrypt(frame, 0, frame.length, frame, 0);
    }
    return frame;
  }

  private void obfuscate(ByteBuffer out, int start, int n) {
    if (obfuscation == null) {
      return;
    }
    ByteBuffer src = out.duplicate();
    src.limit(start + n).position(start);
    if (out.hasArray()) {
      byte[] a = out.array();
      int off = out.arrayOffset() + start;
      obfuscation.encrypt(a, off, n, a, off);
    } else {
      byte[] tmp = new byte[n];
      src.get(tmp);
      obfuscation.encrypt(tmp, 0, n, tmp, 0);
      src.position(start);
      src.put(tmp);
    }
  }

  @Override
  public String toString() {
    return "TransportCodec["
        + side
        + ", "
        + framing()
        + (obfuscation == null ? "" : ", obfuscated2")
        + "]";
  }
}
