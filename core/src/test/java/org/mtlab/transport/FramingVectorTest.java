package org.mtlab.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.transport.Feed.concat;
import static org.mtlab.transport.Feed.counting;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;
import org.mtlab.key.Sender;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.Vectors;

/**
 * The published framing vectors ({@code vectors/published/transport_framing.json}, from Telethon v2
 * / grammers) and the quick-ack wire bytes of {@code mtproto2_messages.json}: each encoded in both
 * directions, and decoded whole, one byte at a time and in seeded random splits.
 */
class FramingVectorTest {
  static JsonObject vector(String id) {
    return Vectors.published("transport_framing.json").stream()
        .filter(v -> Vectors.str(v, "id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  /** Whole, one byte at a time, and five seeded random splits. */
  static Stream<Arguments> splits() {
    Stream<Arguments> fixed =
        Stream.of(Arguments.of("whole", Feed.whole()), Arguments.of("one byte", Feed.oneByte()));
    return Stream.concat(
        fixed,
        Seeds.cases("transport-vector-splits", 5)
            .mapToObj(s -> Arguments.of("random seed " + s, Feed.random(s))));
  }

  static Stream<Arguments> splitsAndSenders() {
    return splits()
        .flatMap(a -> Stream.of(Sender.values()).map(s -> Arguments.of(a.get()[0], a.get()[1], s)));
  }

  private static void assertSingleFrame(List<TransportEvent> events, byte[] payload) {
    assertThat(events).hasSize(1);
    TransportEvent.Frame f = (TransportEvent.Frame) events.get(0);
    assertThat(f.toByteArray()).isEqualTo(payload);
    assertThat(f.quickAckRequested()).isFalse();
  }

  @ParameterizedTest(name = "{0}, sent by {2}")
  @MethodSource("splitsAndSenders")
  void fullEmptySeq0(String name, Feed.Splitter split, Sender sender) throws Exception {
    byte[] frame = Vectors.hex(vector("full-empty-seq0"), "frame");
    FrameEncoder encoder = Framing.FULL.encoder(sender, Feed.seeded(1));
    assertThat(encoder.encode(new byte[0])).isEqualTo(frame);
    assertSingleFrame(Feed.decode(Framing.FULL.decoder(sender), frame, split), new byte[0]);
  }

  @ParameterizedTest(name = "{0}, sent by {2}")
  @MethodSource("splitsAndSenders")
  void full128Seq0AndSeq1(String name, Feed.Splitter split, Sender sender) throws Exception {
    JsonObject v = vector("full-128-seq0-and-seq1");
    byte[] payload = counting(128);
    byte[] seq0 = Vectors.hex(v, "frame_seq0");
    byte[] seq1 = Vectors.hex(v, "frame_seq1");
    FrameEncoder encoder = Framing.FULL.encoder(sender, Feed.seeded(1));
    assertThat(encoder.encode(payload)).isEqualTo(seq0);
    assertThat(encoder.encode(payload)).isEqualTo(seq1);
    assertThat(encoder.nextSeqNo()).isEqualTo(2);
    assertThat(FrameDecoder.intLe(seq0, seq0.length - 4))
        .isEqualTo((int) Vectors.int64(v, "crc_seq0_uint32"));
    assertThat(FrameDecoder.intLe(seq1, seq1.length - 4))
        .isEqualTo((int) Vectors.int64(v, "crc_seq1_uint32"));

    FrameDecoder decoder = Framing.FULL.decoder(sender);
    List<TransportEvent> events = Feed.decode(decoder, concat(seq0, seq1), split);
    assertThat(events)
        .containsExactly(
            new TransportEvent.Frame(org.mtlab.bytes.Bytes.copyOf(payload), false),
            new TransportEvent.Frame(org.mtlab.bytes.Bytes.copyOf(payload), false));
    assertThat(decoder.expectedSeqNo()).isEqualTo(2);
    assertThat(decoder.isIdle()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void fullCorruptedCrc_isRejected(String name, Feed.Splitter split) {
    JsonObject v = vector("full-128-seq0-and-seq1");
    byte[] frame = Vectors.hex(v, "frame_seq0");
    frame[frame.length - 1] ^= (byte) 0xff; // as the Telethon test does
    assertThat(FrameDecoder.intLe(frame, frame.length - 4))
        .isEqualTo((int) Vectors.int64(v, "corrupted_crc_uint32"));
    FrameDecoder decoder = Framing.FULL.decoder(Sender.SERVER);
    assertThatThrownBy(() -> Feed.decode(decoder, frame, split))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_CRC_MISMATCH));
    assertThat(decoder.isFailed()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void fullSeq1First_isRejected(String name, Feed.Splitter split) {
    byte[] frame = Vectors.hex(vector("full-128-seq0-and-seq1"), "frame_seq1");
    FrameDecoder decoder = Framing.FULL.decoder(Sender.CLIENT);
    assertThatThrownBy(() -> Feed.decode(decoder, frame, split))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_SEQ_MISMATCH));
  }

  static Stream<Arguments> headerCases() {
    return Stream.of("abridged", "intermediate")
        .flatMap(
            id -> {
              JsonObject v = vector(id);
              Framing framing = Framing.valueOf(id.toUpperCase(Locale.ROOT));
              Stream.Builder<Arguments> b = Stream.builder();
              for (JsonElement c : v.getAsJsonArray("cases")) {
                JsonObject o = c.getAsJsonObject();
                b.add(
                    Arguments.of(
                        framing, Vectors.integer(o, "payload_len"), Vectors.str(o, "first_bytes")));
              }
              return b.build();
            });
  }

  /** Marker + header as published; then the same decoded in every split, both directions. */
  @ParameterizedTest(name = "{0}, {1} bytes")
  @MethodSource("headerCases")
  void markerAndHeader(Framing framing, int payloadLength, String firstBytes) throws Exception {
    byte[] payload = counting(payloadLength);
    for (Sender sender : Sender.values()) {
      byte[] frame = framing.encoder(sender, Feed.seeded(1)).encode(payload);
      byte[] stream = concat(framing.marker().toByteArray(), frame);
      byte[] expectedHead = Hex.decode(firstBytes);
      assertThat(Arrays.copyOf(stream, expectedHead.length)).isEqualTo(expectedHead);
      assertThat(Arrays.copyOfRange(stream, expectedHead.length, stream.length)).isEqualTo(payload);
      for (Arguments a : (Iterable<Arguments>) splits()::iterator) {
        assertSingleFrame(
            Feed.decode(framing.decoder(sender), frame, (Feed.Splitter) a.get()[1]), payload);
      }
    }
  }

  /**
   * The derived client ping's quick-ack token: little-endian on the wire for the intermediate
   * framings, big-endian for abridged (docs/protocol.md §7.1).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void quickAckWireBytes(String name, Feed.Splitter split) throws Exception {
    JsonObject q =
        Vectors.published("mtproto2_messages.json").stream()
            .filter(v -> v.has("quick_ack"))
            .findFirst()
            .orElseThrow()
            .getAsJsonObject("quick_ack");
    int token = (int) Vectors.int64(q, "value");
    byte[] intermediate = Vectors.hex(q, "intermediate_wire_bytes");
    byte[] abridged = Vectors.hex(q, "abridged_wire_bytes");
    for (Framing framing : Framing.values()) {
      byte[] wire = framing == Framing.ABRIDGED ? abridged : intermediate;
      assertThat(framing.encoder(Sender.SERVER, Feed.seeded(1)).encodeQuickAck(token))
          .as(framing.name())
          .isEqualTo(wire);
      assertThat(Feed.decode(framing.decoder(Sender.SERVER), wire, split))
          .as(framing.name())
          .containsExactly(new TransportEvent.QuickAck(token));
    }
  }
}
