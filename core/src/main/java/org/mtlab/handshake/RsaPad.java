package org.mtlab.handshake;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesIge;
import org.mtlab.crypto.IgeIv;
import org.mtlab.internal.Digests;

/**
 * RSA_PAD, the encryption of the client's inner data in req_DH_params (docs/protocol.md section
 * 5.5), and the server's decode-then-verify.
 *
 * <pre>
 *   data_with_padding = data + random bytes, up to exactly 192 bytes       (data &lt;= 144 bytes)
 *   data_pad_reversed = data_with_padding reversed byte for byte
 *   loop:
 *     temp_key          = 32 random bytes
 *     data_with_hash    = data_pad_reversed + SHA256(temp_key + data_with_padding)   (224 bytes)
 *     aes_encrypted     = AES-256-IGE(data_with_hash, key = temp_key, iv = 32 zero bytes)
 *     temp_key_xor      = temp_key xor SHA256(aes_encrypted)
 *     key_aes_encrypted = temp_key_xor + aes_encrypted                                 (256 bytes)
 *     if key_aes_encrypted, as a big-endian unsigned integer, is &gt;= n: repeat with a new temp_key
 *   encrypted_data = key_aes_encrypted^e mod n, as exactly 256 big-endian bytes
 * </pre>
 *
 * <p>The server reverses every step and checks the SHA-256, in constant time, before anything
 * parses the data. Every failure (a ciphertext that is not 256 bytes, one not below n, a hash
 * mismatch) is the same {@link CheckReason#RSA_PAD_INVALID} exception: same type, reason and
 * message, no cause (attacks A9 and A10 of docs/security.md).
 *
 * <p>Random bytes are drawn from the caller's {@link SecureRandom} in this order: the padding, then
 * one temp_key per attempt. Stateless and thread-safe.
 */
public final class RsaPad {
  /** Longest data RSA_PAD accepts. */
  public static final int MAX_DATA_LENGTH = 144;

  /** Length of data_with_padding. */
  public static final int PADDED_LENGTH = 192;

  /** Length of temp_key. */
  public static final int TEMP_KEY_LENGTH = 32;

  /** Attempts before giving up on drawing a temp_key that gives a value below n. */
  static final int MAX_ATTEMPTS = 64;

  private static final int HASHED_LENGTH = PADDED_LENGTH + 32;

  private RsaPad() {}

  /**
   * What the server's parse step makes of the verified data_with_padding. The data carries
   * new_nonce (a secret), so the parser gets it with the {@link SecretAccess} token its caller
   * passed to {@link #decryptAndParse}; it must not keep the array (RSA_PAD zeroes it after).
   */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * Parses the verified 192 bytes of data_with_padding (data followed by padding).
     *
     * @throws CheckFailedException when the data is not what the caller expects
     */
    T parse(SecretAccess access, byte[] dataWithPadding) throws CheckFailedException;
  }

  /**
   * The client's RSA_PAD: encrypts {@code data} for {@code key}. {@code data} is secret (the inner
   * data carries new_nonce), hence the token.
   *
   * @return encrypted_data, exactly 256 bytes
   * @throws IllegalArgumentException if {@code data} is longer than 144 bytes
   */
  public static byte[] encrypt(
      SecretAccess access, byte[] data, ServerRsaKey key, SecureRandom random) {
    Objects.requireNonNull(access, "access");
    Encoded e = encode(data, key, random);
    e.wipe();
    return e.encryptedData();
  }

  /** The encryption with its intermediate values, for the handshake's trace. */
  static Encoded encode(byte[] data, ServerRsaKey key, SecureRandom random) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(random, "random");
    if (data.length > MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "RSA_PAD data must be at most " + MAX_DATA_LENGTH + " bytes, got " + data.length);
    }
    byte[] dataWithPadding = Arrays.copyOf(data, PADDED_LENGTH);
    byte[] padding = new byte[PADDED_LENGTH - data.length];
    random.nextBytes(padding);
    System.arraycopy(padding, 0, dataWithPadding, data.length, padding.length);
    byte[] dataWithHash = new byte[HASHED_LENGTH];
    for (int i = 0; i < PADDED_LENGTH; i++) {
      dataWithHash[i] = dataWithPadding[PADDED_LENGTH - 1 - i];
    }
    MessageDigest sha256 = Digests.sha256();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      byte[] tempKey = new byte[TEMP_KEY_LENGTH];
      random.nextBytes(tempKey);
      sha256.update(tempKey);
      sha256.update(dataWithPadding);
      byte[] hash = sha256.digest();
      System.arraycopy(hash, 0, dataWithHash, PADDED_LENGTH, 32);
      Aes256Key aesKey = Aes256Key.copyOf(tempKey);
      IgeIv zeroIv = IgeIv.zero();
      byte[] aesEncrypted = AesIge.encrypt(aesKey, zeroIv, dataWithHash);
      aesKey.destroy();
      byte[] keyAesEncrypted = new byte[ServerRsaKey.BYTES];
      byte[] mask = sha256.digest(aesEncrypted);
      for (int i = 0; i < TEMP_KEY_LENGTH; i++) {
        keyAesEncrypted[i] = (byte) (tempKey[i] ^ mask[i]);
      }
      System.arraycopy(aesEncrypted, 0, keyAesEncrypted, TEMP_KEY_LENGTH, aesEncrypted.length);
      if (key.isBelowModulus(keyAesEncrypted)) {
        byte[] encrypted = key.encryptRaw(keyAesEncrypted);
        Arrays.fill(dataWithHash, (byte) 0);
        return new Encoded(dataWithPadding, tempKey, attempt, keyAesEncrypted, encrypted);
      }
      Arrays.fill(tempKey, (byte) 0);
    }
    // Each attempt is below n with probability n / 2^2048 > 1/2 for a 2048-bit n.
    throw new IllegalStateException(
        "RSA_PAD found no value below the modulus in "
            + MAX_ATTEMPTS
            + " attempts: is the random"
            + " source broken?");
  }

  /**
   * The server's side: decrypts and verifies {@code encryptedData}, returning the 192 bytes of
   * data_with_padding (secret, hence the token).
   *
   * @param random the source of the RSA blinding factor (see {@link ServerRsaKeyPair})
   * @throws CheckFailedException RSA_PAD_INVALID, identical for every failure
   */
  public static byte[] decrypt(
      SecretAccess access, byte[] encryptedData, ServerRsaKeyPair keyPair, SecureRandom random)
      throws CheckFailedException {
    return decryptAndParse(access, encryptedData, keyPair, random, (a, d) -> d.clone());
  }

  /**
   * The server's side: decrypts, verifies the SHA-256 in constant time, and only then hands
   * data_with_padding to {@code parser}.
   *
   * <pre>
   *   check len(encrypted_data) = 256 and encrypted_data &lt; n
   *   key_aes_encrypted = encrypted_data^d mod n                      (256 bytes)
   *   temp_key          = key_aes_encrypted[0:32] xor SHA256(key_aes_encrypted[32:256])
   *   data_with_hash    = AES-256-IGE-decrypt(key_aes_encrypted[32:256], temp_key, zero iv)
   *   data_with_padding = reverse(data_with_hash[0:192])
   *   check data_with_hash[192:224] = SHA256(temp_key + data_with_padding)   (constant time)
   * </pre>
   *
   * @param access handed on to {@code parser}, which sees the secret plaintext
   * @param random the source of the RSA blinding factor (see {@link ServerRsaKeyPair})
   * @throws CheckFailedException RSA_PAD_INVALID, identical for every failure before the parser
   *     runs; whatever {@code parser} throws after a successful check
   */
  public static <T> T decryptAndParse(
      SecretAccess access,
      byte[] encryptedData,
      ServerRsaKeyPair keyPair,
      SecureRandom random,
      Parser<T> parser)
      throws CheckFailedException {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(encryptedData, "encryptedData");
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(parser, "parser");
    if (encryptedData.length != ServerRsaKey.BYTES) {
      throw invalid();
    }
    BigInteger c = new BigInteger(1, encryptedData);
    if (c.compareTo(keyPair.publicKey().modulus()) >= 0) {
      throw invalid();
    }
    byte[] keyAesEncrypted = keyPair.decryptRaw(c, random);
    MessageDigest sha256 = Digests.sha256();
    sha256.update(keyAesEncrypted, TEMP_KEY_LENGTH, HASHED_LENGTH);
    byte[] tempKey = sha256.digest();
    for (int i = 0; i < TEMP_KEY_LENGTH; i++) {
      tempKey[i] ^= keyAesEncrypted[i];
    }
    byte[] aesEncrypted = Arrays.copyOfRange(keyAesEncrypted, TEMP_KEY_LENGTH, ServerRsaKey.BYTES);
    Aes256Key aesKey = Aes256Key.copyOf(tempKey);
    byte[] dataWithHash = AesIge.decrypt(aesKey, IgeIv.zero(), aesEncrypted);
    aesKey.destroy();
    byte[] dataWithPadding = new byte[PADDED_LENGTH];
    for (int i = 0; i < PADDED_LENGTH; i++) {
      dataWithPadding[i] = dataWithHash[PADDED_LENGTH - 1 - i];
    }
    sha256.update(tempKey);
    sha256.update(dataWithPadding);
    byte[] expected = sha256.digest();
    byte[] received = Arrays.copyOfRange(dataWithHash, PADDED_LENGTH, HASHED_LENGTH);
    boolean ok = MessageDigest.isEqual(expected, received);
    Arrays.fill(tempKey, (byte) 0);
    Arrays.fill(keyAesEncrypted, (byte) 0);
    Arrays.fill(dataWithHash, (byte) 0);
    if (!ok) {
      Arrays.fill(dataWithPadding, (byte) 0);
      throw invalid();
    }
    try {
      return parser.parse(access, dataWithPadding);
    } finally {
      Arrays.fill(dataWithPadding, (byte) 0);
    }
  }

  private static CheckFailedException invalid() {
    return new CheckFailedException(CheckReason.RSA_PAD_INVALID);
  }

  /** One RSA_PAD encryption with its intermediate values (secret: for the trace only). */
  static final class Encoded {
    final byte[] dataWithPadding;
    final byte[] tempKey;

    /** The number of temp_keys rejected before this one (0 usually). */
    final int attempt;

    final byte[] keyAesEncrypted;
    final byte[] encryptedData;

    Encoded(
        byte[] dataWithPadding,
        byte[] tempKey,
        int attempt,
        byte[] keyAesEncrypted,
        byte[] encryptedData) {
      this.dataWithPadding = dataWithPadding;
      this.tempKey = tempKey;
      this.attempt = attempt;
      this.keyAesEncrypted = keyAesEncrypted;
      this.encryptedData = encryptedData;
    }

    byte[] encryptedData() {
      return encryptedData.clone();
    }

    /** Zeroes the secret intermediate values. */
    void wipe() {
      Arrays.fill(dataWithPadding, (byte) 0);
      Arrays.fill(tempKey, (byte) 0);
      Arrays.fill(keyAesEncrypted, (byte) 0);
    }

    /** Never shows the values. */
    @Override
    public String toString() {
      return "RsaPad.Encoded[attempt=" + attempt + ", redacted]";
    }
  }
}
