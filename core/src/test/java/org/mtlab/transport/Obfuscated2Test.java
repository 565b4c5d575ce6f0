package org.mtlab.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.transport.Feed.concat;

import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.bouncycastle.util.test.FixedSecureRandom;
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
import org.mtlab.testing.Vectors;

/**
 * obfuscated2 (docs/protocol.md §7.2): the published vectors ({@code
 * vectors/published/obfuscated2.json}, gotd's MTProxy tests and one derived direct connection):
 * init with tag and DC id, both keys and IVs, the header sent, the streams continuing after it; the
 * server's parse of the same header; the forbidden first words on the client side (redrawn) and the
 * server side (rejected).
 */
class Obfuscated2Test {
  private static final byte[] ABCD = "abcd".getBytes(StandardCharsets.US_ASCII);

  static Stream<Arguments> vectors() {
    return Vectors.published("obfuscated2.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  static Optional<ProxySecret> secret(JsonObject v) {
    return Vectors.has(v, "proxy_secret")
        ? Optional.of(ProxySecret.fromHex(Vectors.str(v, "proxy_secret")))
        : Optional.empty();
  }

  static OptionalInt dc(JsonObject v) {
    return Vectors.has(v, "dc") ? OptionalInt.of(Vectors.integer(v, "dc")) : OptionalInt.empty();
  }

  static Framing framing(JsonObject v) {
    return Framing.forTag(FrameDecoder.intLe(Vectors.hex(v, "protocol_tag"), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void keysAndIvs(String id, JsonObject v) {
    byte[] init = Vectors.hex(v, "init_after_tag_and_dc");
    byte[][] enc = Obfuscated2.keyAndIv(init, false, secret(v));
    byte[][] dec = Obfuscated2.keyAndIv(init, true, secret(v));
    assertThat(enc[0]).isEqualTo(Vectors.hex(v, "encrypt_key"));
    assertThat(enc[1]).isEqualTo(Vectors.hex(v, "encrypt_iv"));
    assertThat(dec[0]).isEqualTo(Vectors.hex(v, "decrypt_key"));
    assertThat(dec[1]).isEqualTo(Vectors.hex(v, "decrypt_iv"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void clientHeaderAndStreams(String id, JsonObject v) {
    byte[] init = Vectors.hex(v, "random_init");
    Obfuscated2 client = Obfuscated2.clientWithInit(framing(v), init, dc(v), secret(v));
    assertThat(client.header()).isEqualTo(Bytes.copyOf(Vectors.hex(v, "header_sent")));
    assertThat(client.framing()).isEqualTo(framing(v));
    assertThat(client.side()).isEqualTo(Sender.CLIENT);
    byte[] withTag = Vectors.hex(v, "init_after_tag_and_dc");
    assertThat(client.dcId()).isEqualTo((short) ((withTag[60] & 0xff) | withTag[61] << 8));
    if (Vectors.has(v, "then_encrypt_ascii_abcd")) {
      byte[] out = new byte[4];
      client.encrypt(ABCD, 0, 4, out, 0);
      assertThat(out).isEqualTo(Vectors.hex(v, "then_encrypt_ascii_abcd"));
      client.decrypt(ABCD, 0, 4, out, 0);
      assertThat(out).isEqualTo(Vectors.hex(v, "then_decrypt_stream_applied_to_ascii_abcd"));
    }
    assertThat(init).isEqualTo(Vectors.hex(v, "random_init")); // the caller's array untouched
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void serverParsesTheHeader(String id, JsonObject v) throws Exception {
    byte[] header = Vectors.hex(v, "header_sent");
    Obfuscated2 server = Obfuscated2.server(concat(new byte[3], header), 3, secret(v));
    assertThat(server.framing()).isEqualTo(framing(v));
    assertThat(server.side()).isEqualTo(Sender.SERVER);
    if (dc(v).isPresent()) {
      assertThat(server.dcId()).isEqualTo((short) dc(v).getAsInt());
    }
    if (Vectors.has(v, "then_encrypt_ascii_abcd")) {
      byte[] out = new byte[4];
      server.decrypt(Vectors.hex(v, "then_encrypt_ascii_abcd"), 0, 4, out, 0);
      assertThat(out).isEqualTo(ABCD);
      server.encrypt(ABCD, 0, 4, out, 0);
      assertThat(out).isEqualTo(Vectors.hex(v, "then_decrypt_stream_applied_to_ascii_abcd"));
    }
  }

  /** The derived direct connection: the first frame, through a client codec and a server's. */
  @Test
  void derivedFirstFrame_bothSides() throws Exception {
    JsonObject v =
        vectors()
            .map(a -> (JsonObject) a.get()[1])
            .filter(o -> Vectors.str(o, "id").equals("obf2-derived-direct-intermediate"))
            .findFirst()
            .orElseThrow();
    byte[] plain = Vectors.hex(v, "first_frame_plain");
    byte[] payload = Arrays.copyOfRange(plain, 4, plain.length);
    assertThat(FrameDecoder.intLe(plain, 0)).isEqualTo(payload.length);
    Obfuscated2 obf =
        Obfuscated2.clientWithInit(
            Framing.INTERMEDIATE,
            Vectors.hex(v, "random_init"),
            OptionalInt.empty(),
            Optional.empty());
    TransportCodec client = TransportCodec.client(obf, Feed.seeded(1), 1 << 20);
    assertThat(client.preamble()).isEqualTo(Bytes.copyOf(Vectors.hex(v, "header_sent")));
    byte[] sent = client.encode(payload);
    assertThat(sent).isEqualTo(Vectors.hex(v, "first_frame_encrypted"));

    for (Feed.Splitter split : List.of(Feed.whole(), Feed.oneByte(), Feed.random(7))) {
      TransportCodec[] codec = new TransportCodec[1];
      List<TransportEvent> events =
          Feed.detectAndDecode(
              new TransportDetector(Feed.seeded(1)),
              concat(Vectors.hex(v, "header_sent"), sent),
              split,
              codec);
      assertThat(codec[0].framing()).isEqualTo(Framing.INTERMEDIATE);
      assertThat(codec[0].obfuscation()).isPresent();
      assertThat(events).containsExactly(new TransportEvent.Frame(Bytes.copyOf(payload), false));
    }
  }

  // --- forbidden first words ------------------------------------------------------------------

  /** One init per forbidden rule, each otherwise fine. */
  static Stream<Arguments> forbidden() {
    return Stream.of(
        Arguments.of("ef first byte", "ef000000" + "01010101"),
        Arguments.of("HEAD", "48454144" + "01010101"),
        Arguments.of("POST", "504f5354" + "01010101"),
        Arguments.of("GET ", "47455420" + "01010101"),
        Arguments.of("OPTI", "4f505449" + "01010101"),
        Arguments.of("TLS record", "16030102" + "01010101"),
        Arguments.of("dddddddd", "dddddddd" + "01010101"),
        Arguments.of("eeeeeeee", "eeeeeeee" + "01010101"),
        Arguments.of("zero seq_no", "01020304" + "00000000"));
  }

  private static byte[] init(String first8) {
    byte[] init = Feed.filled(64, 0x5a);
    System.arraycopy(Hex.decode(first8), 0, init, 0, 8);
    return init;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbidden")
  void forbiddenStart_isRedrawnRejectedAndRefused(String name, String first8) {
    byte[] bad = init(first8);
    assertThat(Obfuscated2.isForbiddenStart(bad, 0)).isTrue();
    // the client draws again until the init is allowed: the second draw is used
    byte[] good = init("0102030405060708");
    assertThat(Obfuscated2.isForbiddenStart(good, 0)).isFalse();
    FixedSecureRandom random = new FixedSecureRandom(concat(bad, bad, good));
    Obfuscated2 drawn = Obfuscated2.client(Framing.ABRIDGED, random);
    assertThat(random.isExhausted()).isTrue();
    Obfuscated2 expected =
        Obfuscated2.clientWithInit(Framing.ABRIDGED, good, OptionalInt.empty(), Optional.empty());
    assertThat(drawn.header()).isEqualTo(expected.header());
    // a given init that is forbidden is a caller mistake
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Obfuscated2.clientWithInit(
                    Framing.ABRIDGED, bad, OptionalInt.empty(), Optional.empty()));
    // a server refuses it
    assertThatThrownBy(() -> Obfuscated2.server(bad, 0, Optional.empty()))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.OBFUSCATED2_INIT_FORBIDDEN));
  }

  @Test
  void unknownTag_orWrongSecret_isRejected() throws Exception {
    byte[] init = init("0102030405060708");
    Obfuscated2 client =
        Obfuscated2.clientWithInit(
            Framing.PADDED_INTERMEDIATE, init, OptionalInt.of(-4), Optional.of(secret(0x99)));
    byte[] header = client.header().toByteArray();
    assertThat(Obfuscated2.server(header, 0, Optional.of(secret(0x99))).dcId())
        .isEqualTo((short) -4);
    assertThatThrownBy(() -> Obfuscated2.server(header, 0, Optional.of(secret(0x98))))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.OBFUSCATED2_TAG_UNKNOWN));
    assertThatThrownBy(() -> Obfuscated2.server(header, 0, Optional.empty()))
        .isInstanceOf(CheckFailedException.class);
    byte[] flipped = header.clone();
    flipped[57] ^= 1; // inside the encrypted tag
    assertThatThrownBy(() -> Obfuscated2.server(flipped, 0, Optional.of(secret(0x99))))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.OBFUSCATED2_TAG_UNKNOWN));
  }

  private static ProxySecret secret(int fill) {
    return ProxySecret.copyOf(Feed.filled(16, fill));
  }

  @ParameterizedTest
  @ValueSource(ints = {-32769, 32768})
  void dcIdOutsideInt16_throwsIae(int dc) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Obfuscated2.client(
                    Framing.ABRIDGED, OptionalInt.of(dc), Optional.empty(), Feed.seeded(1)));
  }

  @Test
  void callerMistakes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Obfuscated2.client(Framing.FULL, Feed.seeded(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Obfuscated2.clientWithInit(
                    Framing.ABRIDGED, new byte[63], OptionalInt.empty(), Optional.empty()));
    assertThatIllegalArgumentException().isThrownBy(() -> ProxySecret.copyOf(new byte[17]));
    assertThatThrownBy(() -> Obfuscated2.server(new byte[63], 0, Optional.empty()))
        .isInstanceOf(IndexOutOfBoundsException.class);
    ProxySecret s = secret(1);
    assertThat(s.toString()).doesNotContain("01");
    s.destroy();
    assertThat(s.isDestroyed()).isTrue();
    assertThatThrownBy(
            () ->
                Obfuscated2.client(
                    Framing.ABRIDGED, OptionalInt.empty(), Optional.of(s), Feed.seeded(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Encoding into a heap buffer at an array offset encrypts exactly the frame, in place. */
  @Test
  void encodeIntoHeapBufferWithOffset_matchesArray() {
    byte[] init = init("0102030405060708");
    TransportCodec a =
        TransportCodec.client(
            Obfuscated2.clientWithInit(
                Framing.INTERMEDIATE, init, OptionalInt.empty(), Optional.empty()),
            Feed.seeded(1),
            1 << 20);
    TransportCodec b =
        TransportCodec.client(
            Obfuscated2.clientWithInit(
                Framing.INTERMEDIATE, init, OptionalInt.empty(), Optional.empty()),
            Feed.seeded(1),
            1 << 20);
    byte[] first = a.encode(Feed.counting(16));
    byte[] second = a.encode(Feed.counting(24));
    ByteBuffer out = ByteBuffer.wrap(Feed.filled(100, 0x77), 5, 95).slice();
    out.position(2);
    b.encode(ByteBuffer.wrap(Feed.counting(16)), false, out);
    int n = b.encode(ByteBuffer.wrap(Feed.counting(24)), false, out);
    assertThat(n).isEqualTo(second.length);
    byte[] got = new byte[first.length + second.length];
    out.flip().position(2);
    out.get(got);
    assertThat(got).isEqualTo(concat(first, second));
    assertThat(out.array()[5 + 1]).isEqualTo((byte) 0x77); // before the frames: untouched
    assertThat(out.array()[5 + 2 + got.length]).isEqualTo((byte) 0x77); // after: untouched
  }

  /** A fresh client of every framing and a detecting server talk both ways, streams running on. */
  @Test
  void clientAndServer_talkBothWays_inPlaceAndBuffers() throws Exception {
    List<Framing> framings =
        List.of(Framing.ABRIDGED, Framing.INTERMEDIATE, Framing.PADDED_INTERMEDIATE);
    for (int seed = 0; seed < framings.size(); seed++) {
      Framing framing = framings.get(seed);
      Obfuscated2 obf =
          Obfuscated2.client(framing, OptionalInt.of(10002), Optional.empty(), Feed.seeded(seed));
      TransportCodec client = TransportCodec.client(obf, Feed.seeded(2), 1 << 16);
      byte[] p1 = Feed.counting(64);
      byte[] wire1 = client.encode(p1, true);
      ByteBuffer direct = ByteBuffer.allocateDirect(client.maxEncodedLength(600));
      client.encode(ByteBuffer.wrap(Feed.counting(600)), false, direct);
      direct.flip();
      byte[] wire2 = new byte[direct.remaining()];
      direct.get(wire2);

      TransportCodec[] server = new TransportCodec[1];
      List<TransportEvent> got =
          Feed.detectAndDecode(
              new TransportDetector(Feed.seeded(3)),
              concat(client.preamble().toByteArray(), wire1, wire2),
              Feed.random(11),
              server);
      assertThat(server[0].framing()).isEqualTo(framing);
      assertThat(server[0].obfuscation().orElseThrow().dcId()).isEqualTo((short) 10002);
      assertThat(got).hasSize(2);
      TransportEvent.Frame first = (TransportEvent.Frame) got.get(0);
      assertThat(first.quickAckRequested()).isTrue();
      assertThat(Arrays.copyOf(first.toByteArray(), 64)).isEqualTo(p1);
      assertThat(Arrays.copyOf(((TransportEvent.Frame) got.get(1)).toByteArray(), 600))
          .isEqualTo(Feed.counting(600));

      byte[] back =
          concat(
              server[0].encodeQuickAck(0x8000_1234),
              server[0].encode(Feed.counting(32)),
              server[0].encodeTransportError(-404));
      List<TransportEvent> replies = Feed.decode(client, back, Feed.oneByte());
      assertThat(replies).hasSize(3);
      assertThat(replies.get(0)).isEqualTo(new TransportEvent.QuickAck(0x8000_1234));
      assertThat(replies.get(2)).isEqualTo(new TransportEvent.TransportError(-404));
    }
  }
}
