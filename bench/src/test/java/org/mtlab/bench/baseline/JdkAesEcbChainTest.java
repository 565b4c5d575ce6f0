package org.mtlab.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decryption chain baseline does the work it claims, z_(i+1) = D(z_i), checked on Bouncy
 * Castle's AES.
 */
class JdkAesEcbChainTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 64, 1024})
  void eachBlockIsTheDecryptionOfThePreviousOne(int blocks) {
    SplittableRandom random = new SplittableRandom(blocks);
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] start = new byte[40];
    random.nextBytes(start);

    BlockCipher aes = AESEngine.newInstance();
    aes.init(false, new KeyParameter(key));
    byte[] z = Arrays.copyOfRange(start, 8, 24);
    byte[] next = new byte[16];
    for (int i = 0; i < blocks; i++) {
      aes.processBlock(z, 0, next, 0);
      System.arraycopy(next, 0, z, 0, 16);
    }

    JdkAesEcbChain chain = new JdkAesEcbChain(key);
    assertThat(chain.decrypt(start, 8, blocks)).isEqualTo(z);
    // Again: the object's state does not leak from one call into the next.
    assertThat(chain.decrypt(start, 8, blocks)).isEqualTo(z);
  }

  @Test
  void refusesAnEmptyChainAndAStartBlockOutsideTheArray() {
    JdkAesEcbChain chain = new JdkAesEcbChain(new byte[32]);
    assertThatThrownBy(() -> chain.decrypt(new byte[16], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> chain.decrypt(new byte[16], 1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
