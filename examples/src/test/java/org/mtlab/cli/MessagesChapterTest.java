package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mtlab.cli.JdkOracle.igeDecrypt;
import static org.mtlab.cli.JdkOracle.kdf2;
import static org.mtlab.cli.JdkOracle.msgKey;
import static org.mtlab.cli.JdkOracle.slice;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;
import org.mtlab.cli.tour.MessagesChapter;
import org.mtlab.cli.tour.Tour;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.message.BadServerSaltException;
import org.mtlab.message.InnerMessage;
import org.mtlab.message.MessageOpener;
import org.mtlab.message.PaddingPolicy;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Tour chapter 3, messages and sessions, through the real entry point: deterministic, the same
 * alone as in the whole tour, one JSON object, and every value and check outcome it prints is what
 * the library returns for the printed frames and key (re-opened here with {@link
 * MessageOpener#openStateless} and fresh {@link Session}s) and what the protocol says (msg_key,
 * aes_key/aes_iv and AES-256-IGE recomputed with the JDK's SHA-256 and AES).
 */
class MessagesChapterTest {
  private static final int CHAPTER = 3;

  private static final String SESSION = "A session over the auth key";
  private static final String PING = "The client's ping";
  private static final String PADDING = "Padding by size bucket";
  private static final String KEYS = "The ping's msg_key, aes_key and aes_iv";
  private static final String WIRE = "The ping on the wire";
  private static final String MAC = "The server opens the ping: MAC first";
  private static final String CHECKS = "The server's checks after the MAC";
  private static final String PONG = "The server's pong";
  private static final String PONG_OPENED = "The client opens the pong";
  private static final String REPLAY = "A replayed frame";
  private static final String TAMPER = "A tampered frame";
  private static final String SAME = "Every failure before the MAC looks the same";
  private static final String ROTATION = "The server changes its salt";
  private static final String BAD_SALT = "bad_server_salt after the grace period";
  private static final String RESEND = "The client takes the new salt and re-sends";
  private static final String READ = "What the server can read";

  @Test
  void isChapter3_withItsStepsInOrder() {
    assertThat(Tour.chapters().get(CHAPTER - 1)).isInstanceOf(MessagesChapter.class);
    assertThat(Tour.chapters().get(CHAPTER - 1).title()).isEqualTo("Messages and sessions");
    JsonObject chapter = chapter(Cli.run("tour", "--json", "--chapter", "3").assertOk().json());
    List<String> titles = new ArrayList<>();
    for (JsonElement s : chapter.getAsJsonArray("steps")) {
      titles.add(s.getAsJsonObject().get("title").getAsString());
    }
    assertThat(titles)
        .containsExactly(
            SESSION,
            PING,
            PADDING,
            KEYS,
            WIRE,
            MAC,
            CHECKS,
            PONG,
            PONG_OPENED,
            REPLAY,
            TAMPER,
            SAME,
            ROTATION,
            BAD_SALT,
            RESEND,
            READ);
  }

  @Test
  void deterministic_andTheSameAloneAsInTheWholeTour() {
    String a = Cli.run("tour", "--seed", "5", "--chapter", "3").assertOk().stdout();
    String b = Cli.run("tour", "--seed", "5", "--chapter", "3").assertOk().stdout();
    String c = Cli.run("tour", "--seed", "6", "--chapter", "3").assertOk().stdout();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).contains("Chapter 3: Messages and sessions");

    Cli.Result json = Cli.run("tour", "--json", "--seed", "5", "--chapter", "3").assertOk();
    assertThat(json.stdout().strip()).doesNotContain("\n"); // one object on one line
    JsonObject alone = json.json();
    assertThat(alone.keySet()).containsExactly("seed", "chapters");
    assertThat(alone.getAsJsonArray("chapters")).hasSize(1);
    JsonObject whole = Cli.run("tour", "--json", "--seed", "5").assertOk().json();
    assertThat(alone.getAsJsonArray("chapters").get(0))
        .isEqualTo(whole.getAsJsonArray("chapters").get(CHAPTER - 1));

    JsonObject six =
        chapter(Cli.run("tour", "--json", "--seed", "6", "--chapter", "3").assertOk().json());
    JsonObject five = chapter(alone);
    assertThat(value(six, SESSION, "auth_key")).isNotEqualTo(value(five, SESSION, "auth_key"));
    assertThat(value(six, WIRE, "frame")).isNotEqualTo(value(five, WIRE, "frame"));
  }

  @Test
  void text_teachesWhatTheChapterIsFor() {
    String text =
        Cli.run("tour", "--seed", "9", "--chapter", "3")
            .assertOk()
            .stdout()
            .replaceAll("\\s+", " ");
    assertThat(text)
        .contains("check = MSG_ID_REPLAYED")
        .contains("check = MSG_KEY_MISMATCH")
        .contains("check = BAD_SERVER_SALT")
        .contains("bad_server_salt (error 48)")
        .contains("x = 8")
        .contains("size buckets")
        .contains("cloud chats")
        .contains("the server holds the keys")
        .contains("Secret chats");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42})
  void everyValueAndCheck_isWhatTheLibraryAndTheProtocolSay(long seed) throws Exception {
    JsonObject tour = Cli.run("tour", "--json", "--seed", Long.toString(seed)).assertOk().json();
    JsonObject handshake = tour.getAsJsonArray("chapters").get(1).getAsJsonObject();
    JsonObject ch = chapter(tour);

    // Chapter 2's key and first salt.
    byte[] ak = hex(ch, SESSION, "auth_key");
    assertThat(ak).isEqualTo(hex(handshake, "auth_key = g^ab mod dh_prime", "auth_key"));
    byte[] firstSalt = hex(ch, SESSION, "server_salt");
    assertThat(firstSalt).isEqualTo(hex(handshake, "The first server salt", "server_salt"));
    assertThat(hex(ch, SESSION, "auth_key_id"))
        .isEqualTo(slice(MessageDigest.getInstance("SHA-1").digest(ak), 12, 20));
    AuthKey key = AuthKey.copyOf(ak);
    byte[] sessionId = hex(ch, SESSION, "session_id");

    // --- the ping ----------------------------------------------------------------------
    byte[] pingFrame = hex(ch, WIRE, "frame");
    Instant serverTime = Instant.parse(text(ch, CHECKS, "server_time"));
    InnerMessage ping = MessageOpener.openStateless(key, Sender.CLIENT, pingFrame, serverTime);
    long pingMsgId = id(ch, PING, "msg_id");
    assertThat(ping.salt().toWire()).isEqualTo(firstSalt).isEqualTo(hex(ch, PING, "server_salt"));
    assertThat(ping.sessionId().toWire())
        .isEqualTo(sessionId)
        .isEqualTo(hex(ch, PING, "session_id"));
    assertThat(ping.msgId().value()).isEqualTo(pingMsgId);
    assertThat(pingMsgId & 3).isZero();
    assertThat(ping.seqNo()).isEqualTo(number(ch, PING, "seq_no")).isEqualTo(1);
    assertThat(ping.data().toByteArray()).isEqualTo(hex(ch, PING, "message_data"));
    assertThat(ping.data().length()).isEqualTo(number(ch, PING, "message_data_length"));
    assertThat(ServiceMessage.parse(ping.data()))
        .isEqualTo(new ServiceMessage.Ping(id(ch, PING, "ping_id")));

    // msg_key, aes_key/aes_iv and IGE, by the formulas (JDK SHA-256 and AES only).
    byte[] msgKey = slice(pingFrame, 8, 24);
    assertThat(hex(ch, KEYS, "msg_key")).isEqualTo(msgKey);
    byte[][] keyIv = kdf2(ak, msgKey, 0);
    assertThat(hex(ch, KEYS, "aes_key")).isEqualTo(keyIv[0]);
    assertThat(hex(ch, KEYS, "aes_iv")).isEqualTo(keyIv[1]);
    assertThat(hex(ch, WIRE, "ciphertext")).isEqualTo(slice(pingFrame, 24, pingFrame.length));
    byte[] padded = igeDecrypt(keyIv[0], keyIv[1], slice(pingFrame, 24, pingFrame.length));
    assertThat(msgKey(ak, 0, padded)).isEqualTo(msgKey);
    assertThat(hex(ch, PADDING, "padded_plaintext")).isEqualTo(padded);
    assertThat(hex(ch, MAC, "decrypted")).isEqualTo(padded);
    assertThat(hex(ch, MAC, "recomputed_msg_key")).isEqualTo(msgKey);
    assertThat(slice(padded, 0, 32 + ping.data().length()))
        .isEqualTo(ping.toByteArray()); // the header and data, as the library opened them
    int unpadded = 32 + ping.data().length();
    assertThat(number(ch, PADDING, "unpadded_length")).isEqualTo(unpadded);
    assertThat(hex(ch, PADDING, "padding")).isEqualTo(slice(padded, unpadded, padded.length));
    assertThat(number(ch, PADDING, "padding_length"))
        .isEqualTo(padded.length - unpadded)
        .isEqualTo(PaddingPolicy.standard().paddingLength(unpadded, new SecureRandom()));
    assertThat(padded.length).isEqualTo(64); // the first size bucket

    // The server's checks: every one printed holds, with the values they were made on.
    assertThat(flags(ch, MAC)).containsOnly(true).hasSize(3);
    assertThat(flags(ch, CHECKS)).containsOnly(true).hasSize(8);
    assertThat(number(ch, MAC, "frame_length")).isEqualTo(pingFrame.length);
    assertThat(number(ch, CHECKS, "message_data_length")).isEqualTo(ping.data().length());
    assertThat(number(ch, CHECKS, "padding_length")).isEqualTo(padded.length - unpadded);
    assertThat(number(ch, CHECKS, "msg_id_mod_4")).isEqualTo(pingMsgId & 3);
    assertThat(Instant.parse(text(ch, CHECKS, "msg_id_time"))).isEqualTo(ping.msgId().time());
    SessionPolicy policy = SessionPolicy.standard();
    assertThat(text(ch, SESSION, "time_window"))
        .isEqualTo(
            "-" + policy.maxPast().toSeconds() + " s .. +" + policy.maxFuture().toSeconds() + " s");
    long age = serverTime.getEpochSecond() - ping.msgId().seconds();
    assertThat(age).isBetween(-policy.maxFuture().toSeconds(), policy.maxPast().toSeconds());

    // --- the pong -----------------------------------------------------------------------
    byte[] pongFrame = hex(ch, PONG, "frame");
    InnerMessage pong = MessageOpener.openStateless(key, Sender.SERVER, pongFrame);
    assertThat(pong.msgId().value()).isEqualTo(id(ch, PONG, "msg_id"));
    assertThat(pong.msgId().value() & 3)
        .isEqualTo(1)
        .isEqualTo(number(ch, PONG_OPENED, "msg_id_mod_4"));
    assertThat(pong.seqNo()).isEqualTo(number(ch, PONG, "seq_no")).isEqualTo(1);
    assertThat(pong.sessionId().toWire()).isEqualTo(sessionId);
    assertThat(pong.salt().toWire()).isEqualTo(firstSalt);
    assertThat(pong.data().toByteArray()).isEqualTo(hex(ch, PONG, "message_data"));
    assertThat(ServiceMessage.parse(pong.data()))
        .isEqualTo(new ServiceMessage.Pong(new MessageId(pingMsgId), id(ch, PING, "ping_id")));
    byte[] pongMsgKey = slice(pongFrame, 8, 24);
    assertThat(hex(ch, PONG, "msg_key")).isEqualTo(pongMsgKey);
    byte[][] pongKeyIv = kdf2(ak, pongMsgKey, 8);
    assertThat(hex(ch, PONG, "aes_key")).isEqualTo(pongKeyIv[0]);
    assertThat(hex(ch, PONG, "aes_iv")).isEqualTo(pongKeyIv[1]);
    byte[] pongPadded =
        igeDecrypt(pongKeyIv[0], pongKeyIv[1], slice(pongFrame, 24, pongFrame.length));
    assertThat(msgKey(ak, 8, pongPadded)).isEqualTo(pongMsgKey);
    assertThat(number(ch, PONG, "padding_length"))
        .isEqualTo(pongPadded.length - 32 - pong.data().length());
    assertThat(hex(ch, PONG_OPENED, "recomputed_msg_key")).isEqualTo(pongMsgKey);
    assertThat(flags(ch, PONG_OPENED)).containsOnly(true).hasSize(6);
    // The pong is no client message: x = 0 does not open it.
    assertThat(reason(() -> MessageOpener.openStateless(key, Sender.CLIENT, pongFrame)))
        .isEqualTo(CheckReason.MSG_KEY_MISMATCH);

    // --- the replay: what a server session says to the same frame twice ------------------
    assertThat(hex(ch, REPLAY, "frame")).isEqualTo(pingFrame);
    assertThat(text(ch, REPLAY, "check")).isEqualTo("MSG_ID_REPLAYED");
    assertThat(id(ch, REPLAY, "msg_id"))
        .isEqualTo(pingMsgId)
        .isEqualTo(id(ch, REPLAY, "last_accepted_msg_id"));
    assertThat(flag(ch, REPLAY, "msg_key_matches")).isTrue();
    ServerSession server =
        Session.server(
            key,
            SessionId.fromWire(sessionId),
            ServerSalt.fromWire(firstSalt),
            SessionPolicy.standard(),
            new SecureRandom(),
            InstantSource.fixed(serverTime));
    assertThat(server.receive(pingFrame).msgId().value()).isEqualTo(pingMsgId);
    assertThat(reason(() -> server.receive(pingFrame))).isEqualTo(CheckReason.MSG_ID_REPLAYED);

    // --- the tampered msgs_ack -----------------------------------------------------------
    byte[] ackFrame = hex(ch, TAMPER, "frame");
    InnerMessage ack = MessageOpener.openStateless(key, Sender.CLIENT, ackFrame);
    assertThat(ack.msgId().value()).isEqualTo(id(ch, TAMPER, "ack_msg_id"));
    assertThat(ack.seqNo()).isEqualTo(number(ch, TAMPER, "ack_seq_no")).isEqualTo(2);
    assertThat(ServiceMessage.parse(ack.data()))
        .isEqualTo(new ServiceMessage.MsgsAck(List.of(pong.msgId())));
    byte[] tampered = hex(ch, TAMPER, "tampered_frame");
    int flipped = (int) number(ch, TAMPER, "flipped_byte");
    assertThat(flipped).isEqualTo(24);
    assertThat(differingBits(ackFrame, tampered)).isEqualTo(1);
    assertThat(tampered[flipped] ^ ackFrame[flipped]).isEqualTo(1);
    CheckFailedException tamper =
        failure(() -> MessageOpener.openStateless(key, Sender.CLIENT, tampered));
    assertThat(tamper.reason()).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    assertThat(text(ch, TAMPER, "check")).isEqualTo("MSG_KEY_MISMATCH");
    assertThat(flag(ch, TAMPER, "msg_key_matches")).isFalse();
    byte[][] tamperKeyIv = kdf2(ak, slice(tampered, 8, 24), 0);
    byte[] garbled =
        igeDecrypt(tamperKeyIv[0], tamperKeyIv[1], slice(tampered, 24, tampered.length));
    assertThat(hex(ch, TAMPER, "decrypted")).isEqualTo(garbled);
    assertThat(hex(ch, TAMPER, "recomputed_msg_key"))
        .isEqualTo(msgKey(ak, 0, garbled))
        .isNotEqualTo(slice(tampered, 8, 24));
    assertThat(number(ch, SAME, "length_field_read_as")).isEqualTo(le32(garbled, 28));

    // Every flip gives the one failure: same reason, same message.
    for (int offset : new int[] {8, ackFrame.length - 1}) {
      byte[] other = ackFrame.clone();
      other[offset] ^= 1;
      CheckFailedException e =
          failure(() -> MessageOpener.openStateless(key, Sender.CLIENT, other));
      assertThat(e.reason()).isEqualTo(tamper.reason());
      assertThat(e.getMessage()).isEqualTo(tamper.getMessage());
    }
    assertThat(text(ch, SAME, "flip_in_first_block")).isEqualTo("MSG_KEY_MISMATCH");
    assertThat(text(ch, SAME, "flip_in_last_block")).isEqualTo("MSG_KEY_MISMATCH");
    assertThat(text(ch, SAME, "flip_in_msg_key")).isEqualTo("MSG_KEY_MISMATCH");
    assertThat(number(ch, SAME, "length_field_last_block_flip")).isEqualTo(ack.data().length());
    assertThat(flags(ch, SAME)).containsOnly(true).hasSize(2);

    // --- the salt ---------------------------------------------------------------------
    byte[] newSalt = hex(ch, ROTATION, "new_salt");
    assertThat(hex(ch, ROTATION, "old_salt")).isEqualTo(firstSalt);
    assertThat(hex(ch, ROTATION, "client_salt")).isEqualTo(firstSalt);
    assertThat(newSalt).isNotEqualTo(firstSalt);
    Instant rotatedAt = Instant.parse(text(ch, ROTATION, "rotated_at"));
    assertThat(Instant.parse(text(ch, ROTATION, "old_salt_valid_until")))
        .isEqualTo(rotatedAt.plusSeconds(1800));
    assertThat(flag(ch, ROTATION, "accepted_in_grace")).isTrue();

    byte[] lateFrame = hex(ch, BAD_SALT, "frame");
    InnerMessage late = MessageOpener.openStateless(key, Sender.CLIENT, lateFrame);
    assertThat(late.salt().toWire()).isEqualTo(firstSalt).isEqualTo(hex(ch, BAD_SALT, "salt_sent"));
    assertThat(late.msgId().value())
        .isEqualTo(id(ch, BAD_SALT, "msg_id"))
        .isEqualTo(id(ch, BAD_SALT, "bad_msg_id"));
    assertThat(text(ch, BAD_SALT, "check")).isEqualTo("BAD_SERVER_SALT");
    Instant lateTime = Instant.parse(text(ch, BAD_SALT, "clock"));
    assertThat(Duration.between(rotatedAt, lateTime)).isGreaterThan(Duration.ofMinutes(30));
    ServiceMessage.BadServerSalt printedNotice =
        new ServiceMessage.BadServerSalt(
            new MessageId(id(ch, BAD_SALT, "bad_msg_id")),
            (int) number(ch, BAD_SALT, "bad_msg_seqno"),
            (int) number(ch, BAD_SALT, "error_code"),
            new ServerSalt(le64(hex(ch, BAD_SALT, "new_server_salt"))));
    assertThat(printedNotice.errorCode()).isEqualTo(48);
    assertThat(printedNotice.badMsgSeqno()).isEqualTo(late.seqNo());
    assertThat(printedNotice.newServerSalt()).isEqualTo(new ServerSalt(le64(newSalt)));
    InnerMessage noticeIn =
        MessageOpener.openStateless(key, Sender.SERVER, hex(ch, BAD_SALT, "notice_frame"));
    assertThat(ServiceMessage.parse(noticeIn.data())).isEqualTo(printedNotice);
    assertThat(noticeIn.msgId().value() & 3).isEqualTo(1); // a reply

    // A server session that rotated at the printed time says the same about the late frame,
    // and still accepts the old salt at the end of the grace period.
    MovableClock clock = new MovableClock(rotatedAt.minusSeconds(1800));
    ServerSession rotating =
        Session.server(
            key,
            SessionId.fromWire(sessionId),
            ServerSalt.fromWire(firstSalt),
            SessionPolicy.standard(),
            new SecureRandom(),
            clock);
    clock.set(rotatedAt);
    rotating.rotateSalt(ServerSalt.fromWire(newSalt));
    clock.set(lateTime);
    BadServerSaltException bad =
        catchThrowableOfType(BadServerSaltException.class, () -> rotating.receive(lateFrame));
    assertThat(bad).isNotNull();
    assertThat(bad.reason()).isEqualTo(CheckReason.BAD_SERVER_SALT);
    assertThat(bad.notice()).isEqualTo(printedNotice);

    // The client applied it and re-sent under the new salt and a new msg_id.
    assertThat(flag(ch, RESEND, "names_a_msg_id_sent")).isTrue();
    assertThat(flag(ch, RESEND, "salt_applied")).isTrue();
    assertThat(flag(ch, RESEND, "applied_if_unknown")).isFalse();
    assertThat(flag(ch, RESEND, "accepted")).isTrue();
    assertThat(hex(ch, RESEND, "client_salt")).isEqualTo(newSalt);
    InnerMessage resent =
        MessageOpener.openStateless(key, Sender.CLIENT, hex(ch, RESEND, "resent_frame"));
    assertThat(resent.salt().toWire()).isEqualTo(newSalt);
    assertThat(resent.msgId().value()).isEqualTo(id(ch, RESEND, "msg_id"));
    assertThat(Long.compareUnsigned(resent.msgId().value(), late.msgId().value())).isPositive();
    assertThat(resent.data()).isEqualTo(late.data()); // the same ping, re-sent
    clock.set(resent.msgId().time());
    assertThat(rotating.receive(hex(ch, RESEND, "resent_frame")).msgId()).isEqualTo(resent.msgId());

    // --- what the server read ----------------------------------------------------------
    assertThat(flag(ch, READ, "server_holds_the_key")).isTrue();
    assertThat(number(ch, READ, "messages_read")).isEqualTo(4);
    assertThat(text(ch, READ, "read_1")).isEqualTo("ping, ping_id " + id(ch, PING, "ping_id"));
    assertThat(text(ch, READ, "read_2")).isEqualTo("msgs_ack for msg_id " + pong.msgId().value());
    assertThat(text(ch, READ, "read_4"))
        .isEqualTo(
            "ping, ping_id "
                + ((ServiceMessage.Ping) ServiceMessage.parse(resent.data())).pingId());
  }

  // --- helpers -------------------------------------------------------------------------

  /** An InstantSource the test sets by hand. */
  private static final class MovableClock implements InstantSource {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws Exception;
  }

  private static CheckFailedException failure(Check check) {
    CheckFailedException e = catchThrowableOfType(CheckFailedException.class, check::run);
    assertThat(e).as("a CheckFailedException").isNotNull();
    return e;
  }

  private static CheckReason reason(Check check) {
    return failure(check).reason();
  }

  private static JsonObject chapter(JsonObject tour) {
    for (JsonElement c : tour.getAsJsonArray("chapters")) {
      if (c.getAsJsonObject().get("number").getAsInt() == CHAPTER) {
        return c.getAsJsonObject();
      }
    }
    throw new AssertionError("no chapter " + CHAPTER);
  }

  private static JsonObject values(JsonObject chapter, String title) {
    for (JsonElement s : chapter.getAsJsonArray("steps")) {
      JsonObject step = s.getAsJsonObject();
      if (step.get("title").getAsString().equals(title)) {
        return step.getAsJsonObject("values");
      }
    }
    throw new AssertionError("no step titled " + title);
  }

  private static JsonElement value(JsonObject chapter, String title, String name) {
    JsonElement v = values(chapter, title).get(name);
    assertThat(v).as("value %s of step %s", name, title).isNotNull();
    return v;
  }

  private static byte[] hex(JsonObject chapter, String title, String name) {
    String s = value(chapter, title, name).getAsString();
    assertThat(s).matches("([0-9a-f]{2})+");
    return Hex.decode(s);
  }

  private static String text(JsonObject chapter, String title, String name) {
    return value(chapter, title, name).getAsString();
  }

  private static long number(JsonObject chapter, String title, String name) {
    JsonElement v = value(chapter, title, name);
    assertThat(v.getAsJsonPrimitive().isNumber()).as("%s is a number", name).isTrue();
    return v.getAsLong();
  }

  /** A 64-bit identifier: a decimal string in JSON (jq and JavaScript round big numbers). */
  private static long id(JsonObject chapter, String title, String name) {
    JsonElement v = value(chapter, title, name);
    assertThat(v.getAsJsonPrimitive().isString()).as("%s is a string", name).isTrue();
    return Long.parseUnsignedLong(v.getAsString());
  }

  private static boolean flag(JsonObject chapter, String title, String name) {
    JsonElement v = value(chapter, title, name);
    assertThat(v.getAsJsonPrimitive().isBoolean()).as("%s is a flag", name).isTrue();
    return v.getAsBoolean();
  }

  /** Every yes/no value of a step. */
  private static List<Boolean> flags(JsonObject chapter, String title) {
    List<Boolean> out = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : values(chapter, title).entrySet()) {
      if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isBoolean()) {
        out.add(e.getValue().getAsBoolean());
      }
    }
    return out;
  }

  private static int differingBits(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += Integer.bitCount((a[i] ^ b[i]) & 0xff);
    }
    return n;
  }

  private static int le32(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static long le64(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
