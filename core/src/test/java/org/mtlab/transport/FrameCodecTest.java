package org.mtlab.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.transport.Feed.concat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;
import org.mtlab.testing.Seeds;

/**
 * Every framing in both directions: seeded random streams of frames, quick acks and transport
 * errors encoded and decoded whole, one byte at a time and in random splits; then the bad inputs
 * (length prefix 2^31, lengths that are zero, not whole words or over the limit, CRC, seq_no,
 * truncation).
 */
class FrameCodecTest {
  static Stream<Arguments> cases() {
    return Stream.of(Framing.values())
        .flatMap(
            f ->
                Stream.of(Sender.values())
                    .flatMap(
                        s ->
                            Seeds.cases("frame-round-trip-" + f + s, 6)
                                .mapToObj(seed -> Arguments.of(f, s, seed))));
  }

  /**
   * A random mix of events as the sender would produce them; the stream and the expected events
   * (padded intermediate frames are compared without their padding).
   */
  @ParameterizedTest(name = "{0} sent by {1}, seed {2}")
  @MethodSource("cases")
  void roundTrip_anySplit(Framing framing, Sender sender, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    FrameEncoder encoder = framing.encoder(sender, Feed.seeded(seed));
    List<Object> expected = new ArrayList<>();
    List<byte[]> wire = new ArrayList<>();
    int count = 1 + r.nextInt(12);
    for (int i = 0; i < count; i++) {
      int kind = sender == Sender.SERVER ? r.nextInt(4) : 0;
      if (kind == 1) {
        int token = r.nextInt() | 0x8000_0000;
        wire.add(encoder.encodeQuickAck(token));
        expected.add(new TransportEvent.QuickAck(token));
      } else if (kind == 2) {
        int code = -1 - r.nextInt(1000);
        wire.add(encoder.encodeTransportError(code));
        expected.add(new TransportEvent.TransportError(code));
      } else {
        // sizes around the abridged 1-byte/4-byte switch (126 and 127 words) too
        byte[] payload =
            r.nextInt(4) == 0
                ? Feed.randomPayload(r, 0)
                : Feed.randomPayload(r, r.nextBoolean() ? 140 : 700);
        if (sender == Sender.SERVER && payload.length < 20) {
          // a server's short payload starting with a negative int is a transport error
          // (padded intermediate: 4..19 bytes with the padding), so keep it non-negative,
          // and send padded intermediate no empty frames: its padding alone could look so
          if (payload.length == 0 && framing == Framing.PADDED_INTERMEDIATE) {
            payload = new byte[4];
          }
          if (payload.length > 0) {
            payload[3] &= 0x7f;
          }
        }
        boolean ack = sender == Sender.CLIENT && payload.length > 0 && r.nextBoolean();
        wire.add(encoder.encode(payload, ack));
        expected.add(new Object[] {payload, ack});
      }
    }
    byte[] stream = concat(wire.toArray(new byte[0][]));
    for (Feed.Splitter split :
        List.of(Feed.whole(), Feed.oneByte(), Feed.random(seed), Feed.random(~seed))) {
      FrameDecoder decoder = framing.decoder(sender);
      List<TransportEvent> events = Feed.decode(decoder, stream, split);
      assertThat(events).hasSameSizeAs(expected);
      for (int i = 0; i < events.size(); i++) {
        Object want = expected.get(i);
        if (want instanceof Object[] array) {
          byte[] payload = (byte[]) array[0];
          TransportEvent.Frame f = (TransportEvent.Frame) events.get(i);
          byte[] got = f.toByteArray();
          if (framing == Framing.PADDED_INTERMEDIATE) {
            assertThat(got.length - payload.length).isBetween(0, 15);
            got = java.util.Arrays.copyOf(got, payload.length);
          }
          assertThat(got).isEqualTo(payload);
          assertThat(f.quickAckRequested()).isEqualTo(array[1]);
        } else {
          assertThat(events.get(i)).isEqualTo(want);
        }
      }
      assertThat(decoder.isIdle()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void next_stopsAtTheEventBoundary(Framing framing) throws Exception {
    FrameEncoder encoder = framing.encoder(Sender.CLIENT, Feed.seeded(3));
    byte[] first = encoder.encode(new byte[8]);
    byte[] second = encoder.encode(new byte[12]);
    ByteBuffer in = ByteBuffer.wrap(concat(first, second));
    FrameDecoder decoder = framing.decoder(Sender.CLIENT);
    assertThat(decoder.next(in)).isInstanceOf(TransportEvent.Frame.class);
    assertThat(in.position()).isEqualTo(first.length);
    assertThat(decoder.next(in)).isInstanceOf(TransportEvent.Frame.class);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(decoder.next(in)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void encodeIntoBuffer_matchesArray(Framing framing) throws Exception {
    byte[] payload = Feed.counting(600);
    byte[] viaArray = framing.encoder(Sender.CLIENT, Feed.seeded(5)).encode(payload, true);
    FrameEncoder encoder = framing.encoder(Sender.CLIENT, Feed.seeded(5));
    ByteBuffer out = ByteBuffer.allocateDirect(encoder.maxEncodedLength(600) + 3);
    out.put((byte) 1);
    int n = encoder.encode(ByteBuffer.wrap(payload), true, out);
    assertThat(n).isEqualTo(viaArray.length).isEqualTo(out.position() - 1);
    byte[] got = new byte[n];
    out.flip().position(1);
    out.get(got);
    assertThat(got).isEqualTo(viaArray);
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void encodeIntoSmallBuffer_throwsIoobeAndWritesNothing(Framing framing) {
    FrameEncoder encoder = framing.encoder(Sender.CLIENT, Feed.seeded(5));
    ByteBuffer payload = ByteBuffer.wrap(new byte[40]);
    ByteBuffer out = ByteBuffer.allocate(40);
    assertThatThrownBy(() -> encoder.encode(payload, false, out))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out.position()).isZero();
    assertThat(payload.position()).isZero();
    assertThat(encoder.nextSeqNo()).isZero();
  }

  // --- caller mistakes ------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Framing.class)
  void encoderMisuse_throwsIae(Framing framing) {
    FrameEncoder client = framing.encoder(Sender.CLIENT, Feed.seeded(1));
    FrameEncoder server = framing.encoder(Sender.SERVER, Feed.seeded(1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> client.encode(new byte[6]))
        .withMessageContaining("multiple of 4");
    assertThatIllegalArgumentException().isThrownBy(() -> server.encode(new byte[8], true));
    assertThatIllegalArgumentException().isThrownBy(() -> client.encodeQuickAck(0x8000_0001));
    assertThatIllegalArgumentException().isThrownBy(() -> server.encodeQuickAck(0x7fff_ffff));
    assertThatIllegalArgumentException().isThrownBy(() -> client.encodeTransportError(-404));
    assertThatIllegalArgumentException().isThrownBy(() -> server.encodeTransportError(404));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> framing.decoder(Sender.CLIENT, FrameDecoder.MIN_MAX_FRAME_LENGTH - 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> framing.decoder(Sender.CLIENT, FrameDecoder.MAX_MAX_FRAME_LENGTH + 1));
  }

  @Test
  void fullHasNoObfuscationTag() {
    assertThat(Framing.FULL.supportsObfuscation()).isFalse();
    assertThat(Framing.FULL.marker().isEmpty()).isTrue();
    assertThatIllegalArgumentException().isThrownBy(Framing.FULL::obfuscationTag);
    assertThat(Framing.ABRIDGED.obfuscationTag()).isEqualTo(Bytes.fromHex("efefefef"));
  }

  @Test
  void paddedIntermediate_drawsPaddingFromTheInjectedRandom() {
    // the padding length is nextInt(16) of the injected random: 4 script bytes, then the pad
    FrameEncoder a = Framing.PADDED_INTERMEDIATE.encoder(Sender.CLIENT, Feed.seeded(9));
    FrameEncoder b = Framing.PADDED_INTERMEDIATE.encoder(Sender.CLIENT, Feed.seeded(9));
    boolean[] seen = new boolean[16];
    for (int i = 0; i < 400; i++) {
      byte[] x = a.encode(new byte[8]);
      assertThat(b.encode(new byte[8])).isEqualTo(x);
      int pad = x.length - 12;
      assertThat(pad).isBetween(0, 15);
      assertThat(FrameDecoder.intLe(x, 0)).isEqualTo(8 + pad);
      seen[pad] = true;
    }
    for (int p = 0; p < 16; p++) {
      assertThat(seen[p]).as("padding %d drawn", p).isTrue();
    }
  }

  // --- bad input ------------------------------------------------------------------------------

  private static CheckReason rejection(FrameDecoder decoder, byte[] stream) {
    try {
      Feed.decode(decoder, stream, Feed.oneByte());
    } catch (CheckFailedException e) {
      return e.reason();
    }
    return null;
  }

  private static byte[] le(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  @ParameterizedTest
  @EnumSource(
      value = Framing.class,
      names = {"INTERMEDIATE", "PADDED_INTERMEDIATE", "FULL"})
  void lengthPrefix2pow31(Framing framing) throws Exception {
    // from a client, bit 31 asks for a quick ack: a quick ack for an empty frame is invalid
    assertThat(rejection(framing.decoder(Sender.CLIENT), le(0x8000_0000)))
        .isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID);
    // and 2^31 - 1 bytes with the quick-ack bit is over the limit, found from the header alone
    assertThat(rejection(framing.decoder(Sender.CLIENT), le(0xffff_fffc)))
        .isEqualTo(CheckReason.TRANSPORT_FRAME_TOO_LONG);
    // from a server, a word with bit 31 set is a quick ack
    assertThat(Feed.decode(framing.decoder(Sender.SERVER), le(0x8000_0000), Feed.oneByte()))
        .containsExactly(new TransportEvent.QuickAck(0x8000_0000));
  }

  @Test
  void abridgedQuickAckRequestOnEmptyFrame_isRejected() {
    assertThat(rejection(Framing.ABRIDGED.decoder(Sender.CLIENT), new byte[] {(byte) 0x80}))
        .isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID);
  }

  @Test
  void fullLengthBelow12_isRejected() {
    for (int length : new int[] {0, 4, 8}) {
      for (Sender s : Sender.values()) {
        assertThat(rejection(Framing.FULL.decoder(s), le(length)))
            .as("length %d", length)
            .isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Sender.class)
  void lengthNotWholeWords_isRejected(Sender sender) throws Exception {
    assertThat(rejection(Framing.INTERMEDIATE.decoder(sender), le(6)))
        .isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID);
    assertThat(rejection(Framing.FULL.decoder(sender), le(18)))
        .isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID);
    // padded intermediate allows it: 8 bytes of payload and 3 of padding
    assertThat(
            Feed.decode(
                Framing.PADDED_INTERMEDIATE.decoder(sender),
                concat(le(11), new byte[11]),
                Feed.oneByte()))
        .hasSize(1);
  }

  /** Over the limit by one: rejected once the header is in, before any body byte. */
  @ParameterizedTest
  @EnumSource(Framing.class)
  void frameOverTheLimit_isRejectedFromTheHeader(Framing framing) throws Exception {
    int max = 1024;
    for (Sender sender : Sender.values()) {
      byte[] atLimit =
          framing.encoder(sender, new FixedSecureRandom(new byte[4])).encode(new byte[max]);
      assertThat(Feed.decode(framing.decoder(sender, max), atLimit, Feed.whole())).hasSize(1);
      byte[] over =
          framing.encoder(sender, new FixedSecureRandom(new byte[4])).encode(new byte[max + 4]);
      int header = 4; // abridged: 7f + 3 bytes; full: the length word alone
      FrameDecoder decoder = framing.decoder(sender, max);
      assertThat(decoder.next(ByteBuffer.wrap(over, 0, header - 1))).isNull();
      assertThatThrownBy(() -> decoder.next(ByteBuffer.wrap(over, header - 1, 1)))
          .isInstanceOfSatisfying(
              CheckFailedException.class,
              e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_FRAME_TOO_LONG));
    }
    // the default: 1 MiB accepted in its header, 1 MiB + 4 refused
    FrameDecoder d = framing.decoder(Sender.CLIENT);
    assertThat(d.maxFrameLength()).isEqualTo(1 << 20);
  }

  @Test
  void hugeAnnouncedLengths_areRejectedWithoutAllocating() {
    // 2^31 - 4 bytes (abridged: 2^26 - 4) is never allocated: the header alone decides
    for (Framing framing : Framing.values()) {
      byte[] header = framing == Framing.ABRIDGED ? new byte[] {0x7f, -1, -1, -1} : le(0x7fff_fffc);
      for (Sender s : Sender.values()) {
        assertThat(rejection(framing.decoder(s), header))
            .as("%s from %s", framing, s)
            .isEqualTo(CheckReason.TRANSPORT_FRAME_TOO_LONG);
      }
    }
  }

  @Test
  void fullWrongSeqNo_isRejected_andDamagedSeqNoIsACrcFailure() throws Exception {
    FrameEncoder encoder = Framing.FULL.encoder(Sender.SERVER, Feed.seeded(1));
    byte[] f0 = encoder.encode(new byte[16]);
    byte[] f1 = encoder.encode(new byte[16]);
    byte[] f2 = encoder.encode(new byte[16]);
    // a dropped frame
    assertThat(rejection(Framing.FULL.decoder(Sender.SERVER), concat(f0, f2)))
        .isEqualTo(CheckReason.TRANSPORT_SEQ_MISMATCH);
    // a repeated frame
    assertThat(rejection(Framing.FULL.decoder(Sender.SERVER), concat(f0, f1, f1)))
        .isEqualTo(CheckReason.TRANSPORT_SEQ_MISMATCH);
    // a bit flipped in the seq_no
    byte[] damaged = f1.clone();
    damaged[4] ^= 1;
    assertThat(rejection(Framing.FULL.decoder(Sender.SERVER), concat(f0, damaged)))
        .isEqualTo(CheckReason.TRANSPORT_CRC_MISMATCH);
  }

  @Test
  void fullEveryBitFlip_isRejected() throws Exception {
    byte[] frame = Framing.FULL.encoder(Sender.CLIENT, Feed.seeded(1)).encode(Feed.counting(20));
    for (int bit = 0; bit < frame.length * 8; bit++) {
      byte[] bad = frame.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      CheckReason reason;
      try {
        List<TransportEvent> events =
            Feed.decode(Framing.FULL.decoder(Sender.CLIENT), bad, Feed.whole());
        // a changed length can leave the frame incomplete: the decoder waits, nothing comes
        assertThat(events).as("bit %d", bit).isEmpty();
        continue;
      } catch (CheckFailedException e) {
        reason = e.reason();
      }
      assertThat(reason)
          .as("bit %d", bit)
          .isIn(
              CheckReason.TRANSPORT_CRC_MISMATCH,
              CheckReason.TRANSPORT_LENGTH_INVALID,
              CheckReason.TRANSPORT_FRAME_TOO_LONG);
    }
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void truncatedStream_waitsWithoutException(Framing framing) throws Exception {
    for (Sender sender : Sender.values()) {
      byte[] frame = framing.encoder(sender, Feed.seeded(2)).encode(Feed.counting(600));
      for (int cut = 0; cut < frame.length; cut++) {
        FrameDecoder decoder = framing.decoder(sender);
        assertThat(decoder.decodeAll(ByteBuffer.wrap(frame, 0, cut))).isEmpty();
        assertThat(decoder.isIdle()).isEqualTo(cut == 0);
        assertThat(decoder.isFailed()).isFalse();
        // the rest completes it
        assertThat(decoder.decodeAll(ByteBuffer.wrap(frame, cut, frame.length - cut))).hasSize(1);
      }
    }
  }

  @Test
  void failure_isSticky() {
    FrameDecoder decoder = Framing.INTERMEDIATE.decoder(Sender.CLIENT);
    assertThatThrownBy(() -> decoder.next(ByteBuffer.wrap(le(7))))
        .isInstanceOf(CheckFailedException.class);
    ByteBuffer good = ByteBuffer.wrap(concat(le(4), new byte[4]));
    assertThatThrownBy(() -> decoder.next(good))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_LENGTH_INVALID));
    assertThat(decoder.isFailed()).isTrue();
    assertThat(good.position()).isZero();
  }

  @Test
  void transportErrors_fromServerOnly() throws Exception {
    byte[] minus404 = le(-404);
    assertThat(
            Feed.decode(
                Framing.ABRIDGED.decoder(Sender.SERVER),
                concat(new byte[] {1}, minus404),
                Feed.oneByte()))
        .containsExactly(new TransportEvent.TransportError(-404));
    assertThat(
            Feed.decode(
                Framing.INTERMEDIATE.decoder(Sender.SERVER),
                concat(le(4), minus404),
                Feed.oneByte()))
        .containsExactly(new TransportEvent.TransportError(-404));
    // padded intermediate: the code followed by padding
    assertThat(
            Feed.decode(
                Framing.PADDED_INTERMEDIATE.decoder(Sender.SERVER),
                concat(le(19), le(-429), new byte[15]),
                Feed.oneByte()))
        .containsExactly(new TransportEvent.TransportError(-429));
    // 20 bytes is a frame (an MTProto message can be 20 bytes)
    assertThat(
            Feed.decode(
                    Framing.PADDED_INTERMEDIATE.decoder(Sender.SERVER),
                    concat(le(20), le(-429), new byte[16]),
                    Feed.whole())
                .get(0))
        .isInstanceOf(TransportEvent.Frame.class);
    // from a client, 4 negative bytes are just a frame
    assertThat(
            Feed.decode(
                Framing.INTERMEDIATE.decoder(Sender.CLIENT), concat(le(4), minus404), Feed.whole()))
        .containsExactly(new TransportEvent.Frame(Bytes.copyOf(minus404), false));
    // the full framing's error frame has a seq_no and a CRC like any frame
    FrameEncoder full = Framing.FULL.encoder(Sender.SERVER, Feed.seeded(1));
    byte[] stream = concat(full.encode(new byte[8]), full.encodeTransportError(-444));
    assertThat(Feed.decode(Framing.FULL.decoder(Sender.SERVER), stream, Feed.oneByte()))
        .endsWith(new TransportEvent.TransportError(-444));
  }

  @Test
  void events_validateTheirValues() {
    assertThatIllegalArgumentException().isThrownBy(() -> new TransportEvent.QuickAck(1));
    assertThatIllegalArgumentException().isThrownBy(() -> new TransportEvent.TransportError(0));
    TransportEvent.Frame f = new TransportEvent.Frame(Bytes.fromHex("01020304"), true);
    assertThat(f.payload().isReadOnly()).isTrue();
    assertThat(f.toString()).contains("length=4").contains("01020304");
    byte[] copy = f.toByteArray();
    copy[0] = 9;
    assertThat(f.bytes()).isEqualTo(Bytes.fromHex("01020304"));
  }
}
