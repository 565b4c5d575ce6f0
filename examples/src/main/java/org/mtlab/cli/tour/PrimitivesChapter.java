package org.mtlab.cli.tour;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.LegacyMessageKdf;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.message.MessageSealer;
import org.mtlab.tl.TlWriter;

/**
 * Chapter 1, the primitives: one small message goes from the client to the server under an auth
 * key, with every value made on the way (auth_key_id, msg_key, aes_key and aes_iv, AES-256-IGE),
 * then the same message in the other direction and under MTProto 1.0.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrimitivesChapter implements Chapter {
  /** The msg_id clock of this chapter: 2025-01-01T00:00:00Z, fixed so the tour repeats. */
  static final long UNIX_TIME = 1_735_689_600L;

  /** ping#7abe77ec ping_id:long = Pong. */
  private static final int PING = 0x7abe77ec;

  private static final int HEADER = 32;
  private static final int SHOWN = 32;

  @Override
  public String title() {
    return "The primitives";
  }

  @Override
  public String intro() {
    return "MTProto 2.0 in miniature: a client and a server share one long-lived auth key,"
        + " and every message gets its own AES-256 key and IV, derived from that auth key and"
        + " from the message itself. We follow one small message from the client to the"
        + " server.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    SecureRandom random = tour.random();
    SecretAccess access = SecretAccess.explicitly(); // the tour shows keys: that is its job

    // 1. The auth key.
    byte[] keyBytes = new byte[AuthKey.LENGTH];
    random.nextBytes(keyBytes);
    AuthKey authKey = AuthKey.copyOf(keyBytes);
    Arrays.fill(keyBytes, (byte) 0);
    tour.step(
        "The auth key",
        "Client and server share one 2048-bit secret, the auth key. In chapter 2 it comes out"
            + " of a Diffie-Hellman handshake; here we simply draw 256 bytes from the seeded"
            + " random generator. The server holds this key for cloud chats, so it can read"
            + " them; secret chats use another key that only the two devices know.",
        Values.of().secret("auth_key", authKey.reveal(access)));

    // 2. auth_key_id and aux hash.
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(authKey.reveal(access));
    tour.step(
        "auth_key_id and the aux hash",
        "The receiver must find the right key before it can decrypt anything, so every"
            + " encrypted message starts with auth_key_id, the last 8 bytes of SHA-1(auth_key)."
            + " It is public and reveals nothing useful about the key. The first 8 bytes of"
            + " the same hash, the aux hash, are used only inside the handshake.",
        Values.of()
            .hex("sha1_of_auth_key", sha1)
            .hex("auth_key_id", authKey.id().toWire())
            .note("SHA-1 bytes 12..20; TL long " + authKey.id().value())
            .hex("auth_key_aux_hash", authKey.auxHashBytes())
            .note("bytes 0..8 of the SHA-1"));

    // 3. The message and its header.
    long salt = random.nextLong();
    long sessionId = random.nextLong();
    long fraction = random.nextInt() & 0xffff_fffcL; // a client's msg_id is divisible by 4
    long msgId = (UNIX_TIME << 32) | (fraction == 0 ? 4 : fraction);
    int seqNo = 1; // the first content-related message of the session: 2 * 0 + 1
    byte[] data = new TlWriter().writeInt(PING).writeLong(random.nextLong()).toByteArray();
    tour.step(
        "The message and its header",
        "What gets encrypted is more than the message: a header of server salt (a value the"
            + " server hands out), session id, msg_id (about Unix time times 2^32; a client's"
            + " ids are divisible by 4), seq_no and the data length, all little-endian, then"
            + " the message itself, here a TL-serialised ping.",
        Values.of()
            .hex("server_salt", LittleEndian.longBytes(salt))
            .hex("session_id", LittleEndian.longBytes(sessionId))
            .id("msg_id", msgId)
            .note("time " + Instant.ofEpochSecond(msgId >>> 32) + ", low bits " + (msgId & 3))
            .number("seq_no", seqNo)
            .number("message_data_length", data.length)
            .hex("message_data", data)
            .note("ping#7abe77ec ping_id:long"));

    // 4. Padding.
    int unpadded = HEADER + data.length;
    int minimum =
        MessageSealer.MIN_PADDING + Math.floorMod(-(unpadded + MessageSealer.MIN_PADDING), 16);
    int paddingLength = minimum + 16 * random.nextInt(4);
    byte[] padding = new byte[paddingLength];
    random.nextBytes(padding);
    byte[] padded =
        new TlWriter()
            .writeLong(salt)
            .writeLong(sessionId)
            .writeLong(msgId)
            .writeInt(seqNo)
            .writeInt(data.length)
            .writeRaw(data)
            .writeRaw(padding)
            .toByteArray();
    tour.step(
        "Padding",
        "Random padding of "
            + MessageSealer.MIN_PADDING
            + " to "
            + MessageSealer.MAX_PADDING
            + " bytes brings the plaintext to whole 16-byte AES blocks;"
            + " its length varies too, so that message sizes leak less. In MTProto 2.0 the"
            + " padding is covered by msg_key, so nobody can change it unnoticed.",
        Values.of()
            .number("padding_length", paddingLength)
            .hex("padding", padding)
            .hex("padded_plaintext", padded)
            .note(
                padded.length
                    + " bytes = "
                    + HEADER
                    + " header + "
                    + data.length
                    + " data + "
                    + paddingLength
                    + " padding"));

    // 5. msg_key.
    byte[] large = new byte[32];
    MessageKdf.create().msgKeyLargeInto(authKey, Sender.CLIENT, padded, 0, padded.length, large);
    MsgKey msgKey = MsgKey.compute(authKey, Sender.CLIENT, padded);
    tour.step(
        "msg_key",
        "msg_key = SHA-256(auth_key[88+x : 120+x] + plaintext + padding)[8:24], with x = 0"
            + " because the client is sending. It travels in clear, works as the message's"
            + " MAC, and selects the AES key and IV for this one message.",
        Values.of()
            .secret("auth_key_slice", authKey.reveal(access, 88, 32))
            .note("secret, auth_key[88:120]")
            .hex("msg_key_large", large)
            .hex("msg_key", msgKey.toByteArray())
            .note("bytes 8..24 of msg_key_large"));

    // 6. aes_key and aes_iv.
    byte[] aesKey;
    byte[] aesIv;
    byte[] ciphertext;
    try (AesKeyIv keyIv = MessageKdf.derive(authKey, msgKey, Sender.CLIENT)) {
      aesKey = keyIv.key().reveal(access);
      aesIv = keyIv.iv().reveal(access);
      ciphertext = AesIge.encrypt(keyIv.key(), keyIv.iv(), padded);
    }
    tour.step(
        "aes_key and aes_iv",
        "Two hashes mix msg_key with 36-byte slices of the auth key: sha256_a = SHA-256(msg_key"
            + " + auth_key[x : x+36]) and sha256_b = SHA-256(auth_key[40+x : 76+x] + msg_key);"
            + " aes_key and aes_iv are spliced from them. So every message has its own key and"
            + " IV, and only holders of the auth key can compute them.",
        Values.of()
            .secret("aes_key", aesKey)
            .note("secret: a[0:8] + b[8:24] + a[24:32]")
            .secret("aes_iv", aesIv)
            .note("secret: b[0:8] + a[8:24] + b[24:32]"));

    // 7. IGE encryption and the frame.
    byte[] frame =
        Bytes.copyOf(authKey.id().toWire())
            .concat(msgKey.value())
            .concat(Bytes.copyOf(ciphertext))
            .toByteArray();
    tour.step(
        "AES-256-IGE encryption",
        "IGE chains every block to the previous ciphertext and plaintext blocks: c_i ="
            + " E(p_i xor c_(i-1)) xor p_(i-1), with the two halves of aes_iv standing in for"
            + " the blocks before the first. The message on the wire is auth_key_id + msg_key"
            + " + ciphertext.",
        Values.of()
            .preview("ciphertext", ciphertext, SHOWN)
            .preview("frame", frame, SHOWN)
            .note(
                "first "
                    + SHOWN
                    + " of "
                    + frame.length
                    + ": 8 id + 16 msg_key + "
                    + ciphertext.length
                    + " ciphertext"));

    // 8. Decryption and the msg_key check.
    byte[] decrypted;
    try (AesKeyIv keyIv = MessageKdf.derive(authKey, MsgKey.copyOf(frame, 8), Sender.CLIENT)) {
      decrypted =
          AesIge.decrypt(keyIv.key(), keyIv.iv(), Arrays.copyOfRange(frame, 24, frame.length));
    }
    MsgKey recomputed = MsgKey.compute(authKey, Sender.CLIENT, decrypted);
    tour.step(
        "Decryption and the msg_key check",
        "The server finds the key by auth_key_id, derives the same aes_key and aes_iv from"
            + " msg_key, decrypts, and recomputes msg_key over what it got. Only if both"
            + " msg_keys are equal (compared in constant time) does it trust the contents.",
        Values.of()
            .flag(
                "auth_key_id_matches",
                Arrays.equals(Arrays.copyOfRange(frame, 0, 8), authKey.id().toWire()))
            .preview("decrypted", decrypted, SHOWN)
            .flag("plaintext_matches", Arrays.equals(decrypted, padded))
            .hex("recomputed_msg_key", recomputed.toByteArray())
            .flag("msg_key_matches", recomputed.constantTimeEquals(msgKey)));

    // 9. A flipped bit.
    byte[] tampered = ciphertext.clone();
    int flipped = 16; // first byte of the second block
    tampered[flipped] ^= 1;
    byte[] garbled;
    try (AesKeyIv keyIv = MessageKdf.derive(authKey, msgKey, Sender.CLIENT)) {
      garbled = AesIge.decrypt(keyIv.key(), keyIv.iv(), tampered);
    }
    MsgKey garbledKey = MsgKey.compute(authKey, Sender.CLIENT, garbled);
    tour.step(
        "A flipped bit",
        "Change one bit of the ciphertext and IGE garbles that block and every block after it."
            + " The recomputed msg_key no longer matches, and the receiver drops the message"
            + " without saying more (check MSG_KEY_MISMATCH).",
        Values.of()
            .number("flipped_byte", flipped)
            .note("lowest bit of ciphertext byte " + flipped + ", in block 2")
            .preview("decrypted", garbled, 48)
            .note("first 16 bytes intact, the rest garbled")
            .hex("recomputed_msg_key", garbledKey.toByteArray())
            .flag("msg_key_matches", garbledKey.constantTimeEquals(msgKey)));

    // 10. The other direction.
    MsgKey serverMsgKey = MsgKey.compute(authKey, Sender.SERVER, padded);
    byte[] serverKey;
    byte[] serverIv;
    try (AesKeyIv keyIv = MessageKdf.derive(authKey, serverMsgKey, Sender.SERVER)) {
      serverKey = keyIv.key().reveal(access);
      serverIv = keyIv.iv().reveal(access);
    }
    tour.step(
        "The other direction",
        "Had the server sent this very plaintext, x = 8 would take other slices of the auth"
            + " key, giving another msg_key, aes_key and aes_iv. A message can therefore not be"
            + " bounced back to the side that sent it and still pass the msg_key check.",
        Values.of()
            .hex("msg_key", serverMsgKey.toByteArray())
            .note("x = 8")
            .secret("aes_key", serverKey)
            .secret("aes_iv", serverIv)
            .flag(
                "differs_from_client",
                !serverMsgKey.equals(msgKey)
                    && !Arrays.equals(serverKey, aesKey)
                    && !Arrays.equals(serverIv, aesIv)));

    // 11. MTProto 1.0.
    MsgKey v1MsgKey = LegacyMessageKdf.msgKey(Arrays.copyOf(padded, unpadded));
    byte[] v1Key;
    byte[] v1Iv;
    try (AesKeyIv keyIv = LegacyMessageKdf.derive(authKey, v1MsgKey, Sender.CLIENT)) {
      v1Key = keyIv.key().reveal(access);
      v1Iv = keyIv.iv().reveal(access);
    }
    tour.step(
        "MTProto 1.0, for comparison",
        "The old protocol took msg_key = SHA-1(plaintext without padding)[4:20] and built the"
            + " key and IV from four SHA-1 hashes. MTProto 2.0 moved to SHA-256, covers the"
            + " padding and mixes in more of the auth key; 1.0 survives only for binding"
            + " temporary keys.",
        Values.of()
            .hex("msg_key", v1MsgKey.toByteArray())
            .note("SHA-1 of the first " + unpadded + " bytes, padding excluded")
            .secret("aes_key", v1Key)
            .secret("aes_iv", v1Iv));

    authKey.destroy();
  }
}
