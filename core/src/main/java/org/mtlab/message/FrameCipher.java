package org.mtlab.message;

import java.security.MessageDigest;
import java.util.Arrays;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesEngine;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;

/**
 * The cryptographic core shared by {@link MessageSealer} and {@link MessageOpener}: msg_key, the
 * key derivation and AES-256-IGE, on caller buffers, with reused scratch space.
 *
 * <pre>
 *   msg_key = SHA256(auth_key[88+x : 120+x] + plaintext + padding)[8:24]
 *   aes_key, aes_iv = KDF(auth_key, msg_key, x)
 *   frame   = auth_key_id + msg_key + AES-256-IGE(aes_key, aes_iv, plaintext + padding)
 * </pre>
 *
 * <p>The per-message key and IV live in one 64-byte scratch array that is zeroed right after the
 * cipher is rekeyed (the JDK cipher keeps its own key schedule, which cannot be wiped).
 * Package-private. Not thread-safe: one per sealer or opener.
 */
final class FrameCipher {
  /** Computes msg_key; a seam so tests can count the bytes hashed (docs/security.md A7). */
  @FunctionalInterface
  interface MsgKeyFunction {
    void msgKeyInto(
        AuthKey key, Sender sender, byte[] padded, int off, int len, byte[] out, int outOff);
  }

  /** The per-message key and IV cross from the KDF to the cipher as raw bytes, and only here. */
  private static final SecretAccess ACCESS = SecretAccess.explicitly();

  private final AuthKey key;
  private final Sender sender;
  private final long authKeyId;
  private final MessageKdf kdf = MessageKdf.create();
  private final MsgKeyFunction msgKeyFunction;
  private final IgeCipher ige;

  /** aes_key and aes_iv of the current message; zero outside sealInPlace/decryptAndVerify. */
  final byte[] keyIv = new byte[MessageKdf.KEY_IV_LENGTH];

  private final byte[] computedMsgKey = new byte[MsgKey.LENGTH];
  private final byte[] receivedMsgKey = new byte[MsgKey.LENGTH];

  FrameCipher(AuthKey key, Sender sender, CipherDirection direction, MsgKeyFunction msgKey) {
    this.key = key;
    this.sender = sender;
    this.authKeyId = key.id().value();
    this.msgKeyFunction = msgKey != null ? msgKey : kdf::msgKeyInto;
    this.ige = IgeCipher.unkeyed(direction, AesEngine.JCE);
  }

  long authKeyId() {
    return authKeyId;
  }

  /**
   * Seals in place: {@code buf[off + 24, off + 24 + n)} holds the padded plaintext. Writes
   * auth_key_id at {@code off}, msg_key at {@code off + 8}, and replaces the plaintext with its
   * encryption.
   */
  void sealInPlace(byte[] buf, int off, int n) {
    int body = off + EncryptedFrame.HEADER_LENGTH;
    LittleEndian.putLong(buf, off, authKeyId);
    msgKeyFunction.msgKeyInto(key, sender, buf, body, n, buf, off + 8);
    kdf.deriveInto(ACCESS, key, sender, buf, off + 8, keyIv, 0);
    ige.rekey(ACCESS, keyIv, 0, keyIv, 32);
    Arrays.fill(keyIv, (byte) 0);
    ige.process(buf, body, n, buf, body);
  }

  /**
   * Decrypts the whole encrypted part {@code frame[off + 24, off + 24 + n)} into {@code out[0, n)},
   * recomputes msg_key over {@code auth_key slice + out[0, n)} (always all {@code n} bytes,
   * whatever they contain), and compares it with the received one in constant time. On a mismatch
   * {@code out[0, n)} is zeroed. Nothing of the plaintext is read here.
   *
   * @return true when the msg_key matches
   */
  boolean decryptAndVerify(byte[] frame, int off, int n, byte[] out) {
    System.arraycopy(frame, off + 8, receivedMsgKey, 0, MsgKey.LENGTH);
    kdf.deriveInto(ACCESS, key, sender, receivedMsgKey, 0, keyIv, 0);
    ige.rekey(ACCESS, keyIv, 0, keyIv, 32);
    Arrays.fill(keyIv, (byte) 0);
    ige.process(frame, off + EncryptedFrame.HEADER_LENGTH, n, out, 0);
    msgKeyFunction.msgKeyInto(key, sender, out, 0, n, computedMsgKey, 0);
    boolean ok = MessageDigest.isEqual(computedMsgKey, receivedMsgKey);
    if (!ok) {
      Arrays.fill(out, 0, n, (byte) 0);
    }
    return ok;
  }
}
