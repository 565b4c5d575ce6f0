package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.Seeds;

/**
 * Two paths, one answer: the fast {@link IgeCipher} on the JDK's AES and on Bouncy Castle's engine
 * must give exactly the bytes of the textbook {@link IgeReference}, on seeded random keys, IVs,
 * lengths, offsets, in place, in pieces, through ByteBuffers, and when one cipher is reused for
 * many messages. Each case prints its seed; {@code new SplittableRandom(seed)} replays it.
 */
class IgeCrossTest {
  private static final int BLOCK = 16;

  // --- helpers ---------------------------------------------------------------------------

  static Aes256Key randomKey(SplittableRandom r) {
    return Aes256Key.copyOf(Seeds.bytes(r, 32));
  }

  static IgeIv randomIv(SplittableRandom r) {
    return IgeIv.copyOf(Seeds.bytes(r, 32));
  }

  static byte[] reference(CipherDirection d, Aes256Key key, IgeIv iv, byte[] data) {
    return d == CipherDirection.ENCRYPT
        ? IgeReference.encrypt(key, iv, data)
        : IgeReference.decrypt(key, iv, data);
  }

  /** A random multiple of 16 in [0, 4096]. */
  static int randomLength(SplittableRandom r) {
    return BLOCK * r.nextInt(4096 / BLOCK + 1);
  }

  /** Splits {@code length} (a multiple of 16) into random pieces, zero-length ones included. */
  static List<Integer> randomPieces(SplittableRandom r, int length) {
    List<Integer> pieces = new ArrayList<>();
    int left = length / BLOCK;
    while (left > 0) {
      int blocks = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(Math.min(left, 300));
      pieces.add(blocks * BLOCK);
      left -= blocks;
    }
    pieces.add(0);
    return pieces;
  }

  private static byte[] slice(byte[] b, int from, int len) {
    return Arrays.copyOfRange(b, from, from + len);
  }

  // --- random lengths and offsets ----------------------------------------------------------

  static LongStream offsetSeeds() {
    return Seeds.cases("ige-offsets", 2000);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("offsetSeeds")
  void fastAndBouncyCastleEqualReference_atRandomLengthsAndOffsets(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    int len = randomLength(r);
    byte[] plaintext = Seeds.bytes(r, len);
    byte[] ciphertext = IgeReference.encrypt(key, iv, plaintext);
    assertThat(IgeReference.decrypt(key, iv, ciphertext)).isEqualTo(plaintext);

    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] data = d == CipherDirection.ENCRYPT ? plaintext : ciphertext;
        byte[] expected = d == CipherDirection.ENCRYPT ? ciphertext : plaintext;
        int inOff = r.nextInt(32);
        int outOff = r.nextInt(32);
        byte[] in = Seeds.bytes(r, inOff + len + r.nextInt(32));
        System.arraycopy(data, 0, in, inOff, len);
        byte[] inBefore = in.clone();
        byte[] out = Seeds.bytes(r, outOff + len + r.nextInt(32));
        byte[] outBefore = out.clone();

        int n = IgeCipher.create(key, iv, d, engine).process(in, inOff, len, out, outOff);

        String what = engine + " " + d + " len=" + len + " inOff=" + inOff + " outOff=" + outOff;
        assertThat(n).as(what).isEqualTo(len);
        assertThat(slice(out, outOff, len)).as(what).isEqualTo(expected);
        assertThat(slice(out, 0, outOff))
            .as(what + ": bytes before the output range")
            .isEqualTo(slice(outBefore, 0, outOff));
        assertThat(slice(out, outOff + len, out.length - outOff - len))
            .as(what + ": bytes after the output range")
            .isEqualTo(slice(outBefore, outOff + len, out.length - outOff - len));
        assertThat(in).as(what + ": input unchanged").isEqualTo(inBefore);
      }
    }
    assertThat(AesIge.encrypt(key, iv, plaintext)).isEqualTo(ciphertext);
    assertThat(AesIge.decrypt(key, iv, ciphertext)).isEqualTo(plaintext);
  }

  // --- around the 4096-byte chunk of the CBC-based encryption --------------------------------

  static Stream<Arguments> chunkBoundaryLengths() {
    int c = IgeCipher.CHUNK;
    int[] lengths = {
      c - BLOCK,
      c,
      c + BLOCK,
      c + 2 * BLOCK,
      2 * c - BLOCK,
      2 * c,
      2 * c + BLOCK,
      3 * c - BLOCK,
      3 * c,
      3 * c + BLOCK,
      16 * c,
      16 * c + BLOCK,
      1 << 20,
      (1 << 20) + BLOCK
    };
    long[] seeds = Seeds.cases("ige-chunk-boundary", lengths.length).toArray();
    return IntStream.range(0, lengths.length).mapToObj(i -> Arguments.of(lengths[i], seeds[i]));
  }

  @ParameterizedTest(name = "length={0} seed={1}")
  @MethodSource("chunkBoundaryLengths")
  void fastAndBouncyCastleEqualReference_atLengthsAroundTheInternalChunk(int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    byte[] plaintext = Seeds.bytes(r, len);
    byte[] ciphertext = IgeReference.encrypt(key, iv, plaintext);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] data = d == CipherDirection.ENCRYPT ? plaintext : ciphertext;
        byte[] expected = d == CipherDirection.ENCRYPT ? ciphertext : plaintext;
        int inOff = 1 + r.nextInt(31);
        int outOff = 1 + r.nextInt(31);
        byte[] in = new byte[inOff + len];
        System.arraycopy(data, 0, in, inOff, len);
        byte[] out = new byte[outOff + len];
        IgeCipher.create(key, iv, d, engine).process(in, inOff, len, out, outOff);
        assertThat(slice(out, outOff, len)).as(engine + " " + d).isEqualTo(expected);

        byte[] inPlace = in.clone();
        IgeCipher.create(key, iv, d, engine).process(inPlace, inOff, len, inPlace, inOff);
        assertThat(slice(inPlace, inOff, len))
            .as(engine + " " + d + " in place")
            .isEqualTo(expected);
      }
    }
  }

  // --- in place ----------------------------------------------------------------------------

  static LongStream inPlaceSeeds() {
    return Seeds.cases("ige-in-place", 1000);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("inPlaceSeeds")
  void inPlaceGivesTheReferenceResult(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    int len = r.nextInt(8) == 0 ? IgeCipher.CHUNK + BLOCK * r.nextInt(300) : randomLength(r);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        int off = r.nextInt(32);
        byte[] buf = Seeds.bytes(r, off + len + r.nextInt(32));
        byte[] before = buf.clone();
        byte[] expected = reference(d, key, iv, slice(buf, off, len));

        IgeCipher.create(key, iv, d, engine).process(buf, off, len, buf, off);

        String what = engine + " " + d + " len=" + len + " off=" + off;
        assertThat(slice(buf, off, len)).as(what).isEqualTo(expected);
        assertThat(slice(buf, 0, off)).as(what).isEqualTo(slice(before, 0, off));
        assertThat(slice(buf, off + len, buf.length - off - len))
            .as(what)
            .isEqualTo(slice(before, off + len, buf.length - off - len));
      }
    }
  }

  // --- streaming: one message in several process() calls ----------------------------------

  static LongStream streamingSeeds() {
    return Seeds.cases("ige-streaming", 600);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("streamingSeeds")
  void streamingInPiecesEqualsOneShotReference(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    int len = r.nextInt(4) == 0 ? BLOCK * r.nextInt(3 * IgeCipher.CHUNK / BLOCK) : randomLength(r);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        byte[] data = Seeds.bytes(r, len);
        byte[] expected = reference(d, key, iv, data);
        IgeCipher cipher = IgeCipher.create(key, iv, d, engine);
        boolean inPlace = r.nextBoolean();
        int inOff = r.nextInt(32);
        int outOff = inPlace ? inOff : r.nextInt(32);
        byte[] in = new byte[inOff + len];
        System.arraycopy(data, 0, in, inOff, len);
        byte[] out = inPlace ? in : new byte[outOff + len];
        int pos = 0;
        List<Integer> pieces = randomPieces(r, len);
        for (int piece : pieces) {
          assertThat(cipher.process(in, inOff + pos, piece, out, outOff + pos)).isEqualTo(piece);
          pos += piece;
        }
        assertThat(slice(out, outOff, len))
            .as("%s %s len=%d pieces=%s inPlace=%s", engine, d, len, pieces, inPlace)
            .isEqualTo(expected);
      }
    }
  }

  // --- reuse: reset and rekey ----------------------------------------------------------------

  static LongStream reuseSeeds() {
    return Seeds.cases("ige-reuse", 300);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("reuseSeeds")
  void oneCipherReusedWithResetAndRekeyMatchesAFreshReferencePerMessage(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        Aes256Key key = randomKey(r);
        IgeCipher cipher =
            r.nextBoolean()
                ? IgeCipher.unkeyed(d, engine)
                : IgeCipher.create(key, randomIv(r), d, engine);
        boolean keyed = false;
        for (int m = 0; m < 12; m++) {
          IgeIv iv = randomIv(r);
          int choice = r.nextInt(3);
          if (!keyed || choice == 0) {
            key = randomKey(r);
            cipher.rekey(key, iv);
            keyed = true;
          } else if (choice == 1) {
            cipher.reset(iv);
          } else {
            // the low-level rekey from caller buffers at offsets
            int ko = r.nextInt(16);
            int vo = r.nextInt(16);
            byte[] k = Seeds.bytes(r, ko + 32 + r.nextInt(8));
            byte[] v = Seeds.bytes(r, vo + 32 + r.nextInt(8));
            key = Aes256Key.copyOf(k, ko);
            iv = IgeIv.copyOf(v, vo);
            cipher.rekey(SecretAccess.explicitly(), k, ko, v, vo);
            Arrays.fill(k, (byte) 0); // the cipher copied what it needs
            Arrays.fill(v, (byte) 0);
          }
          // an abandoned piece of some earlier stream must not leak into the next message
          if (r.nextBoolean()) {
            byte[] junk = Seeds.bytes(r, BLOCK * (1 + r.nextInt(4)));
            cipher.process(junk, 0, junk.length, junk, 0);
            cipher.reset(iv);
          }
          byte[] data = Seeds.bytes(r, BLOCK * r.nextInt(40));
          byte[] out = new byte[data.length];
          cipher.process(data, 0, data.length, out, 0);
          assertThat(out)
              .as("%s %s message %d", engine, d, m)
              .isEqualTo(reference(d, key, iv, data));
        }
      }
    }
  }

  /**
   * In the manner of Bouncy Castle's BlockCipherMonteCarloTest: 1000 messages chained through one
   * reused encryptor (each message is the previous ciphertext, each key and IV taken from the
   * previous output), checked against the reference at every step, then the whole chain is walked
   * back with one reused decryptor to the first plaintext.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(AesEngine.class)
  void thousandMessagesThroughOneReusedCipherMatchReferenceAndWalkBack(AesEngine engine) {
    SplittableRandom r =
        new SplittableRandom(Seeds.cases("ige-monte-carlo", 1).findFirst().getAsLong());
    int messages = 1000;
    byte[] first = Seeds.bytes(r, 5 * BLOCK);
    Aes256Key[] keys = new Aes256Key[messages];
    IgeIv[] ivs = new IgeIv[messages];
    byte[][] chain = new byte[messages + 1][];
    chain[0] = first;
    IgeCipher encryptor = IgeCipher.unkeyed(CipherDirection.ENCRYPT, engine);
    Aes256Key key = randomKey(r);
    for (int i = 0; i < messages; i++) {
      byte[] previous = chain[i];
      // every third message switches the key (from the previous output), the others only the IV
      if (i % 3 == 0) {
        byte[] k = Arrays.copyOf(previous, 32);
        k[0] ^= (byte) i;
        key = Aes256Key.copyOf(k);
        ivs[i] = IgeIv.copyOf(previous, previous.length - 32);
        encryptor.rekey(key, ivs[i]);
      } else {
        ivs[i] = IgeIv.copyOf(previous, previous.length - 32);
        encryptor.reset(ivs[i]);
      }
      keys[i] = key;
      byte[] out = new byte[previous.length];
      encryptor.process(previous, 0, previous.length, out, 0);
      assertThat(out).as("message %d", i).isEqualTo(IgeReference.encrypt(key, ivs[i], previous));
      chain[i + 1] = out;
    }

    IgeCipher decryptor = IgeCipher.unkeyed(CipherDirection.DECRYPT, engine);
    byte[] back = chain[messages].clone();
    for (int i = messages - 1; i >= 0; i--) {
      decryptor.rekey(keys[i], ivs[i]);
      decryptor.process(back, 0, back.length, back, 0);
      assertThat(back).as("message %d walked back", i).isEqualTo(chain[i]);
    }
    assertThat(back).isEqualTo(first);
  }

  @Test
  void resetMidMessageForgetsTheChainingStateLikeAFreshCipher() {
    SplittableRandom r = new SplittableRandom(Seeds.cases("ige-reset", 1).findFirst().getAsLong());
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    byte[] data = Seeds.bytes(r, 3 * IgeCipher.CHUNK + 5 * BLOCK);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher cipher = IgeCipher.create(key, iv, d, engine);
        byte[] out = new byte[data.length];
        cipher.process(data, 0, IgeCipher.CHUNK + 3 * BLOCK, out, 0);
        cipher.reset(iv);
        cipher.process(data, 0, data.length, out, 0);
        assertThat(out).as(engine + " " + d).isEqualTo(reference(d, key, iv, data));
      }
    }
  }

  // --- ByteBuffer ----------------------------------------------------------------------------

  enum Kind {
    HEAP,
    HEAP_SLICE,
    DIRECT,
    READ_ONLY_HEAP
  }

  /** A buffer of {@code kind} whose [pos, pos + content.length) holds {@code content}. */
  static ByteBuffer buffer(Kind kind, int pos, byte[] content, int capacity, SplittableRandom r) {
    byte[] backing = Seeds.bytes(r, capacity);
    System.arraycopy(content, 0, backing, pos, content.length);
    ByteBuffer b;
    switch (kind) {
      case HEAP -> b = ByteBuffer.wrap(backing);
      case HEAP_SLICE -> {
        // a view whose array offset is not zero
        byte[] bigger = new byte[capacity + 7];
        System.arraycopy(backing, 0, bigger, 7, capacity);
        b = ByteBuffer.wrap(bigger, 7, capacity).slice();
      }
      case DIRECT -> {
        b = ByteBuffer.allocateDirect(capacity);
        b.put(backing);
      }
      case READ_ONLY_HEAP -> b = ByteBuffer.wrap(backing).asReadOnlyBuffer();
      default -> throw new AssertionError(kind);
    }
    b.clear();
    b.position(pos);
    return b;
  }

  static byte[] contents(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    d.clear();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  static LongStream bufferSeeds() {
    return Seeds.cases("ige-bytebuffer", 600);
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("bufferSeeds")
  void byteBufferApiOnHeapDirectAndMixedBuffersEqualsReference(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    Kind[] kinds = Kind.values();
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        int len =
            r.nextInt(5) == 0 ? BLOCK * r.nextInt(3 * IgeCipher.CHUNK / BLOCK) : randomLength(r);
        byte[] data = Seeds.bytes(r, len);
        byte[] expected = reference(d, key, iv, data);
        Kind inKind = kinds[r.nextInt(kinds.length)];
        Kind outKind = kinds[r.nextInt(kinds.length - 1)]; // output cannot be read-only
        int inPos = r.nextInt(32);
        int outPos = r.nextInt(32);
        ByteBuffer in = buffer(inKind, inPos, data, inPos + len + r.nextInt(32), r);
        in.limit(inPos + len);
        int outCapacity = outPos + len + r.nextInt(32);
        ByteBuffer out = buffer(outKind, outPos, new byte[0], outCapacity, r);
        byte[] outBefore = contents(out);
        byte[] inBefore = contents(in);

        IgeCipher cipher = IgeCipher.create(key, iv, d, engine);
        int done = 0;
        for (int piece : randomPieces(r, len)) {
          in.limit(inPos + done + piece);
          assertThat(cipher.process(in, out)).isEqualTo(piece);
          done += piece;
        }

        String what = engine + " " + d + " " + inKind + "->" + outKind + " len=" + len;
        assertThat(in.position()).as(what).isEqualTo(inPos + len);
        assertThat(out.position()).as(what).isEqualTo(outPos + len);
        assertThat(out.limit()).as(what).isEqualTo(outCapacity);
        byte[] outAfter = contents(out);
        assertThat(slice(outAfter, outPos, len)).as(what).isEqualTo(expected);
        assertThat(slice(outAfter, 0, outPos)).as(what).isEqualTo(slice(outBefore, 0, outPos));
        assertThat(slice(outAfter, outPos + len, outCapacity - outPos - len))
            .as(what)
            .isEqualTo(slice(outBefore, outPos + len, outCapacity - outPos - len));
        assertThat(contents(in)).as(what + ": input unchanged").isEqualTo(inBefore);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Kind.class,
      names = {"HEAP", "HEAP_SLICE", "DIRECT"})
  void byteBufferInPlaceThroughADuplicateEqualsReference(Kind kind) {
    SplittableRandom r =
        new SplittableRandom(Seeds.cases("ige-bytebuffer-in-place", 1).findFirst().getAsLong());
    Aes256Key key = randomKey(r);
    IgeIv iv = randomIv(r);
    for (int len :
        new int[] {
          0, BLOCK, 1024, IgeCipher.CHUNK, IgeCipher.CHUNK + BLOCK, 3 * IgeCipher.CHUNK + 48
        }) {
      for (AesEngine engine : AesEngine.values()) {
        for (CipherDirection d : CipherDirection.values()) {
          byte[] data = Seeds.bytes(r, len);
          ByteBuffer buf = buffer(kind, 5, data, 5 + len + 3, r);
          buf.limit(5 + len);
          IgeCipher.create(key, iv, d, engine).process(buf, buf.duplicate());
          assertThat(slice(contents(buf), 5, len))
              .as("%s %s %s len=%d", kind, engine, d, len)
              .isEqualTo(reference(d, key, iv, data));
        }
      }
    }
  }

  @Test
  void revealedKeyAndIvOfTheReferenceInputsAreUntouchedByProcessing() {
    SplittableRandom r =
        new SplittableRandom(Seeds.cases("ige-inputs-untouched", 1).findFirst().getAsLong());
    byte[] k = Seeds.bytes(r, 32);
    byte[] v = Seeds.bytes(r, 32);
    Aes256Key key = Aes256Key.copyOf(k);
    IgeIv iv = IgeIv.copyOf(v);
    byte[] data = Seeds.bytes(r, 10 * BLOCK);
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        IgeCipher.create(key, iv, d, engine)
            .process(data, 0, data.length, new byte[data.length], 0);
        reference(d, key, iv, data);
      }
    }
    assertThat(key.reveal(SecretAccess.explicitly())).isEqualTo(k);
    assertThat(iv.reveal(SecretAccess.explicitly())).isEqualTo(v);
  }
}
