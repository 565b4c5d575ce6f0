package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * B6 for ByteBuffers whose memory the cipher cannot see: two views of one direct buffer, or a
 * read-only heap buffer over the array of a writable one. Overlapping at any distance, in either
 * direction, they give the reference path's result (never silent corruption); and the cipher's
 * internal buffers hold none of the data afterwards.
 */
class IgeBufferOverlapTest {
  private static final int CHUNK = IgeCipher.BUFFER_CHUNK;

  static Stream<Arguments> shapes() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (boolean direct : new boolean[] {true, false}) {
      for (CipherDirection dir : CipherDirection.values()) {
        for (int length : new int[] {16, CHUNK, CHUNK + 16, 3 * CHUNK + 48}) {
          // out starts this many bytes after in (negative: before); 0 is in place
          for (int shift : new int[] {-CHUNK - 16, -16, 0, 16, 48, CHUNK, CHUNK + 16}) {
            b.add(Arguments.of(direct, dir, length, shift));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "direct={0} {1} length={2} out-in={3}")
  @MethodSource("shapes")
  void overlappingViewsGiveTheReferenceResult(
      boolean direct, CipherDirection direction, int length, int shift) throws Exception {
    SplittableRandom random = new SplittableRandom(31L * length + shift + (direct ? 1 : 0));
    byte[] keyBytes = new byte[32];
    byte[] ivBytes = new byte[32];
    byte[] data = new byte[length];
    random.nextBytes(keyBytes);
    random.nextBytes(ivBytes);
    random.nextBytes(data);
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    IgeIv iv = IgeIv.copyOf(ivBytes);
    byte[] expected =
        direction == CipherDirection.ENCRYPT
            ? IgeReference.encrypt(key, iv, data)
            : IgeReference.decrypt(key, iv, data);

    int inPos = Math.max(0, -shift);
    int outPos = Math.max(0, shift);
    int size = Math.max(inPos, outPos) + length;
    ByteBuffer memory = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    memory.position(inPos);
    memory.put(data);
    ByteBuffer in = memory.duplicate().position(inPos).limit(inPos + length);
    if (!direct) {
      in = in.asReadOnlyBuffer(); // hides the array: the cipher cannot compare offsets
    }
    ByteBuffer out = memory.duplicate().clear().position(outPos);

    IgeCipher cipher =
        direction == CipherDirection.ENCRYPT
            ? IgeCipher.encryptor(key, iv)
            : IgeCipher.decryptor(key, iv);
    assertThat(cipher.process(in, out)).isEqualTo(length);

    byte[] actual = new byte[length];
    memory.duplicate().position(outPos).get(actual);
    assertThat(actual).isEqualTo(expected);
    assertThat(in.remaining()).isZero();
    assertThat(out.position()).isEqualTo(outPos + length);
    assertThat(internal(cipher, "bufferScratch")).as("bufferScratch").containsOnly((byte) 0);
    for (byte[] scratch : cipher.kernelScratch()) {
      assertThat(scratch).as("kernel scratch").containsOnly((byte) 0);
    }
  }

  /** Above the size the cipher keeps, two direct buffers still work, and it keeps nothing. */
  @org.junit.jupiter.api.Test
  void directBuffersLargerThanTheKeptCopyStillGiveTheReferenceResult() throws Exception {
    int length = IgeCipher.MAX_KEPT_BUFFER + 16;
    byte[] data = new byte[length];
    new SplittableRandom(11).nextBytes(data);
    Aes256Key key = Aes256Key.copyOf(new byte[32]);
    IgeIv iv = IgeIv.copyOf(new byte[32]);
    ByteBuffer memory = ByteBuffer.allocateDirect(length + 32);
    memory.put(data);
    IgeCipher cipher = IgeCipher.encryptor(key, iv);
    cipher.process(memory.duplicate().position(0).limit(length), memory.duplicate().position(32));
    byte[] actual = new byte[length];
    memory.duplicate().position(32).get(actual);
    assertThat(actual).isEqualTo(IgeReference.encrypt(key, iv, data));
    assertThat(internal(cipher, "bufferScratch")).isNull();
  }

  @org.junit.jupiter.api.Test
  void everyEngineAndDirectionZeroesItsScratchAfterACall() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    Aes256Key key = Aes256Key.copyOf(keyBytes);
    IgeIv iv = IgeIv.copyOf(keyBytes);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection direction : CipherDirection.values()) {
        for (int length : new int[] {16, 64, IgeCipher.CHUNK + 48, 5 * IgeCipher.CHUNK}) {
          byte[] data = new byte[length];
          random.nextBytes(data);
          IgeCipher cipher = IgeCipher.create(key, iv, direction, engine);
          cipher.process(data, 0, length, data, 0);
          assertThat(cipher.kernelScratch().length).isGreaterThanOrEqualTo(2);
          for (byte[] scratch : cipher.kernelScratch()) {
            assertThat(scratch).as("%s %s %d", engine, direction, length).containsOnly((byte) 0);
          }
        }
      }
    }
  }

  private static byte[] internal(IgeCipher cipher, String name) throws Exception {
    Field f = IgeCipher.class.getDeclaredField(name);
    f.setAccessible(true);
    return (byte[]) f.get(cipher);
  }
}
