package org.mtlab.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Secrets;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.Vectors;

/** {@link AuthKey}: auth_key_id and aux_hash against the vectors, and B9-B12. */
class AuthKeyTest {
  private final SplittableRandom random =
      new SplittableRandom(Seeds.cases("auth-key", 1).findFirst().getAsLong());
  private final byte[] keyBytes = Seeds.bytes(random, 256);

  // --- vectors ---------------------------------------------------------------------------

  static Stream<Arguments> generatedIds() {
    List<JsonObject> cases = Vectors.generated("auth_key_id.json");
    return cases.stream().map(c -> Arguments.of(Vectors.str(c, "auth_key_id"), c));
  }

  @ParameterizedTest(name = "auth_key_id {0}")
  @MethodSource("generatedIds")
  void generatedAuthKeyIdIsTheLow64BitsOfSha1(String expectedHex, JsonObject c) {
    AuthKey key = AuthKey.fromHex(Vectors.str(c, "auth_key"));
    byte[] wire = Vectors.hex(c, "auth_key_id");
    assertThat(key.id().hex()).isEqualTo(expectedHex);
    assertThat(key.id().toWire()).isEqualTo(wire);
    assertThat(key.id()).isEqualTo(AuthKeyId.fromWire(wire, 0));
    assertThat(key.id().value()).isEqualTo(LittleEndian.getLong(wire, 0));
    assertThat(AuthKey.copyOf(Vectors.hex(c, "auth_key")).id()).isEqualTo(key.id());
  }

  /** Every published vector that states an auth key's id (and aux hash). */
  static Stream<Arguments> publishedIds() {
    List<Arguments> out = new ArrayList<>();
    for (String file :
        new String[] {"mtproto2_kdf.json", "handshake_kdf.json", "mtproto1_kdf.json"}) {
      for (JsonObject v : Vectors.published(file)) {
        if (Vectors.has(v, "auth_key_id") || Vectors.has(v, "perm_auth_key_id")) {
          out.add(Arguments.of(file + " " + Vectors.str(v, "id"), v));
        }
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(4);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedIds")
  void publishedAuthKeyIdAndAuxHash(String name, JsonObject v) {
    boolean perm = Vectors.has(v, "perm_auth_key_id");
    String prefix = perm ? "perm_" : "";
    AuthKey key = AuthKey.fromHex(Vectors.str(v, prefix + "auth_key"));
    assertThat(key.id().hex()).isEqualTo(Vectors.str(v, prefix + "auth_key_id"));
    if (Vectors.has(v, prefix + "auth_key_id_int64")) {
      assertThat(key.id().value()).isEqualTo(Vectors.int64(v, prefix + "auth_key_id_int64"));
    }
    if (Vectors.has(v, "auth_key_aux_hash")) {
      byte[] aux = Vectors.hex(v, "auth_key_aux_hash");
      assertThat(key.auxHashBytes()).isEqualTo(aux);
      assertThat(key.auxHash()).isEqualTo(LittleEndian.getLong(aux, 0));
    }
  }

  @Test
  void idAndAuxHashAreTheTwoEndsOfSha1() throws Exception {
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(keyBytes);
    AuthKey key = AuthKey.copyOf(keyBytes);
    assertThat(key.id().toWire()).isEqualTo(Arrays.copyOfRange(sha1, 12, 20));
    assertThat(key.auxHashBytes()).isEqualTo(Arrays.copyOfRange(sha1, 0, 8));
  }

  // --- B9 ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 255, 257, 512})
  void b9_authKeyOfWrongLengthIsRejectedNamingExpectedAndActual(int length) {
    assertThatThrownBy(() -> AuthKey.copyOf(new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256")
        .hasMessageContaining("got " + length);
    assertThatThrownBy(() -> AuthKey.fromHex("0f".repeat(length)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bytes")
        .hasMessageContaining("got " + length + " bytes");
  }

  @Test
  void b9_badHexIsRejectedNamingTheOffset() {
    String hex = Hex.encode(keyBytes);
    String bad = hex.substring(0, 100) + "zz" + hex.substring(102);
    assertThatThrownBy(() -> AuthKey.fromHex(bad))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth_key")
        .hasMessageContaining("offset 100");
  }

  @Test
  void nullsAreNpesNamingTheParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> AuthKey.copyOf(null))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> AuthKey.fromHex(null))
        .withMessageContaining("hex");
    AuthKey key = AuthKey.copyOf(keyBytes);
    assertThatNullPointerException()
        .isThrownBy(() -> key.reveal(null))
        .withMessageContaining("access");
    assertThatNullPointerException()
        .isThrownBy(() -> key.reveal(null, 0, 8))
        .withMessageContaining("access");
    assertThatNullPointerException()
        .isThrownBy(() -> key.updateDigest(SecretAccess.explicitly(), null, 0, 8))
        .withMessageContaining("digest");
  }

  @Test
  void slicesOutsideTheKeyAreIndexOutOfBounds() throws Exception {
    AuthKey key = AuthKey.copyOf(keyBytes);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ThrowingCallable[] calls = {
      () -> key.reveal(SecretAccess.explicitly(), -1, 8),
      () -> key.reveal(SecretAccess.explicitly(), 250, 7),
      () -> key.reveal(SecretAccess.explicitly(), 8, Integer.MAX_VALUE),
      () -> key.updateDigest(SecretAccess.explicitly(), md, 249, 8),
      () -> key.updateDigest(SecretAccess.explicitly(), md, 0, -1),
      () -> key.updateDigest(SecretAccess.explicitly(), md, Integer.MAX_VALUE, 2),
    };
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(IndexOutOfBoundsException.class);
    }
    // nothing was fed to the digest
    assertThat(md.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
  }

  @Test
  void sliceAccessorsReturnTheRightBytes() throws Exception {
    AuthKey key = AuthKey.copyOf(keyBytes);
    assertThat(key.reveal(SecretAccess.explicitly(), 88, 32))
        .isEqualTo(Arrays.copyOfRange(keyBytes, 88, 120));
    assertThat(key.reveal(SecretAccess.explicitly(), 256, 0)).isEmpty();
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    key.updateDigest(SecretAccess.explicitly(), md, 96, 32);
    assertThat(md.digest())
        .isEqualTo(
            MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(keyBytes, 96, 128)));
  }

  // --- B10 ---------------------------------------------------------------------------------

  @Test
  void b10_destroyedAuthKeyZeroesItsArrayAndEveryUseIsAnIllegalStateException() throws Exception {
    AuthKey key = AuthKey.copyOf(keyBytes);
    AuthKey other = AuthKey.copyOf(keyBytes);
    byte[] internal = Secrets.internalArray(key);
    assertThat(internal).isEqualTo(keyBytes);
    assertThat(key.isDestroyed()).isFalse();

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThat(internal).containsOnly((byte) 0);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ThrowingCallable[] uses = {
      key::id,
      key::auxHash,
      key::auxHashBytes,
      () -> key.reveal(SecretAccess.explicitly()),
      () -> key.reveal(SecretAccess.explicitly(), 0, 8),
      () -> key.updateDigest(SecretAccess.explicitly(), md, 0, 32),
      () -> key.constantTimeEquals(other),
      () -> other.constantTimeEquals(key),
    };
    for (int i = 0; i < uses.length; i++) {
      assertThatThrownBy(uses[i])
          .as("use %d", i)
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("destroyed");
    }
    assertThat(md.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    assertThat(key.toString()).isEqualTo("AuthKey[destroyed]");
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThat(other.isDestroyed()).isFalse();
    assertThat(other.reveal(SecretAccess.explicitly())).isEqualTo(keyBytes);
  }

  // --- B11 ---------------------------------------------------------------------------------

  @Test
  void b11_toStringShowsOnlyThePublicIdNeverKeyBytes() {
    AuthKey key = AuthKey.copyOf(keyBytes);
    String s = key.toString();
    Secrets.assertNoHexWindow(s, keyBytes);
    assertThat(s).contains(key.id().hex()).contains("redacted");
    Secrets.assertNoHexWindow(String.format("%s", key), keyBytes);
  }

  // --- B12 ---------------------------------------------------------------------------------

  @Test
  void b12_mutatingRevealedArraysOrTheSourceLeavesTheKeyUnchanged() {
    byte[] source = keyBytes.clone();
    AuthKey key = AuthKey.copyOf(source);
    AuthKeyId id = key.id();
    Arrays.fill(source, (byte) 1);
    byte[] all = key.reveal(SecretAccess.explicitly());
    byte[] part = key.reveal(SecretAccess.explicitly(), 0, 32);
    byte[] aux = key.auxHashBytes();
    Arrays.fill(all, (byte) 2);
    Arrays.fill(part, (byte) 3);
    Arrays.fill(aux, (byte) 4);
    assertThat(key.reveal(SecretAccess.explicitly())).isEqualTo(keyBytes);
    assertThat(key.id()).isEqualTo(id);
    assertThat(key.auxHashBytes()).isEqualTo(AuthKey.copyOf(keyBytes).auxHashBytes());
    assertThat(key.constantTimeEquals(AuthKey.copyOf(keyBytes))).isTrue();
  }

  @Test
  void constantTimeEqualsSeesEveryByte() {
    AuthKey key = AuthKey.copyOf(keyBytes);
    for (int i = 0; i < 256; i += 17) {
      byte[] other = keyBytes.clone();
      other[i] ^= (byte) 0x80;
      assertThat(key.constantTimeEquals(AuthKey.copyOf(other))).as("differs at %d", i).isFalse();
    }
    assertThat(key.constantTimeEquals(AuthKey.fromHex(Hex.encode(keyBytes)))).isTrue();
  }

  // --- AuthKeyId -----------------------------------------------------------------------------

  @Test
  void authKeyIdIsAValueWithLittleEndianWireBytes() {
    byte[] wire = Hex.decode("0102030405060708");
    AuthKeyId id = AuthKeyId.fromWire(wire, 0);
    assertThat(id.value()).isEqualTo(0x0807060504030201L);
    assertThat(id.toWire()).isEqualTo(wire);
    assertThat(id.hex()).isEqualTo("0102030405060708");
    assertThat(id)
        .isEqualTo(new AuthKeyId(0x0807060504030201L))
        .hasSameHashCodeAs(new AuthKeyId(0x0807060504030201L));
    assertThat(id.toString()).isEqualTo("AuthKeyId[0102030405060708]");
    assertThat(AuthKeyId.fromWire(Hex.decode("ff0102030405060708"), 1)).isEqualTo(id);
    assertThatThrownBy(() -> AuthKeyId.fromWire(wire, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
