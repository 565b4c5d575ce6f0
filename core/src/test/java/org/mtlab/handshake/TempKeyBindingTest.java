package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.handshake.Fixtures.concat;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.testing.Vectors;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.BindAuthKeyInner;
import org.mtlab.tl.HandshakeMessage.BindTempAuthKey;

/** The auth.bindTempAuthKey message: mtproto1_kdf.json's bind vector, and the server check. */
class TempKeyBindingTest {
  private static final Instant BEFORE_EXPIRY = Instant.ofEpochSecond(1_700_000_000L);

  private static JsonObject vector() {
    for (JsonObject v : Vectors.published("mtproto1_kdf.json")) {
      if (Vectors.str(v, "id").equals("bind-temp-auth-key-derived")) {
        return v;
      }
    }
    throw new IllegalStateException();
  }

  private static BindAuthKeyInner inner(JsonObject v) {
    JsonObject i = v.getAsJsonObject("bind_auth_key_inner");
    return new BindAuthKeyInner(
        i.get("nonce").getAsLong(),
        i.get("temp_auth_key_id").getAsLong(),
        i.get("perm_auth_key_id").getAsLong(),
        i.get("temp_session_id").getAsLong(),
        i.get("expires_at").getAsInt());
  }

  private static byte[] encrypted(JsonObject v) {
    FixedSecureRandom random =
        new FixedSecureRandom(concat(Vectors.hex(v, "random_prefix"), Vectors.hex(v, "padding")));
    AuthKey perm = AuthKey.copyOf(Vectors.hex(v, "perm_auth_key"));
    Bytes em = TempKeyBinding.encryptedMessage(perm, inner(v), v.get("msg_id").getAsLong(), random);
    assertThat(random.isExhausted()).isTrue();
    return em.toByteArray();
  }

  @Test
  void bindVector_byteForByte() throws Exception {
    JsonObject v = vector();
    AuthKey perm = AuthKey.copyOf(Vectors.hex(v, "perm_auth_key"));
    assertThat(perm.id().hex()).isEqualTo(Vectors.str(v, "perm_auth_key_id"));
    assertThat(Hex.encode(inner(v).toByteArray()))
        .isEqualTo(Vectors.str(v.getAsJsonObject("bind_auth_key_inner"), "serialized"));
    byte[] em = encrypted(v);
    assertThat(Hex.encode(em)).isEqualTo(Vectors.str(v, "encrypted_message"));
    assertThat(Hex.encode(em, 8, 16)).isEqualTo(Vectors.str(v, "msg_key"));
  }

  private static BindTempAuthKey request(JsonObject v, byte[] encryptedMessage) {
    BindAuthKeyInner inner = inner(v);
    return new BindTempAuthKey(
        inner.permAuthKeyId(), inner.nonce(), inner.expiresAt(), Bytes.copyOf(encryptedMessage));
  }

  @Test
  void serverAcceptsTheVector_andRejectsEveryMismatch() throws Exception {
    JsonObject v = vector();
    AuthKey perm = AuthKey.copyOf(Vectors.hex(v, "perm_auth_key"));
    BindAuthKeyInner inner = inner(v);
    long msgId = v.get("msg_id").getAsLong();
    AuthKeyId tempId = new AuthKeyId(inner.tempAuthKeyId());
    long session = inner.tempSessionId();
    BindTempAuthKey req = request(v, encrypted(v));
    assertThat(TempKeyBinding.verify(req, msgId, tempId, session, perm, BEFORE_EXPIRY))
        .isEqualTo(inner);

    assertBindInvalid(
        () -> TempKeyBinding.verify(req, msgId + 4, tempId, session, perm, BEFORE_EXPIRY));
    assertBindInvalid(
        () ->
            TempKeyBinding.verify(
                req, msgId, new AuthKeyId(tempId.value() + 1), session, perm, BEFORE_EXPIRY));
    assertBindInvalid(
        () -> TempKeyBinding.verify(req, msgId, tempId, session + 1, perm, BEFORE_EXPIRY));
    assertBindInvalid(
        () ->
            TempKeyBinding.verify(
                req, msgId, tempId, session, perm, Instant.ofEpochSecond(inner.expiresAt())));
    AuthKey otherPerm = AuthKey.copyOf(new byte[256]);
    assertBindInvalid(
        () -> TempKeyBinding.verify(req, msgId, tempId, session, otherPerm, BEFORE_EXPIRY));
    // the outer nonce and expires_at must equal the inner ones
    BindTempAuthKey otherNonce =
        new BindTempAuthKey(
            req.permAuthKeyId(), req.nonce() + 1, req.expiresAt(), req.encryptedMessage());
    assertBindInvalid(
        () -> TempKeyBinding.verify(otherNonce, msgId, tempId, session, perm, BEFORE_EXPIRY));
    BindTempAuthKey otherExpiry =
        new BindTempAuthKey(
            req.permAuthKeyId(), req.nonce(), req.expiresAt() + 1, req.encryptedMessage());
    assertBindInvalid(
        () -> TempKeyBinding.verify(otherExpiry, msgId, tempId, session, perm, BEFORE_EXPIRY));
    BindTempAuthKey otherPermId =
        new BindTempAuthKey(
            req.permAuthKeyId() + 1, req.nonce(), req.expiresAt(), req.encryptedMessage());
    assertBindInvalid(
        () -> TempKeyBinding.verify(otherPermId, msgId, tempId, session, perm, BEFORE_EXPIRY));
  }

  @Test
  void everyBitFlipAndTruncation_isTheSameBindInvalid() throws Exception {
    JsonObject v = vector();
    AuthKey perm = AuthKey.copyOf(Vectors.hex(v, "perm_auth_key"));
    BindAuthKeyInner inner = inner(v);
    long msgId = v.get("msg_id").getAsLong();
    byte[] em = encrypted(v);
    Set<String> outcomes = new HashSet<>();
    for (int bit = 0; bit < em.length * 8; bit++) {
      byte[] flipped = em.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      outcomes.add(outcome(request(v, flipped), msgId, inner, perm));
    }
    for (int len = 0; len < em.length; len += 8) {
      outcomes.add(outcome(request(v, java.util.Arrays.copyOf(em, len)), msgId, inner, perm));
    }
    outcomes.add(outcome(request(v, concat(em, new byte[16])), msgId, inner, perm));
    assertThat(outcomes)
        .containsExactly(CheckReason.BIND_INVALID + ": " + CheckReason.BIND_INVALID.description());
  }

  @Test
  void requestFromHandshakeKeys_roundTrips() throws Exception {
    AuthKey perm = AuthKey.copyOf(Fixtures.randomBytes(256, 1));
    AuthKey temp = AuthKey.copyOf(Fixtures.randomBytes(256, 2));
    BindTempAuthKey req =
        TempKeyBinding.request(
            perm,
            temp,
            77L,
            1_800_000_000,
            0x6000000000000004L,
            org.mtlab.testing.Seeds.secureRandom(3, "bind"));
    assertThat(req.encryptedMessage().length()).isEqualTo(TempKeyBinding.ENCRYPTED_MESSAGE_LENGTH);
    assertThat(HandshakeMessage.parse(req.toByteArray())).isEqualTo(req);
    BindAuthKeyInner inner =
        TempKeyBinding.verify(req, 0x6000000000000004L, temp.id(), 77L, perm, BEFORE_EXPIRY);
    assertThat(inner.permAuthKeyId()).isEqualTo(perm.id().value());
    assertThat(inner.tempAuthKeyId()).isEqualTo(temp.id().value());
  }

  private static String outcome(
      BindTempAuthKey req, long msgId, BindAuthKeyInner inner, AuthKey perm) {
    try {
      TempKeyBinding.verify(
          req,
          msgId,
          new AuthKeyId(inner.tempAuthKeyId()),
          inner.tempSessionId(),
          perm,
          BEFORE_EXPIRY);
      return "accepted";
    } catch (CheckFailedException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return "other: " + e;
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void assertBindInvalid(Call call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.BIND_INVALID);
  }
}
