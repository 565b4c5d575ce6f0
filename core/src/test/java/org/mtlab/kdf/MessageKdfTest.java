package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.kdf.KdfTesting.assertKeyIv;

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
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.Vectors;

/**
 * MTProto 2.0 aes_key / aes_iv: the generated and published vectors on the fast ({@link
 * MessageKdf#derive}, {@link MessageKdf#deriveInto}) and reference ({@link
 * MessageKdf#deriveReference}) paths, and both paths on seeded random input.
 */
class MessageKdfTest {

  /** Runs all three paths and checks each against the expected hex. */
  static void assertAllPaths(
      AuthKey key, MsgKey msgKey, Sender sender, String aesKey, String aesIv) {
    assertKeyIv(MessageKdf.derive(key, msgKey, sender), aesKey, aesIv, "derive " + sender);
    assertKeyIv(
        MessageKdf.deriveReference(key, msgKey, sender), aesKey, aesIv, "reference " + sender);
    byte[] mk = new byte[5 + 16];
    msgKey.value().copyTo(mk, 5);
    byte[] out = new byte[3 + MessageKdf.KEY_IV_LENGTH + 2];
    Arrays.fill(out, (byte) 0xAA);
    MessageKdf.create().deriveInto(SecretAccess.explicitly(), key, sender, mk, 5, out, 3);
    assertThat(Hex.encode(out, 3, 32)).as("deriveInto aes_key").isEqualTo(aesKey);
    assertThat(Hex.encode(out, 35, 32)).as("deriveInto aes_iv").isEqualTo(aesIv);
    assertThat(Hex.encode(out, 0, 3)).isEqualTo("aaaaaa");
    assertThat(Hex.encode(out, 67, 2)).isEqualTo("aaaa");
  }

  static Stream<Arguments> generated() {
    return Vectors.generated("mtproto2_kdf.json").stream()
        .map(
            c ->
                Arguments.of(
                    "x=" + Vectors.integer(c, "x") + " msg_key=" + Vectors.str(c, "msg_key"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generated")
  void generatedVectorsOnFastAndReferencePaths(String name, JsonObject c) {
    assertAllPaths(
        AuthKey.fromHex(Vectors.str(c, "auth_key")),
        MsgKey.fromHex(Vectors.str(c, "msg_key")),
        Vectors.sender(c),
        Vectors.str(c, "aes_key"),
        Vectors.str(c, "aes_iv"));
  }

  static Stream<Arguments> published() {
    return Vectors.published("mtproto2_kdf.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void publishedVectorsOnFastAndReferencePaths(String id, JsonObject v) {
    AuthKey key = AuthKey.fromHex(Vectors.str(v, "auth_key"));
    int checks = 0;
    if (Vectors.has(v, "x")) {
      assertAllPaths(
          key,
          MsgKey.fromHex(Vectors.str(v, "msg_key")),
          Vectors.sender(v),
          Vectors.str(v, "aes_key"),
          Vectors.str(v, "aes_iv"));
      checks++;
    }
    if (Vectors.has(v, "x0_aes_key")) {
      MsgKey msgKey = MsgKey.fromHex(Vectors.str(v, "msg_key"));
      assertAllPaths(
          key, msgKey, Sender.CLIENT, Vectors.str(v, "x0_aes_key"), Vectors.str(v, "x0_aes_iv"));
      assertAllPaths(
          key, msgKey, Sender.SERVER, Vectors.str(v, "x8_aes_key"), Vectors.str(v, "x8_aes_iv"));
      checks++;
    }
    if (Vectors.has(v, "auth_key_id")) {
      assertThat(key.id().hex()).isEqualTo(Vectors.str(v, "auth_key_id"));
      checks++;
    }
    if (Vectors.has(v, "auth_key_id_int64")) {
      assertThat(key.id().value()).isEqualTo(Vectors.int64(v, "auth_key_id_int64"));
    }
    if (Vectors.has(v, "auth_key_aux_hash")) {
      assertThat(Hex.encode(key.auxHashBytes())).isEqualTo(Vectors.str(v, "auth_key_aux_hash"));
    }
    assertThat(checks).as("the vector must have a shape this test knows").isPositive();
  }

  // --- fast vs reference on random input ------------------------------------------------------

  static LongStream randomSeeds() {
    return Seeds.cases("kdf2-fast-vs-reference", 500);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomSeeds")
  void fastDeriveEqualsReferenceOnRandomKeysAndMsgKeys(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    AuthKey key = AuthKey.copyOf(Seeds.bytes(r, 256));
    MessageKdf reused = MessageKdf.create();
    for (int i = 0; i < 4; i++) {
      MsgKey msgKey = MsgKey.copyOf(Seeds.bytes(r, 16));
      for (Sender sender : Sender.values()) {
        AesKeyIv reference = MessageKdf.deriveReference(key, msgKey, sender);
        String k = KdfTesting.keyHex(reference);
        String iv = KdfTesting.ivHex(reference);
        assertKeyIv(MessageKdf.derive(key, msgKey, sender), k, iv, "derive");
        int mkOff = r.nextInt(32);
        int outOff = r.nextInt(32);
        byte[] mk = Seeds.bytes(r, mkOff + 16 + r.nextInt(8));
        msgKey.value().copyTo(mk, mkOff);
        byte[] out = new byte[outOff + 64 + r.nextInt(8)];
        reused.deriveInto(SecretAccess.explicitly(), key, sender, mk, mkOff, out, outOff);
        assertThat(Hex.encode(out, outOff, 32)).isEqualTo(k);
        assertThat(Hex.encode(out, outOff + 32, 32)).isEqualTo(iv);
      }
      // the two directions never share keys
      assertThat(KdfTesting.keyHex(MessageKdf.derive(key, msgKey, Sender.CLIENT)))
          .isNotEqualTo(KdfTesting.keyHex(MessageKdf.derive(key, msgKey, Sender.SERVER)));
    }
  }

  // --- bad inputs --------------------------------------------------------------------------

  @Test
  void nullsAreNpesNamingTheParameter() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    MsgKey mk = MsgKey.copyOf(new byte[16]);
    MessageKdf kdf = MessageKdf.create();
    Object[][] cases = {
      {"key", (ThrowingCallable) () -> MessageKdf.derive(null, mk, Sender.CLIENT)},
      {"msgKey", (ThrowingCallable) () -> MessageKdf.derive(key, null, Sender.CLIENT)},
      {"sender", (ThrowingCallable) () -> MessageKdf.derive(key, mk, null)},
      {"key", (ThrowingCallable) () -> MessageKdf.deriveReference(null, mk, Sender.CLIENT)},
      {"msgKey", (ThrowingCallable) () -> MessageKdf.deriveReference(key, null, Sender.CLIENT)},
      {"sender", (ThrowingCallable) () -> MessageKdf.deriveReference(key, mk, null)},
      {
        "key",
        (ThrowingCallable)
            () ->
                kdf.deriveInto(
                    SecretAccess.explicitly(),
                    null,
                    Sender.CLIENT,
                    new byte[16],
                    0,
                    new byte[64],
                    0)
      },
      {
        "sender",
        (ThrowingCallable)
            () ->
                kdf.deriveInto(
                    SecretAccess.explicitly(), key, null, new byte[16], 0, new byte[64], 0)
      },
      {
        "msgKey",
        (ThrowingCallable)
            () ->
                kdf.deriveInto(
                    SecretAccess.explicitly(), key, Sender.CLIENT, null, 0, new byte[64], 0)
      },
      {
        "out",
        (ThrowingCallable)
            () ->
                kdf.deriveInto(
                    SecretAccess.explicitly(), key, Sender.CLIENT, new byte[16], 0, null, 0)
      },
    };
    for (Object[] c : cases) {
      assertThatNullPointerException()
          .as("%s", c[0])
          .isThrownBy((ThrowingCallable) c[1])
          .withMessageContaining((String) c[0]);
    }
  }

  @Test
  void deriveIntoRangeErrorsAreIndexOutOfBoundsAndWriteNothing() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    MessageKdf kdf = MessageKdf.create();
    byte[] out = new byte[64];
    Arrays.fill(out, (byte) 0xAA);
    ThrowingCallable[] calls = {
      () ->
          kdf.deriveInto(
              SecretAccess.explicitly(),
              key,
              Sender.CLIENT,
              new byte[15],
              0,
              out,
              0), // msg_key buffer too short
      () -> kdf.deriveInto(SecretAccess.explicitly(), key, Sender.CLIENT, new byte[16], 1, out, 0),
      () ->
          kdf.deriveInto(
              SecretAccess.explicitly(),
              key,
              Sender.CLIENT,
              new byte[16],
              0,
              new byte[63],
              0), // one byte short
      () -> kdf.deriveInto(SecretAccess.explicitly(), key, Sender.CLIENT, new byte[16], 0, out, 1),
      () -> kdf.deriveInto(SecretAccess.explicitly(), key, Sender.CLIENT, new byte[16], -1, out, 0),
      () ->
          kdf.deriveInto(
              SecretAccess.explicitly(),
              key,
              Sender.CLIENT,
              new byte[16],
              0,
              out,
              Integer.MAX_VALUE),
    };
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(IndexOutOfBoundsException.class);
    }
    byte[] expected = new byte[64];
    Arrays.fill(expected, (byte) 0xAA);
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void destroyedAuthKeyCannotDeriveOnEitherPath() {
    AuthKey key = AuthKey.copyOf(new byte[256]);
    key.destroy();
    MsgKey mk = MsgKey.copyOf(new byte[16]);
    assertThatThrownBy(() -> MessageKdf.derive(key, mk, Sender.CLIENT))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> MessageKdf.deriveReference(key, mk, Sender.SERVER))
        .isExactlyInstanceOf(IllegalStateException.class);
  }
}
