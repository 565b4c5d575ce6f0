package org.mtlab.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.transport.Feed.concat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.key.Sender;
import org.mtlab.testing.Seeds;

/**
 * The server's detection (docs/protocol.md §7): every framing, plain and obfuscated, found from a
 * client codec's bytes in any split, the prefix consumed and nothing more; HTTP and TLS refused.
 */
class TransportDetectorTest {
  static Stream<Arguments> transports() {
    return Stream.of(Framing.values())
        .flatMap(
            f ->
                Stream.of(false, true)
                    .filter(obf -> !obf || f.supportsObfuscation())
                    .flatMap(
                        obf ->
                            Seeds.cases("detector-" + f + obf, 4)
                                .mapToObj(seed -> Arguments.of(f, obf, seed))));
  }

  @ParameterizedTest(name = "{0}, obfuscated {1}, seed {2}")
  @MethodSource("transports")
  void detectsEveryTransport_inAnySplit(Framing framing, boolean obfuscated, long seed)
      throws Exception {
    TransportCodec client =
        obfuscated
            ? TransportCodec.client(
                Obfuscated2.client(framing, Feed.seeded(seed)), Feed.seeded(seed), 1 << 20)
            : TransportCodec.client(framing, Feed.seeded(seed));
    assertThat(client.framing()).isEqualTo(framing);
    byte[] a = Feed.counting(40);
    byte[] b = Feed.counting(2000);
    byte[] stream = concat(client.preamble().toByteArray(), client.encode(a), client.encode(b));
    for (Feed.Splitter split : List.of(Feed.whole(), Feed.oneByte(), Feed.random(seed))) {
      TransportCodec[] server = new TransportCodec[1];
      List<TransportEvent> events =
          Feed.detectAndDecode(new TransportDetector(Feed.seeded(1)), stream, split, server);
      assertThat(server[0].framing()).isEqualTo(framing);
      assertThat(server[0].side()).isEqualTo(Sender.SERVER);
      assertThat(server[0].preamble().isEmpty()).isTrue();
      assertThat(server[0].obfuscation().isPresent()).isEqualTo(obfuscated);
      assertThat(events).hasSize(2);
      int pad = framing == Framing.PADDED_INTERMEDIATE ? 15 : 0;
      assertThat(((TransportEvent.Frame) events.get(0)).length()).isBetween(40, 40 + pad);
      assertThat(((TransportEvent.Frame) events.get(1)).length()).isBetween(2000, 2000 + pad);
    }
  }

  @Test
  void consumesOnlyThePrefix() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(Hex.decode("eeeeeeee04000000aabbccdd"));
    TransportCodec codec = new TransportDetector(Feed.seeded(1)).detect(in);
    assertThat(codec.framing()).isEqualTo(Framing.INTERMEDIATE);
    assertThat(in.position()).isEqualTo(4);
    assertThat(codec.next(in))
        .isEqualTo(new TransportEvent.Frame(Bytes.fromHex("aabbccdd"), false));

    // full: the 8 bytes looked at belong to the frame; nothing is consumed past them
    byte[] full = Framing.FULL.encoder(Sender.CLIENT, Feed.seeded(1)).encode(new byte[4]);
    ByteBuffer fin = ByteBuffer.wrap(concat(full, new byte[] {1, 2}));
    TransportDetector detector = new TransportDetector(Feed.seeded(1));
    assertThat(detector.detect(ByteBuffer.wrap(full, 0, 5))).isNull();
    assertThat(detector.bufferedBytes()).isEqualTo(5);
    fin.position(5);
    TransportCodec fc = detector.detect(fin);
    assertThat(fin.position()).isEqualTo(8);
    assertThat(fc.next(fin)).isEqualTo(new TransportEvent.Frame(Bytes.fromHex("00000000"), false));
    assertThat(fin.remaining()).isEqualTo(2);
    assertThatThrownBy(() -> detector.detect(fin)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HEAD / HTTP/1.1",
        "POST /api HTTP/1.1",
        "GET /apiws HTTP/1.1",
        "OPTIONS * HTTP/1.1"
      })
  void http_isRefused(String request) {
    TransportDetector detector = new TransportDetector(Feed.seeded(1));
    assertThatThrownBy(() -> detector.detect(ByteBuffer.wrap(request.getBytes(UTF_8))))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_UNSUPPORTED));
    // and stays refused
    assertThatThrownBy(() -> detector.detect(ByteBuffer.wrap(new byte[] {(byte) 0xef})))
        .isInstanceOf(CheckFailedException.class);
  }

  @Test
  void tlsClientHello_isRefused() {
    assertThatThrownBy(
            () ->
                new TransportDetector(Feed.seeded(1))
                    .detect(ByteBuffer.wrap(Hex.decode("160301020001fc0303"))))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_UNSUPPORTED));
  }

  @Test
  void randomBytes_areAnUnknownObfuscationTag() {
    byte[] junk = Feed.filled(64, 0x42);
    assertThatThrownBy(() -> new TransportDetector(Feed.seeded(1)).detect(ByteBuffer.wrap(junk)))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.OBFUSCATED2_TAG_UNKNOWN));
  }

  @Test
  void proxySecret_isUsed() throws Exception {
    ProxySecret secret = ProxySecret.fromHex("00112233445566778899aabbccddeeff");
    Obfuscated2 obf =
        Obfuscated2.client(
            Framing.PADDED_INTERMEDIATE,
            java.util.OptionalInt.of(2),
            Optional.of(secret),
            Feed.seeded(5));
    ByteBuffer header = obf.header().asReadOnlyBuffer();
    TransportCodec codec =
        new TransportDetector(Feed.seeded(1), 1 << 20, Optional.of(secret)).detect(header);
    assertThat(codec.framing()).isEqualTo(Framing.PADDED_INTERMEDIATE);
    assertThat(codec.obfuscation().orElseThrow().dcId()).isEqualTo((short) 2);
    assertThatThrownBy(
            () -> new TransportDetector(Feed.seeded(1)).detect(obf.header().asReadOnlyBuffer()))
        .isInstanceOf(CheckFailedException.class);
  }

  @Test
  void maxFrameLength_reachesTheCodec() throws Exception {
    TransportCodec codec =
        new TransportDetector(Feed.seeded(1), 64, Optional.empty())
            .detect(ByteBuffer.wrap(new byte[] {(byte) 0xef}));
    assertThat(codec.maxFrameLength()).isEqualTo(64);
    assertThatThrownBy(() -> codec.next(ByteBuffer.wrap(new byte[] {17})))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.TRANSPORT_FRAME_TOO_LONG));
    assertThat(codec.isFailed()).isTrue();
  }
}
