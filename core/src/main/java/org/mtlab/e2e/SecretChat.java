package org.mtlab.e2e;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.security.auth.Destroyable;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesEngine;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.DhGroup;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * One device's side of one secret chat (docs/protocol.md §8): sealing and opening end-to-end
 * messages, sequence numbers, resend requests and re-keying. I/O-free: {@link #seal} gives wire
 * bytes, {@link #open} takes them; the caller carries them between the devices.
 *
 * <p><b>A message</b> (§8.2): {@code plaintext = int32 length + decryptedMessageLayer}, then 12..27
 * random padding bytes (the least that makes whole blocks), {@code msg_key} and {@code
 * aes_key/aes_iv} exactly as for cloud messages with the chat key in place of the auth key and x =
 * 0 for the originator's messages, 8 for the responder's; {@code wire = key_fingerprint (8) +
 * msg_key (16) + AES-256-IGE(plaintext + padding)}. The message layer's {@link MessageKdf} (its
 * {@code msgKeyInto} and {@code deriveInto}) and {@link IgeCipher} do the work, one instance of
 * each per chat and direction reused for every message as the cloud path reuses them (the chat key
 * enters them as an {@link AuthKey} through {@link ChatKey}, and the side as a {@link Sender}
 * through {@link ChatRole}); the per-message aes_key/aes_iv and the decrypted plaintext live in
 * scratch arrays that are zero between calls.
 *
 * <p><b>What {@link #open} checks, in order</b>, each with its {@link CheckReason}: the public
 * framing (FRAME_MALFORMED); key_fingerprint (E2E_FINGERPRINT_MISMATCH); msg_key, recomputed over
 * the whole decrypted plaintext and compared in constant time before any field is read
 * (MSG_KEY_MISMATCH); the length (LENGTH_FIELD); the padding, 12..1024 bytes (PADDING_LENGTH); the
 * TL object (TL_MALFORMED); the layer (E2E_LAYER_UNSUPPORTED); then the sequence numbers (§8.3):
 * both parities (E2E_SEQ_NO_PARITY); out_seq_no exactly one above the last delivered (lower or
 * already queued: {@link ChatOutcome.Duplicate}, dropped unread; higher: {@link ChatOutcome.Gap},
 * queued, with a resend request); in_seq_no never decreasing and at most the number of messages
 * this side has sent (E2E_IN_SEQ_NO_INVALID). A parity or in_seq_no violation <b>aborts the
 * chat</b>: its keys are destroyed and every later call throws {@link IllegalStateException}. Any
 * other failure leaves the chat exactly as it was: state changes only after every check passed.
 *
 * <p><b>Re-keying</b> (§8.4): {@link #rekeyDue()} turns true after 100 messages (sent and received
 * together) or a week under the current key; {@link #startRekey()} then sends RequestKey; the
 * peer's chat answers AcceptKey, this side CommitKey (under the old key) and switches, the peer
 * switches and sends Noop under the new key. The chat's p and g are reused. When both sides start
 * at once, the exchange with the smaller exchange_id is dropped; equal ids drop both. The old key
 * is destroyed at the switch, so messages still in flight under it no longer open
 * (E2E_FINGERPRINT_MISMATCH). A failed re-keying check aborts only the exchange (AbortKey, and the
 * reason in {@link ChatOutcome.Delivered#rekeyFailures()}).
 *
 * <p><b>Persistence</b>: {@link #toState(SecretAccess)} and {@link #fromState} (layout there).
 *
 * <p>Confined to one thread. The key bytes are never printed; {@link #destroy()} zeroes them.
 */
public final class SecretChat implements Destroyable {
  /** The layer MTLab speaks and announces: 73, the first that uses MTProto 2.0 only. */
  public static final int LAYER = 73;

  /** Messages (sent and received together) under one key before re-keying is due. */
  public static final int REKEY_AFTER_MESSAGES = 100;

  /** Time under one key before re-keying is due. */
  public static final Duration REKEY_AFTER = Duration.ofDays(7);

  /** The most messages kept for resending, and queued behind a gap. */
  public static final int MAX_KEPT = 1000;

  /** The largest serialized decryptedMessageLayer this chat seals or opens (4 MiB). */
  public static final int MAX_LAYER_BYTES = 1 << 22;

  static final int HEADER = KeyFingerprint.LENGTH + MsgKey.LENGTH;
  static final int MIN_PADDING = 12;
  static final int MAX_PADDING = 1024;

  /** The smallest encrypted part MTProto 2.0's msg_key is defined for (3 blocks). */
  static final int MIN_ENCRYPTED = 48;

  static final int MAX_WIRE = HEADER + 4 + MAX_LAYER_BYTES + MAX_PADDING + 16;
  static final int RANDOM_BYTES = 15;

  /** Per-message keys cross from the KDF to the cipher as raw bytes, and only here. */
  private static final SecretAccess ACCESS = SecretAccess.explicitly();

  private static final int STATE_MAGIC = 0x3245544d; // "MTE2"
  private static final int STATE_VERSION = 1;

  /** Where a re-keying exchange stands; {@link #code} is its fixed code in a saved state. */
  enum Rekey {
    NONE(0),
    REQUESTED(1),
    ACCEPTED(2);

    final int code;

    Rekey(int code) {
      this.code = code;
    }

    /** The stage of {@code code}, or an IllegalArgumentException for any other code. */
    static Rekey ofCode(int code) {
      for (Rekey r : values()) {
        if (r.code == code) {
          return r;
        }
      }
      throw new IllegalArgumentException("secret chat state is malformed");
    }
  }

  private final ChatRole role;
  private final DhGroup group;
  private final KeyVisualization visualization;
  private final SecureRandom random;
  private final InstantSource clock;
  private final IgeCipher encryptor = IgeCipher.unkeyed(CipherDirection.ENCRYPT, AesEngine.JCE);
  private final IgeCipher decryptor = IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.JCE);

  /** msg_key and aes_key/aes_iv for every message of this chat, one SHA-256 reused. */
  private final MessageKdf kdf = MessageKdf.create();

  /** aes_key and aes_iv of the current message; zero outside {@link #encrypt} and open. */
  private final byte[] keyIv = new byte[MessageKdf.KEY_IV_LENGTH];

  private final byte[] receivedMsgKey = new byte[MsgKey.LENGTH];
  private final byte[] computedMsgKey = new byte[MsgKey.LENGTH];

  /**
   * The decrypted plaintext of the message being opened, grown to the largest one seen; zero
   * outside {@link #open}.
   */
  private byte[] scratch = new byte[0];

  /** Our sent messages by raw out_seq_no, as serialized layers, until the peer acknowledges. */
  private final TreeMap<Integer, byte[]> outbox = new TreeMap<>();

  /** The peer's messages behind a gap, by raw out_seq_no. */
  private final TreeMap<Integer, DecryptedMessageLayer> queue = new TreeMap<>();

  private ChatKey key;
  private KeyFingerprint fingerprint;
  private int sent;
  private int received;
  private int lastPeerIn;
  private int keyUses;
  private Instant keySince;
  private boolean aborted;

  private Rekey rekey = Rekey.NONE;
  private long exchangeId;
  private BigInteger rekeySecret;
  private ChatKey pendingKey;

  private SecretChat(
      ChatRole role,
      ChatKey key,
      DhGroup group,
      KeyVisualization visualization,
      SecureRandom random,
      InstantSource clock) {
    this.role = role;
    this.key = key;
    this.fingerprint = key.fingerprint();
    this.group = group;
    this.visualization = visualization;
    this.random = random;
    this.clock = clock;
    this.keySince = clock.instant();
  }

  /**
   * A new chat under {@code key} (from {@link ExchangeInitiator#complete} or {@link
   * ExchangeResponder#accept}), which it takes over and destroys when it re-keys or ends. {@code
   * group} is the checked group of the exchange, reused for re-keying.
   */
  public static SecretChat create(
      ChatRole role, ChatKey key, DhGroup group, SecureRandom random, InstantSource clock) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    if (key.isDestroyed()) {
      throw new IllegalArgumentException("the chat key is destroyed");
    }
    return new SecretChat(role, key, group, KeyVisualization.of(key), random, clock);
  }

  /**
   * As {@link #create(ChatRole, ChatKey, DhGroup, SecureRandom, InstantSource)} with a new {@link
   * SecureRandom} and the system clock.
   */
  public static SecretChat create(ChatRole role, ChatKey key, DhGroup group) {
    return create(role, key, group, new SecureRandom(), InstantSource.system());
  }

  // --- queries ---------------------------------------------------------------------------

  /** This device's side. */
  public ChatRole role() {
    return role;
  }

  /** The current key's fingerprint (it changes with re-keying). */
  public KeyFingerprint fingerprint() {
    return fingerprint;
  }

  /** What the users compare; fixed at creation, kept across re-keying. */
  public KeyVisualization visualization() {
    return visualization;
  }

  /** The group used for re-keying. */
  public DhGroup group() {
    return group;
  }

  /** Messages sealed so far (this side's raw out_seq_no counter). */
  public int sentCount() {
    return sent;
  }

  /** The peer's messages delivered so far (this side's raw in_seq_no counter). */
  public int receivedCount() {
    return received;
  }

  /** The peer's messages waiting behind a gap. */
  public int queuedCount() {
    return queue.size();
  }

  /** Messages sent and received under the current key. */
  public int messagesUnderKey() {
    return keyUses;
  }

  /** True once a sequence-number violation aborted the chat. */
  public boolean isAborted() {
    return aborted;
  }

  /** True while a re-keying exchange started by either side is in progress. */
  public boolean rekeyInProgress() {
    return rekey != Rekey.NONE;
  }

  /**
   * True when re-keying should start: no exchange in progress, at least one message under the
   * current key, and 100 messages or a week under it.
   */
  public boolean rekeyDue() {
    if (aborted || rekey != Rekey.NONE || keyUses == 0) {
      return false;
    }
    return keyUses >= REKEY_AFTER_MESSAGES || !clock.instant().isBefore(keySince.plus(REKEY_AFTER));
  }

  // --- sealing ---------------------------------------------------------------------------

  /**
   * Seals a text message (a {@link ChatMessage.Text} with a random id and no TTL).
   *
   * @return the wire bytes: key_fingerprint + msg_key + ciphertext
   * @throws IllegalArgumentException if the message would exceed {@link #MAX_LAYER_BYTES}
   * @throws IllegalStateException if the chat was aborted or destroyed
   */
  public byte[] seal(String text) {
    Objects.requireNonNull(text, "text");
    return seal(new ChatMessage.Text(random.nextLong(), 0, text));
  }

  /** Seals any message this chat speaks; see {@link #seal(String)}. */
  public byte[] seal(ChatMessage message) {
    Objects.requireNonNull(message, "message");
    checkUsable();
    if (sent >= Integer.MAX_VALUE / 2) {
      throw new IllegalStateException("out_seq_no exhausted");
    }
    byte[] randomBytes = new byte[RANDOM_BYTES];
    random.nextBytes(randomBytes);
    DecryptedMessageLayer layer =
        new DecryptedMessageLayer(
            Bytes.copyOf(randomBytes),
            LAYER,
            2 * received + role.inParity(),
            2 * sent + role.outParity(),
            message);
    byte[] body = layer.toByteArray();
    if (body.length > MAX_LAYER_BYTES) {
      throw new IllegalArgumentException(
          "message too long: " + body.length + " bytes serialized, at most " + MAX_LAYER_BYTES);
    }
    byte[] wire = encrypt(body);
    outbox.put(sent, body);
    if (outbox.size() > MAX_KEPT) {
      outbox.pollFirstEntry();
    }
    sent++;
    keyUses++;
    return wire;
  }

  /**
   * Starts re-keying: draws a with the chat's group and seals RequestKey.
   *
   * @throws IllegalStateException if an exchange is already in progress, or the chat was aborted
   */
  public byte[] startRekey() {
    checkUsable();
    if (rekey != Rekey.NONE) {
      throw new IllegalStateException("a re-keying exchange is already in progress");
    }
    Dh.KeyPair pair = Dh.draw(group, random, null);
    long id = random.nextLong();
    byte[] wire =
        seal(
            new ChatMessage.Service(
                random.nextLong(),
                new ChatAction.RequestKey(id, Dh.unsignedBytes(pair.publicValue()))));
    exchangeId = id;
    rekeySecret = pair.secret();
    rekey = Rekey.REQUESTED;
    return wire;
  }

  private byte[] encrypt(byte[] body) {
    int len = body.length;
    int padding = MIN_PADDING + Math.floorMod(-(4 + len + MIN_PADDING), 16);
    int n = 4 + len + padding;
    byte[] wire = new byte[HEADER + n];
    LittleEndian.putLong(wire, 0, fingerprint.value());
    LittleEndian.putInt(wire, HEADER, len);
    System.arraycopy(body, 0, wire, HEADER + 4, len);
    byte[] pad = new byte[padding];
    random.nextBytes(pad);
    System.arraycopy(pad, 0, wire, HEADER + 4 + len, padding);
    AuthKey authKey = key.asAuthKey();
    Sender sender = role.sender();
    kdf.msgKeyInto(authKey, sender, wire, HEADER, n, wire, KeyFingerprint.LENGTH);
    kdf.deriveInto(ACCESS, authKey, sender, wire, KeyFingerprint.LENGTH, keyIv, 0);
    encryptor.rekey(ACCESS, keyIv, 0, keyIv, 32);
    Arrays.fill(keyIv, (byte) 0);
    encryptor.process(wire, HEADER, n, wire, HEADER);
    return wire;
  }

  // --- opening ---------------------------------------------------------------------------

  /**
   * Opens a message from the peer; see the class comment for the checks and their order.
   *
   * @throws CheckFailedException if a check failed; a sequence-number violation also aborts the
   *     chat
   * @throws IllegalStateException if the chat was aborted or destroyed
   */
  public ChatOutcome open(byte[] wire) throws CheckFailedException {
    Objects.requireNonNull(wire, "wire");
    checkUsable();
    if (wire.length < HEADER + MIN_ENCRYPTED
        || (wire.length - HEADER) % 16 != 0
        || wire.length > MAX_WIRE) {
      throw new CheckFailedException(CheckReason.FRAME_MALFORMED);
    }
    if (LittleEndian.getLong(wire, 0) != fingerprint.value()) {
      throw new CheckFailedException(CheckReason.E2E_FINGERPRINT_MISMATCH);
    }
    int n = decryptAndVerify(wire);
    DecryptedMessageLayer layer;
    try {
      layer = readLayer(scratch, n);
    } finally {
      Arrays.fill(scratch, 0, n, (byte) 0);
    }
    if (layer.layer() != LAYER) {
      throw new CheckFailedException(CheckReason.E2E_LAYER_UNSUPPORTED);
    }
    return sequence(layer);
  }

  /**
   * Decrypts the whole encrypted part into {@link #scratch} and checks msg_key over all of it in
   * constant time; on a mismatch the plaintext is zeroed and nothing of it was read. The chat's
   * reused KDF and cipher do the work, as the cloud opener's do: nothing is allocated once the
   * scratch has grown to the message.
   *
   * @return the plaintext's length n, in {@code scratch[0, n)}
   */
  private int decryptAndVerify(byte[] wire) throws CheckFailedException {
    int n = wire.length - HEADER;
    if (scratch.length < n) {
      scratch = new byte[Math.min(MAX_WIRE - HEADER, Math.max(n, 2 * scratch.length))];
    }
    AuthKey authKey = key.asAuthKey();
    Sender sender = role.peer().sender();
    System.arraycopy(wire, KeyFingerprint.LENGTH, receivedMsgKey, 0, MsgKey.LENGTH);
    kdf.deriveInto(ACCESS, authKey, sender, receivedMsgKey, 0, keyIv, 0);
    decryptor.rekey(ACCESS, keyIv, 0, keyIv, 32);
    Arrays.fill(keyIv, (byte) 0);
    decryptor.process(wire, HEADER, n, scratch, 0);
    kdf.msgKeyInto(authKey, sender, scratch, 0, n, computedMsgKey, 0);
    if (!MessageDigest.isEqual(computedMsgKey, receivedMsgKey)) {
      Arrays.fill(scratch, 0, n, (byte) 0);
      throw new CheckFailedException(CheckReason.MSG_KEY_MISMATCH);
    }
    return n;
  }

  /** The length, the padding and the TL object of an authenticated plaintext. */
  static DecryptedMessageLayer readLayer(byte[] plain) throws CheckFailedException {
    return readLayer(plain, plain.length);
  }

  /** {@link #readLayer(byte[])} of {@code plain[0, n)}. */
  static DecryptedMessageLayer readLayer(byte[] plain, int n) throws CheckFailedException {
    int len = LittleEndian.getInt(plain, 0);
    if (len < 0 || len % 4 != 0 || len > n - 4) {
      throw new CheckFailedException(CheckReason.LENGTH_FIELD);
    }
    int padding = n - 4 - len;
    if (padding < MIN_PADDING || padding > MAX_PADDING) {
      throw new CheckFailedException(CheckReason.PADDING_LENGTH);
    }
    return DecryptedMessageLayer.parse(plain, 4, len);
  }

  private ChatOutcome sequence(DecryptedMessageLayer layer) throws CheckFailedException {
    ChatRole peer = role.peer();
    int out = layer.outSeqNo();
    int in = layer.inSeqNo();
    if (out < 0 || in < 0 || (out & 1) != peer.outParity() || (in & 1) != peer.inParity()) {
      throw abort(CheckReason.E2E_SEQ_NO_PARITY);
    }
    int rawOut = out >>> 1;
    if (rawOut < received || queue.containsKey(rawOut)) {
      return new ChatOutcome.Duplicate();
    }
    List<Bytes> replies = new ArrayList<>();
    List<CheckReason> failures = new ArrayList<>();
    if (rawOut > received) {
      if (rawOut - received > MAX_KEPT || queue.size() >= MAX_KEPT) {
        throw new CheckFailedException(CheckReason.E2E_GAP_TOO_LARGE);
      }
      queue.put(rawOut, layer);
      int start = 2 * received + peer.outParity();
      int end = 2 * (rawOut - 1) + peer.outParity();
      replies.add(sealReply(new ChatAction.Resend(start, end)));
      // A resend request is handled at once, even out of order (docs/protocol.md §8.3).
      if (resendOf(layer) != null) {
        resend(resendOf(layer), replies);
      }
      return new ChatOutcome.Gap(start, end, replies);
    }
    // In order: check this message and every queued one that now follows, then commit.
    List<DecryptedMessageLayer> batch = new ArrayList<>();
    batch.add(layer);
    for (int next = rawOut + 1; queue.containsKey(next); next++) {
      batch.add(queue.get(next));
    }
    int lastIn = lastPeerIn;
    for (DecryptedMessageLayer m : batch) {
      int rawIn = m.inSeqNo() >>> 1;
      if (rawIn < lastIn || rawIn > sent) {
        throw abort(CheckReason.E2E_IN_SEQ_NO_INVALID);
      }
      lastIn = rawIn;
    }
    for (int i = 1; i < batch.size(); i++) {
      queue.remove(rawOut + i);
    }
    received = rawOut + batch.size();
    lastPeerIn = lastIn;
    keyUses += batch.size();
    if (!outbox.isEmpty() && outbox.firstKey() < lastPeerIn) {
      outbox.headMap(lastPeerIn).clear();
    }
    List<ChatMessage> messages = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ChatMessage m = batch.get(i).message();
      messages.add(m);
      // queued messages had their resend requests handled when they were queued
      handle(m, i > 0, replies, failures);
    }
    return new ChatOutcome.Delivered(messages, replies, failures);
  }

  private static ChatAction.Resend resendOf(DecryptedMessageLayer layer) {
    if (layer.message() instanceof ChatMessage.Service) {
      ChatAction a = ((ChatMessage.Service) layer.message()).action();
      if (a instanceof ChatAction.Resend resend) {
        return resend;
      }
    }
    return null;
  }

  private CheckFailedException abort(CheckReason reason) {
    aborted = true;
    destroyKeys();
    return new CheckFailedException(reason);
  }

  // --- service actions -------------------------------------------------------------------

  private void handle(
      ChatMessage m, boolean resendHandled, List<Bytes> replies, List<CheckReason> failures) {
    if (!(m instanceof ChatMessage.Service service)) {
      return;
    }
    ChatAction a = service.action();
    if (a instanceof ChatAction.Resend resend) {
      if (!resendHandled) {
        resend(resend, replies);
      }
    } else if (a instanceof ChatAction.RequestKey requestKey) {
      onRequestKey(requestKey, replies, failures);
    } else if (a instanceof ChatAction.AcceptKey acceptKey) {
      onAcceptKey(acceptKey, replies, failures);
    } else if (a instanceof ChatAction.CommitKey commitKey) {
      onCommitKey(commitKey, replies, failures);
    } else if (a instanceof ChatAction.AbortKey abortKey) {
      if (rekey != Rekey.NONE && abortKey.exchangeId() == exchangeId) {
        dropRekey();
      }
    }
    // Noop and NotifyLayer need nothing.
  }

  /** Seals again, under the current key, our messages the peer asks for (wire values). */
  private void resend(ChatAction.Resend r, List<Bytes> replies) {
    int s = r.startSeqNo();
    int e = r.endSeqNo();
    int parity = role.outParity();
    if (s < 0 || e < s || (s & 1) != parity || (e & 1) != parity) {
      return; // not a range of our messages: nothing to send
    }
    for (byte[] body : outbox.subMap(s >>> 1, true, e >>> 1, true).values()) {
      replies.add(Bytes.copyOf(encrypt(body)));
    }
  }

  private void onRequestKey(
      ChatAction.RequestKey rk, List<Bytes> replies, List<CheckReason> failures) {
    if (rekey == Rekey.REQUESTED) {
      // Both sides started at once: the smaller exchange_id is dropped, equal ids drop both.
      if (rk.exchangeId() < exchangeId) {
        return;
      }
      boolean equal = rk.exchangeId() == exchangeId;
      dropRekey();
      if (equal) {
        return;
      }
    } else if (rekey == Rekey.ACCEPTED) {
      failures.add(CheckReason.E2E_REKEY_INVALID);
      replies.add(sealReply(new ChatAction.AbortKey(rk.exchangeId())));
      return;
    }
    BigInteger p = group.prime();
    BigInteger gA = DhChecks.unsigned(rk.gA());
    if (!DhChecks.isInRange(gA, p)) {
      failures.add(CheckReason.DH_G_A_OUT_OF_RANGE);
      replies.add(sealReply(new ChatAction.AbortKey(rk.exchangeId())));
      return;
    }
    Dh.KeyPair b = Dh.draw(group, random, null);
    ChatKey newKey = Dh.sharedKey(gA, b.secret(), p);
    pendingKey = newKey;
    exchangeId = rk.exchangeId();
    rekey = Rekey.ACCEPTED;
    replies.add(
        sealReply(
            new ChatAction.AcceptKey(
                rk.exchangeId(), Dh.unsignedBytes(b.publicValue()), newKey.fingerprint())));
  }

  private void onAcceptKey(
      ChatAction.AcceptKey ak, List<Bytes> replies, List<CheckReason> failures) {
    if (rekey != Rekey.REQUESTED || ak.exchangeId() != exchangeId) {
      failures.add(CheckReason.E2E_REKEY_INVALID);
      return;
    }
    BigInteger p = group.prime();
    BigInteger gB = DhChecks.unsigned(ak.gB());
    if (!DhChecks.isInRange(gB, p)) {
      failures.add(CheckReason.DH_G_B_OUT_OF_RANGE);
      replies.add(sealReply(new ChatAction.AbortKey(exchangeId)));
      dropRekey();
      return;
    }
    ChatKey newKey = Dh.sharedKey(gB, rekeySecret, p);
    if (newKey.fingerprint().value() != ak.keyFingerprint().value()) {
      newKey.destroy();
      failures.add(CheckReason.E2E_KEY_CONFIRMATION_FAILED);
      replies.add(sealReply(new ChatAction.AbortKey(exchangeId)));
      dropRekey();
      return;
    }
    // CommitKey travels under the old key; everything after it under the new one.
    replies.add(sealReply(new ChatAction.CommitKey(exchangeId, newKey.fingerprint())));
    switchTo(newKey);
  }

  private void onCommitKey(
      ChatAction.CommitKey ck, List<Bytes> replies, List<CheckReason> failures) {
    if (rekey != Rekey.ACCEPTED
        || ck.exchangeId() != exchangeId
        || ck.keyFingerprint().value() != pendingKey.fingerprint().value()) {
      failures.add(CheckReason.E2E_REKEY_INVALID);
      if (rekey == Rekey.ACCEPTED && ck.exchangeId() == exchangeId) {
        replies.add(sealReply(new ChatAction.AbortKey(exchangeId)));
        dropRekey();
      }
      return;
    }
    switchTo(pendingKey);
    replies.add(sealReply(new ChatAction.Noop()));
  }

  private Bytes sealReply(ChatAction action) {
    return Bytes.copyOf(seal(new ChatMessage.Service(random.nextLong(), action)));
  }

  private void switchTo(ChatKey newKey) {
    ChatKey old = key;
    key = newKey;
    fingerprint = newKey.fingerprint();
    old.destroy();
    pendingKey = null;
    rekeySecret = null;
    rekey = Rekey.NONE;
    keyUses = 0;
    keySince = clock.instant();
  }

  private void dropRekey() {
    if (pendingKey != null) {
      pendingKey.destroy();
      pendingKey = null;
    }
    rekeySecret = null;
    rekey = Rekey.NONE;
  }

  // --- life cycle ------------------------------------------------------------------------

  private void checkUsable() {
    if (aborted) {
      throw new IllegalStateException("the chat was aborted after a sequence-number violation");
    }
    if (key.isDestroyed()) {
      throw new IllegalStateException("the chat is destroyed");
    }
  }

  private void destroyKeys() {
    key.destroy();
    Arrays.fill(scratch, (byte) 0);
    dropRekey();
    outbox.clear();
    queue.clear();
  }

  /** Destroys the chat key and any key of an exchange in progress; the chat is unusable after. */
  @Override
  public void destroy() {
    destroyKeys();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  /** For tests: true when no per-message key material or plaintext is left between calls. */
  boolean scratchIsClear() {
    return isZero(keyIv) && isZero(scratch);
  }

  /** For tests: the bytes of the reused plaintext scratch. */
  int scratchLength() {
    return scratch.length;
  }

  private static boolean isZero(byte[] b) {
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  /** The key under test access: package-private, for tests. */
  ChatKey currentKey() {
    return key;
  }

  /** Role, public fingerprint and counters; never key bytes. */
  @Override
  public String toString() {
    return "SecretChat["
        + role
        + ", fingerprint="
        + fingerprint.hex()
        + ", sent="
        + sent
        + ", received="
        + received
        + ", queued="
        + queue.size()
        + (aborted ? ", aborted" : "")
        + ", redacted]";
  }

  // --- persistence -----------------------------------------------------------------------

  /**
   * This chat's whole state, so that a device can keep it in its own file. It contains the chat key
   * (and, during re-keying, the exchange's secret), hence the access token: store it as you would
   * the key. Layout, in TL's binary encoding (little-endian ints and longs, TL {@code bytes} with
   * their length prefix):
   *
   * <pre>
   *   int    0x3245544d ("MTE2")       int    version = 1
   *   int    role (0 originator, 1 responder)
   *   bytes  chat key (256)             bytes  key visualization (36)
   *   int    g                          bytes  p (big-endian)
   *   int    sent                       int    received
   *   int    last in_seq_no received (raw)
   *   int    messages under the key     long   key in use since (epoch milliseconds)
   *   int    n, then n x (int raw out_seq_no, bytes layer)   -- kept for resending
   *   int    m, then m x (int raw out_seq_no, bytes layer)   -- queued behind a gap
   *   int    re-keying: 0 none | 1 requested, long exchange_id, bytes a (256)
   *                            | 2 accepted, long exchange_id, bytes new key (256)
   * </pre>
   *
   * @throws IllegalStateException if the chat was aborted or destroyed
   */
  public byte[] toState(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkUsable();
    TlWriter w = new TlWriter();
    w.writeInt(STATE_MAGIC).writeInt(STATE_VERSION).writeInt(role.stateCode());
    byte[] k = key.reveal(access);
    w.writeBytes(k);
    Arrays.fill(k, (byte) 0);
    w.writeBytes(visualization.value());
    w.writeInt(group.g()).writeBytes(Dh.unsignedBytes(group.prime()));
    w.writeInt(sent).writeInt(received).writeInt(lastPeerIn);
    w.writeInt(keyUses).writeLong(keySince.toEpochMilli());
    w.writeInt(outbox.size());
    for (Map.Entry<Integer, byte[]> e : outbox.entrySet()) {
      w.writeInt(e.getKey()).writeBytes(e.getValue());
    }
    w.writeInt(queue.size());
    for (Map.Entry<Integer, DecryptedMessageLayer> e : queue.entrySet()) {
      w.writeInt(e.getKey()).writeBytes(e.getValue().toByteArray());
    }
    w.writeInt(rekey.code);
    if (rekey == Rekey.REQUESTED) {
      byte[] a = Dh.toFixed(rekeySecret);
      w.writeLong(exchangeId).writeBytes(a);
      Arrays.fill(a, (byte) 0);
    } else if (rekey == Rekey.ACCEPTED) {
      byte[] nk = pendingKey.reveal(access);
      w.writeLong(exchangeId).writeBytes(nk);
      Arrays.fill(nk, (byte) 0);
    }
    return w.toByteArray();
  }

  /**
   * A chat restored from {@link #toState}.
   *
   * @throws IllegalArgumentException if {@code state} is not such a state
   */
  public static SecretChat fromState(byte[] state, SecureRandom random, InstantSource clock) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    byte[] keyBytes = null;
    byte[] secret = null;
    try {
      TlReader r = new TlReader(state);
      if (r.readInt() != STATE_MAGIC || r.readInt() != STATE_VERSION) {
        throw new IllegalArgumentException("not a secret chat state (magic or version)");
      }
      ChatRole role = ChatRole.ofStateCode(r.readInt());
      keyBytes = r.readBytes();
      ChatKey key = ChatKey.copyOf(keyBytes);
      KeyVisualization visualization = new KeyVisualization(Bytes.copyOf(r.readBytes()));
      DhGroup group = new DhGroup(r.readInt(), new BigInteger(1, r.readBytes()));
      SecretChat chat = new SecretChat(role, key, group, visualization, random, clock);
      chat.sent = nonNegative(r.readInt());
      chat.received = nonNegative(r.readInt());
      chat.lastPeerIn = nonNegative(r.readInt());
      chat.keyUses = nonNegative(r.readInt());
      chat.keySince = Instant.ofEpochMilli(r.readLong());
      int n = index(r.readInt(), MAX_KEPT + 1);
      for (int i = 0; i < n; i++) {
        chat.outbox.put(nonNegative(r.readInt()), r.readBytes());
      }
      int m = index(r.readInt(), MAX_KEPT + 1);
      for (int i = 0; i < m; i++) {
        int raw = nonNegative(r.readInt());
        byte[] body = r.readBytes();
        chat.queue.put(raw, DecryptedMessageLayer.parse(body, 0, body.length));
      }
      chat.rekey = Rekey.ofCode(r.readInt());
      if (chat.rekey != Rekey.NONE) {
        chat.exchangeId = r.readLong();
        secret = r.readBytes();
        if (chat.rekey == Rekey.REQUESTED) {
          chat.rekeySecret = new BigInteger(1, secret);
        } else {
          chat.pendingKey = ChatKey.copyOf(secret);
        }
      }
      r.expectEnd();
      return chat;
    } catch (CheckFailedException e) {
      throw new IllegalArgumentException("secret chat state is malformed");
    } finally {
      if (keyBytes != null) {
        Arrays.fill(keyBytes, (byte) 0);
      }
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  private static int index(int v, int bound) {
    if (v < 0 || v >= bound) {
      throw new IllegalArgumentException("secret chat state is malformed");
    }
    return v;
  }

  private static int nonNegative(int v) {
    return index(v, Integer.MAX_VALUE);
  }
}
