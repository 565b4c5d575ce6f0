package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Vectors;

/** Fingerprints of the 13 published keys, TDLib's raw RSA check, key pairs. */
class ServerRsaKeyTest {

  static Stream<Arguments> keys() {
    return Vectors.published("rsa_fingerprints.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void fingerprint_ofEveryPublishedKey(String id, JsonObject v) {
    BigInteger n = new BigInteger(Vectors.str(v, "n"), 16);
    BigInteger e = BigInteger.valueOf(v.get("e").getAsLong());
    assertThat(n.bitLength()).isEqualTo(v.get("n_bits").getAsInt());
    long fp = ServerRsaKey.fingerprint(n, e);
    assertThat(fp).isEqualTo(v.get("fingerprint_int64").getAsLong());
    assertThat(Long.toHexString(fp))
        .isEqualTo(Vectors.str(v, "fingerprint_hex").replaceFirst("^0+", ""));
    if (n.bitLength() == 2048) {
      ServerRsaKey key = ServerRsaKey.of(n, e);
      assertThat(key.fingerprint()).isEqualTo(fp);
      assertThat(key.fingerprintHex()).isEqualTo(Vectors.str(v, "wire_bytes"));
    } else {
      // gotd's 1024-bit key: fingerprint rule only; RSA_PAD needs 2048 bits
      assertThatThrownBy(() -> ServerRsaKey.of(n, e)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tdlibRawRsaCheck() {
    JsonObject v =
        Vectors.published("rsa_fingerprints.json").stream()
            .filter(o -> Vectors.str(o, "id").equals("tdlib-unit-test-key"))
            .findFirst()
            .orElseThrow();
    JsonObject check = v.getAsJsonObject("raw_rsa_check");
    ServerRsaKey key =
        ServerRsaKey.of(new BigInteger(Vectors.str(v, "n"), 16), BigInteger.valueOf(65537));
    byte[] out = key.encryptRaw(Vectors.hex(check, "input_hex"));
    assertThat(Hex.encode(out)).isEqualTo(Vectors.str(check, "output"));
  }

  @Test
  void encryptRaw_rejectsBadInput() {
    ServerRsaKey key = org.mtlab.testing.DemoRsaKey.pair().publicKey();
    assertThatThrownBy(() -> key.encryptRaw(new byte[255]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> key.encryptRaw(ServerRsaKey.toFixed(key.modulus(), 256)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatedKeyPair_decryptsWhatItsPublicKeyEncrypts() throws Exception {
    SecureRandom random = org.mtlab.testing.Seeds.secureRandom(5, "rsa-keygen");
    ServerRsaKeyPair pair = ServerRsaKeyPair.generate(random);
    assertThat(pair.publicKey().modulus().bitLength()).isEqualTo(2048);
    assertThat(pair.publicKey().exponent()).isEqualTo(BigInteger.valueOf(65537));
    byte[] data = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] enc = RsaPad.encrypt(SecretAccess.explicitly(), data, pair.publicKey(), random);
    assertThat(
            new String(
                RsaPad.decrypt(SecretAccess.explicitly(), enc, pair, random),
                0,
                5,
                java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    assertThat(pair.toString()).contains(pair.publicKey().fingerprintHex()).contains("redacted");
  }

  @Test
  void demoKey_isAValid2048BitPair_andLoadable() {
    ServerRsaKeyPair demo = org.mtlab.testing.DemoRsaKey.pair();
    assertThat(demo.publicKey().modulus().bitLength()).isEqualTo(2048);
    BigInteger m =
        new BigInteger(1, "a message below n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] c = demo.publicKey().encryptRaw(ServerRsaKey.toFixed(m, 256));
    assertThat(
            new BigInteger(
                1,
                demo.decryptRaw(
                    new BigInteger(1, c), org.mtlab.testing.Seeds.secureRandom(1, "blind"))))
        .isEqualTo(m);
    assertThatThrownBy(
            () ->
                ServerRsaKeyPair.fromPrimes(
                    BigInteger.valueOf(15), BigInteger.valueOf(17), BigInteger.valueOf(65537)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadsAJdkCrtKey() throws Exception {
    // a key made by the JDK's generator: what JDK RSA/ECB/NoPadding encrypts, we open
    java.security.SecureRandom r = org.mtlab.testing.Seeds.secureRandom(4, "jdk");
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048, r);
    java.security.KeyPair jdk = gen.generateKeyPair();
    ServerRsaKeyPair pair =
        ServerRsaKeyPair.fromJdk((java.security.interfaces.RSAPrivateCrtKey) jdk.getPrivate());
    assertThat(pair.publicKey().modulus())
        .isEqualTo(((java.security.interfaces.RSAPublicKey) jdk.getPublic()).getModulus());
    javax.crypto.Cipher rsa = javax.crypto.Cipher.getInstance("RSA/ECB/NoPadding");
    rsa.init(javax.crypto.Cipher.ENCRYPT_MODE, jdk.getPublic());
    byte[] m = new byte[256];
    m[1] = 0x42;
    m[255] = 0x17;
    byte[] c = rsa.doFinal(m);
    assertThat(pair.decryptRaw(new BigInteger(1, c), r)).isEqualTo(m);
    assertThat(pair.publicKey().encryptRaw(m))
        .isEqualTo(ServerRsaKey.toFixed(new BigInteger(1, c), 256));
  }

  @Test
  void fixedAndMinimalEncodings() {
    assertThat(ServerRsaKey.toFixed(BigInteger.ONE, 4)).containsExactly(0, 0, 0, 1);
    // toByteArray adds a sign byte when the top bit is set: it must be dropped
    assertThat(ServerRsaKey.toFixed(BigInteger.valueOf(0xff), 1)).containsExactly(0xff);
    assertThat(ServerRsaKey.unsignedBytes(BigInteger.valueOf(0x80))).containsExactly(0x80);
    assertThat(ServerRsaKey.unsignedBytes(BigInteger.ZERO)).containsExactly(0);
    assertThatThrownBy(() -> ServerRsaKey.toFixed(BigInteger.valueOf(0x1ff), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
