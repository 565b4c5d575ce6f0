package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;

/**
 * A server's first look at a new connection (docs/protocol.md §7): reads the first bytes and tells
 * which transport the client speaks, then hands over a server-side {@link TransportCodec} for the
 * rest of the stream.
 *
 * <p>The rules, in the order the bytes arrive:
 *
 * <ol>
 *   <li>first byte {@code ef}: abridged (the marker is consumed);
 *   <li>first word {@code eeeeeeee}: intermediate; {@code dddddddd}: padded intermediate
 *       (consumed);
 *   <li>first word "HEAD", "POST", "GET ", "OPTI" or a TLS record start: HTTP or TLS, which is
 *       refused ({@code TRANSPORT_UNSUPPORTED});
 *   <li>bytes 4..7 zero: the full framing's first frame (seq_no 0); those 8 bytes are the frame's
 *       own and go on to the codec's decoder;
 *   <li>anything else: a 64-byte obfuscated2 init, whose decrypted protocol tag names the framing
 *       ({@link Obfuscated2#server(byte[], int, Optional)}).
 * </ol>
 *
 * <p>It holds at most 64 bytes, accepts them in any split, and consumes nothing past the
 * transport's own prefix, so whatever follows in the buffer is the codec's to decode.
 *
 * <p>Not thread-safe: one detector per connection, confined to its thread.
 */
public final class TransportDetector {
  private final SecureRandom random;
  private final int maxFrameLength;
  private final Optional<ProxySecret> secret;
  private final byte[] seen = new byte[Obfuscated2.INIT_LENGTH];
  private int seenLength;
  private boolean done;
  private CheckFailedException failure;

  /** A detector without a proxy secret and with the default maximum frame length. */
  public TransportDetector(SecureRandom random) {
    this(random, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, Optional.empty());
  }

  /**
   * A detector whose codecs accept frames up to {@code maxFrameLength} payload bytes.
   *
   * @param random draws the padding of the server's padded intermediate frames
   * @param secret the MTProxy secret clients mix into obfuscation, or empty
   * @throws IllegalArgumentException if {@code maxFrameLength} is out of the decoder's range
   */
  public TransportDetector(SecureRandom random, int maxFrameLength, Optional<ProxySecret> secret) {
    this.random = Objects.requireNonNull(random, "random");
    this.secret = Objects.requireNonNull(secret, "secret");
    Framing.FULL.decoder(Sender.CLIENT, maxFrameLength); // validates the range
    this.maxFrameLength = maxFrameLength;
  }

  /** How many bytes the detector holds while it waits for more. */
  public int bufferedBytes() {
    return seenLength;
  }

  /**
   * Reads from {@code in} until the transport is known and returns the server's codec for it, or
   * returns null once {@code in} is used up first. Only the transport's prefix is consumed; the
   * rest of {@code in} is for the codec.
   *
   * @throws CheckFailedException {@code TRANSPORT_UNSUPPORTED} for HTTP or TLS, or the reasons of
   *     {@link Obfuscated2#server(byte[], int, Optional)}; the detector then throws the same
   *     exception on every call
   * @throws IllegalStateException if a codec was already returned
   */
  public TransportCodec detect(ByteBuffer in) throws CheckFailedException {
    Objects.requireNonNull(in, "in");
    if (done) {
      throw new IllegalStateException("the transport was already detected");
    }
    if (failure != null) {
      throw failure;
    }
    try {
      return step(in);
    } catch (CheckFailedException e) {
      failure = e;
      Arrays.fill(seen, (byte) 0);
      throw e;
    }
  }

  private TransportCodec step(ByteBuffer in) throws CheckFailedException {
    while (true) {
      int want = seenLength < 1 ? 1 : seenLength < 4 ? 4 : seenLength < 8 ? 8 : 64;
      int n = Math.min(want - seenLength, in.remaining());
      in.get(seen, seenLength, n);
      seenLength += n;
      if (seenLength < want) {
        return null;
      }
      switch (want) {
        case 1 -> {
          if (seen[0] == (byte) 0xef) {
            return finish(Framing.ABRIDGED, null, 1);
          }
        }
        case 4 -> {
          int first = FrameDecoder.intLe(seen, 0);
          if (first == 0xeeeeeeee) {
            return finish(Framing.INTERMEDIATE, null, 4);
          }
          if (first == 0xdddddddd) {
            return finish(Framing.PADDED_INTERMEDIATE, null, 4);
          }
          if (Obfuscated2.isForbiddenFirstWord(first)) { // HTTP or TLS: the rest are handled
            throw new CheckFailedException(CheckReason.TRANSPORT_UNSUPPORTED);
          }
        }
        case 8 -> {
          if (FrameDecoder.intLe(seen, 4) == 0) {
            return finish(Framing.FULL, null, 0);
          }
        }
        default -> {
          Obfuscated2 obfuscation = Obfuscated2.server(seen, 0, secret);
          return finish(obfuscation.framing(), obfuscation, Obfuscated2.INIT_LENGTH);
        }
      }
    }
  }

  /** The codec; the bytes seen after the first {@code consumed} belong to the first frame. */
  private TransportCodec finish(Framing framing, Obfuscated2 obfuscation, int consumed) {
    done = true;
    byte[] leftover = Arrays.copyOfRange(seen, consumed, seenLength);
    Arrays.fill(seen, (byte) 0);
    return new TransportCodec(
        Sender.SERVER, framing, obfuscation, random, maxFrameLength, Bytes.empty(), leftover);
  }

  @Override
  public String toString() {
    return "TransportDetector[buffered=" + seenLength + "]";
  }
}
