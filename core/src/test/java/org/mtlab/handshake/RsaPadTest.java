package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.handshake.Fixtures.concat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Bytecode;
import org.mtlab.testing.Vectors;

/**
 * RSA_PAD: the published encryptions of rsa_pad.json (gotd's zero-random case, grammers' retry
 * case), B65, and the server's decode-then-verify: A9 (bit-flip sweep with no TL parse), A10 (1000
 * random ciphertexts, one failure), B66.
 */
class RsaPadTest {
  private static final SecureRandom RSA_RANDOM = org.mtlab.testing.Seeds.secureRandom(7, "blind");
  private static final ServerRsaKeyPair KEY = org.mtlab.testing.DemoRsaKey.pair();

  private static JsonObject vector(String id) {
    for (JsonObject v : Vectors.published("rsa_pad.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(id);
  }

  private static ServerRsaKey key(JsonObject v) {
    return ServerRsaKey.of(
        new BigInteger(Vectors.str(v, "n"), 16), BigInteger.valueOf(v.get("e").getAsLong()));
  }

  @Test
  void gotdZeroRandom_144ByteData() {
    JsonObject v = vector("rsapad-gotd-zero-random");
    byte[] data = Vectors.hex(v, "data");
    assertThat(data).hasSize(RsaPad.MAX_DATA_LENGTH);
    FixedSecureRandom random =
        new FixedSecureRandom(concat(Vectors.hex(v, "random_padding"), Vectors.hex(v, "temp_key")));
    RsaPad.Encoded e = RsaPad.encode(data, key(v), random);
    assertThat(Hex.encode(e.keyAesEncrypted)).isEqualTo(Vectors.str(v, "key_aes_encrypted"));
    assertThat(Hex.encode(e.encryptedData)).isEqualTo(Vectors.str(v, "encrypted_data"));
    assertThat(e.attempt).isZero();
    assertThat(random.isExhausted()).isTrue();
  }

  @Test
  void grammersRetry_firstTempKeyGivesValueAboveModulus() {
    JsonObject v = vector("rsapad-grammers-retry");
    ServerRsaKey key = key(v);
    assertThat(new BigInteger(1, Vectors.hex(v, "attempt0_key_aes_encrypted")))
        .isGreaterThanOrEqualTo(key.modulus());
    FixedSecureRandom random =
        new FixedSecureRandom(
            concat(
                Vectors.hex(v, "random_padding"),
                Vectors.hex(v, "attempt0_temp_key"),
                Vectors.hex(v, "attempt1_temp_key")));
    RsaPad.Encoded e = RsaPad.encode(Vectors.hex(v, "data"), key, random);
    assertThat(e.attempt).isEqualTo(1);
    assertThat(Hex.encode(e.tempKey)).isEqualTo(Vectors.str(v, "attempt1_temp_key"));
    assertThat(Hex.encode(e.keyAesEncrypted))
        .isEqualTo(Vectors.str(v, "attempt1_key_aes_encrypted"));
    assertThat(Hex.encode(e.encryptedData)).isEqualTo(Vectors.str(v, "encrypted_data"));
    assertThat(random.isExhausted()).isTrue();
  }

  @Test
  void samplesPagePartial_dataWithPaddingLayout() {
    // the page's temp_key is unknown, but its data_with_padding (data + padding = 192) is ours
    JsonObject v = vector("rsapad-samples-page-2024-partial");
    byte[] data = Vectors.hex(v, "data");
    byte[] padding = Vectors.hex(v, "random_padding");
    assertThat(data.length + padding.length).isEqualTo(RsaPad.PADDED_LENGTH);
    RsaPad.Encoded e =
        RsaPad.encode(
            data,
            Fixtures.publishedKey("production-main"),
            new FixedSecureRandom(concat(padding, new byte[32])));
    assertThat(Hex.encode(e.dataWithPadding)).isEqualTo(Vectors.str(v, "data_with_padding"));
    assertThat(e.encryptedData).hasSize(256);
  }

  @Test
  void dataOver144Bytes_isIae_B65() {
    assertThatThrownBy(
            () ->
                RsaPad.encrypt(
                    SecretAccess.explicitly(), new byte[145], KEY.publicKey(), new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("144");
    assertThatThrownBy(
            () ->
                RsaPad.encrypt(
                    SecretAccess.explicitly(), null, KEY.publicKey(), new SecureRandom()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void roundTrip_seededData() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    SecureRandom random = org.mtlab.testing.Seeds.secureRandom(11, "rsa");
    for (int len : new int[] {0, 1, 96, 100, 143, 144}) {
      byte[] data = new byte[len];
      rnd.nextBytes(data);
      byte[] enc = RsaPad.encrypt(SecretAccess.explicitly(), data, KEY.publicKey(), random);
      assertThat(enc).hasSize(256);
      byte[] dec = RsaPad.decrypt(SecretAccess.explicitly(), enc, KEY, RSA_RANDOM);
      assertThat(dec).hasSize(RsaPad.PADDED_LENGTH);
      assertThat(Arrays.copyOf(dec, len)).isEqualTo(data);
    }
  }

  private static byte[] validCiphertext() {
    byte[] data = "p_q_inner_data_dc stand-in".getBytes(StandardCharsets.US_ASCII);
    return RsaPad.encrypt(
        SecretAccess.explicitly(),
        data,
        KEY.publicKey(),
        org.mtlab.testing.Seeds.secureRandom(1, "flip"));
  }

  @Test
  void rsaUnpad_bitFlipSweep_oneIdenticalFailure_noParse_A9_B66() throws Exception {
    byte[] valid = validCiphertext();
    AtomicInteger parses = new AtomicInteger();
    RsaPad.Parser<byte[]> counting =
        (a, d) -> {
          parses.incrementAndGet();
          return d.clone();
        };
    RsaPad.decryptAndParse(SecretAccess.explicitly(), valid, KEY, RSA_RANDOM, counting);
    assertThat(parses.get()).as("control: a valid ciphertext is parsed").isEqualTo(1);
    parses.set(0);
    Set<String> outcomes = new HashSet<>();
    for (int bit = 0; bit < valid.length * 8; bit++) {
      byte[] flipped = valid.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      outcomes.add(
          outcome(
              () ->
                  RsaPad.decryptAndParse(
                      SecretAccess.explicitly(), flipped, KEY, RSA_RANDOM, counting)));
    }
    assertThat(outcomes).containsExactly(expectedOutcome());
    assertThat(parses.get()).isZero();
  }

  @Test
  void rsaUnpad_allFailuresIdentical_1000RandomCiphertexts_A10() {
    SplittableRandom rnd = new SplittableRandom(10);
    Set<String> outcomes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      byte[] c = new byte[256];
      rnd.nextBytes(c);
      outcomes.add(outcome(() -> RsaPad.decrypt(SecretAccess.explicitly(), c, KEY, RSA_RANDOM)));
    }
    assertThat(outcomes).containsExactly(expectedOutcome());
  }

  @Test
  void rsaUnpad_wrongLengthAndNotBelowModulus_sameFailure_B66() {
    byte[] valid = validCiphertext();
    BigInteger n = KEY.publicKey().modulus();
    byte[] nBytes = ServerRsaKey.toFixed(n, 256);
    byte[] nPlus1 = ServerRsaKey.toFixed(n.add(BigInteger.ONE), 256);
    byte[] allOnes = new byte[256];
    Arrays.fill(allOnes, (byte) 0xff);
    List<byte[]> bad =
        List.of(
            new byte[0],
            Arrays.copyOf(valid, 255),
            Arrays.copyOf(valid, 257),
            concat(new byte[1], valid),
            nBytes,
            nPlus1,
            allOnes,
            new byte[256]);
    Set<String> outcomes = new HashSet<>();
    for (byte[] c : bad) {
      outcomes.add(outcome(() -> RsaPad.decrypt(SecretAccess.explicitly(), c, KEY, RSA_RANDOM)));
    }
    assertThat(outcomes).containsExactly(expectedOutcome());
  }

  @Test
  void rsaUnpad_comparesTheHashInConstantTime_perMethod() throws IOException {
    // docs/security.md 3.8: the shared per-method gate (HandshakeConstantTimeTest has the
    // positive controls); here the method that checks the SHA-256, and not its neighbours
    assertThat(Bytecode.constantTimeViolations(RsaPad.class, "decryptAndParse", Bytecode.IS_EQUAL))
        .isEmpty();
    // control: the encryption compares nothing, so the same gate fails on it
    assertThat(Bytecode.constantTimeViolations(RsaPad.class, "encode", Bytecode.IS_EQUAL))
        .containsExactly("RsaPad.encode does not call " + Bytecode.IS_EQUAL);
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** (type, reason, message, cause) of what {@code call} throws. */
  private static String outcome(Call call) {
    try {
      call.run();
      return "accepted";
    } catch (CheckFailedException e) {
      return e.getClass().getName() + "|" + e.reason() + "|" + e.getMessage() + "|" + e.getCause();
    } catch (Exception | Error e) {
      return "other: " + e;
    }
  }

  private static String expectedOutcome() {
    CheckFailedException e = new CheckFailedException(CheckReason.RSA_PAD_INVALID);
    return e.getClass().getName() + "|" + e.reason() + "|" + e.getMessage() + "|null";
  }
}
