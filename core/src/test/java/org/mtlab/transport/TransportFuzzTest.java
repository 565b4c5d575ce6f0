package org.mtlab.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.key.Sender;

/**
 * Jazzer targets over every transport decoder (issue 17). Under {@code mvn verify} they run in
 * regression mode over the seeds in {@code
 * src/test/resources/org/mtlab/transport/TransportFuzzTestInputs/<method>/}; see {@code
 * core/FUZZING.md} for real fuzzing. The only exception allowed out of a decoder, codec or detector
 * is {@link CheckFailedException}, and the way the bytes are split must not change what comes out.
 */
class TransportFuzzTest {
  /** The framing that the low two bits of a fuzz input's first byte select. */
  private static final List<Framing> BY_LOW_BITS =
      List.of(Framing.ABRIDGED, Framing.INTERMEDIATE, Framing.PADDED_INTERMEDIATE, Framing.FULL);

  private static final byte[] INIT = Feed.counting(64); // 00 01 ... 3f: an allowed init

  /** What a stream decodes to: its events, then the failure reason or null. */
  private static final class Outcome {
    final List<TransportEvent> events = new ArrayList<>();
    CheckReason failure;

    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome outcome
          && outcome.events.equals(events)
          && outcome.failure == failure;
    }

    @Override
    public int hashCode() {
      return events.hashCode();
    }

    @Override
    public String toString() {
      return events + " then " + failure;
    }
  }

  private static Outcome run(FrameDecoder decoder, byte[] stream, Feed.Splitter split) {
    Outcome o = new Outcome();
    try {
      Feed.decode(decoder, stream, split, o.events);
    } catch (CheckFailedException e) {
      o.failure = e.reason();
      // sticky: the next call throws the same
      try {
        decoder.next(ByteBuffer.wrap(new byte[] {0, 0, 0, 0}));
        throw new AssertionError("a failed decoder accepted more bytes");
      } catch (CheckFailedException again) {
        if (again.reason() != e.reason()) {
          throw new AssertionError("a failed decoder changed its reason");
        }
      }
    }
    for (TransportEvent ev : o.events) {
      if (ev instanceof TransportEvent.Frame frame && frame.length() > decoder.maxFrameLength()) {
        throw new AssertionError("a frame over the limit came out: " + ev);
      }
    }
    return o;
  }

  /**
   * Arbitrary bytes to each framing's decoder. Byte 0: bits 0-1 the framing, bit 2 the sender, bit
   * 3 a 64-byte limit instead of 1 MiB; byte 1 seeds the random split. The outcome fed whole must
   * equal the outcome fed one byte at a time and in random pieces.
   */
  @FuzzTest(maxDuration = "5m")
  void decodeArbitraryStream(byte[] input) {
    if (input.length < 2) {
      return;
    }
    Framing framing = BY_LOW_BITS.get(input[0] & 3);
    Sender sender = (input[0] & 4) == 0 ? Sender.CLIENT : Sender.SERVER;
    int max =
        (input[0] & 8) == 0
            ? FrameDecoder.DEFAULT_MAX_FRAME_LENGTH
            : FrameDecoder.MIN_MAX_FRAME_LENGTH;
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    Outcome whole = run(framing.decoder(sender, max), stream, Feed.whole());
    Outcome bytes = run(framing.decoder(sender, max), stream, Feed.oneByte());
    Outcome pieces = run(framing.decoder(sender, max), stream, Feed.random(input[1]));
    if (!whole.equals(bytes) || !whole.equals(pieces)) {
      throw new AssertionError(
          "the split changed the outcome: " + whole + " / " + bytes + " / " + pieces);
    }
  }

  /** Arbitrary bytes as a new connection: the detector, then the codec it returns. */
  @FuzzTest(maxDuration = "5m")
  void detectArbitraryStream(byte[] input) {
    if (input.length < 1) {
      return;
    }
    TransportDetector detector =
        new TransportDetector(Feed.seeded(1), FrameDecoder.MIN_MAX_FRAME_LENGTH, Optional.empty());
    TransportCodec[] codec = new TransportCodec[1];
    try {
      Feed.detectAndDecode(
          detector, Arrays.copyOfRange(input, 1, input.length), Feed.random(input[0]), codec);
    } catch (CheckFailedException expected) {
      // the only allowed failure
    }
  }

  /**
   * An obfuscated connection whose plaintext is the fuzzer's: the harness sends a fixed client init
   * for the framing of byte 0 (bits 0-1, abridged when 3), encrypts the rest, and the server codec
   * found by the detector must decode exactly what a plain decoder makes of the same plaintext.
   */
  @FuzzTest(maxDuration = "5m")
  void obfuscatedStream(byte[] input) {
    if (input.length < 1) {
      return;
    }
    Framing framing = BY_LOW_BITS.get((input[0] & 3) == 3 ? 0 : input[0] & 3);
    byte[] plain = Arrays.copyOfRange(input, 1, input.length);
    Obfuscated2 client =
        Obfuscated2.clientWithInit(framing, INIT, OptionalInt.of(input[0] >> 2), Optional.empty());
    byte[] wire = plain.clone();
    client.encrypt(wire, 0, wire.length, wire, 0);
    Outcome obfuscated = new Outcome();
    TransportCodec[] codec = new TransportCodec[1];
    try {
      Feed.detectAndDecode(
          new TransportDetector(
              Feed.seeded(1), FrameDecoder.MIN_MAX_FRAME_LENGTH, Optional.empty()),
          Feed.concat(client.header().toByteArray(), wire),
          Feed.random(input[0]),
          codec,
          obfuscated.events);
    } catch (CheckFailedException e) {
      obfuscated.failure = e.reason();
    }
    if (codec[0] == null || codec[0].framing() != framing) {
      throw new AssertionError("the detector missed the obfuscated " + framing);
    }
    Outcome direct =
        run(framing.decoder(Sender.CLIENT, FrameDecoder.MIN_MAX_FRAME_LENGTH), plain, Feed.whole());
    if (!obfuscated.equals(direct)) {
      throw new AssertionError("obfuscation changed the outcome: " + obfuscated + " / " + direct);
    }
  }
}
