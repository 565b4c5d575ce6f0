package org.mtlab.handshake;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Digests;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
import org.mtlab.tl.TlReader;

/**
 * The server's compatibility path for legacy clients, used only when {@link
 * ServerHandshake.Builder#acceptLegacyClients(boolean)} is on (docs/protocol.md §5): the legacy
 * {@code p_q_inner_data}, which names no DC, and the encryption of the inner data before RSA_PAD.
 *
 * <pre>
 *   old encryption (client):
 *     data_with_hash = SHA1(data) + data + random padding, exactly 255 bytes   (data &lt;= 235)
 *     encrypted_data = data_with_hash^e mod n, as 256 big-endian bytes
 *   server:
 *     check len(encrypted_data) = 256 and encrypted_data &lt; n
 *     m = encrypted_data^d mod n (256 bytes); check m[0] = 0
 *     parse one inner data object from m[21:256]; its bytes are data
 *     check m[1:21] = SHA1(data)                                            (constant time)
 * </pre>
 *
 * <p><b>What is weaker, and what RSA_PAD fixed.</b> The old scheme is raw (textbook) RSA over a
 * SHA-1 and the data: it is malleable and has no chosen-ciphertext (CCA) security, and the server
 * must parse the data before it can check the hash, because the hash covers only the data and its
 * length is known only from the parse. RSA_PAD wraps the data in AES-IGE under a one-time key and
 * verifies a SHA-256 over all of it before any parse. The legacy inner data names no DC, so a key
 * created for one DC could be replayed to another; on this path the DC is the server's own (the
 * connection's), never one the client chose.
 *
 * <p>Every failure of the old scheme (length, range, leading byte, parse, SHA-1) is the same {@link
 * CheckReason#RSA_PAD_INVALID} as RSA_PAD's, with no cause. When RSA_PAD fails, the old scheme is
 * tried with a second private-key operation, so a connection to a server with the option on buys at
 * most two RSA decryptions.
 *
 * <p>Stateless and thread-safe.
 */
final class LegacyClients {
  /** Length of data_with_hash in the old encryption. */
  static final int OLD_PADDED_LENGTH = 255;

  /** Longest data the old encryption holds. */
  static final int OLD_MAX_DATA_LENGTH = OLD_PADDED_LENGTH - 20;

  private static final int SHA1_LENGTH = 20;

  private LegacyClients() {}

  /**
   * The inner data of req_DH_params under either encryption: RSA_PAD first, then, if its check
   * fails, the old scheme.
   *
   * @throws CheckFailedException RSA_PAD_INVALID when neither decodes; after RSA_PAD's check
   *     succeeds, what the parse throws
   */
  static InnerData decrypt(byte[] encryptedData, ServerRsaKeyPair keyPair, SecureRandom random)
      throws CheckFailedException {
    try {
      return RsaPad.decryptAndParse(
          SecretAccess.explicitly(),
          encryptedData,
          keyPair,
          random,
          (access, d) -> HandshakeMessage.read(new TlReader(d), InnerData.class));
    } catch (CheckFailedException e) {
      if (e.reason() != CheckReason.RSA_PAD_INVALID) {
        throw e;
      }
    }
    return decryptOld(encryptedData, keyPair, random);
  }

  /**
   * The server's side of the old encryption (see the class comment).
   *
   * @throws CheckFailedException RSA_PAD_INVALID, identical for every failure
   */
  static InnerData decryptOld(byte[] encryptedData, ServerRsaKeyPair keyPair, SecureRandom random)
      throws CheckFailedException {
    Objects.requireNonNull(encryptedData, "encryptedData");
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(random, "random");
    if (encryptedData.length != ServerRsaKey.BYTES) {
      throw invalid();
    }
    BigInteger c = new BigInteger(1, encryptedData);
    if (c.compareTo(keyPair.publicKey().modulus()) >= 0) {
      throw invalid();
    }
    byte[] m = keyPair.decryptRaw(c, random);
    try {
      InnerData inner;
      int dataLength;
      try {
        TlReader r = new TlReader(m, 1 + SHA1_LENGTH, OLD_PADDED_LENGTH - SHA1_LENGTH);
        inner = HandshakeMessage.read(r, InnerData.class);
        dataLength = r.position() - 1 - SHA1_LENGTH;
      } catch (CheckFailedException | IllegalArgumentException e) {
        throw invalid();
      }
      MessageDigest sha1 = Digests.sha1();
      sha1.update(m, 1 + SHA1_LENGTH, dataLength);
      byte[] expected = sha1.digest();
      byte[] received = Arrays.copyOfRange(m, 1, 1 + SHA1_LENGTH);
      boolean ok = MessageDigest.isEqual(expected, received) && m[0] == 0;
      if (!ok) {
        inner.newNonce().destroy();
        throw invalid();
      }
      return inner;
    } finally {
      Arrays.fill(m, (byte) 0);
    }
  }

  /**
   * The client's side of the old encryption, for tests and demonstrations of the legacy path.
   *
   * @return encrypted_data, exactly 256 bytes
   * @throws IllegalArgumentException if {@code data} is longer than 235 bytes
   */
  static byte[] encryptOld(byte[] data, ServerRsaKey key, SecureRandom random) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(random, "random");
    if (data.length > OLD_MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "old RSA data must be at most " + OLD_MAX_DATA_LENGTH + " bytes, got " + data.length);
    }
    byte[] value = new byte[ServerRsaKey.BYTES];
    System.arraycopy(Digests.sha1(data), 0, value, 1, SHA1_LENGTH);
    System.arraycopy(data, 0, value, 1 + SHA1_LENGTH, data.length);
    byte[] padding = new byte[OLD_PADDED_LENGTH - SHA1_LENGTH - data.length];
    random.nextBytes(padding);
    System.arraycopy(padding, 0, value, 1 + SHA1_LENGTH + data.length, padding.length);
    byte[] encrypted = key.encryptRaw(value);
    Arrays.fill(value, (byte) 0);
    return encrypted;
  }

  /**
   * The checks of the legacy p_q_inner_data: pq, p and q as this server chose them (canonical
   * encodings), and both nonces. It names no DC and no lifetime: the key is permanent and the DC is
   * the server's own.
   *
   * @throws CheckFailedException PQ_MISMATCH or NONCE_MISMATCH
   */
  static void checkInnerData(
      PqInnerData inner, Bytes pq, PqFactors factors, byte[] nonce, byte[] serverNonce)
      throws CheckFailedException {
    if (!inner.pq().equals(pq)
        || !inner.p().equals(factors.pBytes())
        || !inner.q().equals(factors.qBytes())) {
      throw new CheckFailedException(CheckReason.PQ_MISMATCH);
    }
    Nonces.require(nonce, serverNonce, inner.nonce(), inner.serverNonce());
  }

  private static CheckFailedException invalid() {
    return new CheckFailedException(CheckReason.RSA_PAD_INVALID);
  }
}
