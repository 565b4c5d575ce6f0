package org.mtlab.crypto;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.Objects;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Checks;
import org.mtlab.internal.Simd;

/**
 * AES-256-IGE, the fast path: reusable, works on caller buffers, in place allowed, and allocates
 * nothing per {@code process} call on {@code byte[]} and heap buffers. (One exception: a {@code
 * ByteBuffer} call whose input and output are both direct, or both heap without an accessible
 * array, reads all input into a heap copy before writing; that copy is kept for calls up to 2 MiB,
 * and a larger such call allocates one as large as its input.)
 *
 * <pre>
 *   encrypt:  c_i = E(p_i xor c_(i-1)) xor p_(i-1)        c_(-1) = iv[0:16], p_(-1) = iv[16:32]
 *   decrypt:  p_i = D(c_i xor p_(i-1)) xor c_(i-1)
 * </pre>
 *
 * <p><b>How it is fast.</b> With the {@link AesEngine#JCE} engine, encryption uses the identity
 * {@code y_i = c_i xor p_(i-1) = E(x_i xor y_(i-1))} with {@code x_i = p_i xor p_(i-2)}: IGE
 * encryption is CBC encryption of the pre-XORed blocks {@code x}, so each chunk of up to {@value
 * #CHUNK} bytes is one JDK {@code AES/CBC} call (HotSpot's AES-NI intrinsic), followed by a
 * post-XOR with the previous plaintext block (with the vector kernels, in the same pass as the next
 * chunk's pre-XOR). Decryption has no such identity (the input of each block decryption depends on
 * the previous plaintext), so it runs block by block through a reused {@code AES/ECB} cipher, with
 * the chaining values kept in registers. The readable textbook version is {@link IgeReference};
 * tests demand that both agree.
 *
 * <p><b>The optional vector kernels.</b> When the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, decryption does its two chaining XORs per block as single 128-bit
 * operations on the incubating Vector API, which lets the CPU forward each block's input straight
 * to the AES instruction, and encryption runs its pre- and post-XOR passes in 16-byte vectors (see
 * {@link #vectorized()}; the gains, measured, are in {@code bench/README.md}). Same bytes either
 * way; the system property {@code mtlab.simd=off} turns them off. The kernels use 128-bit vectors
 * only: on HotSpot 17, code elsewhere in the JVM that runs {@code ByteVector}s of another shape can
 * make them box vectors and fall behind the scalar loops (see {@code bench/README.md}); such an
 * application should measure or turn them off.
 *
 * <p><b>Streaming.</b> The cipher keeps its chaining state between {@code process} calls, so a
 * message may be processed in pieces (each a multiple of 16 bytes). MTProto starts every message
 * with a fresh IV: call {@link #reset(IgeIv)} (same key) or {@link #rekey} (new key).
 *
 * <p><b>Buffers.</b> Input and output ranges must be disjoint or identical (in place); partial
 * overlap is rejected with {@link IllegalArgumentException}. Lengths must be a multiple of 16; zero
 * is a no-op. All checks run before anything is written.
 *
 * <p><b>What it leaves behind.</b> Its scratch buffers hold data derived from the plaintext while a
 * call runs ({@code x_i}, {@code y_i = c_i xor p_(i-1)}, and per block the AES input and output);
 * every completed call zeroes them. The chaining state keeps the last plaintext and ciphertext
 * blocks until {@link #reset} or {@link #rekey}, as streaming needs. The key schedule lives inside
 * the JDK's {@code Cipher}, which no public API wipes.
 *
 * <p><b>Structure.</b> Each way of running IGE is its own package-private kernel class, chosen once
 * when the cipher is made: CBC-based encryption with scalar or vector XOR passes, ECB decryption
 * with scalar or vector chaining, and Bouncy Castle block by block. This class checks arguments,
 * holds the key state and handles {@code ByteBuffer}s.
 *
 * <p>Not thread-safe: confine each instance to one thread.
 */
public final class IgeCipher {
  /** Bytes per CBC call in the fast encryption path (a multiple of 16). */
  static final int CHUNK = CbcEncryptKernel.CHUNK;

  /**
   * Bytes per step when a direct and a heap ByteBuffer are copied through {@link #bufferScratch}.
   */
  static final int BUFFER_CHUNK = 4096;

  /** The largest internal ByteBuffer copy this cipher keeps between calls. */
  static final int MAX_KEPT_BUFFER = 2 << 20;

  private static final int BLOCK = 16;

  private final CipherDirection direction;
  private final AesEngine engine;
  private final IgeKernel kernel;
  private byte[] bufferScratch;
  private boolean keyed;

  private IgeCipher(CipherDirection direction, AesEngine engine, boolean allowVector) {
    this.direction = direction;
    this.engine = engine;
    this.kernel = kernel(direction, engine, allowVector && Simd.IGE);
  }

  /** The one place that picks a kernel. */
  private static IgeKernel kernel(CipherDirection direction, AesEngine engine, boolean vector) {
    if (engine == AesEngine.BOUNCY_CASTLE) {
      return new BlockKernel(direction);
    }
    if (direction == CipherDirection.ENCRYPT) {
      return vector ? new VectorCbcEncryptKernel() : new ScalarCbcEncryptKernel();
    }
    return vector ? new VectorDecryptKernel() : new EcbDecryptKernel();
  }

  /** An encryptor on the JDK's AES. */
  public static IgeCipher encryptor(Aes256Key key, IgeIv iv) {
    return create(key, iv, CipherDirection.ENCRYPT, AesEngine.JCE);
  }

  /** A decryptor on the JDK's AES. */
  public static IgeCipher decryptor(Aes256Key key, IgeIv iv) {
    return create(key, iv, CipherDirection.DECRYPT, AesEngine.JCE);
  }

  /** A cipher for the given direction and AES engine (benchmarks compare the engines). */
  public static IgeCipher create(
      Aes256Key key, IgeIv iv, CipherDirection direction, AesEngine engine) {
    return create(key, iv, direction, engine, true);
  }

  /** As {@link #create}, with the vector kernels forbidden unless {@code allowVector} (tests). */
  static IgeCipher create(
      Aes256Key key, IgeIv iv, CipherDirection direction, AesEngine engine, boolean allowVector) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    IgeCipher cipher =
        new IgeCipher(
            Objects.requireNonNull(direction, "direction"),
            Objects.requireNonNull(engine, "engine"),
            allowVector);
    cipher.rekey(key, iv);
    return cipher;
  }

  /**
   * A cipher with no key yet, for owners that derive a key per message into their own scratch
   * buffers and call {@link #rekey(SecretAccess, byte[], int, byte[], int)}. {@code process} throws
   * {@link IllegalStateException} until then.
   */
  public static IgeCipher unkeyed(CipherDirection direction, AesEngine engine) {
    return new IgeCipher(
        Objects.requireNonNull(direction, "direction"),
        Objects.requireNonNull(engine, "engine"),
        true);
  }

  /** This cipher's direction. */
  public CipherDirection direction() {
    return direction;
  }

  /** The AES implementation underneath. */
  public AesEngine engine() {
    return engine;
  }

  /**
   * True if this cipher runs the vector kernels: a {@link AesEngine#JCE} cipher in a JVM started
   * with {@code --add-modules jdk.incubator.vector} on a CPU with 128-bit vectors, unless the
   * system property {@code mtlab.simd} is {@code off}. The Bouncy Castle engine never uses them.
   * The output is the same either way.
   */
  public boolean vectorized() {
    return kernel.vectorized();
  }

  /** Starts a new message under the same key: the chaining state becomes {@code iv}. */
  public void reset(IgeIv iv) {
    Objects.requireNonNull(iv, "iv");
    kernel.loadIv(iv.array(), 0);
  }

  /** Switches to a new key and IV (for example for the next message). */
  public void rekey(Aes256Key key, IgeIv iv) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    rekeyRaw(key.array(), 0, iv.array(), 0);
  }

  /**
   * Switches to the key {@code key[keyOff, keyOff + 32)} and the IV {@code iv[ivOff, ivOff + 32)},
   * copying both. A low-level entry for hot paths (message sealing and opening) that derive
   * per-message keys into scratch buffers they zero afterwards; other code should use {@link
   * #rekey(Aes256Key, IgeIv)}. Raw key bytes cross the API here, hence the {@link SecretAccess}
   * token.
   */
  public void rekey(SecretAccess access, byte[] key, int keyOff, byte[] iv, int ivOff) {
    Objects.requireNonNull(access, "access");
    rekeyRaw(key, keyOff, iv, ivOff);
  }

  private void rekeyRaw(byte[] key, int keyOff, byte[] iv, int ivOff) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    Objects.checkFromIndexSize(keyOff, Aes256Key.LENGTH, key.length);
    Objects.checkFromIndexSize(ivOff, IgeIv.LENGTH, iv.length);
    kernel.init(key, keyOff);
    keyed = true;
    kernel.loadIv(iv, ivOff);
  }

  /**
   * Encrypts or decrypts {@code in[inOff, inOff + length)} into {@code out[outOff, outOff +
   * length)}, continuing the chaining state.
   *
   * @return {@code length}
   * @throws NullPointerException if a buffer is null
   * @throws IndexOutOfBoundsException if a range is outside its array
   * @throws IllegalArgumentException if {@code length} is not a multiple of 16, or the ranges
   *     overlap at different offsets
   */
  public int process(byte[] in, int inOff, int length, byte[] out, int outOff) {
    Checks.buffers(in, inOff, length, out, outOff);
    Checks.multipleOf(length, BLOCK, "IGE data");
    if (!keyed) {
      throw new IllegalStateException("IgeCipher has no key: call rekey first");
    }
    if (length == 0) {
      return 0;
    }
    kernel.process(in, inOff, length, out, outOff);
    return length;
  }

  /**
   * Processes all remaining bytes of {@code in} into {@code out}, advancing both positions. Heap
   * buffers are processed in place of their arrays (sharing memory only as the same region; partial
   * overlap is rejected). Otherwise the bytes go through an internal buffer that this cipher keeps
   * and zeroes after each call: in chunks of {@value #BUFFER_CHUNK} bytes when one buffer is direct
   * and the other on the heap (they cannot share memory), and all at once when both are direct, or
   * both on the heap with one hiding its array (read-only): such buffers may overlap without a way
   * to see it, so every input byte is read before any output byte is written, and overlapping
   * buffers give the same result as separate ones. That buffer grows to the largest such call up to
   * {@value #MAX_KEPT_BUFFER} bytes (allocated then, not per call); a larger call of that kind
   * allocates its own.
   *
   * @return the number of bytes processed
   * @throws IllegalArgumentException if {@code in} and {@code out} are the same object (pass a
   *     {@link ByteBuffer#duplicate() duplicate} to work in place), or the length is not a multiple
   *     of 16
   * @throws IndexOutOfBoundsException if {@code out} has fewer bytes remaining than {@code in}
   * @throws ReadOnlyBufferException if {@code out} is read-only
   */
  public int process(ByteBuffer in, ByteBuffer out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    // identity, not equal contents: one object cannot be both read and written through its
    // position, while a duplicate of it (same memory, own position) is the documented way in place
    @SuppressWarnings("ReferenceEquality")
    boolean sameObject = in == out;
    if (sameObject) {
      throw new IllegalArgumentException(
          "in and out must not be the same ByteBuffer object; to work in place, pass"
              + " buffer.duplicate() as out");
    }
    int length = in.remaining();
    Checks.multipleOf(length, BLOCK, "IGE data");
    if (!keyed) {
      throw new IllegalStateException("IgeCipher has no key: call rekey first");
    }
    if (out.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    if (out.remaining() < length) {
      throw new IndexOutOfBoundsException(
          "output buffer has " + out.remaining() + " bytes remaining, needs " + length);
    }
    if (in.hasArray() && out.hasArray()) {
      process(
          in.array(),
          in.arrayOffset() + in.position(),
          length,
          out.array(),
          out.arrayOffset() + out.position());
      in.position(in.position() + length);
      out.position(out.position() + length);
      return length;
    }
    // A heap array and native memory never share bytes; two direct buffers (or a read-only
    // heap buffer and another heap buffer) may, and then output written chunk by chunk could
    // overwrite input not read yet.
    boolean mayOverlap = in.isDirect() == out.isDirect();
    int step = mayOverlap ? length : Math.min(BUFFER_CHUNK, length);
    byte[] scratch = bufferScratch(step);
    try {
      for (int done = 0; done < length; done += step) {
        int n = Math.min(step, length - done);
        in.get(scratch, 0, n);
        process(scratch, 0, n, scratch, 0);
        out.put(scratch, 0, n);
      }
    } finally {
      Arrays.fill(scratch, 0, step, (byte) 0);
    }
    return length;
  }

  /**
   * The internal buffer for ByteBuffers without accessible arrays, at least {@code n} bytes: kept
   * up to {@value #MAX_KEPT_BUFFER} bytes (an MTProto message is at most about 1 MiB), fresh for
   * each larger call.
   */
  private byte[] bufferScratch(int n) {
    if (n > MAX_KEPT_BUFFER) {
      return new byte[n];
    }
    if (bufferScratch == null || bufferScratch.length < n) {
      int size = Math.max(BUFFER_CHUNK, n);
      bufferScratch = new byte[size]; // the old one was zeroed after its last use
    }
    return bufferScratch;
  }

  /** The kernel's scratch arrays, for the tests that prove they are zeroed. */
  byte[][] kernelScratch() {
    return kernel.scratch();
  }

  /** Never shows key or state. */
  @Override
  public String toString() {
    return "IgeCipher[" + direction + ", " + engine + (vectorized() ? ", vectorized" : "") + "]";
  }
}
