package org.mtlab.message;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.SessionId;

/**
 * Opens MTProto 2.0 encrypted frames from one sender, with every receiver check, in exactly the
 * order of docs/security.md ("receiver-side order of operations"):
 *
 * <ol>
 *   <li><b>Public framing</b> (distinct reasons are fine, an observer sees these anyway): frame at
 *       least 24 bytes; encrypted part a multiple of 16, at least 48 bytes and at most {@link
 *       SessionPolicy#maxEncryptedLength()} ({@link CheckReason#FRAME_MALFORMED}); auth_key_id ours
 *       ({@link CheckReason#AUTH_KEY_ID_MISMATCH}). Nothing is decrypted or allocated before these
 *       pass.
 *   <li><b>Decrypt</b> the whole encrypted part, with aes_key/aes_iv derived for the expected
 *       sender's x, into a scratch buffer.
 *   <li><b>MAC</b>: {@code msg_key' = SHA256(auth_key[88+x : 120+x] + whole scratch buffer)[8:24]},
 *       compared with {@link java.security.MessageDigest#isEqual}. The number of bytes hashed
 *       depends only on the frame length. On a mismatch the scratch is zeroed and the result is
 *       {@link CheckReason#MSG_KEY_MISMATCH}; no plaintext field has been read. Every failure up to
 *       here other than the public ones is this one failure (same type, reason, message, no cause).
 *   <li><b>Fields</b>, only now: message_data_length L with {@code 0 <= L}, {@code L % 4 == 0},
 *       {@code L <= n - 32} and at most the policy's maximum ({@link CheckReason#LENGTH_FIELD});
 *       padding {@code n - 32 - L} in 12..1024 ({@link CheckReason#PADDING_LENGTH}); session_id
 *       ({@link CheckReason#SESSION_ID_MISMATCH}); msg_id parity for the sender ({@link
 *       CheckReason#MSG_ID_PARITY}); non-zero low 32 bits ({@link CheckReason#MSG_ID_MALFORMED});
 *       the time window when a clock is given ({@link CheckReason#MSG_ID_TOO_NEW}, {@link
 *       CheckReason#MSG_ID_TOO_OLD}); the replay window ({@link CheckReason#MSG_ID_REPLAYED},
 *       {@link CheckReason#MSG_ID_OUT_OF_ORDER}); on the server side the salt ({@link
 *       BadServerSaltException}).
 *   <li><b>Commit</b> the msg_id to the replay window only after every check passed. A rejected
 *       frame changes no state and writes nothing to the caller's output.
 * </ol>
 *
 * <p>Kinds of opener: a session opener ({@link #MessageOpener(AuthKey, Sender, SessionId,
 * SessionPolicy, InstantSource)}) checks the session and replays, and the time window when given a
 * clock; a server opener ({@link #forServer}) adds the salt check; a stateless opener ({@link
 * #stateless(AuthKey, Sender)}) checks only what a single frame can show (for the CLI and
 * benchmarks: any session, no replay window, time only if a clock is given).
 *
 * <p>Time window: the msg_id's seconds {@code s} and the clock's whole seconds {@code now} must
 * satisfy {@code now - maxPast <= s <= now + maxFuture}.
 *
 * <p>Not thread-safe: confine each instance to one thread (it owns scratch space and the replay
 * window).
 */
public final class MessageOpener {
  private final Sender peer;
  private final SessionId session;
  private final SessionPolicy policy;
  private final InstantSource clock;
  private final ReplayWindow replay;
  private final ServerSalts salts;
  final FrameCipher cipher; // package-private view for the wipe tests
  private final int maxEncrypted;

  /** The decrypted plaintext while a frame is opened; zero between calls (tests check). */
  byte[] scratch = new byte[0];

  /** Frames that got as far as decryption (a test probe for "no decryption was done"). */
  long framesDecrypted;

  MessageOpener(
      AuthKey key,
      Sender peer,
      SessionId session,
      SessionPolicy policy,
      InstantSource clock,
      ReplayWindow replay,
      ServerSalts salts,
      FrameCipher.MsgKeyFunction msgKeyFunction) {
    Objects.requireNonNull(key, "key");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.session = session;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = clock;
    this.replay = replay;
    this.salts = salts;
    this.cipher = new FrameCipher(key, peer, CipherDirection.DECRYPT, msgKeyFunction);
    this.maxEncrypted = policy.maxEncryptedLength();
  }

  /**
   * A session opener for frames sent by {@code peer} in {@code session}: checks the session, the
   * time window against {@code clock}, and replays (the policy's ordering).
   */
  public MessageOpener(
      AuthKey key, Sender peer, SessionId session, SessionPolicy policy, InstantSource clock) {
    this(
        key,
        peer,
        Objects.requireNonNull(session, "session"),
        policy,
        Objects.requireNonNull(clock, "clock"),
        policy.newReplayWindow(),
        null,
        null);
  }

  /**
   * A session opener without a time window (a client whose clock is not synchronised with the
   * server's): checks the session and replays.
   */
  public MessageOpener(AuthKey key, Sender peer, SessionId session, SessionPolicy policy) {
    this(
        key,
        peer,
        Objects.requireNonNull(session, "session"),
        policy,
        null,
        policy.newReplayWindow(),
        null,
        null);
  }

  /**
   * A server's opener for frames from the client in {@code session}: everything a session opener
   * checks, plus the salt against {@code salts} (current, or previous within its grace period),
   * failing with {@link BadServerSaltException}. {@code salts} is shared with the server's session,
   * which rotates it.
   */
  public static MessageOpener forServer(
      AuthKey key,
      SessionId session,
      ServerSalts salts,
      SessionPolicy policy,
      InstantSource clock) {
    return new MessageOpener(
        key,
        Sender.CLIENT,
        Objects.requireNonNull(session, "session"),
        policy,
        Objects.requireNonNull(clock, "clock"),
        policy.newReplayWindow(),
        Objects.requireNonNull(salts, "salts"),
        null);
  }

  /**
   * A stateless opener: the MAC, the layout, msg_id parity and low bits; any session; no replay
   * window; no time window. Opening the same frame twice succeeds twice.
   */
  public static MessageOpener stateless(AuthKey key, Sender sender) {
    return new MessageOpener(key, sender, null, SessionPolicy.standard(), null, null, null, null);
  }

  /** A stateless opener that also checks the time window against {@code clock}. */
  public static MessageOpener stateless(AuthKey key, Sender sender, InstantSource clock) {
    return new MessageOpener(
        key,
        sender,
        null,
        SessionPolicy.standard(),
        Objects.requireNonNull(clock, "clock"),
        null,
        null,
        null);
  }

  /** Opens one frame with a {@linkplain #stateless(AuthKey, Sender) stateless opener}. */
  public static InnerMessage openStateless(AuthKey key, Sender sender, byte[] frame)
      throws CheckFailedException {
    return stateless(key, sender).open(frame);
  }

  /**
   * Opens one frame with a stateless opener that checks the time window at {@code now} (the CLI's
   * {@code --now}).
   */
  public static InnerMessage openStateless(AuthKey key, Sender sender, byte[] frame, Instant now)
      throws CheckFailedException {
    return stateless(key, sender, InstantSource.fixed(Objects.requireNonNull(now, "now")))
        .open(frame);
  }

  /** Whose frames this opener opens. */
  public Sender peer() {
    return peer;
  }

  /** The policy. */
  public SessionPolicy policy() {
    return policy;
  }

  /**
   * The most bytes {@link #openInto} can write for a frame of {@code frameLength} bytes: the
   * encrypted part less the minimal padding, {@code max(0, frameLength - 24 - 12)}.
   */
  public static int maxInnerLength(int frameLength) {
    return Math.max(0, frameLength - EncryptedFrame.HEADER_LENGTH - MessageSealer.MIN_PADDING);
  }

  /** Opens all of {@code frame}. */
  public InnerMessage open(byte[] frame) throws CheckFailedException {
    Objects.requireNonNull(frame, "frame");
    return open(frame, 0, frame.length);
  }

  /** Opens {@code frame[off, off + len)} and returns the inner message. */
  public InnerMessage open(byte[] frame, int off, int len) throws CheckFailedException {
    Objects.requireNonNull(frame, "frame");
    Objects.checkFromIndexSize(off, len, frame.length);
    int n = openToScratch(frame, off, len);
    try {
      int inner = InnerMessage.HEADER_LENGTH + LittleEndian.getInt(scratch, 28);
      return InnerMessage.readFrom(scratch, 0, inner);
    } finally {
      Arrays.fill(scratch, 0, n, (byte) 0);
    }
  }

  /**
   * Opens {@code frame[off, off + len)} and writes the inner message without its padding (the
   * 32-byte header, then message_data; read it back with {@link InnerMessage#readFrom}) into {@code
   * out} at {@code outOff}. Allocates nothing once its scratch buffer has grown to the largest
   * frame seen. On any failure {@code out} is not written.
   *
   * @return the number of bytes written, {@code 32 + message_data_length}
   * @throws IndexOutOfBoundsException unless {@code out} has {@link #maxInnerLength(int)
   *     maxInnerLength(len)} bytes from {@code outOff}
   */
  public int openInto(byte[] frame, int off, int len, byte[] out, int outOff)
      throws CheckFailedException {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(off, len, frame.length);
    Objects.checkFromIndexSize(outOff, maxInnerLength(len), out.length);
    int n = openToScratch(frame, off, len);
    int inner = InnerMessage.HEADER_LENGTH + LittleEndian.getInt(scratch, 28);
    System.arraycopy(scratch, 0, out, outOff, inner);
    Arrays.fill(scratch, 0, n, (byte) 0);
    return inner;
  }

  /**
   * Steps 1-5. On success the verified plaintext is in {@code scratch[0, n)} and the msg_id is
   * committed; on failure the scratch is zeroed and nothing changed.
   */
  private int openToScratch(byte[] frame, int off, int len) throws CheckFailedException {
    // 1. public framing
    EncryptedFrame.checkFraming(len, maxEncrypted);
    if (LittleEndian.getLong(frame, off) != cipher.authKeyId()) {
      throw new CheckFailedException(CheckReason.AUTH_KEY_ID_MISMATCH);
    }
    int n = len - EncryptedFrame.HEADER_LENGTH;
    if (scratch.length < n) {
      scratch = new byte[Math.min(maxEncrypted, Math.max(n, 2 * scratch.length))];
    }
    // 2 and 3. decrypt everything, then msg_key over everything, in constant time
    framesDecrypted++;
    if (!cipher.decryptAndVerify(frame, off, n, scratch)) {
      throw new CheckFailedException(CheckReason.MSG_KEY_MISMATCH);
    }
    // 4 and 5. the fields, then commit
    try {
      checkFieldsAndCommit(n);
    } catch (CheckFailedException | RuntimeException e) {
      Arrays.fill(scratch, 0, n, (byte) 0);
      throw e;
    }
    return n;
  }

  private void checkFieldsAndCommit(int n) throws CheckFailedException {
    byte[] p = scratch;
    // message_data_length: 0 <= L, L % 4 == 0, L <= n - 32 (in long: no overflow)
    long dataLength = LittleEndian.getInt(p, 28);
    if (dataLength < 0
        || dataLength % 4 != 0
        || dataLength > n - InnerMessage.HEADER_LENGTH
        || dataLength > policy.maxMessageDataLength()) {
      throw new CheckFailedException(CheckReason.LENGTH_FIELD);
    }
    // padding = n - 32 - L in 12..1024
    long padding = n - InnerMessage.HEADER_LENGTH - dataLength;
    if (padding < MessageSealer.MIN_PADDING || padding > MessageSealer.MAX_PADDING) {
      throw new CheckFailedException(CheckReason.PADDING_LENGTH);
    }
    if (session != null && LittleEndian.getLong(p, 8) != session.value()) {
      throw new CheckFailedException(CheckReason.SESSION_ID_MISMATCH);
    }
    long msgId = LittleEndian.getLong(p, 16);
    if (!peer.isValidMsgIdParity(msgId)) {
      throw new CheckFailedException(CheckReason.MSG_ID_PARITY);
    }
    if ((msgId & 0xffff_ffffL) == 0) {
      throw new CheckFailedException(CheckReason.MSG_ID_MALFORMED);
    }
    Instant now = null;
    if (clock != null && !isClockNoticeToClient(p, dataLength)) {
      now = clock.instant();
      policy.checkTimeWindow(msgId, now.getEpochSecond());
    }
    if (replay != null) {
      replay.check(msgId);
    }
    if (salts != null) {
      long salt = LittleEndian.getLong(p, 0);
      if (!salts.accepts(salt, now)) {
        throw new BadServerSaltException(
            salts.current(), new MessageId(msgId), LittleEndian.getInt(p, 24));
      }
    }
    if (replay != null) {
      replay.commit(msgId);
    }
  }

  /**
   * True for a message from the server, opened in a session, whose data is a {@code
   * bad_server_salt} or a {@code bad_msg_notification} about time (error code 16 or 17): a client
   * processes these even when their time looks wrong, since they are how it corrects its clock and
   * salt (docs/protocol.md §3.5 item 8). Read only after the msg_key check; the replay window still
   * applies. Other notices, a stateless opener (which has no session to correct) and a server's
   * clock check get no exemption.
   *
   * <p>What the exemption costs: an attacker on the network can hold back a genuine notice for
   * longer than the time window and it is still processed. It cannot forge or replay one (the
   * msg_key check and the replay window still run); this is the price of the protocol's rule, not
   * of this code.
   */
  private boolean isClockNoticeToClient(byte[] p, long dataLength) {
    if (peer != Sender.SERVER || salts != null || replay == null || dataLength < 4) {
      return false;
    }
    int constructor = LittleEndian.getInt(p, InnerMessage.HEADER_LENGTH);
    if (constructor == ServiceMessage.BAD_SERVER_SALT) {
      return true;
    }
    if (constructor != ServiceMessage.BAD_MSG_NOTIFICATION || dataLength < 20) {
      return false;
    }
    // bad_msg_notification: constructor (4), bad_msg_id (8), bad_msg_seqno (4), error_code (4).
    int errorCode = LittleEndian.getInt(p, InnerMessage.HEADER_LENGTH + 16);
    return errorCode == 16 || errorCode == 17;
  }

  @Override
  public String toString() {
    return "MessageOpener["
        + peer
        + (session == null ? ", stateless" : ", " + session)
        + (replay == null ? "" : ", " + replay)
        + (clock == null ? ", no time window" : "")
        + (salts == null ? "" : ", salts checked")
        + "]";
  }
}
