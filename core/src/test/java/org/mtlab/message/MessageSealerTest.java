package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;
import static org.mtlab.message.Frames.serverMsgId;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Bytes;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/** Sealing: docs/security.md B15-B18 and A6, padding policies, and open(seal(m)) == m. */
class MessageSealerTest {
  private static final long SEED = 0x5EA1L;
  private final SplittableRandom rnd = new SplittableRandom(SEED);
  private final AuthKey key = Frames.randomKey(rnd);

  private static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  private static InnerMessage message(long msgId, int dataLength) {
    byte[] data = new byte[dataLength];
    Arrays.fill(data, (byte) 0x42);
    return InnerMessage.of(0x1122334455667788L, 0x0123456789abcdefL, msgId, 1, data);
  }

  // --- B15: explicit padding ------------------------------------------------------------

  @ParameterizedTest(name = "padding {0} bytes")
  @ValueSource(ints = {0, 4, 8, 1028, 1040})
  void seal_explicitPaddingOutOfRange_throwsIae(int p) {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    // data length chosen so that 32 + L + p is a multiple of 16: only the range is wrong
    int dataLength = Math.floorMod(-(32 + p), 16);
    InnerMessage m = message(clientMsgId(T0, 0x1000), dataLength);
    assertThat((32 + dataLength + p) % 16).isZero();
    Bytes padding = Bytes.copyOf(new byte[p]);
    assertThatThrownBy(() -> sealer.seal(m, padding))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12..1024");
    byte[] out = filled(4096);
    assertThatThrownBy(() -> sealer.sealInto(m, padding, out, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out).isEqualTo(filled(4096));
  }

  @ParameterizedTest(name = "padding {0} bytes after 32 header bytes")
  @ValueSource(ints = {13, 14, 15, 17, 20, 24, 1020})
  void seal_explicitPaddingNotReachingABlockBoundary_throwsIae(int p) {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    InnerMessage m = message(clientMsgId(T0, 0x1000), 0); // 32 + 0 + p, p not 0 mod 16
    assertThatThrownBy(() -> sealer.seal(m, Bytes.copyOf(new byte[p])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 16");
  }

  // --- B16 / A6: no second encryption under the same (session, msg_id) -------------------

  @Test
  void seal_sameMsgIdTwice_throwsIse() {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    long id = clientMsgId(T0, 0x1000);
    sealer.seal(message(id, 16));
    // The same message again (a "resend" under the same state), with random or explicit
    // padding, or another payload under the same msg_id: all refused.
    assertThatThrownBy(() -> sealer.seal(message(id, 16)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already used");
    assertThatThrownBy(() -> sealer.seal(message(id, 16), Bytes.copyOf(new byte[16])))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.seal(message(id, 64)))
        .isInstanceOf(IllegalStateException.class);
    byte[] out = filled(2048);
    assertThatThrownBy(() -> sealer.sealInto(message(id, 16), out, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThat(out).isEqualTo(filled(2048));
    // A lower msg_id is refused too (ids must increase); a higher one is fine.
    assertThatThrownBy(() -> sealer.seal(message(id - 4, 16)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not greater");
    sealer.seal(message(id + 4, 16));
  }

  @Test
  void seal_msgIdsAreTrackedPerSession() {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    long id = clientMsgId(T0, 0x1000);
    InnerMessage a = InnerMessage.of(1, 0xAAAA, id, 1, new byte[4]);
    InnerMessage b = InnerMessage.of(1, 0xBBBB, id, 1, new byte[4]);
    sealer.seal(a);
    sealer.seal(b); // same msg_id, another session: another (session, msg_id)
    // Back in session A (kept in the per-session map): still refused.
    assertThatThrownBy(() -> sealer.seal(a)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.seal(b)).isInstanceOf(IllegalStateException.class);
    sealer.seal(InnerMessage.of(1, 0xAAAA, id + 4, 1, new byte[4]));
    assertThatThrownBy(() -> sealer.seal(b)).isInstanceOf(IllegalStateException.class);
  }

  // --- B17: msg_id bits for the sender ---------------------------------------------------

  @ParameterizedTest(name = "client msg_id low bits {0}")
  @ValueSource(ints = {1, 2, 3})
  void seal_clientMsgIdNotZeroMod4_throwsIae(int low) {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    long id = clientMsgId(T0, 0x1000) | low;
    assertThatThrownBy(() -> sealer.seal(message(id, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 mod 4");
  }

  @Test
  void seal_clientMsgIdWithZeroLow32Bits_throwsIae() {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    assertThatThrownBy(() -> sealer.seal(message(T0 << 32, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low 32 bits");
    // Nothing was recorded: the next valid id (even a lower one) still seals.
    sealer.seal(message(clientMsgId(T0 - 1, 0x10), 8));
  }

  @ParameterizedTest(name = "server msg_id low bits {0}")
  @ValueSource(ints = {0, 2})
  void seal_serverMsgIdEven_throwsIae(int low) {
    MessageSealer sealer = new MessageSealer(key, Sender.SERVER, new SecureRandom());
    long id = clientMsgId(T0, 0x1000) | low;
    assertThatThrownBy(() -> sealer.seal(message(id, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 or 3 mod 4");
    sealer.seal(message(id | 1, 8));
    sealer.seal(message((id | 3) + 4, 8));
  }

  // --- B18: message_data length ----------------------------------------------------------

  @ParameterizedTest(name = "data of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 5, 17, (1 << 24) + 4})
  void innerMessage_dataNotMultipleOf4OrOver2pow24_throwsIae(int length) {
    assertThatThrownBy(() -> message(clientMsgId(T0, 4), length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^24");
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom());
    byte[] data = new byte[length];
    byte[] out = filled(64);
    assertThatThrownBy(
            () ->
                sealer.sealInto(
                    new ServerSalt(1),
                    new SessionId(2),
                    new MessageId(clientMsgId(T0, 4)),
                    1,
                    data,
                    0,
                    length,
                    out,
                    0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out).isEqualTo(filled(64));
  }

  @Test
  void seal_dataOfExactly2pow24_sealsAndOpens() throws Exception {
    InnerMessage m = message(clientMsgId(T0, 4), 1 << 24);
    MessageSealer sealer =
        new MessageSealer(key, Sender.CLIENT, seeded(1), PaddingPolicy.minimal());
    byte[] frame = sealer.seal(m);
    assertThat(frame.length).isEqualTo(24 + 32 + (1 << 24) + 16);
    assertThat(MessageOpener.openStateless(key, Sender.CLIENT, frame)).isEqualTo(m);
  }

  // --- buffers ---------------------------------------------------------------------------

  @Test
  void sealInto_bufferTooSmall_throwsIoobe_writesNothing_andKeepsTheMsgIdUnused() {
    MessageSealer sealer =
        new MessageSealer(key, Sender.CLIENT, new SecureRandom(), PaddingPolicy.minimal());
    InnerMessage m = message(clientMsgId(T0, 0x1000), 20); // 32 + 20 + 12 = 64
    byte[] small = filled(24 + 63);
    assertThatThrownBy(() -> sealer.sealInto(m, small, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(small).isEqualTo(filled(24 + 63));
    byte[] exact = new byte[24 + 64];
    assertThat(sealer.sealInto(m, exact, 0)).isEqualTo(88);
    assertThat(MessageSealer.maxFrameLength(20)).isEqualTo(24 + ((32 + 20 + 1024) & ~15));
    assertThat(MessageSealer.frameLength(20, 12)).isEqualTo(88);
  }

  @Test
  void sealInto_rawData_matchesSealOfInnerMessage_andRejectsOverlap() throws Exception {
    byte[] data = Frames.bytes(rnd, 40);
    InnerMessage m =
        new InnerMessage(
            new ServerSalt(7),
            new SessionId(8),
            new MessageId(clientMsgId(T0, 0x2000)),
            3,
            Bytes.copyOf(data));
    byte[] a = new MessageSealer(key, Sender.CLIENT, seeded(9)).seal(m);
    byte[] out = new byte[MessageSealer.maxFrameLength(40) + 5];
    int n =
        new MessageSealer(key, Sender.CLIENT, seeded(9))
            .sealInto(m.salt(), m.sessionId(), m.msgId(), m.seqNo(), data, 0, data.length, out, 5);
    assertThat(Arrays.copyOfRange(out, 5, 5 + n)).isEqualTo(a);

    byte[] shared = new byte[4096];
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, seeded(9));
    assertThatThrownBy(
            () ->
                sealer.sealInto(m.salt(), m.sessionId(), m.msgId(), 3, shared, 100, 40, shared, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
    // disjoint ranges of one array are fine
    int k = sealer.sealInto(m.salt(), m.sessionId(), m.msgId(), 3, shared, 3000, 40, shared, 0);
    assertThat(k).isEqualTo(a.length);
  }

  /** The long overload is the same seal, with the same msg_id rules (parity, reuse). */
  @Test
  void sealInto_longMsgId_matchesTheMessageIdOverload() throws Exception {
    byte[] data = Frames.bytes(rnd, 40);
    long id = clientMsgId(T0, 0x2000);
    byte[] a = new byte[MessageSealer.maxFrameLength(40)];
    byte[] b = new byte[a.length];
    int n =
        new MessageSealer(key, Sender.CLIENT, seeded(9))
            .sealInto(new ServerSalt(7), new SessionId(8), new MessageId(id), 3, data, 0, 40, a, 0);
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, seeded(9));
    assertThat(sealer.sealInto(new ServerSalt(7), new SessionId(8), id, 3, data, 0, 40, b, 0))
        .isEqualTo(n);
    assertThat(b).isEqualTo(a);
    assertThatThrownBy(
            () -> sealer.sealInto(new ServerSalt(7), new SessionId(8), id, 3, data, 0, 40, b, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                sealer.sealInto(new ServerSalt(7), new SessionId(8), id + 5, 3, data, 0, 40, b, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- randomness and padding policies ---------------------------------------------------

  @Test
  void seal_paddingBytesComeFromTheInjectedRandom() throws Exception {
    byte[] script = Frames.bytes(rnd, 32);
    FixedSecureRandom random = new FixedSecureRandom(script);
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, random, PaddingPolicy.minimal());
    InnerMessage m = message(clientMsgId(T0, 0x3000), 16); // 48 + 16 padding = 64
    byte[] frame = sealer.seal(m);
    assertThat(random.isExhausted()).isTrue();
    byte[] padded = new byte[frame.length - 24];
    assertThat(
            new FrameCipher(key, Sender.CLIENT, CipherDirection.DECRYPT, null)
                .decryptAndVerify(frame, 0, padded.length, padded))
        .isTrue();
    assertThat(Arrays.copyOfRange(padded, 48, 64)).isEqualTo(Arrays.copyOf(script, 16));
  }

  @Test
  void paddingPolicies_alwaysLegal_andShapedAsDocumented() throws Exception {
    SecureRandom random = seeded(3);
    int[] buckets = {64, 128, 192, 256, 384, 512, 768, 1024, 1280};
    for (int dataLength = 0; dataLength <= 8192; dataLength += 4) {
      int u = 32 + dataLength;
      int min = PaddingPolicy.minimal().paddingLength(u, random);
      assertLegal(u, min);
      assertThat(min).isBetween(12, 27);
      assertThat(min - 16).as("minimal is the smallest").isLessThan(12);
      int blocks = PaddingPolicy.randomBlocks().paddingLength(u, random);
      assertLegal(u, blocks);
      assertThat((blocks - min) % 16).isZero();
      assertThat((blocks - min) / 16).isBetween(0, 15);
      int bucket = PaddingPolicy.sizeBuckets().paddingLength(u, random);
      assertLegal(u, bucket);
      int total = u + bucket;
      boolean inTable = Arrays.stream(buckets).anyMatch(b -> b == total);
      assertThat(inTable || (total > 1280 && (total - 1280) % 448 == 0))
          .as("total %d for L=%d", total, dataLength)
          .isTrue();
      // the smallest bucket that fits: one step smaller would not hold 12 bytes of padding
      int smaller =
          inTable && total != 64 ? previous(buckets, total) : total > 1280 ? total - 448 : 0;
      assertThat(u + 12).isGreaterThan(smaller);
    }
    assertThat(PaddingPolicy.standard()).isSameAs(PaddingPolicy.sizeBuckets());
  }

  @Test
  void randomBlocks_usesAllSixteenBlockCounts() throws Exception {
    SecureRandom random = seeded(4);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add((PaddingPolicy.randomBlocks().paddingLength(36, random) - 12) / 16);
    }
    assertThat(seen).hasSize(16);
  }

  @Test
  void seal_illegalLengthFromACustomPolicy_throwsIse() {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, new SecureRandom(), (u, r) -> 8);
    assertThatThrownBy(() -> sealer.seal(message(clientMsgId(T0, 4), 8)))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- open(seal(m)) == m ----------------------------------------------------------------

  @Test
  void openOfSeal_isIdentity_forEveryLegalPaddingLength() throws Exception {
    for (Sender sender : Sender.values()) {
      MessageSealer sealer = new MessageSealer(key, sender, seeded(5));
      long id = sender == Sender.CLIENT ? clientMsgId(T0, 0x100) : serverMsgId(T0, 0x100);
      for (int dataLength = 0; dataLength < 16; dataLength += 4) {
        int u = 32 + dataLength;
        for (int p = PaddingPolicy.minimalPadding(u); p <= 1024; p += 16) {
          id += 4;
          InnerMessage m =
              InnerMessage.of(
                  rnd.nextLong(), rnd.nextLong(), id, rnd.nextInt(), Frames.bytes(rnd, dataLength));
          byte[] frame = sealer.seal(m, Bytes.copyOf(Frames.bytes(rnd, p)));
          assertThat(frame.length).isEqualTo(24 + u + p);
          assertThat(MessageOpener.openStateless(key, sender, frame)).isEqualTo(m);
        }
      }
    }
  }

  @Test
  void openOfSeal_isIdentity_onSeededRandomMessages_withEveryPolicy() throws Exception {
    long seed = rnd.nextLong();
    SplittableRandom r = new SplittableRandom(seed);
    PaddingPolicy[] policies = {
      PaddingPolicy.minimal(), PaddingPolicy.randomBlocks(), PaddingPolicy.sizeBuckets()
    };
    for (int i = 0; i < 600; i++) {
      Sender sender = r.nextBoolean() ? Sender.CLIENT : Sender.SERVER;
      AuthKey k = Frames.randomKey(r);
      MessageSealer sealer = new MessageSealer(k, sender, seeded(r.nextLong()), policies[i % 3]);
      long id =
          sender == Sender.CLIENT
              ? clientMsgId(T0 + i, r.nextLong())
              : serverMsgId(T0 + i, r.nextLong());
      InnerMessage m =
          InnerMessage.of(
              r.nextLong(), r.nextLong(), id, r.nextInt(), Frames.bytes(r, 4 * r.nextInt(600)));
      byte[] frame = sealer.seal(m);
      assertThat(MessageOpener.openStateless(k, sender, frame))
          .as("seed %d case %d", seed, i)
          .isEqualTo(m);
      assertThatThrownBy(() -> MessageOpener.openStateless(k, sender.opposite(), frame))
          .as("a frame for one direction never opens for the other")
          .isNotNull();
    }
  }

  private static void assertLegal(int unpadded, int p) {
    assertThat(p).isBetween(12, 1024);
    assertThat((unpadded + p) % 16).isZero();
  }

  private static int previous(int[] buckets, int value) {
    int prev = 0;
    for (int b : buckets) {
      if (b == value) {
        return prev;
      }
      prev = b;
    }
    throw new AssertionError();
  }

  static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0xAA);
    return b;
  }
}
