package org.mtlab.handshake;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.LegacyMessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.Sender;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.BindAuthKeyInner;
import org.mtlab.tl.HandshakeMessage.BindTempAuthKey;
import org.mtlab.tl.TlReader;

/**
 * Binding a temporary key to a permanent one (perfect forward secrecy, docs/protocol.md §6): the
 * client's {@code auth.bindTempAuthKey} request, whose encrypted_message is built the MTProto 1.0
 * way under the <b>permanent</b> key, and the server's check of it.
 *
 * <pre>
 *   inner     = bind_auth_key_inner(nonce, temp_auth_key_id, perm_auth_key_id,
 *                                   temp_session_id, expires_at)                   (40 bytes)
 *   plaintext = random 16 bytes (instead of salt + session_id)
 *             + msg_id (the bindTempAuthKey request's own) + seq_no = 0 + length = 40 + inner
 *   msg_key   = SHA1(plaintext)[4:20]                 (padding excluded: the MTProto 1.0 rule)
 *   padding   = 0..15 random bytes to a multiple of 16 (here always 8: 72 -&gt; 80)
 *   aes_key, aes_iv = MTProto 1.0 KDF(perm_auth_key, msg_key, x = 0)
 *   encrypted_message = perm_auth_key_id + msg_key + AES-256-IGE(plaintext + padding)
 * </pre>
 *
 * <p>The request must be sent under the temporary key, in the session temp_session_id; its nonce
 * and expires_at must equal the inner ones. Stateless and thread-safe.
 */
public final class TempKeyBinding {
  private static final int PREFIX = 16;
  private static final int PLAINTEXT = PREFIX + 8 + 4 + 4 + BindAuthKeyInner.LENGTH; // 72
  private static final int PADDED = (PLAINTEXT + 15) & ~15; // 80

  /** Length of encrypted_message: perm_auth_key_id + msg_key + 80 bytes. */
  public static final int ENCRYPTED_MESSAGE_LENGTH = 8 + MsgKey.LENGTH + PADDED;

  private TempKeyBinding() {}

  /**
   * The client's auth.bindTempAuthKey for {@code tempKey}, proving possession of {@code permKey}.
   * Draws the 8-byte nonce, then the 16-byte prefix and the padding.
   *
   * @param msgId the msg_id the request will be sent with
   * @param tempSessionId the session in which it will be sent (under the temporary key)
   * @param expiresAt the temporary key's expiry, unix seconds as the protocol's unsigned 32-bit int
   *     (0 to 2^32 - 1, so past 2038: {@link HandshakeResult#expiresAt()})
   * @throws IllegalArgumentException if {@code expiresAt} is outside 0..2^32 - 1
   */
  public static BindTempAuthKey request(
      AuthKey permKey,
      AuthKey tempKey,
      long tempSessionId,
      long expiresAt,
      long msgId,
      SecureRandom random) {
    Objects.requireNonNull(permKey, "permKey");
    Objects.requireNonNull(tempKey, "tempKey");
    Objects.requireNonNull(random, "random");
    if (expiresAt < 0 || expiresAt > ClientHandshake.MAX_UNSIGNED_SECONDS) {
      throw new IllegalArgumentException("expires_at must be unsigned 32-bit, got " + expiresAt);
    }
    int wireExpiresAt = (int) expiresAt;
    byte[] n = new byte[8];
    random.nextBytes(n);
    long nonce = LittleEndian.getLong(n, 0);
    BindAuthKeyInner inner =
        new BindAuthKeyInner(
            nonce, tempKey.id().value(), permKey.id().value(), tempSessionId, wireExpiresAt);
    Bytes encrypted = encryptedMessage(permKey, inner, msgId, random);
    return new BindTempAuthKey(permKey.id().value(), nonce, wireExpiresAt, encrypted);
  }

  /**
   * encrypted_message for {@code inner} under {@code permKey}. Draws the 16-byte prefix, then the
   * padding.
   */
  public static Bytes encryptedMessage(
      AuthKey permKey, BindAuthKeyInner inner, long msgId, SecureRandom random) {
    Objects.requireNonNull(permKey, "permKey");
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(random, "random");
    byte[] plain = new byte[PADDED];
    byte[] prefix = new byte[PREFIX];
    random.nextBytes(prefix);
    System.arraycopy(prefix, 0, plain, 0, PREFIX);
    LittleEndian.putLong(plain, 16, msgId);
    LittleEndian.putInt(plain, 24, 0); // seq_no
    LittleEndian.putInt(plain, 28, BindAuthKeyInner.LENGTH);
    System.arraycopy(inner.toByteArray(), 0, plain, 32, BindAuthKeyInner.LENGTH);
    MsgKey msgKey = LegacyMessageKdf.msgKey(Arrays.copyOf(plain, PLAINTEXT));
    byte[] padding = new byte[PADDED - PLAINTEXT];
    random.nextBytes(padding);
    System.arraycopy(padding, 0, plain, PLAINTEXT, padding.length);
    byte[] out = new byte[ENCRYPTED_MESSAGE_LENGTH];
    System.arraycopy(permKey.id().toWire(), 0, out, 0, 8);
    System.arraycopy(msgKey.toByteArray(), 0, out, 8, MsgKey.LENGTH);
    try (AesKeyIv keyIv = LegacyMessageKdf.derive(permKey, msgKey, Sender.CLIENT)) {
      byte[] encrypted = AesIge.encrypt(keyIv.key(), keyIv.iv(), plain);
      System.arraycopy(encrypted, 0, out, 8 + MsgKey.LENGTH, PADDED);
    }
    Arrays.fill(plain, (byte) 0);
    return Bytes.copyOf(out);
  }

  /**
   * The server's check of an auth.bindTempAuthKey request that arrived under the temporary key
   * {@code tempKeyId}, in session {@code tempSessionId}, with msg_id {@code requestMsgId}. {@code
   * permKey} is the key the server holds under the request's perm_auth_key_id.
   *
   * <p>Order: the public layout (length, the perm_auth_key_id prefix); decrypt; the msg_key,
   * compared in constant time over the 72 bytes the layout fixes, before any field is read; then
   * msg_id, seq_no, length, bind_auth_key_inner and each of its fields, and expires_at (unsigned
   * 32-bit seconds) in the future. Every failure is the same BIND_INVALID.
   *
   * @return the verified inner data
   * @throws CheckFailedException BIND_INVALID
   */
  public static BindAuthKeyInner verify(
      BindTempAuthKey request,
      long requestMsgId,
      AuthKeyId tempKeyId,
      long tempSessionId,
      AuthKey permKey,
      Instant now)
      throws CheckFailedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(tempKeyId, "tempKeyId");
    Objects.requireNonNull(permKey, "permKey");
    Objects.requireNonNull(now, "now");
    byte[] em = request.encryptedMessage().toByteArray();
    long permId = permKey.id().value();
    if (request.permAuthKeyId() != permId
        || em.length != ENCRYPTED_MESSAGE_LENGTH
        || LittleEndian.getLong(em, 0) != permId) {
      throw invalid();
    }
    MsgKey msgKey = MsgKey.copyOf(em, 8);
    byte[] plain;
    try (AesKeyIv keyIv = LegacyMessageKdf.derive(permKey, msgKey, Sender.CLIENT)) {
      plain = AesIge.decrypt(keyIv.key(), keyIv.iv(), Arrays.copyOfRange(em, 24, em.length));
    }
    MsgKey computed = LegacyMessageKdf.msgKey(Arrays.copyOf(plain, PLAINTEXT));
    boolean macOk = MessageDigest.isEqual(computed.toByteArray(), msgKey.toByteArray());
    if (!macOk) {
      Arrays.fill(plain, (byte) 0);
      throw invalid();
    }
    try {
      if (LittleEndian.getLong(plain, 16) != requestMsgId
          || LittleEndian.getInt(plain, 24) != 0
          || LittleEndian.getInt(plain, 28) != BindAuthKeyInner.LENGTH) {
        throw invalid();
      }
      BindAuthKeyInner inner;
      try {
        TlReader r = new TlReader(plain, 32, BindAuthKeyInner.LENGTH);
        inner = HandshakeMessage.read(r, BindAuthKeyInner.class);
      } catch (CheckFailedException e) {
        throw invalid();
      }
      if (inner.nonce() != request.nonce()
          || inner.expiresAt() != request.expiresAt()
          || inner.permAuthKeyId() != permId
          || inner.tempAuthKeyId() != tempKeyId.value()
          || inner.tempSessionId() != tempSessionId
          || Integer.toUnsignedLong(inner.expiresAt()) <= now.getEpochSecond()) {
        throw invalid();
      }
      return inner;
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static CheckFailedException invalid() {
    return new CheckFailedException(CheckReason.BIND_INVALID);
  }
}
