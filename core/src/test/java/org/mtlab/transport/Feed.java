package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mtlab.CheckFailedException;

/** Feeds a byte stream to a decoder or codec in chosen pieces and collects what comes out. */
final class Feed {
  private Feed() {}

  /** How a stream is cut: all at once, one byte at a time, or random pieces from a seed. */
  interface Splitter {
    int next(int remaining);
  }

  static Splitter whole() {
    return remaining -> remaining;
  }

  static Splitter oneByte() {
    return remaining -> 1;
  }

  /** Pieces of 1..17 bytes, sometimes up to 300, from {@code seed}. */
  static Splitter random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return remaining -> r.nextInt(8) == 0 ? 1 + r.nextInt(300) : 1 + r.nextInt(17);
  }

  /** Every event of {@code stream} cut by {@code split}, through {@link FrameDecoder#decode}. */
  static List<TransportEvent> decode(FrameDecoder decoder, byte[] stream, Splitter split)
      throws CheckFailedException {
    List<TransportEvent> out = new ArrayList<>();
    decode(decoder, stream, split, out);
    return out;
  }

  /** As above, adding events to {@code out} (which keeps those before a failure). */
  static void decode(FrameDecoder decoder, byte[] stream, Splitter split, List<TransportEvent> out)
      throws CheckFailedException {
    int off = 0;
    while (off < stream.length) {
      int n = Math.min(stream.length - off, split.next(stream.length - off));
      ByteBuffer piece = ByteBuffer.wrap(stream, off, n);
      decoder.decode(piece, out);
      if (piece.hasRemaining()) {
        throw new AssertionError("decode left bytes in its input");
      }
      off += n;
    }
  }

  /** Every event of {@code stream} cut by {@code split}, through {@link TransportCodec#decode}. */
  static List<TransportEvent> decode(TransportCodec codec, byte[] stream, Splitter split)
      throws CheckFailedException {
    List<TransportEvent> out = new ArrayList<>();
    int off = 0;
    while (off < stream.length) {
      int n = Math.min(stream.length - off, split.next(stream.length - off));
      ByteBuffer piece = ByteBuffer.wrap(stream, off, n);
      codec.decode(piece, out);
      if (piece.hasRemaining()) {
        throw new AssertionError("decode left bytes in its input");
      }
      off += n;
    }
    return out;
  }

  /**
   * Detects the transport of {@code stream} cut by {@code split}, then decodes the rest with the
   * detected codec; the codec is put into {@code codecOut[0]}.
   */
  static List<TransportEvent> detectAndDecode(
      TransportDetector detector, byte[] stream, Splitter split, TransportCodec[] codecOut)
      throws CheckFailedException {
    List<TransportEvent> out = new ArrayList<>();
    detectAndDecode(detector, stream, split, codecOut, out);
    return out;
  }

  /** As above, adding events to {@code out} (which keeps those before a failure). */
  static void detectAndDecode(
      TransportDetector detector,
      byte[] stream,
      Splitter split,
      TransportCodec[] codecOut,
      List<TransportEvent> out)
      throws CheckFailedException {
    int off = 0;
    while (off < stream.length) {
      int n = Math.min(stream.length - off, split.next(stream.length - off));
      ByteBuffer piece = ByteBuffer.wrap(stream, off, n);
      if (codecOut[0] == null) {
        codecOut[0] = detector.detect(piece);
      }
      if (codecOut[0] != null) {
        codecOut[0].decode(piece, out);
      }
      if (piece.hasRemaining()) {
        throw new AssertionError("bytes left in the input");
      }
      off += n;
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static byte[] randomPayload(SplittableRandom r, int maxWords) {
    byte[] b = new byte[4 * r.nextInt(maxWords + 1)];
    r.nextBytes(b);
    return b;
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
