package org.mtlab.bench.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mtlab.message.InnerMessage;

/**
 * The benchmark measures what it says: seal and open round-trip and move forward through msg_ids
 * and AES keys, the parts run over exactly the bytes seal and open process, and the rekey and
 * padding baselines do real work. The benchmarks' speed is not tested here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageBenchTest {
  private MessageBench bench;
  private MessageBench.Message message;

  @BeforeAll
  void setUp() throws Exception {
    bench = new MessageBench();
    bench.setUp();
    message = new MessageBench.Message();
    message.size = 1024;
    message.setUp();
  }

  @Test
  void partsCoverHeaderDataAndMinimalPadding() {
    // 32-byte header + 1024 bytes of data + 16 bytes of padding (12 rounded up to a block)
    assertThat(message.bytes).isEqualTo(1072);
    assertThat(message.frameLength).isEqualTo(24 + 1072);
  }

  @Test
  void sealWritesFramesThatOpenToTheDataUnderIncreasingMsgIds() throws Exception {
    long before = message.msgId;
    byte[] first = bench.seal(message).clone();
    byte[] second = bench.seal(message).clone();
    assertThat(Arrays.copyOf(first, message.frameLength))
        .isNotEqualTo(Arrays.copyOf(second, message.frameLength));
    // same auth_key_id, different msg_key
    assertThat(Arrays.copyOf(first, 8)).isEqualTo(Arrays.copyOf(second, 8));
    assertThat(Arrays.copyOfRange(first, 8, 24)).isNotEqualTo(Arrays.copyOfRange(second, 8, 24));

    InnerMessage a = openOne(first);
    InnerMessage b = openOne(second);
    assertThat(a.msgId().value()).isEqualTo(before + 4);
    assertThat(b.msgId().value()).isEqualTo(before + 8);
    assertThat(a.data().toByteArray()).isEqualTo(message.data);
    assertThat(b.data().toByteArray()).isEqualTo(message.data);
    assertThat(a.salt()).isEqualTo(message.salt);
    assertThat(a.sessionId()).isEqualTo(message.session);
  }

  @Test
  void openAlternatesBetweenTwoFramesWithDifferentKeys() throws Exception {
    assertThat(Arrays.copyOfRange(message.sealed[0], 8, 24))
        .isNotEqualTo(Arrays.copyOfRange(message.sealed[1], 8, 24));
    long[] ids = new long[3];
    for (int i = 0; i < ids.length; i++) {
      byte[] inner = bench.open(message);
      InnerMessage m = InnerMessage.readFrom(inner, 0, InnerMessage.HEADER_LENGTH + message.size);
      assertThat(m.data().toByteArray()).isEqualTo(message.data);
      ids[i] = m.msgId().value();
    }
    assertThat(ids[0]).isNotEqualTo(ids[1]);
    assertThat(ids[2]).isEqualTo(ids[0]);
  }

  @Test
  void msgIdsStayClientIdsWithNonZeroLowBits() {
    MessageBench.Message fresh = new MessageBench.Message();
    fresh.msgId = (5L << 32) | 0xffff_fff8L;
    assertThat(fresh.nextMsgId()).isEqualTo((5L << 32) | 0xffff_fffcL);
    // (6 << 32) | 0 has zero low 32 bits: skipped
    assertThat(fresh.nextMsgId()).isEqualTo((6L << 32) | 4);
  }

  @Test
  void igePartsRoundTripTheSameNumberOfBytes() {
    byte[] encrypted = bench.igeEncrypt(message).clone();
    assertThat(encrypted).isEqualTo(message.ciphertext);
    assertThat(encrypted).isNotEqualTo(message.plaintext);
    assertThat(bench.igeDecrypt(message)).isEqualTo(message.plaintext);
    assertThat(message.partsOut).hasSize(message.bytes);
  }

  @Test
  void sha256PartHashesExactlyTheProcessedBytes() throws Exception {
    byte[] expected =
        MessageDigest.getInstance("SHA-256")
            .digest(Arrays.copyOf(message.plaintext, message.bytes));
    assertThat(bench.sha256(message)).isEqualTo(expected);
  }

  @Test
  void rekeyBaselinesSwitchBetweenTwoKeys() throws Exception {
    byte[] zero = new byte[16];
    byte[] firstCbc = bench.jceRekeyEncrypt().doFinal(zero);
    byte[] secondCbc = bench.jceRekeyEncrypt().doFinal(zero);
    assertThat(firstCbc).isNotEqualTo(secondCbc);
    // CBC from the zero IV over one zero block is AES of the zero block under that key
    assertThat(Arrays.asList(firstCbc, secondCbc))
        .containsExactlyInAnyOrder(bouncyCastleAes(0, zero), bouncyCastleAes(32, zero));

    byte[] firstEcb = bench.jceRekeyDecrypt().doFinal(bouncyCastleAes(0, zero));
    byte[] secondEcb = bench.jceRekeyDecrypt().doFinal(bouncyCastleAes(0, zero));
    assertThat(Arrays.asList(firstEcb, secondEcb)).contains(zero);
    assertThat(firstEcb).isNotEqualTo(secondEcb);
  }

  @Test
  void paddingDrawIsSeededAndMovesOn() {
    MessageBench other = new MessageBench();
    other.setUp();
    byte[] a = bench.paddingRandom().clone();
    byte[] b = bench.paddingRandom().clone();
    assertThat(a).hasSize(32).isNotEqualTo(b);
    MessageBench third = new MessageBench();
    third.setUp();
    assertThat(third.paddingRandom()).isEqualTo(other.paddingRandom());
  }

  private InnerMessage openOne(byte[] frame) throws Exception {
    byte[] inner = new byte[message.inner.length];
    int n = message.opener.openInto(frame, 0, message.frameLength, inner, 0);
    return InnerMessage.readFrom(inner, 0, n);
  }

  private byte[] bouncyCastleAes(int keyOff, byte[] block) {
    BlockCipher aes = AESEngine.newInstance();
    aes.init(true, new KeyParameter(bench.rekeyKeys, keyOff, 32));
    byte[] out = new byte[16];
    aes.processBlock(block, 0, out, 0);
    return out;
  }
}
