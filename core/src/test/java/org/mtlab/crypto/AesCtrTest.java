package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.testing.Secrets;
import org.mtlab.testing.Seeds;
import org.mtlab.testing.TdlibLcg;
import org.mtlab.testing.Vectors;

/**
 * AES-256-CTR: the published vectors (NIST SP 800-38A, pyca/RFC 3686, TDLib's CRC cases with the
 * counter wrap), Bouncy Castle's {@code SICBlockCipher} on seeded random input streamed in random
 * pieces, and the bad inputs of B8.
 */
class AesCtrTest {
  private static final byte[] ALL_FF = filled(16, (byte) 0xff);

  private static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }

  /** Bouncy Castle's CTR (SIC) over its AES engine, started at counter block {@code iv}. */
  static StreamCipher bouncyCastle(byte[] key, byte[] iv) {
    StreamCipher c = SICBlockCipher.newInstance(AESEngine.newInstance());
    c.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    return c;
  }

  static byte[] bouncyCastle(byte[] key, byte[] iv, byte[] data) {
    byte[] out = new byte[data.length];
    bouncyCastle(key, iv).processBytes(data, 0, data.length, out, 0);
    return out;
  }

  // --- published vectors ---------------------------------------------------------------------

  static Stream<Arguments> published() {
    return Vectors.published("aes256_ctr.json").stream()
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void publishedVector(String id, JsonObject v) {
    byte[] key = Vectors.hex(v, "key");
    byte[] iv = Vectors.hex(v, "iv");
    Aes256Key k = Aes256Key.copyOf(key);
    if (Vectors.has(v, "generator")) {
      // TDLib's AesCtrState test: plaintext, then 32 key bytes, then 16 IV bytes from one LCG
      int length = Vectors.integer(v, "length");
      TdlibLcg lcg = new TdlibLcg(length);
      byte[] plaintext = lcg.next(length);
      assertThat(lcg.next(32)).as("generated key").isEqualTo(key);
      assertThat(lcg.next(16)).as("generated iv").isEqualTo(iv);
      if (Vectors.has(v, "plaintext")) {
        assertThat(plaintext).isEqualTo(Vectors.hex(v, "plaintext"));
      }
      byte[] ciphertext = AesCtr.create(k, iv).process(plaintext);
      assertThat(crc32(ciphertext)).isEqualTo(Vectors.int64(v, "crc32_of_ciphertext"));
      if (Vectors.has(v, "ciphertext")) {
        assertThat(ciphertext).isEqualTo(Vectors.hex(v, "ciphertext"));
      }
      // streamed in TDLib-like odd pieces, the keystream runs on across calls
      AesCtr streamed = AesCtr.create(k, iv);
      byte[] out = new byte[length];
      SplittableRandom r = new SplittableRandom(length);
      for (int pos = 0; pos < length; ) {
        int n = Math.min(length - pos, r.nextInt(1, 1000));
        streamed.process(plaintext, pos, n, out, pos);
        pos += n;
      }
      assertThat(out).as("streamed").isEqualTo(ciphertext);
      // the second CRC: the same plaintext under iv = ff..ff, so the counter wraps to zero
      byte[] wrapped = AesCtr.create(k, ALL_FF).process(plaintext);
      assertThat(crc32(wrapped))
          .as("iv = ff..ff")
          .isEqualTo(Vectors.int64(v, "iv_all_ff_crc32_of_ciphertext"));
      if (length <= 10_001) {
        assertThat(bouncyCastle(key, ALL_FF, plaintext)).isEqualTo(wrapped);
        assertThat(bouncyCastle(key, iv, plaintext)).isEqualTo(ciphertext);
      }
      return;
    }
    byte[] plaintext = Vectors.hex(v, "plaintext");
    byte[] ciphertext = Vectors.hex(v, "ciphertext");
    assertThat(AesCtr.create(k, iv).process(plaintext)).as("encrypt").isEqualTo(ciphertext);
    assertThat(AesCtr.create(k, iv).process(ciphertext)).as("decrypt").isEqualTo(plaintext);
    assertThat(bouncyCastle(key, iv, plaintext)).as("bouncy castle").isEqualTo(ciphertext);
  }

  private static long crc32(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  // --- the counter wrap, checked against single AES block encryptions ------------------------

  @Test
  void counterBlockFfffWrapsToZeroAsOne128BitBigEndianInteger() throws Exception {
    SplittableRandom r = new SplittableRandom(Seeds.cases("ctr-wrap", 1).findFirst().getAsLong());
    byte[] key = Seeds.bytes(r, 32);
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    byte[] counters = new byte[48];
    System.arraycopy(ALL_FF, 0, counters, 0, 16); // ff..ff, then 00..00, then 00..01
    counters[47] = 1;
    byte[] keystream = ecb.doFinal(counters);

    byte[] ours = AesCtr.create(Aes256Key.copyOf(key), ALL_FF).process(new byte[48]);
    assertThat(ours).isEqualTo(keystream);
    assertThat(bouncyCastle(key, ALL_FF, new byte[48])).isEqualTo(keystream);

    // a carry that runs through the low 64 bits into the high half
    byte[] iv = new byte[16];
    Arrays.fill(iv, 8, 16, (byte) 0xff);
    iv[7] = 0x41;
    byte[] next = new byte[16];
    next[7] = 0x42;
    byte[] expected = ecb.doFinal(concat(iv, next));
    assertThat(AesCtr.create(Aes256Key.copyOf(key), iv).process(new byte[32])).isEqualTo(expected);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // --- against Bouncy Castle on random input -------------------------------------------------

  static LongStream randomSeeds() {
    return Seeds.cases("ctr-vs-bc", 1000);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("randomSeeds")
  void equalsBouncyCastleSicOnRandomInputStreamedInRandomPieces(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] key = Seeds.bytes(r, 32);
    byte[] iv = Seeds.bytes(r, 16);
    if (r.nextInt(4) == 0) {
      // near the top of the counter: the last k bytes are ff, so carries (and the wrap) happen
      Arrays.fill(iv, 16 - r.nextInt(17), 16, (byte) 0xff);
    }
    int len = r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(2049);
    byte[] data = Seeds.bytes(r, len);
    byte[] expected = bouncyCastle(key, iv, data);

    AesCtr ctr = AesCtr.create(Aes256Key.copyOf(key), iv);
    boolean inPlace = r.nextBoolean();
    int inOff = r.nextInt(32);
    int outOff = inPlace ? inOff : r.nextInt(32);
    byte[] in = Seeds.bytes(r, inOff + len + r.nextInt(16));
    System.arraycopy(data, 0, in, inOff, len);
    byte[] out = inPlace ? in : Seeds.bytes(r, outOff + len + r.nextInt(16));
    byte[] outBefore = out.clone();
    int pos = 0;
    while (pos < len || r.nextInt(3) == 0) {
      int n = r.nextInt(5) == 0 ? 0 : Math.min(len - pos, 1 + r.nextInt(100));
      if (r.nextInt(3) == 0) {
        // the ByteBuffer API, on heap or direct buffers, continues the same keystream
        ByteBuffer bin =
            r.nextBoolean()
                ? ByteBuffer.wrap(in, inOff + pos, n)
                : ByteBuffer.allocateDirect(n).put(in, inOff + pos, n).flip();
        ByteBuffer bout = ByteBuffer.allocateDirect(n + 3);
        bout.position(3);
        assertThat(ctr.process(bin, bout)).isEqualTo(n);
        assertThat(bin.hasRemaining()).isFalse();
        bout.position(3);
        bout.get(out, outOff + pos, n);
      } else {
        assertThat(ctr.process(in, inOff + pos, n, out, outOff + pos)).isEqualTo(n);
      }
      pos += n;
      if (pos >= len && n == 0) {
        break;
      }
    }
    assertThat(Arrays.copyOfRange(out, outOff, outOff + len))
        .as("len=%d inPlace=%s", len, inPlace)
        .isEqualTo(expected);
    if (!inPlace) {
      assertThat(Arrays.copyOfRange(out, 0, outOff))
          .isEqualTo(Arrays.copyOfRange(outBefore, 0, outOff));
      assertThat(Arrays.copyOfRange(out, outOff + len, out.length))
          .isEqualTo(Arrays.copyOfRange(outBefore, outOff + len, out.length));
    }
    // decryption is the same operation
    assertThat(AesCtr.create(Aes256Key.copyOf(key), iv).process(expected)).isEqualTo(data);
  }

  // --- B8 and the rest of the bad inputs -------------------------------------------------------

  private final Aes256Key key = Aes256Key.copyOf(Seeds.bytes(new SplittableRandom(8), 32));

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 8, 12, 15, 17, 32})
  void b8_ivNot16BytesIsRejectedNamingTheLength(int length) {
    assertThatThrownBy(() -> AesCtr.create(key, new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes")
        .hasMessageContaining("got " + length);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 16, 24, 31, 33})
  void b8_keyNot32BytesIsRejectedNamingTheLength(int length) {
    assertThatThrownBy(() -> AesCtr.create(Aes256Key.copyOf(new byte[length]), new byte[16]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length);
  }

  @Test
  void nullsAreNpesNamingTheParameter() {
    AesCtr ctr = AesCtr.create(key, new byte[16]);
    assertThatNullPointerException()
        .isThrownBy(() -> AesCtr.create(null, new byte[16]))
        .withMessageContaining("key");
    assertThatNullPointerException()
        .isThrownBy(() -> AesCtr.create(key, null))
        .withMessageContaining("iv");
    assertThatNullPointerException()
        .isThrownBy(() -> ctr.process(null, 0, 1, new byte[1], 0))
        .withMessageContaining("in");
    assertThatNullPointerException()
        .isThrownBy(() -> ctr.process(new byte[1], 0, 1, null, 0))
        .withMessageContaining("out");
    assertThatNullPointerException()
        .isThrownBy(() -> ctr.process(null))
        .withMessageContaining("data");
    assertThatNullPointerException()
        .isThrownBy(() -> ctr.process(null, ByteBuffer.allocate(1)))
        .withMessageContaining("in");
    assertThatNullPointerException()
        .isThrownBy(() -> ctr.process(ByteBuffer.allocate(1), null))
        .withMessageContaining("out");
  }

  @Test
  void rangeErrorsAreIndexOutOfBoundsAndDoNotAdvanceTheKeystream() {
    byte[] iv = new byte[16];
    AesCtr ctr = AesCtr.create(key, iv);
    byte[] out = filled(20, (byte) 0xAA);
    assertThatThrownBy(() -> ctr.process(new byte[20], 0, 21, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ctr.process(new byte[20], 0, 20, new byte[19], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ctr.process(new byte[20], 1, Integer.MAX_VALUE, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ctr.process(new byte[20], -1, 4, out, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ctr.process(ByteBuffer.allocate(20), ByteBuffer.allocate(19)))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out).isEqualTo(filled(20, (byte) 0xAA));
    byte[] stream = ctr.process(new byte[20]);
    assertThat(stream).isEqualTo(bouncyCastle(AesCtrTest.keyBytes(key), iv, new byte[20]));
  }

  @Test
  void partialOverlapIsRejectedInPlaceWorks() {
    byte[] iv = new byte[16];
    byte[] buf = Seeds.bytes(new SplittableRandom(3), 64);
    byte[] before = buf.clone();
    assertThatThrownBy(() -> AesCtr.create(key, iv).process(buf, 0, 40, buf, 5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
    assertThat(buf).isEqualTo(before);
    AesCtr.create(key, iv).process(buf, 3, 40, buf, 3);
    assertThat(Arrays.copyOfRange(buf, 3, 43))
        .isEqualTo(bouncyCastle(keyBytes(key), iv, Arrays.copyOfRange(before, 3, 43)));
  }

  @Test
  void zeroLengthIsANoOpThatDoesNotAdvanceTheKeystream() {
    byte[] iv = Seeds.bytes(new SplittableRandom(4), 16);
    AesCtr ctr = AesCtr.create(key, iv);
    byte[] out = filled(4, (byte) 0xAA);
    assertThat(ctr.process(new byte[4], 4, 0, out, 4)).isZero();
    assertThat(ctr.process(new byte[0])).isEmpty();
    assertThat(ctr.process(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0))).isZero();
    assertThat(out).isEqualTo(filled(4, (byte) 0xAA));
    assertThat(ctr.process(new byte[33])).isEqualTo(bouncyCastle(keyBytes(key), iv, new byte[33]));
  }

  @Test
  void theIvArrayIsCopiedSoLaterChangesDoNotAffectTheKeystream() {
    byte[] iv = Seeds.bytes(new SplittableRandom(5), 16);
    byte[] ivCopy = iv.clone();
    AesCtr ctr = AesCtr.create(key, iv);
    Arrays.fill(iv, (byte) 0);
    assertThat(ctr.process(new byte[40]))
        .isEqualTo(bouncyCastle(keyBytes(key), ivCopy, new byte[40]));
  }

  @Test
  void b11_toStringShowsNeitherKeyNorIv() {
    byte[] k = Seeds.bytes(new SplittableRandom(6), 32);
    byte[] iv = Seeds.bytes(new SplittableRandom(7), 16);
    AesCtr ctr = AesCtr.create(Aes256Key.copyOf(k), iv);
    ctr.process(new byte[5]);
    Secrets.assertNoHexWindow(ctr.toString(), k);
    Secrets.assertNoHexWindow(ctr.toString(), iv);
    assertThat(ctr.toString()).contains("redacted");
  }

  static byte[] keyBytes(Aes256Key key) {
    return key.reveal(org.mtlab.bytes.SecretAccess.explicitly());
  }
}
