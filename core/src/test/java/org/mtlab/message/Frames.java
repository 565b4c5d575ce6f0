package org.mtlab.message;

import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesEngine;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * Test helpers that build frames the sealer would refuse to build: arbitrary padded plaintexts with
 * a correct msg_key (to reach the checks after the MAC), and known plaintexts under a wrong msg_key
 * (to test what happens before it).
 */
final class Frames {
  private Frames() {}

  /** A fixed epoch second for deterministic tests (2026-09-18). */
  static final long T0 = 1_790_000_000L;

  static InstantSource at(long epochSeconds) {
    return InstantSource.fixed(Instant.ofEpochSecond(epochSeconds));
  }

  /** A client msg_id at {@code seconds} with the fraction bits {@code low} (made 0 mod 4). */
  static long clientMsgId(long seconds, long low) {
    return seconds << 32 | (low & 0xffff_fffcL);
  }

  /** A server msg_id ({@code 3 mod 4}) at {@code seconds}. */
  static long serverMsgId(long seconds, long low) {
    return seconds << 32 | (low & 0xffff_fffcL) | 3;
  }

  static AuthKey randomKey(SplittableRandom r) {
    return AuthKey.copyOf(bytes(r, AuthKey.LENGTH));
  }

  static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /**
   * A padded plaintext: header with {@code lengthField} as message_data_length, then {@code data},
   * then {@code paddingLength} bytes (zeros unless {@code r} is given).
   */
  static byte[] plaintext(
      long salt,
      long session,
      long msgId,
      int seqNo,
      int lengthField,
      byte[] data,
      int paddingLength,
      SplittableRandom r) {
    byte[] p = new byte[32 + data.length + paddingLength];
    LittleEndian.putLong(p, 0, salt);
    LittleEndian.putLong(p, 8, session);
    LittleEndian.putLong(p, 16, msgId);
    LittleEndian.putInt(p, 24, seqNo);
    LittleEndian.putInt(p, 28, lengthField);
    System.arraycopy(data, 0, p, 32, data.length);
    if (r != null) {
      for (int i = 32 + data.length; i < p.length; i++) {
        p[i] = (byte) r.nextInt(256);
      }
    }
    return p;
  }

  /** auth_key_id + msg_key + IGE(padded) with the correct msg_key for {@code sender}. */
  static byte[] sealRaw(AuthKey key, Sender sender, byte[] padded) {
    byte[] frame = new byte[24 + padded.length];
    System.arraycopy(padded, 0, frame, 24, padded.length);
    new FrameCipher(key, sender, CipherDirection.ENCRYPT, null)
        .sealInPlace(frame, 0, padded.length);
    return frame;
  }

  /**
   * auth_key_id + {@code msgKey} + IGE(padded) under the key derived from {@code msgKey}: the
   * receiver decrypts exactly {@code padded} and the MAC fails (unless {@code msgKey} happens to be
   * right).
   */
  static byte[] withChosenMsgKey(AuthKey key, Sender sender, byte[] padded, byte[] msgKey) {
    byte[] frame = new byte[24 + padded.length];
    LittleEndian.putLong(frame, 0, key.id().value());
    System.arraycopy(msgKey, 0, frame, 8, 16);
    byte[] keyIv = new byte[64];
    MessageKdf.create().deriveInto(SecretAccess.explicitly(), key, sender, msgKey, 0, keyIv, 0);
    IgeCipher ige = IgeCipher.unkeyed(CipherDirection.ENCRYPT, AesEngine.JCE);
    ige.rekey(SecretAccess.explicitly(), keyIv, 0, keyIv, 32);
    ige.process(padded, 0, padded.length, frame, 24);
    return frame;
  }
}
