package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;
import static org.mtlab.message.Frames.serverMsgId;

import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesEngine;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Vectors;
import org.mtlab.wire.SessionId;

/**
 * The receiver up to and including the MAC: public framing (B19-B24), tampering (B25-B31, A1, A2,
 * A3, A8) and the structural timing rules of A7.
 */
class MessageOpenerPreMacTest {
  private static final long SEED = 0x0BE4L;
  private final SplittableRandom rnd = new SplittableRandom(SEED);
  private final AuthKey key = Frames.randomKey(rnd);

  private byte[] goodFrame(Sender sender, int dataLength) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(dataLength);
    long id = sender == Sender.CLIENT ? clientMsgId(T0, 0x4000) : serverMsgId(T0, 0x4000);
    InnerMessage m = InnerMessage.of(11, 22, id, 1, Frames.bytes(rnd, dataLength));
    return new MessageSealer(key, sender, random, PaddingPolicy.minimal()).seal(m);
  }

  private static CheckReason reason(MessageOpener opener, byte[] frame) {
    return CountingMsgKey.reasonOf(opener, frame);
  }

  private MessageOpener clientOpener() {
    return MessageOpener.stateless(key, Sender.CLIENT);
  }

  // --- B19-B23: public framing -----------------------------------------------------------

  @Test
  void open_emptyFrame_frameMalformed() {
    assertThat(reason(clientOpener(), new byte[0])).isEqualTo(CheckReason.FRAME_MALFORMED);
  }

  @Test
  void open_frameShorterThan24Bytes_frameMalformed() throws Exception {
    byte[] good = goodFrame(Sender.CLIENT, 20);
    for (int len = 1; len < 24; len++) {
      assertThat(reason(clientOpener(), Arrays.copyOf(good, len)))
          .as("%d bytes", len)
          .isEqualTo(CheckReason.FRAME_MALFORMED);
    }
  }

  @Test
  void open_encryptedPartNotAMultipleOf16_frameMalformed() throws Exception {
    byte[] good = goodFrame(Sender.CLIENT, 20); // 24 + 64
    for (int delta : new int[] {-15, -8, -1, 1, 4, 15}) {
      MessageOpener opener = clientOpener();
      assertThat(reason(opener, Arrays.copyOf(good, good.length + delta)))
          .isEqualTo(CheckReason.FRAME_MALFORMED);
      assertThat(opener.framesDecrypted).isZero();
    }
  }

  @ParameterizedTest(name = "encrypted part of {0} bytes")
  @ValueSource(ints = {0, 16, 32})
  void open_encryptedPartTooShortForHeaderAndPadding_frameMalformed(int n) throws Exception {
    byte[] frame = Arrays.copyOf(goodFrame(Sender.CLIENT, 20), 24 + n);
    MessageOpener opener = clientOpener();
    assertThat(reason(opener, frame)).isEqualTo(CheckReason.FRAME_MALFORMED);
    assertThat(opener.framesDecrypted).isZero();
  }

  @Test
  void open_frameOverTheConfiguredMaximum_rejectedBeforeDecrypting() throws Exception {
    SessionPolicy small = SessionPolicy.standard().withMaxMessageDataLength(64);
    assertThat(small.maxEncryptedLength()).isEqualTo((32 + 64 + 1024) & ~15);
    MessageOpener opener = new MessageOpener(key, Sender.CLIENT, new SessionId(22), small);
    byte[] over = new byte[24 + small.maxEncryptedLength() + 16];
    System.arraycopy(key.id().toWire(), 0, over, 0, 8);
    assertThat(reason(opener, over)).isEqualTo(CheckReason.FRAME_MALFORMED);
    assertThat(opener.framesDecrypted).isZero();
    // One block less is inside the limit: it gets decrypted (and fails the MAC).
    byte[] max = Arrays.copyOf(over, over.length - 16);
    assertThat(reason(opener, max)).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    assertThat(opener.framesDecrypted).isOne();
  }

  @Test
  void open_frameOverTheDefaultMaximumOf2pow24Plus1056_frameMalformed() {
    assertThat(SessionPolicy.standard().maxEncryptedLength()).isEqualTo((1 << 24) + 1056);
    assertThat(EncryptedFrame.MAX_ENCRYPTED_LENGTH).isEqualTo((1 << 24) + 1056);
    byte[] over = new byte[24 + (1 << 24) + 1056 + 16];
    System.arraycopy(key.id().toWire(), 0, over, 0, 8);
    MessageOpener opener = clientOpener();
    assertThat(reason(opener, over)).isEqualTo(CheckReason.FRAME_MALFORMED);
    assertThat(opener.framesDecrypted).isZero();
  }

  // --- B24 -------------------------------------------------------------------------------

  @Test
  void open_authKeyIdBitFlipped_authKeyIdMismatch_withoutDecrypting() throws Exception {
    byte[] good = goodFrame(Sender.CLIENT, 20);
    for (int bit = 0; bit < 64; bit++) {
      byte[] f = good.clone();
      f[bit / 8] ^= (byte) (1 << (bit % 8));
      MessageOpener opener = clientOpener();
      assertThat(reason(opener, f)).as("bit %d", bit).isEqualTo(CheckReason.AUTH_KEY_ID_MISMATCH);
      assertThat(opener.framesDecrypted).isZero();
    }
    AuthKey other = Frames.randomKey(rnd);
    assertThat(reason(MessageOpener.stateless(other, Sender.CLIENT), good))
        .isEqualTo(CheckReason.AUTH_KEY_ID_MISMATCH);
  }

  // --- B25-B27: Tink-style mutation sweeps -----------------------------------------------

  @Test
  void open_everyMsgKeyBitFlip_msgKeyMismatch() throws Exception {
    byte[] good = goodFrame(Sender.CLIENT, 20);
    CountingMsgKey counter = new CountingMsgKey();
    MessageOpener opener = counter.opener(key, Sender.CLIENT);
    assertThat(reason(opener, good)).isNull();
    for (int bit = 0; bit < 128; bit++) {
      byte[] f = good.clone();
      f[8 + bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(reason(opener, f)).as("bit %d", bit).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
      assertThat(counter.lastBytes).isEqualTo(32 + good.length - 24);
    }
  }

  @Test
  void open_everyCiphertextBitFlip_msgKeyMismatch() throws Exception {
    for (Sender sender : Sender.values()) {
      byte[] good = goodFrame(sender, 100); // 144 encrypted bytes: 1152 flips
      MessageOpener opener = MessageOpener.stateless(key, sender);
      for (int bit = 24 * 8; bit < good.length * 8; bit++) {
        byte[] f = good.clone();
        f[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(reason(opener, f))
            .as("%s bit %d", sender, bit)
            .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
      }
      assertThat(reason(opener, good)).isNull();
    }
  }

  @Test
  void open_everyTruncationAndOneAppendedByte_rejected() throws Exception {
    byte[] good = goodFrame(Sender.CLIENT, 100);
    MessageOpener opener = clientOpener();
    for (int len = 0; len < good.length; len++) {
      int n = len - 24;
      CheckReason expected =
          n >= 48 && n % 16 == 0 ? CheckReason.MSG_KEY_MISMATCH : CheckReason.FRAME_MALFORMED;
      assertThat(reason(opener, Arrays.copyOf(good, len))).as("%d bytes", len).isEqualTo(expected);
    }
    assertThat(reason(opener, Arrays.copyOf(good, good.length + 1)))
        .isEqualTo(CheckReason.FRAME_MALFORMED);
    assertThat(reason(opener, Arrays.copyOf(good, good.length + 16)))
        .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
  }

  // --- B28 / A1 and B29 / A2 -------------------------------------------------------------

  static Stream<Arguments> vectorFrames() {
    List<Arguments> out = new ArrayList<>();
    for (JsonObject c : Vectors.generated("mtproto2_frames.json", "good")) {
      out.add(
          Arguments.of(
              Vectors.str(c, "sender") + " " + Vectors.hex(c, "frame").length,
              AuthKey.fromHex(Vectors.str(c, "auth_key")),
              Sender.parse(Vectors.str(c, "sender")),
              Vectors.hex(c, "frame")));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFrames")
  void open_rejectsAppendedBlocks(String name, AuthKey k, Sender sender, byte[] good) {
    MessageOpener opener = MessageOpener.stateless(k, sender);
    assertThat(reason(opener, good)).isNull();
    SplittableRandom r = new SplittableRandom(good.length);
    for (int blocks : new int[] {1, 2, 63}) {
      byte[] f = Arrays.copyOf(good, good.length + 16 * blocks);
      byte[] extra = Frames.bytes(r, 16 * blocks);
      System.arraycopy(extra, 0, f, good.length, extra.length);
      assertThat(reason(opener, f))
          .as("%d appended blocks", blocks)
          .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFrames")
  void open_rejectsReplacedLastBlock(String name, AuthKey k, Sender sender, byte[] good) {
    MessageOpener opener = MessageOpener.stateless(k, sender);
    SplittableRandom r = new SplittableRandom(SEED + good.length);
    for (int trial = 0; trial < 1000; trial++) {
      byte[] f = good.clone();
      byte[] block = Frames.bytes(r, 16);
      System.arraycopy(block, 0, f, f.length - 16, 16);
      if (Arrays.equals(f, good)) {
        continue;
      }
      assertThat(reason(opener, f))
          .as("seed %d trial %d", SEED, trial)
          .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    }
  }

  // --- B30 / A8: IGE splice ----------------------------------------------------------------

  @Test
  void open_rejectsIgeSplice() throws Exception {
    // A frame of 5 blocks; the attacker knows m1 (salt, session_id) and m(i-1) for i = 4.
    byte[] good = goodFrame(Sender.CLIENT, 36); // 32 + 36 + 12 = 80 = 5 blocks
    int n = good.length - 24;
    byte[] plain = new byte[n];
    assertThat(
            new FrameCipher(key, Sender.CLIENT, CipherDirection.DECRYPT, null)
                .decryptAndVerify(good, 0, n, plain))
        .isTrue();
    int i = 3; // 0-based block index of c_i
    byte[] c1 = Arrays.copyOfRange(good, 24, 40);
    byte[] ci = block(good, 24, i);
    byte[] cPrev = block(good, 24, i - 1);
    byte[] mi = block(plain, 0, i);
    byte[] mPrev = block(plain, 0, i - 1);
    byte[] m1 = block(plain, 0, 0);
    // c* = c_i xor m_(i-1) xor m_1; the frame c1 | c* | c3 (three blocks, to pass framing)
    byte[] cStar = xor(xor(ci, mPrev), m1);
    byte[] spliced = new byte[24 + 48];
    System.arraycopy(good, 0, spliced, 0, 24);
    System.arraycopy(c1, 0, spliced, 24, 16);
    System.arraycopy(cStar, 0, spliced, 40, 16);
    System.arraycopy(block(good, 24, 2), 0, spliced, 56, 16);

    // IGE alone is malleable: the second block decrypts to m_i xor c_(i-1) xor c_1 (AMPS §6.1).
    byte[] keyIv = new byte[64];
    MessageKdf.create()
        .deriveInto(SecretAccess.explicitly(), key, Sender.CLIENT, good, 8, keyIv, 0);
    IgeCipher dec = IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.JCE);
    dec.rekey(SecretAccess.explicitly(), keyIv, 0, keyIv, 32);
    byte[] out = new byte[48];
    dec.process(spliced, 24, 48, out, 0);
    assertThat(Arrays.copyOfRange(out, 16, 32)).isEqualTo(xor(xor(mi, cPrev), c1));

    // The MAC stops it, after hashing the whole decrypted part like any other frame.
    CountingMsgKey counter = new CountingMsgKey();
    CheckFailedException e = failure(counter.opener(key, Sender.CLIENT), spliced);
    assertThat(e.reason()).isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    assertThat(counter.lastBytes).isEqualTo(32 + 48);
    byte[] flipped = good.clone();
    flipped[8] ^= 1;
    CheckFailedException b25 = failure(counter.opener(key, Sender.CLIENT), flipped);
    assertThat(counter.lastBytes).isEqualTo(32 + n);
    assertThat(e.getMessage()).isEqualTo(b25.getMessage());
    assertThat(e.getClass()).isEqualTo(b25.getClass());
  }

  // --- B31 / A3: reflection --------------------------------------------------------------

  @Test
  void open_reflectedFrame_msgKeyMismatch() throws Exception {
    for (Sender sealedBy : Sender.values()) {
      byte[] frame = goodFrame(sealedBy, 40);
      assertThat(reason(MessageOpener.stateless(key, sealedBy), frame)).isNull();
      assertThat(reason(MessageOpener.stateless(key, sealedBy.opposite()), frame))
          .as("sealed by %s, opened as from %s", sealedBy, sealedBy.opposite())
          .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    }
  }

  // --- A7: indistinguishable pre-MAC failures, equal work --------------------------------

  @Test
  void preMacFailures_indistinguishable() throws Exception {
    // Plaintexts whose length field is garbage, huge, negative or valid, each decrypted
    // exactly as written but under a wrong msg_key.
    int[] lengthFields = {0x5a5a5a5a, 0x7fffffff, 0x80000000, -4, 1 << 24, 36, 3, 0};
    Set<List<Object>> outcomes = new HashSet<>();
    CountingMsgKey counter = new CountingMsgKey();
    MessageOpener opener = counter.opener(key, Sender.CLIENT);
    for (int lengthField : lengthFields) {
      byte[] padded =
          Frames.plaintext(
              11,
              22,
              clientMsgId(T0, 0x10),
              1,
              lengthField,
              Frames.bytes(rnd, 36),
              12,
              rnd); // 80 bytes
      byte[] frame = Frames.withChosenMsgKey(key, Sender.CLIENT, padded, Frames.bytes(rnd, 16));
      CheckFailedException e = failure(opener, frame);
      assertThat(e.getCause()).isNull();
      assertThat(e.getSuppressed()).isEmpty();
      assertThat(counter.lastBytes)
          .as("bytes hashed, length field %d", lengthField)
          .isEqualTo(32 + 80);
      outcomes.add(List.of(e.getClass(), e.reason(), e.getMessage()));
    }
    // ... and the same as a frame whose ciphertext was tampered with.
    byte[] good = goodFrame(Sender.CLIENT, 36);
    byte[] tampered = good.clone();
    tampered[40] ^= 0x80;
    CheckFailedException t = failure(opener, tampered);
    outcomes.add(List.of(t.getClass(), t.reason(), t.getMessage()));
    assertThat(outcomes)
        .containsExactly(
            List.of(
                CheckFailedException.class,
                CheckReason.MSG_KEY_MISMATCH,
                "MSG_KEY_MISMATCH: " + CheckReason.MSG_KEY_MISMATCH.description()));
  }

  @Test
  void macInput_independentOfLengthField() throws Exception {
    // Same frame length, the padding starting anywhere (or nowhere sensible): the MAC always
    // covers auth_key slice + the whole decrypted part, whether it then passes or not.
    CountingMsgKey counter = new CountingMsgKey();
    MessageOpener opener = counter.opener(key, Sender.CLIENT);
    Set<Long> hashed = new HashSet<>();
    int n = 160;
    for (int lengthField = -8; lengthField <= n; lengthField += 4) {
      byte[] padded =
          Frames.plaintext(
              11, 22, clientMsgId(T0, 0x10), 1, lengthField, new byte[n - 32 - 12], 12, rnd);
      // valid MAC (the layout may then fail) and invalid MAC
      reason(opener, Frames.sealRaw(key, Sender.CLIENT, padded));
      hashed.add(counter.lastBytes);
      reason(opener, Frames.withChosenMsgKey(key, Sender.CLIENT, padded, new byte[16]));
      hashed.add(counter.lastBytes);
    }
    assertThat(hashed).containsExactly(32L + n);
  }

  // --- helpers ---------------------------------------------------------------------------

  private static CheckFailedException failure(MessageOpener opener, byte[] frame) {
    try {
      opener.open(frame);
    } catch (CheckFailedException e) {
      return e;
    }
    throw new AssertionError("frame opened");
  }

  private static byte[] block(byte[] b, int off, int index) {
    return Arrays.copyOfRange(b, off + 16 * index, off + 16 * index + 16);
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
