package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Secrets;
import org.mtlab.testing.Seeds;

/** B10-B12 for {@link Aes256Key} and {@link IgeIv}, and B11 for {@link IgeCipher}. */
class KeyMaterialTest {
  private final SplittableRandom random =
      new SplittableRandom(Seeds.cases("key-material", 1).findFirst().getAsLong());
  private final byte[] keyBytes = Seeds.bytes(random, 32);
  private final byte[] ivBytes = Seeds.bytes(random, 32);

  @Test
  void b10_destroyedAes256KeyZeroesItsArrayAndRefusesUse() {
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    byte[] internal = Secrets.internalArray(key);
    assertThat(internal).isEqualTo(keyBytes);
    assertThat(key.isDestroyed()).isFalse();

    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThat(internal).containsOnly((byte) 0);
    assertThatThrownBy(() -> key.reveal(SecretAccess.explicitly()))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destroyed");
    Aes256Key other = Aes256Key.copyOf(keyBytes);
    assertThatThrownBy(() -> key.constantTimeEquals(other))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> other.constantTimeEquals(key))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IgeCipher.encryptor(key, IgeIv.copyOf(ivBytes)))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AesCtr.create(key, new byte[16]))
        .isExactlyInstanceOf(IllegalStateException.class);
    IgeCipher c = IgeCipher.unkeyed(CipherDirection.DECRYPT, AesEngine.BOUNCY_CASTLE);
    assertThatThrownBy(() -> c.rekey(key, IgeIv.copyOf(ivBytes)))
        .isExactlyInstanceOf(IllegalStateException.class);
    key.destroy(); // a second destroy is harmless
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.toString()).doesNotContain(Hex.encode(keyBytes, 0, 8));
  }

  @Test
  void b10_destroyedIgeIvZeroesItsArrayAndRefusesUse() {
    IgeIv iv = IgeIv.copyOf(ivBytes);
    byte[] internal = Secrets.internalArray(iv);
    assertThat(internal).isEqualTo(ivBytes);
    iv.destroy();
    assertThat(iv.isDestroyed()).isTrue();
    assertThat(internal).containsOnly((byte) 0);
    assertThatThrownBy(() -> iv.reveal(SecretAccess.explicitly()))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IgeCipher.decryptor(Aes256Key.copyOf(keyBytes), iv))
        .isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void b10_aCipherBuiltBeforeTheKeyWasDestroyedKeepsItsOwnCopy() {
    // documented: JCE and BC key schedules hold their own copies; destroy() wipes ours only
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    IgeIv iv = IgeIv.copyOf(ivBytes);
    byte[] p = Seeds.bytes(random, 32);
    byte[] expected = IgeReference.encrypt(key, iv, p);
    IgeCipher c = IgeCipher.encryptor(key, iv);
    key.destroy();
    iv.destroy();
    byte[] out = new byte[32];
    c.process(p, 0, 32, out, 0);
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void b11_toStringsShowNoPieceOfKeyOrIv() {
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    IgeIv iv = IgeIv.copyOf(ivBytes);
    for (Object o :
        new Object[] {
          key,
          iv,
          IgeCipher.encryptor(key, iv),
          IgeCipher.decryptor(key, iv),
          IgeCipher.create(key, iv, CipherDirection.ENCRYPT, AesEngine.BOUNCY_CASTLE),
          AesCtr.create(key, Arrays.copyOf(ivBytes, 16)),
        }) {
      String s = String.valueOf(o);
      Secrets.assertNoHexWindow(s, keyBytes);
      Secrets.assertNoHexWindow(s, ivBytes);
    }
    IgeCipher used = IgeCipher.encryptor(key, iv);
    byte[] p = Seeds.bytes(random, 64);
    byte[] c = new byte[64];
    used.process(p, 0, 64, c, 0);
    // the chaining state after use (last plaintext and ciphertext blocks) is not shown either
    Secrets.assertNoHexWindow(used.toString(), p);
    Secrets.assertNoHexWindow(used.toString(), c);
  }

  @Test
  void b11_theRedactionCheckCanFail() {
    // positive control: the helper really finds a secret window inside a string
    String leaky = "Key[" + Hex.encode(keyBytes, 5, 8).toUpperCase(java.util.Locale.ROOT) + "]";
    assertThatThrownBy(() -> Secrets.assertNoHexWindow(leaky, keyBytes))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void b12_mutatingRevealedArraysOrTheSourceArrayLeavesTheKeyUnchanged() {
    byte[] source = keyBytes.clone();
    Aes256Key key = Aes256Key.copyOf(source);
    byte[] revealed = key.reveal(SecretAccess.explicitly());
    Arrays.fill(revealed, (byte) 0x55);
    Arrays.fill(source, (byte) 0x66);
    assertThat(key.reveal(SecretAccess.explicitly())).isEqualTo(keyBytes);
    assertThat(key.reveal(SecretAccess.explicitly()))
        .isNotSameAs(key.reveal(SecretAccess.explicitly()));

    byte[] ivSource = ivBytes.clone();
    IgeIv iv = IgeIv.copyOf(ivSource);
    byte[] ivRevealed = iv.reveal(SecretAccess.explicitly());
    Arrays.fill(ivRevealed, (byte) 0x55);
    Arrays.fill(ivSource, (byte) 0x66);
    assertThat(iv.reveal(SecretAccess.explicitly())).isEqualTo(ivBytes);

    byte[] withOffset = new byte[40];
    System.arraycopy(keyBytes, 0, withOffset, 8, 32);
    Aes256Key fromOffset = Aes256Key.copyOf(withOffset, 8);
    Arrays.fill(withOffset, (byte) 0);
    assertThat(fromOffset.reveal(SecretAccess.explicitly())).isEqualTo(keyBytes);

    // the key still encrypts as the original bytes do
    byte[] p = Seeds.bytes(random, 48);
    assertThat(AesIge.encrypt(key, iv, p))
        .isEqualTo(AesIge.encrypt(Aes256Key.copyOf(keyBytes), IgeIv.copyOf(ivBytes), p));
  }

  @Test
  void revealNeedsTheAccessToken() {
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    assertThatNullPointerException()
        .isThrownBy(() -> key.reveal(null))
        .withMessageContaining("access");
    IgeIv iv = IgeIv.copyOf(ivBytes);
    assertThatNullPointerException()
        .isThrownBy(() -> iv.reveal(null))
        .withMessageContaining("access");
  }

  @Test
  void constantTimeEqualsComparesKeyBytes() {
    Aes256Key a = Aes256Key.copyOf(keyBytes);
    assertThat(a.constantTimeEquals(Aes256Key.copyOf(keyBytes))).isTrue();
    for (int i = 0; i < 32; i++) {
      byte[] other = keyBytes.clone();
      other[i] ^= 0x01;
      assertThat(a.constantTimeEquals(Aes256Key.copyOf(other))).as("differs at %d", i).isFalse();
    }
  }

  @Test
  void hexFactoriesDecodeTheSameBytes() {
    assertThat(Aes256Key.fromHex(Hex.encode(keyBytes)).reveal(SecretAccess.explicitly()))
        .isEqualTo(keyBytes);
    assertThat(
            IgeIv.fromHex(Hex.encode(ivBytes).toUpperCase(java.util.Locale.ROOT))
                .reveal(SecretAccess.explicitly()))
        .isEqualTo(ivBytes);
    assertThat(IgeIv.zero().reveal(SecretAccess.explicitly())).isEqualTo(new byte[32]);
  }
}
