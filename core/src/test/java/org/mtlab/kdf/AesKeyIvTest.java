package org.mtlab.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeIv;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import org.mtlab.key.Sender;
import org.mtlab.testing.Secrets;
import org.mtlab.testing.Seeds;

/** {@link AesKeyIv}: destroy and close wipe both halves (B10), toString is redacted (B11). */
class AesKeyIvTest {
  private final SplittableRandom random =
      new SplittableRandom(Seeds.cases("aes-key-iv", 1).findFirst().getAsLong());

  @Test
  void b10_closeDestroysAndZeroesBothKeyAndIv() {
    byte[] k = Seeds.bytes(random, 32);
    byte[] v = Seeds.bytes(random, 32);
    AesKeyIv kv = new AesKeyIv(Aes256Key.copyOf(k), IgeIv.copyOf(v));
    byte[] keyArray = Secrets.internalArray(kv.key());
    byte[] ivArray = Secrets.internalArray(kv.iv());
    assertThat(kv.isDestroyed()).isFalse();
    try (AesKeyIv owned = kv) {
      assertThat(owned.key().reveal(SecretAccess.explicitly())).isEqualTo(k);
    }
    assertThat(kv.isDestroyed()).isTrue();
    assertThat(kv.key().isDestroyed()).isTrue();
    assertThat(kv.iv().isDestroyed()).isTrue();
    assertThat(keyArray).containsOnly((byte) 0);
    assertThat(ivArray).containsOnly((byte) 0);
    assertThatThrownBy(() -> kv.key().reveal(SecretAccess.explicitly()))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kv.iv().reveal(SecretAccess.explicitly()))
        .isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void b10_isDestroyedOnlyWhenBothHalvesAre() {
    AesKeyIv kv = new AesKeyIv(Aes256Key.copyOf(new byte[32]), IgeIv.copyOf(new byte[32]));
    kv.key().destroy();
    assertThat(kv.isDestroyed()).isFalse();
    kv.destroy();
    assertThat(kv.isDestroyed()).isTrue();
  }

  @Test
  void b11_derivedKeyMaterialIsNeverPrinted() {
    AuthKey authKey = AuthKey.copyOf(Seeds.bytes(random, 256));
    MsgKey msgKey = MsgKey.copyOf(Seeds.bytes(random, 16));
    for (AesKeyIv kv :
        new AesKeyIv[] {
          MessageKdf.derive(authKey, msgKey, Sender.CLIENT),
          MessageKdf.deriveReference(authKey, msgKey, Sender.SERVER),
          LegacyMessageKdf.derive(authKey, msgKey, Sender.CLIENT),
          HandshakeKdf.tmpAesKeyIv(
              NewNonce.copyOf(Seeds.bytes(random, 32)), Seeds.bytes(random, 16)),
        }) {
      byte[] key = kv.key().reveal(SecretAccess.explicitly());
      byte[] iv = kv.iv().reveal(SecretAccess.explicitly());
      for (String s : new String[] {kv.toString(), kv.key().toString(), kv.iv().toString()}) {
        Secrets.assertNoHexWindow(s, key);
        Secrets.assertNoHexWindow(s, iv);
        Secrets.assertNoHexWindow(s, authKey.reveal(SecretAccess.explicitly()));
      }
    }
  }

  @Test
  void nullHalvesAreNpesNamingThem() {
    assertThatNullPointerException()
        .isThrownBy(() -> new AesKeyIv(null, IgeIv.zero()))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> new AesKeyIv(Aes256Key.copyOf(new byte[32]), null))
        .withMessageContaining("iv");
  }
}
