package org.mtlab.e2e;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.testing.MutableClock;

/**
 * Test fixtures: seeded randomness, a pair of chats from a real key exchange, and a raw sealer that
 * builds wire messages with any plaintext under a chat key (so that checks after msg_key can be
 * reached with chosen fields).
 */
final class Chats {
  static final long T0 = 1_700_000_000L;

  private Chats() {}

  /** A SHA1PRNG seeded with {@code seed}: the same bytes every run. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Device A and device B of one chat, after a seeded exchange with Telegram's group. */
  record Pair(SecretChat a, SecretChat b, MutableClock clock) {}

  static Pair pair(long seed) {
    try {
      MutableClock clock = new MutableClock(T0);
      ExchangeInitiator init = ExchangeInitiator.start(DhConfig.telegram(), seeded(seed));
      ExchangeResponder.Accepted acc =
          ExchangeResponder.accept(DhConfig.telegram(), init.request(), seeded(~seed));
      ChatKey keyA = init.complete(acc.reply());
      SecretChat a =
          SecretChat.create(ChatRole.ORIGINATOR, keyA, init.group(), seeded(seed + 1), clock);
      SecretChat b =
          SecretChat.create(ChatRole.RESPONDER, acc.key(), acc.group(), seeded(seed + 2), clock);
      return new Pair(a, b, clock);
    } catch (CheckFailedException e) {
      throw new AssertionError(e);
    }
  }

  /** Wire bytes of {@code padded} (length prefix, body and padding) sealed by {@code from}. */
  static byte[] sealRaw(ChatKey key, ChatRole from, byte[] padded) {
    MsgKey msgKey = MsgKey.compute(key.asAuthKey(), from.sender(), padded);
    byte[] ct;
    try (AesKeyIv keyIv = MessageKdf.derive(key.asAuthKey(), msgKey, from.sender())) {
      ct = AesIge.encrypt(keyIv.key(), keyIv.iv(), padded);
    }
    byte[] wire = new byte[24 + ct.length];
    LittleEndian.putLong(wire, 0, key.fingerprint().value());
    msgKey.value().copyTo(wire, 8);
    System.arraycopy(ct, 0, wire, 24, ct.length);
    return wire;
  }

  /** {@code body} with its int32 length and the least padding (12..27 bytes of 0x5a). */
  static byte[] padded(byte[] body) {
    return padded(body, body.length, 12 + Math.floorMod(-(4 + body.length + 12), 16));
  }

  /** {@code body} with {@code lengthField} as its length prefix and {@code padding} bytes. */
  static byte[] padded(byte[] body, int lengthField, int padding) {
    byte[] out = new byte[4 + body.length + padding];
    LittleEndian.putInt(out, 0, lengthField);
    System.arraycopy(body, 0, out, 4, body.length);
    Arrays.fill(out, 4 + body.length, out.length, (byte) 0x5a);
    return out;
  }

  /** A layer object with the given fields and a text message. */
  static byte[] layer(int layer, int in, int out, String text) {
    return new DecryptedMessageLayer(
            Bytes.fromHex("000102030405060708090a0b0c0d0e"),
            layer,
            in,
            out,
            new ChatMessage.Text(7, 0, text))
        .toByteArray();
  }

  /** A message from {@code from}'s side of {@code chatOfSender}'s key with chosen fields. */
  static byte[] forged(SecretChat chatOfSender, int layer, int in, int out, String text) {
    return sealRaw(
        chatOfSender.currentKey(), chatOfSender.role(), padded(layer(layer, in, out, text)));
  }

  /** The text of a delivered outcome's single message. */
  static String text(ChatOutcome outcome) {
    ChatOutcome.Delivered d = (ChatOutcome.Delivered) outcome;
    return ((ChatMessage.Text) d.messages().get(0)).text();
  }
}
