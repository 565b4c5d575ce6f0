package org.mtlab.transport;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesCtr;
import org.mtlab.internal.Digests;
import org.mtlab.key.Sender;

/**
 * The obfuscated2 layer (docs/protocol.md §7.2) for one side of one connection: the 64-byte init
 * and the two AES-256-CTR streams that encrypt everything after it. It sits under the framing:
 * frame first, then obfuscate.
 *
 * <p>The client draws 64 random bytes, redrawing while they start like another protocol ({@link
 * #isForbiddenStart(byte[], int)}), writes the framing's protocol tag at offset 56 and optionally
 * the DC id (signed 16-bit little-endian) at 60. Its outgoing stream is keyed by {@code init[8:40]}
 * with counter block {@code init[40:56]}, its incoming stream by the same ranges of the reversed
 * init; with an MTProxy {@link ProxySecret} each key is {@code SHA256(key + secret)}. It sends
 * {@code init[0:56]} in the clear followed by the encrypted bytes 56..63 (so the outgoing keystream
 * continues from offset 64). The server derives the same streams with the directions swapped,
 * decrypts the init, and reads the tag (which names the framing) and the DC id.
 *
 * <p>Obfuscation hides the protocol from passive filters only: anyone who sees the init can derive
 * both keys unless a proxy secret is mixed in. The AES keys are handed to the JDK's cipher and the
 * local copies zeroed; the init itself is public on the wire.
 *
 * <p>Not thread-safe: confined to the connection's thread.
 */
public final class Obfuscated2 {
  /** Length of the init a client sends first. */
  public static final int INIT_LENGTH = 64;

  /** Offset of the protocol tag in the init. */
  public static final int TAG_OFFSET = 56;

  /** Offset of the DC id in the init. */
  public static final int DC_OFFSET = 60;

  private static final int[] FORBIDDEN_FIRST_WORDS = {
    0x44414548, // "HEAD"
    0x54534f50, // "POST"
    0x20544547, // "GET "
    0x4954504f, // "OPTI"
    0x02010316, // a TLS record's first bytes
    0xdddddddd, // padded intermediate's marker
    0xeeeeeeee, // intermediate's marker
  };

  private final Sender side;
  private final Framing framing;
  private final short dcId;
  private final Bytes header;
  private final AesCtr outgoing;
  private final AesCtr incoming;

  private Obfuscated2(
      Sender side, Framing framing, short dcId, Bytes header, AesCtr outgoing, AesCtr incoming) {
    this.side = side;
    this.framing = framing;
    this.dcId = dcId;
    this.header = header;
    this.outgoing = outgoing;
    this.incoming = incoming;
  }

  /** A client's obfuscation for {@code framing}: no DC id, no proxy secret. */
  public static Obfuscated2 client(Framing framing, SecureRandom random) {
    return client(framing, OptionalInt.empty(), Optional.empty(), random);
  }

  /**
   * A client's obfuscation for {@code framing}, with a fresh init from {@code random} (redrawn
   * whole while {@link #isForbiddenStart(byte[], int)}).
   *
   * @param dcId the DC id to write at offset 60 (signed 16-bit: +10000 for test DCs, negative for
   *     media DCs), or empty to leave those bytes random
   * @param secret the MTProxy secret to mix into both keys, or empty for a direct connection
   * @throws IllegalArgumentException for {@link Framing#FULL} or a DC id outside int16
   */
  public static Obfuscated2 client(
      Framing framing, OptionalInt dcId, Optional<ProxySecret> secret, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    checkArguments(framing, dcId, secret);
    byte[] init = new byte[INIT_LENGTH];
    do {
      random.nextBytes(init);
    } while (isForbiddenStart(init, 0));
    return client(framing, init, dcId, secret);
  }

  /**
   * A client's obfuscation from a given 64-byte {@code init} (test vectors, replayable tours): the
   * tag and the DC id are written into a copy, as in {@link #client(Framing, OptionalInt, Optional,
   * SecureRandom)}.
   *
   * @throws IllegalArgumentException if {@code init} is not 64 bytes or starts with forbidden
   *     bytes, for {@link Framing#FULL}, or for a DC id outside int16
   */
  public static Obfuscated2 clientWithInit(
      Framing framing, byte[] init, OptionalInt dcId, Optional<ProxySecret> secret) {
    Objects.requireNonNull(init, "init");
    checkArguments(framing, dcId, secret);
    if (init.length != INIT_LENGTH) {
      throw new IllegalArgumentException(
          "an obfuscated2 init is " + INIT_LENGTH + " bytes, got " + init.length);
    }
    if (isForbiddenStart(init, 0)) {
      throw new IllegalArgumentException(
          "an obfuscated2 init must not start like another protocol (docs/protocol.md §7.2)");
    }
    return client(framing, init.clone(), dcId, secret);
  }

  private static void checkArguments(
      Framing framing, OptionalInt dcId, Optional<ProxySecret> secret) {
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(dcId, "dcId");
    Objects.requireNonNull(secret, "secret");
    framing.obfuscationTag(); // IAE for FULL
    if (dcId.isPresent()
        && (dcId.getAsInt() < Short.MIN_VALUE || dcId.getAsInt() > Short.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "a DC id is a signed 16-bit value, got " + dcId.getAsInt());
    }
  }

  /** Builds the client side from a fresh (owned, modifiable) init, then zeroes it. */
  private static Obfuscated2 client(
      Framing framing, byte[] init, OptionalInt dcId, Optional<ProxySecret> secret) {
    framing.obfuscationTag().copyTo(init, TAG_OFFSET);
    if (dcId.isPresent()) {
      init[DC_OFFSET] = (byte) dcId.getAsInt();
      init[DC_OFFSET + 1] = (byte) (dcId.getAsInt() >> 8);
    }
    short dc = (short) ((init[DC_OFFSET] & 0xff) | init[DC_OFFSET + 1] << 8);
    AesCtr outgoing = stream(init, false, secret);
    AesCtr incoming = stream(init, true, secret);
    byte[] encrypted = outgoing.process(init); // keystream bytes 0..63
    byte[] header = Arrays.copyOf(init, INIT_LENGTH);
    System.arraycopy(encrypted, TAG_OFFSET, header, TAG_OFFSET, INIT_LENGTH - TAG_OFFSET);
    Arrays.fill(init, (byte) 0);
    return new Obfuscated2(Sender.CLIENT, framing, dc, Bytes.copyOf(header), outgoing, incoming);
  }

  /**
   * The server's side, from the 64-byte init a client sent at {@code header[off, off + 64)}:
   * derives both streams, decrypts the init and reads the protocol tag and the DC id.
   *
   * @param secret the MTProxy secret the client mixed in, or empty
   * @throws CheckFailedException {@code OBFUSCATED2_INIT_FORBIDDEN} if the init starts with bytes
   *     no client may send; {@code OBFUSCATED2_TAG_UNKNOWN} if the decrypted tag names no framing
   *     (a wrong secret shows up here too)
   */
  public static Obfuscated2 server(byte[] header, int off, Optional<ProxySecret> secret)
      throws CheckFailedException {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(secret, "secret");
    Objects.checkFromIndexSize(off, INIT_LENGTH, header.length);
    if (isForbiddenStart(header, off)) {
      throw new CheckFailedException(CheckReason.OBFUSCATED2_INIT_FORBIDDEN);
    }
    byte[] init = Arrays.copyOfRange(header, off, off + INIT_LENGTH);
    // the client's outgoing stream is the server's incoming one, and the reverse
    AesCtr incoming = stream(init, false, secret);
    AesCtr outgoing = stream(init, true, secret);
    byte[] plain = incoming.process(init); // keystream bytes 0..63, as the client used them
    Framing framing = Framing.forTag(FrameDecoder.intLe(plain, TAG_OFFSET));
    short dc = (short) ((plain[DC_OFFSET] & 0xff) | plain[DC_OFFSET + 1] << 8);
    Arrays.fill(plain, (byte) 0);
    if (framing == null) {
      throw new CheckFailedException(CheckReason.OBFUSCATED2_TAG_UNKNOWN);
    }
    return new Obfuscated2(Sender.SERVER, framing, dc, Bytes.copyOf(init), outgoing, incoming);
  }

  /**
   * True when the 8 bytes at {@code init[off]} could be mistaken for another protocol, so a client
   * must not start with them (docs/protocol.md §7.2 step 1): a first byte {@code ef} (abridged), a
   * first little-endian word of "HEAD", "POST", "GET ", "OPTI", a TLS record start ({@code
   * 0x02010316}), {@code 0xdddddddd} or {@code 0xeeeeeeee}, or bytes 4..7 all zero (a
   * full-transport frame's seq_no 0).
   */
  public static boolean isForbiddenStart(byte[] init, int off) {
    Objects.requireNonNull(init, "init");
    Objects.checkFromIndexSize(off, 8, init.length);
    if (init[off] == (byte) 0xef) {
      return true;
    }
    return isForbiddenFirstWord(FrameDecoder.intLe(init, off))
        || FrameDecoder.intLe(init, off + 4) == 0;
  }

  /** True for the little-endian first words of {@link #isForbiddenStart(byte[], int)}. */
  static boolean isForbiddenFirstWord(int first) {
    for (int word : FORBIDDEN_FIRST_WORDS) {
      if (first == word) {
        return true;
      }
    }
    return false;
  }

  /**
   * One stream from {@code init}: key {@code src[8:40]}, counter block {@code src[40:56]}, where
   * {@code src} is the init, or the init reversed when {@code reversed}.
   */
  private static AesCtr stream(byte[] init, boolean reversed, Optional<ProxySecret> secret) {
    byte[][] keyIv = keyAndIv(init, reversed, secret);
    Aes256Key key = Aes256Key.copyOf(keyIv[0]);
    try {
      return AesCtr.create(key, keyIv[1]);
    } finally {
      key.destroy();
      Arrays.fill(keyIv[0], (byte) 0);
    }
  }

  /** {key, iv} of one direction; package-private so the vector tests can check them. */
  static byte[][] keyAndIv(byte[] init, boolean reversed, Optional<ProxySecret> secret) {
    byte[] src = init;
    if (reversed) {
      src = new byte[INIT_LENGTH];
      for (int i = 0; i < INIT_LENGTH; i++) {
        src[i] = init[INIT_LENGTH - 1 - i];
      }
    }
    byte[] key = Arrays.copyOfRange(src, 8, 40);
    byte[] iv = Arrays.copyOfRange(src, 40, 56);
    if (reversed) {
      Arrays.fill(src, (byte) 0);
    }
    if (secret.isPresent()) {
      MessageDigest sha256 = Digests.sha256();
      sha256.update(key);
      sha256.update(secret.get().array());
      Arrays.fill(key, (byte) 0);
      key = sha256.digest();
    }
    return new byte[][] {key, iv};
  }

  /** Which side of the connection this is. */
  public Sender side() {
    return side;
  }

  /** The framing named by the init's protocol tag. */
  public Framing framing() {
    return framing;
  }

  /**
   * The DC id: the signed 16-bit little-endian value at offset 60 of the decrypted init (for a
   * client that gave none, whatever random bytes are there).
   */
  public short dcId() {
    return dcId;
  }

  /**
   * The 64-byte init as it travels: for a client, the bytes to send before anything else ({@code
   * init[0:56]} in the clear, then the encrypted tag and DC id); for a server, the bytes it
   * received.
   */
  public Bytes header() {
    return header;
  }

  /**
   * Encrypts {@code length} outgoing bytes (the framed stream) from {@code in} into {@code out}; in
   * place ({@code in == out}, same offset) is allowed. Returns the count.
   */
  public int encrypt(byte[] in, int inOff, int length, byte[] out, int outOff) {
    return outgoing.process(in, inOff, length, out, outOff);
  }

  /** Encrypts all remaining bytes of {@code in} into {@code out} (distinct buffers). */
  public int encrypt(ByteBuffer in, ByteBuffer out) {
    return outgoing.process(in, out);
  }

  /** Decrypts {@code length} incoming bytes; in place is allowed. Returns the count. */
  public int decrypt(byte[] in, int inOff, int length, byte[] out, int outOff) {
    return incoming.process(in, inOff, length, out, outOff);
  }

  /** Decrypts all remaining bytes of {@code in} into {@code out} (distinct buffers). */
  public int decrypt(ByteBuffer in, ByteBuffer out) {
    return incoming.process(in, out);
  }

  @Override
  public String toString() {
    return "Obfuscated2[" + side + ", " + framing + ", dc=" + dcId + ", keys redacted]";
  }
}
