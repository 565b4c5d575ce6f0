package org.mtlab.cli.tour;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.cli.SeededHandshake;
import org.mtlab.crypto.AesIge;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.message.BadServerSaltException;
import org.mtlab.message.ClientSession;
import org.mtlab.message.EncryptedFrame;
import org.mtlab.message.InnerMessage;
import org.mtlab.message.MessageSealer;
import org.mtlab.message.ReceivedMessage;
import org.mtlab.message.ServerSession;
import org.mtlab.message.Session;
import org.mtlab.message.SessionPolicy;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Chapter 3, messages and sessions: a client {@link Session} and a server {@link Session} over the
 * auth key of chapter 2 exchange a ping and a pong, showing every value the sessions make and every
 * check the receiver runs, in the protocol's order; then a replayed frame, a tampered frame and an
 * outdated server salt are refused with their exact {@link CheckReason}; finally, what the server
 * could read.
 *
 * <p>Time comes from a tour clock that starts {@link #SESSION_START} after the handshake's time
 * ({@link SeededHandshake#TIME}) and moves only when the chapter moves it, so the msg_ids, like
 * everything else, depend on the seed alone. Randomness (session_id, ping ids, padding, the new
 * salt) comes from {@link TourContext#random()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MessagesChapter implements Chapter {
  /** When the session starts, after the handshake's time. */
  static final Duration SESSION_START = Duration.ofMillis(1250);

  private static final int HEADER = InnerMessage.HEADER_LENGTH;
  private static final int FRAME_HEADER = EncryptedFrame.HEADER_LENGTH;

  @Override
  public String title() {
    return "Messages and sessions";
  }

  @Override
  public String intro() {
    return "With the auth key of chapter 2, client and server now talk in encrypted messages."
        + " We follow a ping and its pong through every check the receiver makes, then watch"
        + " three things go wrong: a replayed frame, a flipped bit and an outdated server salt.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    InMemoryHandshake.Run run = tour.handshake();
    try {
      new Play(tour, run).play();
    } finally {
      run.destroy();
    }
  }

  /**
   * One playing of the chapter: the two sessions, the clock and what the server read. {@link
   * #play()} runs the scenes in order, one method each; what a later scene needs of an earlier one
   * is handed on as a small record.
   */
  private static final class Play {
    private final TourContext tour;
    private final SecureRandom random;
    private final SecretAccess access = SecretAccess.explicitly(); // the tour shows keys
    private final AuthKey clientKey;
    private final AuthKey serverKey;
    private final ServerSalt firstSalt;
    private final SessionPolicy policy = SessionPolicy.standard();
    private final TourClock clock = new TourClock(SeededHandshake.TIME.plus(SESSION_START));
    private final List<String> serverRead = new ArrayList<>();
    private final long handshakeOffset;
    private SessionId sessionId;
    private ClientSession client;
    private ServerSession server;
    private long lastAcceptedByServer;
    private boolean serverAcceptedAny;
    private boolean clientAcceptedAny;

    /** The client's ping as sent: its ping_id, the session's output and the frame opened. */
    private record Ping(long pingId, Session.Outgoing out, Bytes frame, Unsealed sealed) {}

    /** The server's pong as sent. */
    private record Pong(ServiceMessage.Pong message, Session.Outgoing out, Bytes frame) {}

    /** The client's msgs_ack, and the server's failure on its copy with the first bit flipped. */
    private record Tampered(
        Session.Outgoing ack, Bytes frame, CheckFailedException failure, Unsealed garbled) {}

    /** The server's salt change: the salts before and after, and when. */
    private record Rotation(ServerSalt oldSalt, ServerSalt newSalt, Instant at) {}

    /** A ping refused for its old salt, and the server's bad_server_salt notice about it. */
    private record Refused(long pingId, ServiceMessage.BadServerSalt notice, Bytes noticeFrame) {}

    Play(TourContext tour, InMemoryHandshake.Run run) {
      this.tour = tour;
      this.random = tour.random();
      this.clientKey = run.client().authKey();
      this.serverKey = run.server().authKey();
      this.firstSalt = run.server().serverSalt();
      this.handshakeOffset = run.client().clockOffsetSeconds();
      if (!run.client().serverSalt().equals(run.server().serverSalt()) || !run.keysAgree()) {
        throw new IllegalStateException("the handshake's two sides disagree");
      }
    }

    void play() throws CheckFailedException {
      openSessions();
      Ping ping = sendPing();
      showPadding(ping);
      showKeys(ping);
      showWire(ping);
      clock.advance(Duration.ofMillis(40));
      Unsealed opened = serverChecksMac(ping.frame().toByteArray());
      ReceivedMessage pingIn = serverChecksFields(ping.frame().toByteArray(), opened);
      Pong pong = serverPongs(ping, pingIn);
      MessageId pongId = clientOpensPong(ping, pong);
      replay(ping.frame().toByteArray());
      Tampered tampered = tamper(pongId);
      sameFailure(tampered);
      Rotation rotation = rotateSalt();
      Refused refused = badServerSalt(rotation);
      resend(rotation, refused);
      whatServerRead();
    }

    /** Step 1: the session over the auth key. */
    private void openSessions() {
      sessionId = SessionId.random(random);
      client = Session.client(clientKey, sessionId, firstSalt, policy, random, clock);
      client.msgIdClock().setOffsetSeconds(handshakeOffset);
      server = Session.server(serverKey, sessionId, firstSalt, policy, random, clock);
      tour.step(
          "A session over the auth key",
          "The client picks a random session_id, and both sides open a session over the auth"
              + " key of chapter 2, starting with the server salt the handshake produced. A tour"
              + " clock set to the handshake's time, moved forward by hand, stands in for real"
              + " time, so every msg_id below repeats for the same seed.",
          Values.of()
              .secret("auth_key", clientKey.reveal(access))
              .note("secret, from chapter 2; the server holds the same key")
              .hex("auth_key_id", clientKey.id().toWire())
              .hex("server_salt", firstSalt.toWire())
              .note("from the handshake")
              .hex("session_id", sessionId.toWire())
              .note("64 random bits chosen by the client")
              .text("clock", clock.instant().toString())
              .note("the handshake's time + " + SESSION_START.toMillis() + " ms")
              .number("clock_offset", client.msgIdClock().offsetSeconds())
              .note("seconds, learnt from server_time in the handshake")
              .text(
                  "time_window",
                  "-"
                      + policy.maxPast().toSeconds()
                      + " s .. +"
                      + policy.maxFuture().toSeconds()
                      + " s")
              .text("ordering", "strict")
              .note("msg_ids must keep growing")
              .number("salt_grace_seconds", policy.saltGrace().toSeconds()));
    }

    /** Steps 2 and 3: the client's ping, its inner message field by field. */
    private Ping sendPing() {
      long pingId = random.nextLong();
      Session.Outgoing out = client.send(new ServiceMessage.Ping(pingId));
      byte[] frame = out.frame().toByteArray();
      Unsealed sealed = Unsealed.of(clientKey, Sender.CLIENT, frame, access);
      int dataLength = LittleEndian.getInt(sealed.plaintext, 28);
      byte[] data = Arrays.copyOfRange(sealed.plaintext, HEADER, HEADER + dataLength);
      tour.step(
          "The client's ping",
          "The session builds the inner message: the server salt, the session_id, a new msg_id"
              + " from the clock (about Unix time times 2^32; a client's are divisible by 4),"
              + " seq_no, the data length, and the data, a TL-serialised ping. A ping is"
              + " content-related, so it must be answered and its seq_no is odd.",
          Values.of()
              .hex("server_salt", Arrays.copyOfRange(sealed.plaintext, 0, 8))
              .hex("session_id", Arrays.copyOfRange(sealed.plaintext, 8, 16))
              .id("msg_id", out.msgId().value())
              .note(msgIdNote(out.msgId()))
              .number("seq_no", out.seqNo())
              .note("2 x 0 + 1: the first content-related message")
              .number("message_data_length", dataLength)
              .hex("message_data", data)
              .note("ping#7abe77ec ping_id:long")
              .id("ping_id", pingId));
      return new Ping(pingId, out, Bytes.copyOf(frame), sealed);
    }

    /** Step 4: the padding the session chose. */
    private void showPadding(Ping ping) {
      byte[] plaintext = ping.sealed().plaintext;
      int dataLength = LittleEndian.getInt(plaintext, 28);
      int unpadded = HEADER + dataLength;
      int paddingLength = plaintext.length - unpadded;
      tour.step(
          "Padding by size bucket",
          "The session pads with the library's default policy, size buckets as in TDLib: the"
              + " encrypted part grows to the next of 64, 128, 192, 256, 384, ... bytes, with at"
              + " least "
              + MessageSealer.MIN_PADDING
              + " bytes of random padding. An"
              + " eavesdropper learns only the bucket, so all small service messages look alike.",
          Values.of()
              .text("padding_policy", "size buckets (the default)")
              .number("unpadded_length", unpadded)
              .note(HEADER + " header + " + dataLength + " data")
              .number("padding_length", paddingLength)
              .hex("padding", Arrays.copyOfRange(plaintext, unpadded, plaintext.length))
              .note("random, " + paddingLength + " bytes")
              .hex("padded_plaintext", plaintext)
              .note(plaintext.length + " bytes: the smallest bucket that fits"));
    }

    /** Step 5: the ping's msg_key and message keys. */
    private void showKeys(Ping ping) {
      tour.step(
          "The ping's msg_key, aes_key and aes_iv",
          "Inside send() the session computed msg_key = SHA-256(auth_key[88:120] + plaintext"
              + " + padding)[8:24] with x = 0 (the client sends), and from it and the auth key"
              + " this message's own aes_key and aes_iv, exactly as in chapter 1.",
          Values.of()
              .hex("msg_key", ping.sealed().msgKey)
              .secret("aes_key", ping.sealed().aesKey)
              .secret("aes_iv", ping.sealed().aesIv));
    }

    /** Step 5: the frame an eavesdropper sees. */
    private void showWire(Ping ping) {
      byte[] frame = ping.frame().toByteArray();
      tour.step(
          "The ping on the wire",
          "The frame is auth_key_id + msg_key + the AES-256-IGE ciphertext: all that an"
              + " eavesdropper sees. 'mtlab msg open --sender client' with the auth key and this"
              + " frame opens it.",
          Values.of()
              .hex("frame", frame)
              .note(
                  frame.length
                      + " bytes: 8 auth_key_id + 16 msg_key + "
                      + (frame.length - FRAME_HEADER)
                      + " ciphertext")
              .hex("ciphertext", Arrays.copyOfRange(frame, FRAME_HEADER, frame.length)));
    }

    /** Step 6: framing, auth_key_id and the msg_key check, before any field is read. */
    private Unsealed serverChecksMac(byte[] frame) {
      boolean framingOk =
          passes(() -> EncryptedFrame.parse(frame, 0, frame.length, policy.maxEncryptedLength()))
              == null;
      boolean idOk = LittleEndian.getLong(frame, 0) == serverKey.id().value();
      Unsealed u = Unsealed.of(serverKey, Sender.CLIENT, frame, access);
      tour.step(
          "The server opens the ping: MAC first",
          "The server first checks what anyone can see: the frame's length and auth_key_id."
              + " Then it decrypts everything and recomputes msg_key over the whole plaintext,"
              + " padding included, comparing in constant time; it reads no field of the"
              + " plaintext before this check passes.",
          Values.of()
              .number("frame_length", frame.length)
              .flag("framing_ok", framingOk)
              .note(
                  FRAME_HEADER
                      + " + a multiple of 16, at least "
                      + EncryptedFrame.MIN_ENCRYPTED_LENGTH)
              .flag("auth_key_id_known", idOk)
              .hex("decrypted", u.plaintext)
              .hex("recomputed_msg_key", u.recomputed)
              .flag("msg_key_matches", u.macOk()));
      return u;
    }

    /**
     * Step 7: the field checks, each decided by the library's own rule where it has a public one
     * (the sealer's padding and msg_id rules, the policy's time window), then Session.receive.
     */
    private ReceivedMessage serverChecksFields(byte[] frame, Unsealed u)
        throws CheckFailedException {
      byte[] p = u.plaintext;
      int length = LittleEndian.getInt(p, 28);
      long padding = p.length - HEADER - (long) length;
      long msgId = LittleEndian.getLong(p, 16);
      Instant now = clock.instant();
      String timeCheck = passes(() -> policy.checkTimeWindow(new MessageId(msgId), now));
      boolean fresh = !serverAcceptedAny || MessageId.compare(msgId, lastAcceptedByServer) > 0;
      long salt = LittleEndian.getLong(p, 0);
      Values checks =
          Values.of()
              .number("message_data_length", length)
              .flag(
                  "length_ok",
                  length <= p.length - HEADER
                      && accepts(() -> MessageSealer.maxFrameLength(length)))
              .note("not negative, a multiple of 4, inside the plaintext")
              .number("padding_length", padding)
              .flag("padding_ok", accepts(() -> MessageSealer.frameLength(length, (int) padding)))
              .note(MessageSealer.MIN_PADDING + ".." + MessageSealer.MAX_PADDING + " bytes")
              .flag("session_id_matches", LittleEndian.getLong(p, 8) == server.id().value())
              .number("msg_id_mod_4", msgId & 3)
              .flag(
                  "parity_ok",
                  accepts(() -> MessageSealer.checkMsgId(Sender.CLIENT, new MessageId(msgId))))
              .note("0 mod 4, low 32 bits not all zero")
              .text("msg_id_time", new MessageId(msgId).time().toString())
              .text("server_time", now.toString())
              .flag("time_window_ok", timeCheck == null)
              .note(
                  timeCheck == null
                      ? "at most "
                          + policy.maxPast().toSeconds()
                          + " s old and "
                          + policy.maxFuture().toSeconds()
                          + " s ahead (SessionPolicy.checkTimeWindow)"
                      : timeCheck)
              .flag("replay_ok", fresh)
              .note(
                  serverAcceptedAny
                      ? "greater than the last msg_id accepted"
                      : "no msg_id accepted yet in this session")
              .flag("salt_ok", server.salt().value() == salt)
              .note("the current server salt");
      ReceivedMessage in = serverAccepts(frame);
      checks
          .flag("accepted", in.msgId().value() == msgId)
          .note("Session.receive returned the ping");
      tour.step(
          "The server's checks after the MAC",
          "Only now does the server read the fields, checking them in this order: the length,"
              + " the padding, the session, the msg_id's low bits for the sender, the time"
              + " window, that the msg_id is new, and the salt. The first failure would drop the"
              + " message and change nothing.",
          checks);
      return in;
    }

    /** Steps 8 and 9: the server answers with pong. */
    private Pong serverPongs(Ping ping, ReceivedMessage pingIn) {
      clock.advance(Duration.ofMillis(5));
      ServiceMessage.Pong pong = new ServiceMessage.Pong(pingIn.msgId(), ping.pingId());
      Session.Outgoing out = reply(server, pong);
      byte[] frame = out.frame().toByteArray();
      Unsealed sealed = Unsealed.of(serverKey, Sender.SERVER, frame, access);
      tour.step(
          "The server's pong",
          "The server answers with pong, naming the ping's msg_id and ping_id. Its msg_id is"
              + " odd (1 mod 4 marks a reply), and it is sealed with x = 8, so msg_key, aes_key"
              + " and aes_iv come from other bytes of the auth key than the client's.",
          Values.of()
              .id("msg_id", out.msgId().value())
              .note(msgIdNote(out.msgId()))
              .number("seq_no", out.seqNo())
              .note("the server's first content-related message")
              .hex("message_data", pong.toBytes().toByteArray())
              .note("pong#347773c5 msg_id:long ping_id:long")
              .number("padding_length", sealed.plaintext.length - HEADER - pong.toBytes().length())
              .hex("msg_key", sealed.msgKey)
              .note("x = 8")
              .secret("aes_key", sealed.aesKey)
              .secret("aes_iv", sealed.aesIv)
              .hex("frame", frame));
      return new Pong(pong, out, Bytes.copyOf(frame));
    }

    /** The client's checks on the pong; returns the pong's msg_id. */
    private MessageId clientOpensPong(Ping ping, Pong pong) throws CheckFailedException {
      clock.advance(Duration.ofMillis(40));
      boolean pongFresh = !clientAcceptedAny;
      ReceivedMessage pongIn = client.receive(pong.frame().toByteArray());
      clientAcceptedAny = true;
      ServiceMessage.Pong pongRead = (ServiceMessage.Pong) ServiceMessage.parse(pongIn.data());
      Unsealed opened = Unsealed.of(clientKey, Sender.SERVER, pong.frame().toByteArray(), access);
      tour.step(
          "The client opens the pong",
          "The client runs the same checks with x = 8, less two: only the server checks the"
              + " salt, and a client applies the time window only once its clock is known to"
              + " agree with the server's. The pong names the ping's msg_id and ping_id, so the"
              + " client knows what it answers.",
          Values.of()
              .hex("recomputed_msg_key", opened.recomputed)
              .flag("msg_key_matches", opened.macOk())
              .flag(
                  "session_id_matches",
                  LittleEndian.getLong(opened.plaintext, 8) == sessionId.value())
              .number("msg_id_mod_4", pongIn.msgId().value() & 3)
              .flag(
                  "parity_ok",
                  accepts(() -> MessageSealer.checkMsgId(Sender.SERVER, pongIn.msgId())))
              .note("a server's msg_id is odd")
              .flag("replay_ok", pongFresh)
              .note("the first msg_id the client accepts from the server")
              .text("time_window", "not checked")
              .note("clock not yet synchronised")
              .flag("accepted", pongIn.msgId().equals(pong.out().msgId()))
              .note("Session.receive returned it")
              .flag(
                  "answers_the_ping",
                  pongRead.msgId().equals(ping.out().msgId())
                      && pongRead.pingId() == ping.pingId()));
      return pongIn.msgId();
    }

    /** Step 10: the ping's frame sent again. */
    private void replay(byte[] pingFrame) {
      clock.advance(Duration.ofSeconds(1));
      CheckFailedException replayed = rejected(server, pingFrame);
      Unsealed opened = Unsealed.of(serverKey, Sender.CLIENT, pingFrame, access);
      tour.step(
          "A replayed frame",
          "An attacker who recorded the ping sends the very same frame again. Its msg_key"
              + " matches, since the frame is genuine, but the server has already accepted this"
              + " msg_id and refuses it; without this check, a recorded request could be"
              + " carried out twice.",
          Values.of()
              .hex("frame", pingFrame)
              .note("the ping's frame, byte for byte")
              .flag("msg_key_matches", opened.macOk())
              .id("msg_id", LittleEndian.getLong(opened.plaintext, 16))
              .id("last_accepted_msg_id", lastAcceptedByServer)
              .text("check", replayed.reason().name())
              .note("this msg_id was already accepted"));
    }

    /** Steps 11 and 12: the client acknowledges the pong; a copy with one bit flipped. */
    private Tampered tamper(MessageId pongId) {
      clock.advance(Duration.ofMillis(300));
      Session.Outgoing ack = client.send(new ServiceMessage.MsgsAck(List.of(pongId)));
      byte[] ackFrame = ack.frame().toByteArray();
      byte[] tampered = flip(ackFrame, FRAME_HEADER);
      clock.advance(Duration.ofMillis(40));
      CheckFailedException failure = rejected(server, tampered);
      Unsealed garbled = Unsealed.of(serverKey, Sender.CLIENT, tampered, access);
      tour.step(
          "A tampered frame",
          "The client acknowledges the pong with msgs_ack (not content-related, so its seq_no"
              + " is even). An attacker flips one bit of its ciphertext: IGE garbles every block"
              + " from there on, the msg_key the server recomputes differs from the one in the"
              + " frame, and the message is dropped.",
          Values.of()
              .id("ack_msg_id", ack.msgId().value())
              .number("ack_seq_no", ack.seqNo())
              .note("2 x 1: one content-related message sent before")
              .hex("frame", ackFrame)
              .number("flipped_byte", FRAME_HEADER)
              .note("lowest bit of the first ciphertext byte")
              .hex("tampered_frame", tampered)
              .hex("decrypted", garbled.plaintext)
              .note("what the server got: all garbled")
              .hex("recomputed_msg_key", garbled.recomputed)
              .flag("msg_key_matches", garbled.macOk())
              .text("check", failure.reason().name())
              .note(failure.reason().description()));
      return new Tampered(ack, Bytes.copyOf(ackFrame), failure, garbled);
    }

    /** Flips elsewhere fail alike; then the intact msgs_ack gets in. */
    private void sameFailure(Tampered t) throws CheckFailedException {
      byte[] frame = t.frame().toByteArray();
      byte[] lastBlock = flip(frame, frame.length - 1);
      byte[] inMsgKey = flip(frame, 8);
      CheckFailedException lastBlockFailure = rejected(server, lastBlock);
      CheckFailedException msgKeyFailure = rejected(server, inMsgKey);
      Unsealed lastGarbled = Unsealed.of(serverKey, Sender.CLIENT, lastBlock, access);
      CheckFailedException first = t.failure();
      boolean same =
          first.reason() == lastBlockFailure.reason()
              && lastBlockFailure.reason() == msgKeyFailure.reason()
              && first.getMessage().equals(lastBlockFailure.getMessage())
              && lastBlockFailure.getMessage().equals(msgKeyFailure.getMessage());
      ReceivedMessage ackIn = serverAccepts(frame);
      tour.step(
          "Every failure before the MAC looks the same",
          "Whether the flip garbled the length field, only the padding, or msg_key itself, the"
              + " answer is the same MSG_KEY_MISMATCH: the server reads no field before msg_key"
              + " matches, so a failure tells an attacker nothing about the plaintext (attacks"
              + " on older clients learnt it from which check failed, and how fast). The"
              + " rejected frames changed nothing: the real msgs_ack still gets in.",
          Values.of()
              .number("length_field_read_as", LittleEndian.getInt(t.garbled().plaintext, 28))
              .note("garbage; never looked at")
              .text("flip_in_first_block", first.reason().name())
              .number(
                  "length_field_last_block_flip", LittleEndian.getInt(lastGarbled.plaintext, 28))
              .note("intact: only the padding is garbled")
              .text("flip_in_last_block", lastBlockFailure.reason().name())
              .text("flip_in_msg_key", msgKeyFailure.reason().name())
              .flag("same_failure", same)
              .note("same check, same message")
              .flag("intact_ack_accepted", ackIn.msgId().equals(t.ack().msgId())));
    }

    /** Step 13: salt rotation; a ping under the old salt within the grace period. */
    private Rotation rotateSalt() throws CheckFailedException {
      ServerSalt oldSalt = server.salt();
      clock.advance(policy.saltPeriod());
      Instant rotatedAt = clock.instant();
      if (!server.rotateSaltIfDue()) {
        throw new IllegalStateException("the server's salt was not due for rotation");
      }
      ServerSalt newSalt = server.salt();
      clock.advance(Duration.ofSeconds(2));
      long graceId = random.nextLong();
      Session.Outgoing inGrace = client.send(new ServiceMessage.Ping(graceId));
      clock.advance(Duration.ofMillis(40));
      ReceivedMessage inGraceIn = serverAccepts(inGrace.frame().toByteArray());
      tour.step(
          "The server changes its salt",
          "Half an hour later the server replaces its salt with a fresh random one: salts guard"
              + " against replays and against clocks set far ahead, since a message under a"
              + " retired salt is not accepted for long. The old salt is still accepted for "
              + policy.saltGrace().toSeconds()
              + " s of grace, so the client's next ping,"
              + " under the old salt, gets through.",
          Values.of()
              .hex("old_salt", oldSalt.toWire())
              .hex("new_salt", newSalt.toWire())
              .note("random, drawn by the server")
              .text("rotated_at", rotatedAt.toString())
              .text("old_salt_valid_until", rotatedAt.plus(policy.saltGrace()).toString())
              .hex("client_salt", LittleEndian.longBytes(inGraceIn.salt().value()))
              .note("the client still uses the old one")
              .flag("accepted_in_grace", inGraceIn.msgId().equals(inGrace.msgId())));
      return new Rotation(oldSalt, newSalt, rotatedAt);
    }

    /** Step 14: after the grace period, bad_server_salt. */
    private Refused badServerSalt(Rotation rotation) {
      clock.advance(policy.saltGrace());
      long lateId = random.nextLong();
      Session.Outgoing late = client.send(new ServiceMessage.Ping(lateId));
      byte[] lateFrame = late.frame().toByteArray();
      clock.advance(Duration.ofMillis(40));
      CheckFailedException failure = rejected(server, lateFrame);
      if (!(failure instanceof BadServerSaltException badServerSaltException)) {
        throw new IllegalStateException("expected bad_server_salt, got " + failure);
      }
      ServiceMessage.BadServerSalt notice = badServerSaltException.notice();
      clock.advance(Duration.ofMillis(5));
      Session.Outgoing noticeOut = reply(server, notice);
      byte[] noticeFrame = noticeOut.frame().toByteArray();
      tour.step(
          "bad_server_salt after the grace period",
          "Once the grace period is over the old salt is refused. Since msg_key matched, the"
              + " server knows the client really sent the message, so it does not just drop it:"
              + " it answers bad_server_salt (error 48) with the rejected msg_id and the new salt.",
          Values.of()
              .text("clock", clock.instant().toString())
              .note(
                  Duration.between(rotation.at(), clock.instant()).toSeconds()
                      + " s after the rotation")
              .id("msg_id", late.msgId().value())
              .hex("frame", lateFrame)
              .note("a new ping, still under the old salt")
              .hex("salt_sent", rotation.oldSalt().toWire())
              .text("check", failure.reason().name())
              .note(failure.reason().description())
              .id("bad_msg_id", notice.badMsgId().value())
              .number("bad_msg_seqno", notice.badMsgSeqno())
              .number("error_code", notice.errorCode())
              .hex("new_server_salt", notice.newServerSalt().toWire())
              .hex("notice_frame", noticeFrame)
              .note("bad_server_salt, msg_id " + noticeOut.msgId().value()));
      return new Refused(lateId, notice, Bytes.copyOf(noticeFrame));
    }

    /**
     * Step 15: the client takes the new salt, but only from a notice naming a msg_id it sent (a
     * second, equally authentic notice names one it never sent), and re-sends.
     */
    private void resend(Rotation rotation, Refused refused) throws CheckFailedException {
      ServiceMessage.BadServerSalt notice = refused.notice();
      MessageId unknownId = new MessageId(notice.badMsgId().value() - 4);
      if (client.recentlySent(unknownId)) {
        throw new IllegalStateException("the client did send msg_id " + unknownId);
      }
      Session.Outgoing unknownOut =
          reply(
              server,
              new ServiceMessage.BadServerSalt(
                  unknownId, notice.badMsgSeqno(), notice.errorCode(), notice.newServerSalt()));
      clock.advance(Duration.ofMillis(40));
      ReceivedMessage noticeIn = client.receive(refused.noticeFrame().toByteArray());
      ReceivedMessage unknownIn = client.receive(unknownOut.frame().toByteArray());
      boolean appliedUnknown = client.applyBadServerSalt(unknownIn);
      boolean saltAfterUnknown = client.salt().equals(rotation.oldSalt());
      boolean named = client.recentlySent(notice.badMsgId());
      boolean applied = client.applyBadServerSalt(noticeIn);
      clock.advance(Duration.ofMillis(5));
      Session.Outgoing resent = client.send(new ServiceMessage.Ping(refused.pingId()));
      clock.advance(Duration.ofMillis(40));
      ReceivedMessage resentIn = serverAccepts(resent.frame().toByteArray());
      tour.step(
          "The client takes the new salt and re-sends",
          "The client opens the notice like any server message and takes the new salt, but"
              + " only because it names a msg_id the client really sent: a notice about any other"
              + " msg_id is ignored, so nobody can steer the client's salt. It re-sends the ping"
              + " under a new msg_id (never encrypting twice under one), and the server accepts"
              + " it.",
          Values.of()
              .flag("names_a_msg_id_sent", named)
              .flag("salt_applied", applied)
              .flag("applied_if_unknown", appliedUnknown || !saltAfterUnknown)
              .note("for msg_id " + Long.toUnsignedString(unknownId.value()) + ", never sent")
              .hex("client_salt", client.salt().toWire())
              .id("msg_id", resent.msgId().value())
              .note(msgIdNote(resent.msgId()))
              .hex("resent_frame", resent.frame().toByteArray())
              .flag(
                  "accepted",
                  resentIn.msgId().equals(resent.msgId())
                      && resentIn.salt().equals(rotation.newSalt())));
    }

    /** Step 16: what the server could read. */
    private void whatServerRead() {
      Values read =
          Values.of()
              .flag("server_holds_the_key", serverKey.constantTimeEquals(clientKey))
              .note("the same auth key as the client")
              .number("messages_read", serverRead.size());
      for (int i = 0; i < serverRead.size(); i++) {
        read.text("read_" + (i + 1), serverRead.get(i));
      }
      tour.step(
          "What the server can read",
          "Every message above was opened by the server itself, with its own copy of the auth"
              + " key, and read in full. That is what cloud chats are: encrypted on the way, but"
              + " the server holds the keys, so it can read, keep and hand over what is said."
              + " Secret chats instead encrypt with a key the two devices make between"
              + " themselves, which the server never learns.",
          read);
    }

    /** A check the library runs: null when it passes, else its reason's name. */
    private static String passes(LibraryCheck check) {
      try {
        check.run();
        return null;
      } catch (CheckFailedException e) {
        return e.reason().name();
      }
    }

    /** Whether a rule the library applies to a caller's value (IllegalArgumentException) holds. */
    private static boolean accepts(Runnable rule) {
      try {
        rule.run();
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    /** One library check. */
    @FunctionalInterface
    private interface LibraryCheck {
      void run() throws CheckFailedException;
    }

    /** The server's Session.receive; notes what it read. */
    private ReceivedMessage serverAccepts(byte[] frame) throws CheckFailedException {
      ReceivedMessage in = server.receive(frame);
      serverAcceptedAny = true;
      lastAcceptedByServer = in.msgId().value();
      serverRead.add(describe(in.message()));
      return in;
    }

    /** The failure of {@code session.receive(frame)}, which must refuse it. */
    private static CheckFailedException rejected(Session session, byte[] frame) {
      try {
        session.receive(frame);
      } catch (CheckFailedException e) {
        return e;
      }
      throw new IllegalStateException(session + " accepted a frame it must refuse");
    }

    private static Session.Outgoing reply(ServerSession server, ServiceMessage m) {
      return server.reply(m.toBytes(), !ServiceMessage.mustNotBeContentRelated(m.constructorId()));
    }

    private static byte[] flip(byte[] frame, int offset) {
      byte[] copy = frame.clone();
      copy[offset] ^= 1;
      return copy;
    }
  }

  private static String msgIdNote(MessageId id) {
    Instant time = id.time().plusNanos(500_000).truncatedTo(ChronoUnit.MILLIS);
    return "time " + time + ", mod 4 = " + (id.value() & 3);
  }

  /** What the server read: the message's TL, in a few words. */
  static String describe(InnerMessage m) {
    try {
      ServiceMessage s = ServiceMessage.parse(m.data());
      if (s instanceof ServiceMessage.Ping ping) {
        return "ping, ping_id " + ping.pingId();
      }
      if (s instanceof ServiceMessage.MsgsAck msgsAck) {
        List<String> ids = new ArrayList<>();
        for (MessageId id : msgsAck.msgIds()) {
          ids.add(Long.toUnsignedString(id.value()));
        }
        return "msgs_ack for msg_id" + (ids.size() == 1 ? " " : "s ") + String.join(", ", ids);
      }
      return "constructor #" + Integer.toHexString(s.constructorId());
    } catch (CheckFailedException e) {
      return m.data().length() + " bytes of data";
    }
  }

  /** A frame taken apart with the auth key, as its receiver does: the intermediate values. */
  private static final class Unsealed {
    final byte[] msgKey;
    final byte[] aesKey;
    final byte[] aesIv;
    final byte[] plaintext;
    final byte[] recomputed;

    private Unsealed(
        byte[] msgKey, byte[] aesKey, byte[] aesIv, byte[] plaintext, byte[] recomputed) {
      this.msgKey = msgKey;
      this.aesKey = aesKey;
      this.aesIv = aesIv;
      this.plaintext = plaintext;
      this.recomputed = recomputed;
    }

    static Unsealed of(AuthKey key, Sender sender, byte[] frame, SecretAccess access) {
      MsgKey msgKey = MsgKey.copyOf(frame, 8);
      byte[] aesKey;
      byte[] aesIv;
      byte[] plaintext;
      try (AesKeyIv keyIv = MessageKdf.derive(key, msgKey, sender)) {
        aesKey = keyIv.key().reveal(access);
        aesIv = keyIv.iv().reveal(access);
        plaintext =
            AesIge.decrypt(
                keyIv.key(), keyIv.iv(), Arrays.copyOfRange(frame, FRAME_HEADER, frame.length));
      }
      byte[] recomputed = MsgKey.compute(key, sender, plaintext).toByteArray();
      return new Unsealed(msgKey.toByteArray(), aesKey, aesIv, plaintext, recomputed);
    }

    boolean macOk() {
      return Arrays.equals(msgKey, recomputed);
    }
  }

  /** The tour's clock: it stands still until the chapter moves it. */
  private static final class TourClock implements InstantSource {
    private Instant now;

    TourClock(Instant start) {
      this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
