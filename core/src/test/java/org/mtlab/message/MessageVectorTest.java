package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Vectors;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Opening and sealing against frames nobody here chose: {@code generated/mtproto2_frames.json}
 * (OpenSSL and hashlib) and {@code published/mtproto2_messages.json} (grammers, a real server
 * reply, and derived ping/pong and negative packets).
 */
class MessageVectorTest {

  // --- generated frames ------------------------------------------------------------------

  static Stream<Arguments> goodFrames() {
    List<JsonObject> cases = Vectors.generated("mtproto2_frames.json", "good");
    return cases.stream()
        .map(
            c ->
                Arguments.of(
                    Vectors.str(c, "sender") + " msg_id " + c.get("msg_id").getAsString(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodFrames")
  void goodFrame_opensToExactlyTheFields_andResealsToTheSameBytes(String name, JsonObject c)
      throws Exception {
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    Sender sender = Sender.parse(Vectors.str(c, "sender"));
    byte[] frame = Vectors.hex(c, "frame");
    ServerSalt salt = ServerSalt.fromHex(Vectors.str(c, "server_salt"));
    SessionId session = SessionId.fromHex(Vectors.str(c, "session_id"));
    MessageId msgId = new MessageId(Long.parseUnsignedLong(c.get("msg_id").getAsString()));
    int seqNo = c.get("seq_no").getAsInt();
    Bytes data = Bytes.copyOf(Vectors.hex(c, "message_data"));
    Bytes padding = Bytes.copyOf(Vectors.hex(c, "padding"));

    InnerMessage expected = new InnerMessage(salt, session, msgId, seqNo, data);

    InnerMessage stateless = MessageOpener.openStateless(key, sender, frame);
    assertThat(stateless).isEqualTo(expected);
    assertThat(stateless.data()).isEqualTo(data);

    // A session opener for that session (no clock: the vectors' times are arbitrary).
    MessageOpener opener = new MessageOpener(key, sender, session, SessionPolicy.standard());
    assertThat(opener.open(frame)).isEqualTo(expected);

    // The public fields.
    EncryptedFrame parsed = EncryptedFrame.parse(frame);
    assertThat(parsed.authKeyId()).isEqualTo(key.id());
    assertThat(parsed.toByteArray()).isEqualTo(frame);

    // Re-seal with the vector's padding: the same bytes.
    MessageSealer sealer = new MessageSealer(key, sender, new SecureRandom());
    assertThat(sealer.seal(expected, padding)).isEqualTo(frame);
    // ... also into a caller buffer at an offset.
    byte[] out = new byte[frame.length + 7];
    int n = new MessageSealer(key, sender, new SecureRandom()).sealInto(expected, padding, out, 7);
    assertThat(n).isEqualTo(frame.length);
    assertThat(java.util.Arrays.copyOfRange(out, 7, 7 + n)).isEqualTo(frame);
  }

  /** Each bad frame's {@code why_rejected}, and the reason it must give. */
  private static final Map<String, CheckReason> WHY =
      Map.ofEntries(
          Map.entry("msg_key bit flipped", CheckReason.MSG_KEY_MISMATCH),
          Map.entry("auth_key_id bit flipped", CheckReason.AUTH_KEY_ID_MISMATCH),
          Map.entry("first ciphertext byte flipped", CheckReason.MSG_KEY_MISMATCH),
          Map.entry("last ciphertext byte flipped", CheckReason.MSG_KEY_MISMATCH),
          Map.entry("encrypted part not a multiple of 16", CheckReason.FRAME_MALFORMED),
          Map.entry("last block cut off", CheckReason.MSG_KEY_MISMATCH),
          Map.entry("frame shorter than auth_key_id and msg_key", CheckReason.FRAME_MALFORMED),
          Map.entry("empty frame", CheckReason.FRAME_MALFORMED),
          Map.entry(
              "sealed as server to client, opened as client to server",
              CheckReason.MSG_KEY_MISMATCH),
          Map.entry(
              "padding of 8 bytes, under the 12-byte minimum, with a correct msg_key",
              CheckReason.PADDING_LENGTH),
          Map.entry(
              "padding of 1040 bytes, over the 1024-byte maximum, with a correct msg_key",
              CheckReason.PADDING_LENGTH),
          Map.entry(
              "message_data_length larger than the decrypted payload, with a correct msg_key",
              CheckReason.LENGTH_FIELD),
          Map.entry(
              "message_data_length not divisible by 4, with a correct msg_key",
              CheckReason.LENGTH_FIELD),
          Map.entry(
              "message_data_length negative, with a correct msg_key", CheckReason.LENGTH_FIELD));

  static Stream<Arguments> badFrames() {
    return Vectors.generated("mtproto2_frames.json", "bad").stream()
        .map(c -> Arguments.of(Vectors.str(c, "why_rejected"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFrames")
  void badFrame_rejectedWithTheRightReason(String why, JsonObject c) {
    assertThat(WHY).as("every why_rejected is mapped").containsKey(why);
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    Sender sender = Sender.parse(Vectors.str(c, "sender"));
    byte[] frame = Vectors.hex(c, "frame");
    CheckFailedException e =
        catchThrowableOfType(
            CheckFailedException.class, () -> MessageOpener.openStateless(key, sender, frame));
    assertThat(e).as(why).isNotNull();
    assertThat(e.reason()).as(why).isEqualTo(WHY.get(why));
  }

  // --- published messages ----------------------------------------------------------------

  private static JsonObject published(String id) {
    return Vectors.published("mtproto2_messages.json").stream()
        .filter(v -> Vectors.str(v, "id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void grammersClientVector_kdfMsgKeyAndIgeComposeToThePacket() {
    // Not an inner message (a raw string plus 19 zero bytes): it checks the composition only.
    JsonObject v = published("encrypt-grammers-client");
    AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
    byte[] padded = concat(Vectors.hex(v, "plaintext"), Vectors.hex(v, "padding"));
    byte[] packet = Vectors.hex(v, "packet");
    assertThat(MsgKey.compute(key, Sender.CLIENT, padded).value())
        .isEqualTo(Bytes.copyOf(Vectors.hex(v, "msg_key")));
    assertThat(Frames.sealRaw(key, Sender.CLIENT, padded)).isEqualTo(packet);

    byte[] scratch = new byte[padded.length];
    FrameCipher opener = new FrameCipher(key, Sender.CLIENT, CipherDirection.DECRYPT, null);
    assertThat(opener.decryptAndVerify(packet, 0, padded.length, scratch)).isTrue();
    assertThat(scratch).isEqualTo(padded);

    // The MAC passes, then the layout check fails: bytes 28..31 are the text "ould".
    assertThatThrownBy(() -> MessageOpener.openStateless(key, Sender.CLIENT, packet))
        .isInstanceOfSatisfying(
            CheckFailedException.class,
            e -> assertThat(e.reason()).isEqualTo(CheckReason.LENGTH_FIELD));
  }

  @Test
  void grammersServerReply_opensToTheParsedFields_andHoldsAContainer() throws Exception {
    JsonObject v = published("decrypt-grammers-server");
    JsonObject f = v.getAsJsonObject("parsed");
    AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
    byte[] packet = Vectors.hex(v, "packet");
    byte[] plaintext = Vectors.hex(v, "plaintext");

    InnerMessage m = MessageOpener.openStateless(key, Sender.SERVER, packet);
    assertThat(m.salt()).isEqualTo(ServerSalt.fromHex(Vectors.str(f, "server_salt")));
    assertThat(m.sessionId()).isEqualTo(SessionId.fromHex(Vectors.str(f, "session_id")));
    assertThat(m.msgId().value()).isEqualTo(f.get("msg_id_int").getAsLong());
    assertThat(m.msgId().hex()).isEqualTo(Vectors.str(f, "msg_id"));
    assertThat(m.seqNo()).isEqualTo(f.get("seq_no").getAsInt());
    assertThat(m.data().length()).isEqualTo(f.get("message_data_length").getAsInt());
    assertThat(packet.length - 24 - m.length()).isEqualTo(f.get("padding_length").getAsInt());
    assertThat(m.data().slice(0, 4).hex()).isEqualTo(Vectors.str(f, "body_constructor"));
    assertThat(m.toByteArray()).isEqualTo(java.util.Arrays.copyOf(plaintext, m.length()));

    // A session opener for the vector's session accepts it too.
    assertThat(
            new MessageOpener(key, Sender.SERVER, m.sessionId(), SessionPolicy.standard())
                .open(packet))
        .isEqualTo(m);

    // The body: a container with new_session_created and pong (values read off the hex).
    ServiceMessage body = ServiceMessage.parse(m.data());
    assertThat(body).isInstanceOf(ServiceMessage.MsgContainer.class);
    ServiceMessage.MsgContainer container = (ServiceMessage.MsgContainer) body;
    assertThat(container.messages()).hasSize(2);
    container.checkIdsBelow(m.msgId());
    ServiceMessage.Message first = container.messages().get(0);
    assertThat(first.msgId()).isEqualTo(MessageId.fromWire(Hex.decode("01a8c1c2918b305e"), 0));
    assertThat(first.seqNo()).isEqualTo(1);
    assertThat(ServiceMessage.parse(first.body()))
        .isEqualTo(
            new ServiceMessage.NewSessionCreated(
                new MessageId(LittleEndian.getLong(Hex.decode("c4fd33ad918b305e"), 0)),
                LittleEndian.getLong(Hex.decode("18a88ea607ee5816"), 0),
                m.salt()));
    ServiceMessage.Message second = container.messages().get(1);
    assertThat(second.seqNo()).isEqualTo(2);
    assertThat(ServiceMessage.parse(second.body()))
        .isEqualTo(
            new ServiceMessage.Pong(
                new MessageId(LittleEndian.getLong(Hex.decode("c4fd33ad918b305e"), 0)),
                LittleEndian.getLong(Hex.decode("6408300000000000"), 0)));
    // Writing the container back gives the original bytes.
    assertThat(container.toBytes()).isEqualTo(m.data());
  }

  static Stream<Arguments> derivedPingPong() {
    return Stream.of(
        Arguments.of("derived-client-ping", Sender.CLIENT),
        Arguments.of("derived-server-pong", Sender.SERVER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivedPingPong")
  void derivedPingPong_openAndReseal(String id, Sender sender) throws Exception {
    JsonObject v = published(id);
    JsonObject f = v.getAsJsonObject("fields");
    AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
    byte[] packet = Vectors.hex(v, "packet");
    InnerMessage expected =
        new InnerMessage(
            ServerSalt.fromHex(Vectors.str(f, "server_salt")),
            SessionId.fromHex(Vectors.str(f, "session_id")),
            new MessageId(f.get("msg_id").getAsLong()),
            f.get("seq_no").getAsInt(),
            Bytes.copyOf(Vectors.hex(f, "body_hex")));
    assertThat(expected.toByteArray()).isEqualTo(Vectors.hex(v, "plaintext"));
    assertThat(MessageOpener.openStateless(key, sender, packet)).isEqualTo(expected);
    assertThat(
            new MessageSealer(key, sender, new SecureRandom())
                .seal(expected, Bytes.copyOf(Vectors.hex(v, "padding"))))
        .isEqualTo(packet);

    ServiceMessage body = ServiceMessage.parse(expected.data());
    if (sender == Sender.CLIENT) {
      assertThat(body).isEqualTo(new ServiceMessage.Ping(0x0102030405060708L));
    } else {
      long pingMsgId =
          published("derived-client-ping").getAsJsonObject("fields").get("msg_id").getAsLong();
      assertThat(body)
          .isEqualTo(new ServiceMessage.Pong(new MessageId(pingMsgId), 0x0102030405060708L));
    }
    assertThat(body.toBytes()).isEqualTo(expected.data());
  }

  private static final Map<String, CheckReason> NEGATIVE =
      Map.of(
          "msg_key", CheckReason.MSG_KEY_MISMATCH,
          "padding", CheckReason.PADDING_LENGTH,
          "length_mod4", CheckReason.LENGTH_FIELD,
          "length_too_big", CheckReason.LENGTH_FIELD,
          "msg_id_parity", CheckReason.MSG_ID_PARITY,
          "session_id", CheckReason.SESSION_ID_MISMATCH);

  static Stream<Arguments> negativePackets() {
    JsonObject v = published("derived-negative-server-packets");
    List<JsonObject> cases = new java.util.ArrayList<>();
    v.getAsJsonArray("cases").forEach(e -> cases.add(e.getAsJsonObject()));
    return cases.stream().map(c -> Arguments.of(Vectors.str(c, "case"), v, c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negativePackets")
  void derivedNegativeServerPackets_rejectedWithTheRightReason(
      String name, JsonObject v, JsonObject c) {
    AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
    SessionId session = SessionId.fromHex(Vectors.str(v, "expected_session_id"));
    assertThat(session.value()).isEqualTo(0x0123456789abcdefL);
    CheckReason expected = NEGATIVE.get(Vectors.str(c, "reason"));
    assertThat(expected).as("reason mapped").isNotNull();
    // The client's receive path for server frames: x = 8, the expected session, no clock
    // (the vectors' msg_ids are from 2024).
    MessageOpener opener = new MessageOpener(key, Sender.SERVER, session, SessionPolicy.standard());
    byte[] packet = Vectors.hex(c, "packet");
    CheckFailedException e =
        catchThrowableOfType(CheckFailedException.class, () -> opener.open(packet));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(expected);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
