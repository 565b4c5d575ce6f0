package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.Vectors;

/**
 * MTProto 2.0 msg_key: the generated vectors on the fast ({@link MsgKey#compute}, {@link
 * MessageKdf#msgKeyInto}) and reference ({@link MessageKdf#msgKeyReference}) paths, both paths on
 * random padded plaintexts, and B13 / B14.
 */
class MsgKeyTest {
  private static final int MIN_PADDED =
      48; // 32-byte header + at least 12 bytes of padding, in blocks

  static Stream<Arguments> generated() {
    return Vectors.generated("mtproto2_msg_key.json").stream()
        .map(
            c ->
                Arguments.of(
                    Vectors.hex(c, "plaintext").length + " bytes, x=" + Vectors.integer(c, "x"),
                    c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generated")
  void generatedVectorsOnReferenceAndFastPaths(String name, JsonObject c) {
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    Sender sender = Vectors.sender(c);
    byte[] padded = Vectors.hex(c, "plaintext");
    MsgKey expected = MsgKey.fromHex(Vectors.str(c, "msg_key"));

    assertThat(MessageKdf.msgKeyReference(key, sender, padded)).isEqualTo(expected);
    if (padded.length < MIN_PADDED) {
      // B14: the formula is defined for any bytes, but no valid MTProto 2.0 message is this
      // short, so the fast path refuses it
      assertThatThrownBy(() -> MsgKey.compute(key, sender, padded))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got " + padded.length);
      return;
    }
    assertThat(MsgKey.compute(key, sender, padded)).isEqualTo(expected);
    byte[] framed = new byte[7 + padded.length + 5];
    System.arraycopy(padded, 0, framed, 7, padded.length);
    assertThat(MsgKey.compute(key, sender, framed, 7, padded.length)).isEqualTo(expected);
    byte[] out = new byte[20];
    MessageKdf.create().msgKeyInto(key, sender, framed, 7, padded.length, out, 2);
    assertThat(Arrays.copyOfRange(out, 2, 18)).isEqualTo(expected.toByteArray());
    // the other direction gives another msg_key
    assertThat(MsgKey.compute(key, sender.opposite(), padded)).isNotEqualTo(expected);
  }

  @Test
  void theShortGeneratedCaseExistsSoB14IsExercisedByAVector() {
    assertThat(Vectors.generated("mtproto2_msg_key.json"))
        .anySatisfy(c -> assertThat(Vectors.hex(c, "plaintext").length).isLessThan(MIN_PADDED));
  }

  // --- fast vs reference on random input ------------------------------------------------------

  static LongStream randomSeeds() {
    return Seeds.cases("msg-key-fast-vs-reference", 500);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomSeeds")
  void fastMsgKeyEqualsReferenceOnRandomPaddedPlaintexts(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    AuthKey key = AuthKey.copyOf(Seeds.bytes(r, 256));
    MessageKdf reused = MessageKdf.create();
    for (int i = 0; i < 4; i++) {
      Sender sender = r.nextBoolean() ? Sender.CLIENT : Sender.SERVER;
      int len = MIN_PADDED + 16 * r.nextInt(r.nextInt(8) == 0 ? 4096 : 128);
      int off = r.nextInt(32);
      byte[] buf = Seeds.bytes(r, off + len + r.nextInt(16));
      byte[] padded = Arrays.copyOfRange(buf, off, off + len);
      MsgKey expected = MessageKdf.msgKeyReference(key, sender, padded);
      assertThat(MsgKey.compute(key, sender, padded)).as("len=%d", len).isEqualTo(expected);
      assertThat(MsgKey.compute(key, sender, buf, off, len)).isEqualTo(expected);
      int outOff = r.nextInt(16);
      byte[] out = new byte[outOff + 16];
      reused.msgKeyInto(key, sender, buf, off, len, out, outOff);
      assertThat(MsgKey.copyOf(out, outOff)).isEqualTo(expected);
      byte[] large = new byte[32];
      reused.msgKeyLargeInto(key, sender, buf, off, len, large);
      assertThat(MsgKey.copyOf(large, 8)).isEqualTo(expected);
    }
  }

  // --- B13: msg_key not 16 bytes -----------------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 15, 17, 32})
  void b13_msgKeyNot16BytesIsRejectedNamingTheLength(int length) {
    ThrowingCallable[] calls = {
      () -> MsgKey.copyOf(new byte[length]),
      () -> MsgKey.fromHex("ab".repeat(length)),
      () -> new MsgKey(Bytes.copyOf(new byte[length])),
    };
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("msg_key must be 16 bytes, got " + length);
    }
  }

  @Test
  void b13_msgKeyFromAnOffsetPastTheEndIsARangeError() {
    assertThatThrownBy(() -> MsgKey.copyOf(new byte[20], 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(MsgKey.copyOf(Hex.decode("00112233445566778899aabbccddeeff0102"), 2).hex())
        .isEqualTo("2233445566778899aabbccddeeff0102");
  }

  // --- B14: msg_key of a plaintext that is not padded ---------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 32, 44, 47, 49, 63, 100, 1025})
  void b14_plaintextNotAWholeNumberOfBlocksOrShorterThan48IsRejected(int length) {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    byte[] padded = new byte[length];
    assertThatThrownBy(() -> MsgKey.compute(key, Sender.CLIENT, padded))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length);
    byte[] framed = new byte[length + 10];
    assertThatThrownBy(() -> MsgKey.compute(key, Sender.SERVER, framed, 10, length))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    byte[] out = new byte[16];
    Arrays.fill(out, (byte) 0xAA);
    assertThatThrownBy(
            () -> MessageKdf.create().msgKeyInto(key, Sender.CLIENT, framed, 3, length, out, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    byte[] expected = new byte[16];
    Arrays.fill(expected, (byte) 0xAA);
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void b14_theShortestAcceptedPaddedPlaintextIs48Bytes() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    byte[] padded = new byte[48];
    assertThat(MsgKey.compute(key, Sender.CLIENT, padded))
        .isEqualTo(MessageKdf.msgKeyReference(key, Sender.CLIENT, padded));
  }

  @Test
  void rangeAndNullErrorsOfTheFastPath() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    MessageKdf kdf = MessageKdf.create();
    assertThatThrownBy(() -> MsgKey.compute(key, Sender.CLIENT, new byte[64], 32, 48))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(
            () -> MsgKey.compute(key, Sender.CLIENT, new byte[64], 16, Integer.MAX_VALUE - 15))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(
            () -> kdf.msgKeyInto(key, Sender.CLIENT, new byte[48], 0, 48, new byte[15], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(
            () -> kdf.msgKeyLargeInto(key, Sender.CLIENT, new byte[48], 1, 48, new byte[32]))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(
            () -> kdf.msgKeyLargeInto(key, Sender.CLIENT, new byte[48], 0, 48, new byte[31]))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatNullPointerException()
        .isThrownBy(() -> MsgKey.compute(null, Sender.CLIENT, new byte[48]))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> MsgKey.compute(key, null, new byte[48]))
        .withMessageContaining("sender");
    assertThatNullPointerException()
        .isThrownBy(() -> MsgKey.compute(key, Sender.CLIENT, null))
        .withMessageContaining("padded");
    assertThatNullPointerException()
        .isThrownBy(() -> MessageKdf.msgKeyReference(null, Sender.CLIENT, new byte[48]))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> MessageKdf.msgKeyReference(key, null, new byte[48]))
        .withMessageContaining("sender");
    assertThatNullPointerException()
        .isThrownBy(() -> MessageKdf.msgKeyReference(key, Sender.CLIENT, null))
        .withMessageContaining("plaintext");
    assertThatNullPointerException()
        .isThrownBy(() -> kdf.msgKeyLargeInto(key, Sender.CLIENT, null, 0, 48, new byte[32]))
        .withMessageContaining("data");
    assertThatNullPointerException()
        .isThrownBy(() -> kdf.msgKeyLargeInto(key, null, new byte[48], 0, 48, new byte[32]))
        .withMessageContaining("sender");
  }

  @Test
  void aRejectedCallLeavesAReusedInstanceUsable() {
    AuthKey key = AuthKey.copyOf(Seeds.bytes(new SplittableRandom(14), 256));
    MessageKdf kdf = MessageKdf.create();
    byte[] padded = Seeds.bytes(new SplittableRandom(15), 64);
    assertThatThrownBy(() -> kdf.msgKeyInto(key, Sender.CLIENT, padded, 0, 40, new byte[16], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kdf.msgKeyLargeInto(key, Sender.CLIENT, padded, 0, 65, new byte[32]))
        .isInstanceOf(IndexOutOfBoundsException.class);
    byte[] out = new byte[16];
    kdf.msgKeyInto(key, Sender.CLIENT, padded, 0, 64, out, 0);
    assertThat(MsgKey.copyOf(out))
        .isEqualTo(MessageKdf.msgKeyReference(key, Sender.CLIENT, padded));
  }

  // --- value semantics ---------------------------------------------------------------------

  @Test
  void msgKeyIsAPublicValueComparedByContent() {
    MsgKey a = MsgKey.fromHex("000102030405060708090a0b0c0d0e0f");
    MsgKey b = MsgKey.copyOf(Hex.decode("000102030405060708090A0B0C0D0E0F"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.constantTimeEquals(b)).isTrue();
    assertThat(a.hex()).isEqualTo("000102030405060708090a0b0c0d0e0f");
    byte[] copy = a.toByteArray();
    copy[0] = 9;
    assertThat(a.toByteArray()[0]).isZero();
    MsgKey c = MsgKey.fromHex("000102030405060708090a0b0c0d0e0e");
    assertThat(a).isNotEqualTo(c);
    assertThat(a.constantTimeEquals(c)).isFalse();
  }
}
