package org.mtlab.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
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
import org.mtlab.bytes.LittleEndian;
import org.mtlab.testing.Vectors;
import org.mtlab.tl.HandshakeMessage.BindAuthKeyInner;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.DhGenAnswer;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.PqInnerDataTempDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;

/**
 * The handshake constructors against the published bytes: every message of the samples page and of
 * grammers' exchange parses to the right record and writes back to the same bytes; bounded reading
 * (B63, B64).
 */
class HandshakeMessageTest {

  private static JsonObject exchange(String id) {
    for (JsonObject v : Vectors.published("auth_key_exchange.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(id);
  }

  static Stream<Arguments> publishedBodies() {
    JsonObject samples = exchange("samples-page-2024");
    JsonObject packets = samples.getAsJsonObject("packets");
    JsonObject grammers = exchange("grammers-deterministic-flow");
    JsonObject wire = grammers.getAsJsonObject("wire");
    JsonObject mid = grammers.getAsJsonObject("intermediate");
    Stream.Builder<Arguments> b = Stream.builder();
    for (String name : packets.keySet()) {
      byte[] packet = Vectors.hex(packets, name);
      b.add(Arguments.of("samples " + name, Arrays.copyOfRange(packet, 20, packet.length), name));
    }
    b.add(
        Arguments.of(
            "samples p_q_inner_data_dc",
            Vectors.hex(samples, "p_q_inner_data_dc"),
            "p_q_inner_data_dc"));
    b.add(
        Arguments.of(
            "samples client_DH_inner_data",
            Vectors.hex(samples, "client_DH_inner_data"),
            "client_DH_inner_data"));
    String[] names = {
      "req_pq_multi",
      "resPQ",
      "req_DH_params",
      "server_DH_params_ok",
      "set_client_DH_params",
      "dh_gen_ok"
    };
    String[] keys = {
      "step1_request",
      "step1_response",
      "step2_request",
      "step2_response",
      "step3_request",
      "step3_response"
    };
    for (int i = 0; i < keys.length; i++) {
      b.add(Arguments.of("grammers " + keys[i], Vectors.hex(wire, keys[i]), names[i]));
    }
    b.add(
        Arguments.of(
            "grammers p_q_inner_data", Vectors.hex(mid, "p_q_inner_data"), "p_q_inner_data"));
    b.add(
        Arguments.of(
            "grammers client_dh_inner_data",
            Vectors.hex(mid, "client_dh_inner_data"),
            "client_DH_inner_data"));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedBodies")
  void publishedMessage_parsesAndWritesBackIdentically(String id, byte[] body, String tlName)
      throws Exception {
    HandshakeMessage m = HandshakeMessage.parse(body);
    assertThat(m.tlName()).isEqualTo(tlName);
    assertThat(LittleEndian.getInt(body, 0)).isEqualTo(m.constructorId());
    assertThat(m.toByteArray()).isEqualTo(body);
  }

  @Test
  void samplesResPq_fields() throws Exception {
    JsonObject v = exchange("samples-page-2024");
    byte[] packet = Vectors.hex(v.getAsJsonObject("packets"), "resPQ");
    ResPq res = (ResPq) HandshakeMessage.parse(Arrays.copyOfRange(packet, 20, packet.length));
    assertThat(res.nonce().hex()).isEqualTo(Vectors.str(v, "nonce"));
    assertThat(res.serverNonce().hex()).isEqualTo(Vectors.str(v, "server_nonce"));
    assertThat(Long.parseUnsignedLong(res.pq().hex(), 16)).isEqualTo(v.get("pq").getAsLong());
    assertThat(res.fingerprints()).hasSize(3);
    assertThat(Hex.encode(LittleEndian.longBytes(res.fingerprints().get(2))))
        .isEqualTo(Vectors.str(v, "chosen_fingerprint_wire"));
    assertThat(res.fingerprints().get(2)).isEqualTo(v.get("chosen_fingerprint_int64").getAsLong());
  }

  @Test
  void samplesInnerData_fieldsAndRedactedToString() throws Exception {
    JsonObject v = exchange("samples-page-2024");
    PqInnerDataDc inner =
        (PqInnerDataDc) HandshakeMessage.parse(Vectors.hex(v, "p_q_inner_data_dc"));
    assertThat(inner.dc()).isEqualTo(2);
    assertThat(
            org.mtlab.bytes.Hex.encode(
                inner.newNonce().reveal(org.mtlab.bytes.SecretAccess.explicitly())))
        .isEqualTo(Vectors.str(v, "new_nonce"));
    assertThat(inner.toByteArray())
        .hasSize(100); // docs/protocol.md 5.4: 100 bytes for an 8-byte pq
    assertThat(inner.toString()).doesNotContain(Vectors.str(v, "new_nonce").substring(0, 16));
    assertThat(inner.toString()).contains("newNonce=redacted");
  }

  @Test
  void samplesClientInnerData_retryIdBeforeGb() throws Exception {
    // the page's table swaps the offsets; the bytes (and the TL order) have retry_id at 36
    JsonObject v = exchange("samples-page-2024");
    ClientDhInnerData inner =
        (ClientDhInnerData) HandshakeMessage.parse(Vectors.hex(v, "client_DH_inner_data"));
    assertThat(inner.retryId()).isZero();
    assertThat(inner.gB().hex()).isEqualTo(Vectors.str(v, "g_b"));
  }

  @Test
  void tempDcAndBindConstructors_roundTrip() throws Exception {
    Bytes n16 = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    Bytes n32 = n16.concat(n16);
    PqInnerDataTempDc t =
        new PqInnerDataTempDc(
            Bytes.fromHex("17ed48941a08f981"),
            Bytes.fromHex("494c553b"),
            Bytes.fromHex("53911073"),
            n16,
            n16,
            org.mtlab.key.NewNonce.copyOf(n32.toByteArray()),
            -10002,
            86400);
    byte[] bytes = t.toByteArray();
    assertThat(Hex.encode(bytes, 0, 4)).isEqualTo("88dffd56"); // 0x56fddf88 little-endian
    assertThat(HandshakeMessage.parse(bytes).toByteArray()).isEqualTo(bytes);
    assertThat(LittleEndian.getInt(bytes, bytes.length - 4)).isEqualTo(86400);
    assertThat(LittleEndian.getInt(bytes, bytes.length - 8)).isEqualTo(-10002);

    BindAuthKeyInner inner = new BindAuthKeyInner(1, 2, 3, 4, 5);
    assertThat(inner.toByteArray()).hasSize(BindAuthKeyInner.LENGTH);
    assertThat(HandshakeMessage.parse(inner.toByteArray())).isEqualTo(inner);
    HandshakeMessage.BindTempAuthKey bind =
        new HandshakeMessage.BindTempAuthKey(7, 8, 9, Bytes.fromHex("00112233"));
    assertThat(Hex.encode(bind.toByteArray(), 0, 4)).isEqualTo("052ad4cd");
    assertThat(HandshakeMessage.parse(bind.toByteArray())).isEqualTo(bind);
    for (int n = 1; n <= 3; n++) {
      DhGenAnswer a = DhGenAnswer.of(n, n16, n16, n16);
      assertThat(a.hashNumber()).isEqualTo(n);
      assertThat(HandshakeMessage.parse(a.toByteArray())).isEqualTo(a);
    }
  }

  // --- B63, B64 -----------------------------------------------------------------------------

  @Test
  void unknownConstructor_isTlMalformed() {
    byte[] data = Hex.decode("78563412000102030405060708090a0b0c0d0e0f");
    assertReason(() -> HandshakeMessage.parse(data), CheckReason.TL_MALFORMED);
    // req_pq (deprecated 0x60469778) is not accepted either
    assertReason(
        () -> HandshakeMessage.parse(Hex.decode("78974660000102030405060708090a0b0c0d0e0f")),
        CheckReason.TL_MALFORMED);
  }

  @Test
  void truncationAtEveryLength_isTlMalformed() throws Exception {
    JsonObject wire = exchange("grammers-deterministic-flow").getAsJsonObject("wire");
    for (String key : List.of("step1_response", "step2_request", "step3_response")) {
      byte[] body = Vectors.hex(wire, key);
      for (int len = 0; len < body.length; len++) {
        byte[] cut = Arrays.copyOf(body, len);
        assertReason(() -> HandshakeMessage.parse(cut), CheckReason.TL_MALFORMED);
      }
      byte[] longer = Arrays.copyOf(body, body.length + 4);
      assertReason(() -> HandshakeMessage.parse(longer), CheckReason.TL_MALFORMED);
    }
  }

  @Test
  void bytesLengthPrefixPastTheEnd_isTlMalformed() {
    // req_DH_params whose encrypted_data claims 0xfffffe bytes
    byte[] body = reqDhParams().toByteArray();
    int at = body.length - 260;
    assertThat(body[at] & 0xff).isEqualTo(0xfe);
    body[at + 1] = (byte) 0xfe;
    body[at + 2] = (byte) 0xff;
    body[at + 3] = (byte) 0xff;
    assertReason(() -> HandshakeMessage.parse(body), CheckReason.TL_MALFORMED);
    byte[] ff = reqDhParams().toByteArray();
    ff[at] = (byte) 0xff; // not a valid prefix at all
    assertReason(() -> HandshakeMessage.parse(ff), CheckReason.TL_MALFORMED);
  }

  @ParameterizedTest(name = "count {0}")
  @ValueSource(ints = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 65, 4})
  void vectorCountNegativeHugeOrPastTheEnd_isTlMalformed(int count) {
    Bytes n = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    byte[] body = new ResPq(n, n, Bytes.fromHex("17ed48941a08f981"), List.of(1L, 2L)).toByteArray();
    LittleEndian.putInt(body, body.length - 20, count); // the count after the Vector id
    assertReason(() -> HandshakeMessage.parse(body), CheckReason.TL_MALFORMED);
  }

  @Test
  void wrongTypeWhereOneIsRequired_isTlMalformed() throws Exception {
    byte[] data = reqDhParams().toByteArray();
    assertReason(
        () -> HandshakeMessage.read(new TlReader(data), ServerDhInnerData.class),
        CheckReason.TL_MALFORMED);
    assertThat(HandshakeMessage.read(new TlReader(data), ReqDhParams.class))
        .isEqualTo(reqDhParams());
  }

  @Test
  void recordsValidateFixedLengths() {
    Bytes n15 = Bytes.copyOf(new byte[15]);
    Bytes n16 = Bytes.copyOf(new byte[16]);
    assertThatThrownBy(() -> new HandshakeMessage.ReqPqMulti(n15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> new PqInnerDataDc(n16, n16, n16, n16, n16, null, 2))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("new_nonce");
    assertThatThrownBy(() -> new HandshakeMessage.DhGenOk(n16, n16, n15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("new_nonce_hash");
    assertThatThrownBy(() -> new HandshakeMessage.ReqPqMulti(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DhGenAnswer.of(4, n16, n16, n16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ReqDhParams reqDhParams() {
    Bytes n = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    return new ReqDhParams(
        n,
        n,
        Bytes.fromHex("494c553b"),
        Bytes.fromHex("53911073"),
        42L,
        Bytes.copyOf(new byte[256]));
  }

  interface Call {
    Object run() throws Exception;
  }

  static void assertReason(Call call, CheckReason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(reason);
  }
}
