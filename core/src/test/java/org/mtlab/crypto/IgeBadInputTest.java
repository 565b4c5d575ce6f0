package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Seeds;

/**
 * docs/security.md table (b), B1-B7: bad IGE keys, IVs, data lengths, nulls, ranges, overlap and
 * zero length each get exactly the outcome the table gives, and a rejected call writes nothing.
 */
class IgeBadInputTest {
  private static final byte FILL = (byte) 0xAA;

  private final SplittableRandom random =
      new SplittableRandom(Seeds.cases("ige-bad-input", 1).findFirst().getAsLong());
  private final Aes256Key key = Aes256Key.copyOf(Seeds.bytes(random, 32));
  private final IgeIv iv = IgeIv.copyOf(Seeds.bytes(random, 32));

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, FILL);
    return b;
  }

  private static void assertAllFill(byte[] b) {
    byte[] expected = filled(b.length);
    assertThat(b).as("output must be untouched").isEqualTo(expected);
  }

  private IgeCipher cipher(CipherDirection d, AesEngine engine) {
    return IgeCipher.create(key, iv, d, engine);
  }

  // --- B1: key of 0, 31 or 33 bytes ----------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 31, 33})
  void b1_keyOfWrongLengthIsRejectedWithItsLengthAndNothingIsWritten(int length) {
    byte[] out = filled(32);
    byte[] in = new byte[32];
    assertThatThrownBy(
            () ->
                IgeCipher.encryptor(Aes256Key.copyOf(new byte[length]), iv)
                    .process(in, 0, 32, out, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("got " + length);
    assertAllFill(out);

    assertThatThrownBy(() -> Aes256Key.fromHex("ab".repeat(length)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length + " bytes");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 15, 17, 31, 33})
  void b1_referencePathRejectsAnAesKeyOfWrongLengthNamingIt(int length) {
    // The package-private reference entry is generic over AES-128/192/256 for OpenSSL's vectors.
    assertThatThrownBy(
            () ->
                IgeReference.process(
                    CipherDirection.ENCRYPT, new byte[length], new byte[32], new byte[16]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(length));
  }

  @Test
  void b1_lowLevelRekeyFromAShortKeyBufferIsARangeErrorAndKeepsTheOldKey() {
    // rekey(byte[], off, ...) reads 32 bytes at an offset: a short array is a range error (B5)
    for (AesEngine engine : AesEngine.values()) {
      IgeCipher c = cipher(CipherDirection.ENCRYPT, engine);
      assertThatThrownBy(() -> c.rekey(SecretAccess.explicitly(), new byte[31], 0, new byte[32], 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> c.rekey(SecretAccess.explicitly(), new byte[32], 0, new byte[31], 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      byte[] p = Seeds.bytes(random, 64);
      byte[] out = new byte[64];
      c.process(p, 0, 64, out, 0);
      assertThat(out).as(engine.name()).isEqualTo(IgeReference.encrypt(key, iv, p));
    }
  }

  // --- B2: IV not 32 bytes -------------------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 16, 31, 33, 64})
  void b2_ivOfWrongLengthIsRejected(int length) {
    assertThatThrownBy(() -> IgeIv.copyOf(new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("got " + length);
    assertThatThrownBy(() -> IgeIv.fromHex("00".repeat(length)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length + " bytes");
    assertThatThrownBy(
            () ->
                IgeReference.process(
                    CipherDirection.DECRYPT, new byte[32], new byte[length], new byte[16]))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length);
  }

  // --- B3: data not a multiple of 16 --------------------------------------------------------

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 15, 17, 4095, 4097})
  void b3_dataNotAMultipleOf16IsRejectedAndTheOutputIsUntouched(int length) {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] in = Seeds.bytes(random, length);
        byte[] out = filled(length + 8);
        assertThatThrownBy(() -> cipher(d, engine).process(in, 0, length, out, 4))
            .as("%s %s", engine, d)
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("multiple of 16")
            .hasMessageContaining(String.valueOf(length));
        assertAllFill(out);

        ByteBuffer bin = ByteBuffer.wrap(in);
        ByteBuffer bout = ByteBuffer.allocateDirect(length + 8);
        bout.put(filled(length + 8)).clear().position(3);
        assertThatThrownBy(() -> cipher(d, engine).process(bin, bout))
            .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(bin.position()).isZero();
        assertThat(bout.position()).isEqualTo(3);
        byte[] outContents = new byte[length + 8];
        bout.clear();
        bout.get(outContents);
        assertAllFill(outContents);
      }
    }
    assertThatThrownBy(() -> AesIge.encrypt(key, iv, new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AesIge.decrypt(key, iv, new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IgeReference.encrypt(key, iv, new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IgeReference.decrypt(key, iv, new byte[length]))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void b3_aRejectedCallLeavesTheChainingStateAsItWas() {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher c = cipher(d, engine);
        byte[] data = Seeds.bytes(random, 48);
        assertThatThrownBy(() -> c.process(data, 0, 17, new byte[17], 0))
            .isInstanceOf(IllegalArgumentException.class);
        byte[] out = new byte[48];
        c.process(data, 0, 48, out, 0);
        assertThat(out).isEqualTo(IgeCrossTest.reference(d, key, iv, data));
      }
    }
  }

  // --- B4: nulls name the parameter --------------------------------------------------------

  private static void assertNpeNaming(String name, ThrowingCallable call) {
    assertThatNullPointerException().isThrownBy(call).withMessageContaining(name);
  }

  @Test
  void b4_nullKeyIvDataOrOutputIsAnNpeNamingTheParameter() {
    byte[] data = new byte[32];
    byte[] out = new byte[32];
    assertNpeNaming("key", () -> IgeCipher.encryptor(null, iv));
    assertNpeNaming("iv", () -> IgeCipher.encryptor(key, null));
    assertNpeNaming("key", () -> IgeCipher.decryptor(null, iv));
    assertNpeNaming("iv", () -> IgeCipher.decryptor(key, null));
    assertNpeNaming(
        "key", () -> IgeCipher.create(null, iv, CipherDirection.ENCRYPT, AesEngine.JCE));
    assertNpeNaming(
        "iv", () -> IgeCipher.create(key, null, CipherDirection.ENCRYPT, AesEngine.JCE));
    assertNpeNaming("direction", () -> IgeCipher.create(key, iv, null, AesEngine.JCE));
    assertNpeNaming("engine", () -> IgeCipher.create(key, iv, CipherDirection.ENCRYPT, null));
    assertNpeNaming("direction", () -> IgeCipher.unkeyed(null, AesEngine.JCE));
    assertNpeNaming("engine", () -> IgeCipher.unkeyed(CipherDirection.DECRYPT, null));

    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher c = cipher(d, engine);
        assertNpeNaming("in", () -> c.process(null, 0, 32, out, 0));
        assertNpeNaming("out", () -> c.process(data, 0, 32, null, 0));
        assertNpeNaming("in", () -> c.process(null, ByteBuffer.allocate(32)));
        assertNpeNaming("out", () -> c.process(ByteBuffer.allocate(32), null));
        assertNpeNaming("iv", () -> c.reset(null));
        assertNpeNaming("key", () -> c.rekey(null, iv));
        assertNpeNaming("iv", () -> c.rekey(key, null));
        assertNpeNaming("key", () -> c.rekey(SecretAccess.explicitly(), null, 0, new byte[32], 0));
        assertNpeNaming("iv", () -> c.rekey(SecretAccess.explicitly(), new byte[32], 0, null, 0));
      }
    }

    assertNpeNaming("key", () -> AesIge.encrypt(null, iv, data));
    assertNpeNaming("iv", () -> AesIge.encrypt(key, null, data));
    assertNpeNaming("data", () -> AesIge.encrypt(key, iv, null));
    assertNpeNaming("key", () -> AesIge.decrypt(null, iv, data));
    assertNpeNaming("iv", () -> AesIge.decrypt(key, null, data));
    assertNpeNaming("data", () -> AesIge.decrypt(key, iv, null));
    assertNpeNaming("key", () -> IgeReference.encrypt(null, iv, data));
    assertNpeNaming("iv", () -> IgeReference.encrypt(key, null, data));
    assertNpeNaming("data", () -> IgeReference.encrypt(key, iv, null));
    assertNpeNaming("key", () -> IgeReference.decrypt(null, iv, data));
    assertNpeNaming("iv", () -> IgeReference.decrypt(key, null, data));
    assertNpeNaming("data", () -> IgeReference.decrypt(key, iv, null));
    assertNpeNaming("key", () -> AesIge.encryptReference(null, iv, data));
    assertNpeNaming("iv", () -> AesIge.decryptReference(key, null, data));

    assertNpeNaming("key", () -> Aes256Key.copyOf(null));
    assertNpeNaming("key", () -> Aes256Key.copyOf(null, 0));
    assertNpeNaming("hex", () -> Aes256Key.fromHex(null));
    assertNpeNaming("iv", () -> IgeIv.copyOf(null));
    assertNpeNaming("iv", () -> IgeIv.copyOf(null, 0));
    assertNpeNaming("hex", () -> IgeIv.fromHex(null));
  }

  // --- B5: ranges ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @EnumSource(CipherDirection.class)
  void b5_offsetsAndLengthsOutOfRangeAreIndexOutOfBoundsAndWriteNothing(CipherDirection d) {
    int big = Integer.MAX_VALUE & ~15; // a multiple of 16, so only the range is wrong
    for (AesEngine engine : AesEngine.values()) {
      IgeCipher c = cipher(d, engine);
      byte[] in = new byte[64];
      ThrowingCallable[] calls = {
        () -> c.process(in, -16, 16, filledOut, 0),
        () -> c.process(in, 0, 16, filledOut, -16),
        () -> c.process(in, 0, -16, filledOut, 0),
        () -> c.process(in, 16, 64, filledOut, 0), // input runs past its end
        () -> c.process(in, 0, 64, filledOut, 16), // output runs past its end
        () -> c.process(in, 0, 64, new byte[63], 0), // output one byte short
        () -> c.process(in, 16, big, filledOut, 0), // inOff + len overflows int
        () -> c.process(in, 0, big, filledOut, 16), // outOff + len overflows int
        () -> c.process(in, Integer.MAX_VALUE, 16, filledOut, 0),
        () -> c.process(in, 0, 16, filledOut, Integer.MAX_VALUE),
      };
      for (int i = 0; i < calls.length; i++) {
        Arrays.fill(filledOut, FILL);
        assertThatThrownBy(calls[i])
            .as("%s %s call %d", engine, d, i)
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertAllFill(filledOut);
      }
      // the cipher is still at the start of its message
      byte[] p = Seeds.bytes(random, 64);
      byte[] out = new byte[64];
      c.process(p, 0, 64, out, 0);
      assertThat(out).isEqualTo(IgeCrossTest.reference(d, key, iv, p));
    }
  }

  private final byte[] filledOut = filled(64);

  @Test
  void b5_byteBufferOutputOneByteShortIsIndexOutOfBoundsAndConsumesNothing() {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        for (boolean direct : new boolean[] {false, true}) {
          ByteBuffer in = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
          ByteBuffer out = direct ? ByteBuffer.allocateDirect(63) : ByteBuffer.allocate(63);
          out.put(filled(63)).clear();
          assertThatThrownBy(() -> cipher(d, engine).process(in, out))
              .isInstanceOf(IndexOutOfBoundsException.class)
              .hasMessageContaining("63");
          assertThat(in.position()).isZero();
          assertThat(out.position()).isZero();
          byte[] contents = new byte[63];
          out.get(contents);
          assertAllFill(contents);
        }
      }
    }
  }

  @Test
  void b5_readOnlyByteBufferOutputIsRefusedBeforeAnythingIsConsumed() {
    ByteBuffer in = ByteBuffer.allocate(32);
    ByteBuffer out = ByteBuffer.allocate(32).asReadOnlyBuffer();
    assertThatThrownBy(() -> cipher(CipherDirection.ENCRYPT, AesEngine.JCE).process(in, out))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(in.position()).isZero();
  }

  // --- B6: in place and overlap ----------------------------------------------------------------

  @Test
  void b6_inPlaceAtTheSameOffsetEqualsTheReference() {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] buf = Seeds.bytes(random, 7 + 3 * IgeCipher.CHUNK + 32);
        byte[] expected =
            IgeCrossTest.reference(d, key, iv, Arrays.copyOfRange(buf, 7, buf.length));
        cipher(d, engine).process(buf, 7, buf.length - 7, buf, 7);
        assertThat(Arrays.copyOfRange(buf, 7, buf.length))
            .as("%s %s", engine, d)
            .isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "out offset {0}")
  @ValueSource(ints = {0, 1, 15, 17, 31, 47})
  void b6_partiallyOverlappingRangesAreRejectedAndNothingIsWritten(int outOff) {
    int inOff = 16;
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] buf = Seeds.bytes(random, 128);
        byte[] before = buf.clone();
        assertThatThrownBy(() -> cipher(d, engine).process(buf, inOff, 32 + 16, buf, outOff))
            .as("%s %s", engine, d)
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlap");
        assertThat(buf).isEqualTo(before);
      }
    }
  }

  @Test
  void b6_adjacentRangesInOneArrayDoNotOverlapAndWork() {
    for (AesEngine engine : AesEngine.values()) {
      byte[] buf = Seeds.bytes(random, 96);
      byte[] p = Arrays.copyOfRange(buf, 0, 48);
      cipher(CipherDirection.ENCRYPT, engine).process(buf, 0, 48, buf, 48);
      assertThat(Arrays.copyOfRange(buf, 48, 96)).isEqualTo(IgeReference.encrypt(key, iv, p));
      assertThat(Arrays.copyOfRange(buf, 0, 48)).isEqualTo(p);
    }
  }

  @Test
  void b6_overlappingHeapByteBuffersAtDifferentPositionsAreRejected() {
    byte[] backing = Seeds.bytes(random, 96);
    byte[] before = backing.clone();
    ByteBuffer in = ByteBuffer.wrap(backing, 0, 64);
    ByteBuffer out = ByteBuffer.wrap(backing, 16, 80);
    assertThatThrownBy(() -> cipher(CipherDirection.DECRYPT, AesEngine.JCE).process(in, out))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(backing).isEqualTo(before);
    assertThat(in.position()).isZero();
    assertThat(out.position()).isEqualTo(16);
  }

  @Test
  void b6_theSameByteBufferObjectAsInputAndOutputIsRejected() {
    // as JCE's Cipher.update(ByteBuffer, ByteBuffer) does: the one position cannot serve both
    for (boolean direct : new boolean[] {false, true}) {
      ByteBuffer buf = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
      buf.put(filled(64)).clear();
      assertThatThrownBy(() -> cipher(CipherDirection.ENCRYPT, AesEngine.JCE).process(buf, buf))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("duplicate");
      assertThat(buf.position()).isZero();
      byte[] contents = new byte[64];
      buf.get(contents);
      assertAllFill(contents);
    }
  }

  // --- B7: zero length ---------------------------------------------------------------------

  @Test
  void b7_zeroLengthIsANoOpThatKeepsTheChainingState() {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher c = cipher(d, engine);
        byte[] out = filled(16);
        assertThat(c.process(new byte[0], 0, 0, out, 0)).isZero();
        assertThat(c.process(new byte[16], 16, 0, out, 16)).isZero(); // offset at the very end
        assertThat(c.process(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0))).isZero();
        assertAllFill(out);
        byte[] data = Seeds.bytes(random, 32);
        byte[] result = new byte[32];
        c.process(data, 0, 32, result, 0);
        assertThat(result).isEqualTo(IgeCrossTest.reference(d, key, iv, data));
      }
    }
    assertThat(AesIge.encrypt(key, iv, new byte[0])).isEmpty();
    assertThat(AesIge.decrypt(key, iv, new byte[0])).isEmpty();
    assertThat(IgeReference.encrypt(key, iv, new byte[0])).isEmpty();
    assertThat(IgeReference.decrypt(key, iv, new byte[0])).isEmpty();
  }

  // --- misuse of an unkeyed cipher -------------------------------------------------------------

  @Test
  void unkeyedCipherRefusesToProcessAndConsumesNothing() {
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher c = IgeCipher.unkeyed(d, engine);
        byte[] out = filled(32);
        assertThatThrownBy(() -> c.process(new byte[32], 0, 32, out, 0))
            .isExactlyInstanceOf(IllegalStateException.class);
        assertAllFill(out);
        for (boolean direct : new boolean[] {false, true}) {
          ByteBuffer in = direct ? ByteBuffer.allocateDirect(32) : ByteBuffer.allocate(32);
          ByteBuffer bout = direct ? ByteBuffer.allocateDirect(32) : ByteBuffer.allocate(32);
          assertThatThrownBy(() -> c.process(in, bout))
              .isExactlyInstanceOf(IllegalStateException.class);
          assertThat(in.position()).as("input consumed? direct=%s", direct).isZero();
          assertThat(bout.position()).isZero();
        }
      }
    }
  }

  @Test
  void destroyedKeyOrIvCannotStartACipher() {
    Aes256Key k = Aes256Key.copyOf(Seeds.bytes(random, 32));
    IgeIv v = IgeIv.copyOf(Seeds.bytes(random, 32));
    k.destroy();
    v.destroy();
    assertThatThrownBy(() -> IgeCipher.encryptor(k, iv))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IgeCipher.decryptor(key, v))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AesIge.encrypt(k, iv, new byte[16]))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> IgeReference.decrypt(key, v, new byte[16]))
        .isExactlyInstanceOf(IllegalStateException.class);
    IgeCipher c = cipher(CipherDirection.ENCRYPT, AesEngine.JCE);
    assertThatThrownBy(() -> c.reset(v)).isExactlyInstanceOf(IllegalStateException.class);
  }
}
