package org.mtlab.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.internal.Checks;
import org.mtlab.internal.Jce;
import org.mtlab.internal.Simd;
import org.mtlab.internal.VectorIge;

/**
 * AES-256-IGE, the fast path: reusable, works on caller buffers, in place allowed, and
 * allocates nothing per {@code process} call on {@code byte[]} and heap buffers. (One
 * exception: a {@code ByteBuffer} call whose input and output are both direct, or both heap
 * without an accessible array, reads all input into a heap copy before writing; that copy is
 * kept for calls up to 2 MiB, and a larger such call allocates one
 * as large as its input.)
 *
 * <pre>
 *   encrypt:  c_i = E(p_i xor c_(i-1)) xor p_(i-1)        c_(-1) = iv[0:16], p_(-1) = iv[16:32]
 *   decrypt:  p_i = D(c_i xor p_(i-1)) xor c_(i-1)
 * </pre>
 *
 * <p><b>How it is fast.</b> With the {@link AesEngine#JCE} engine, encryption uses the
 * identity {@code y_i = c_i xor p_(i-1) = E(x_i xor y_(i-1))} with
 * {@code x_i = p_i xor p_(i-2)}: IGE encryption is CBC encryption of the pre-XORed blocks
 * {@code x}, so each chunk of up to {@value #CHUNK} bytes is one JDK {@code AES/CBC} call
 * (HotSpot's AES-NI intrinsic), followed by a post-XOR with the previous plaintext block (with
 * the vector kernels, in the same pass as the next chunk's pre-XOR).
 * Decryption has no such identity (the input of each block decryption depends on the previous
 * plaintext), so it runs block by block through a reused {@code AES/ECB} cipher, with the
 * chaining values kept in registers. The readable textbook version is {@link IgeReference};
 * tests demand that both agree.
 *
 * <p><b>The optional vector kernels.</b> When the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, decryption does its two chaining XORs per block as
 * single 128-bit operations on the incubating Vector API, which lets the CPU forward each block's
 * input straight to the AES instruction (1.09x to 1.33x at 16 KiB and 1 MiB in runs on the
 * development machine, no gain at 64 B), and encryption runs its pre- and post-XOR passes in 16-byte
 * vectors (see {@link #vectorized()}).
 * Same bytes either way; the system property {@code mtlab.simd=off} turns them off. The
 * kernels use 128-bit vectors only: on HotSpot 17, code elsewhere in the JVM that runs
 * {@code ByteVector}s of another shape can make them box vectors and fall behind the scalar
 * loops (see {@code bench/README.md}); such an application should measure or turn them off.
 *
 * <p><b>Streaming.</b> The cipher keeps its chaining state between {@code process} calls, so
 * a message may be processed in pieces (each a multiple of 16 bytes). MTProto starts every
 * message with a fresh IV: call {@link #reset(IgeIv)} (same key) or {@link #rekey} (new key).
 *
 * <p><b>Buffers.</b> Input and output ranges must be disjoint or identical (in place);
 * partial overlap is rejected with {@link IllegalArgumentException}. Lengths must be a
 * multiple of 16; zero is a no-op. All checks run before anything is written.
 *
 * <p><b>What it leaves behind.</b> Its scratch buffers hold data derived from the plaintext
 * while a call runs ({@code x_i}, {@code y_i = c_i xor p_(i-1)}, and per block the AES input
 * and output); every completed call zeroes them (about 20 ns on a 64-byte encryption, measured
 * on JDK 17; no measurable cost at 16 KiB and above or on decryption). The chaining state keeps
 * the last plaintext and ciphertext blocks until {@link #reset} or {@link #rekey}, as streaming
 * needs. The key schedule lives inside the JDK's {@code Cipher}, which no public API wipes.
 *
 * <p>Not thread-safe: confine each instance to one thread.
 */
public final class IgeCipher {
  /**
   * Bytes per CBC call in the fast encryption path (a multiple of 16). On JDK 17 with the vector
   * kernels, 1 KiB measured 1 to 2% faster than 2 and 4 KiB at 16 KiB messages, 256 and 512 B
   * no faster; differences of that size drown in a busy host's noise.
   */
  static final int CHUNK = 1024;

  /**
   * Bytes per step when a direct and a heap ByteBuffer are copied through
   * {@link #bufferScratch}.
   */
  static final int BUFFER_CHUNK = 4096;

  /** The largest internal ByteBuffer copy this cipher keeps between calls. */
  static final int MAX_KEPT_BUFFER = 2 << 20;

  private static final int BLOCK = 16;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK]);

  private final CipherDirection direction;
  private final AesEngine engine;
  private final Cipher jce;
  private final BlockCipher bc;
  private final byte[] scratchIn;
  private final byte[] scratchOut;
  private final byte[] chainScratch;
  private final boolean vectorized;
  private byte[] bufferScratch;
  private boolean keyed;

  // Chaining state: the previous ciphertext block (c), the previous plaintext block (p) and,
  // for the CBC-based encryption, the JCE cipher's own chaining register (r = last y).
  private long c0;
  private long c1;
  private long p0;
  private long p1;
  private long r0;
  private long r1;

  private IgeCipher(CipherDirection direction, AesEngine engine, boolean allowVector) {
    this.direction = direction;
    this.engine = engine;
    this.vectorized = allowVector && Simd.IGE && engine == AesEngine.JCE;
    this.chainScratch =
        vectorized && direction == CipherDirection.DECRYPT ? new byte[IgeIv.LENGTH] : null;
    if (engine == AesEngine.JCE) {
      this.jce =
          Jce.cipher(direction == CipherDirection.ENCRYPT ? "AES/CBC/NoPadding" : "AES/ECB/NoPadding");
      this.bc = null;
      int scratch = direction == CipherDirection.ENCRYPT ? CHUNK : BLOCK;
      this.scratchIn = new byte[scratch];
      this.scratchOut = new byte[scratch];
    } else {
      this.jce = null;
      this.bc = AESEngine.newInstance();
      this.scratchIn = new byte[BLOCK];
      this.scratchOut = new byte[BLOCK];
    }
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

  /** As {@link #create}, with the vector kernel forbidden if {@code allowVector} is false (tests). */
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
    return vectorized;
  }

  /** Starts a new message under the same key: the chaining state becomes {@code iv}. */
  public void reset(IgeIv iv) {
    Objects.requireNonNull(iv, "iv");
    loadIv(iv.array(), 0);
  }

  /** Switches to a new key and IV (for example for the next message). */
  public void rekey(Aes256Key key, IgeIv iv) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(iv, "iv");
    rekeyRaw(key.array(), 0, iv.array(), 0);
  }

  /**
   * Switches to the key {@code key[keyOff, keyOff + 32)} and the IV
   * {@code iv[ivOff, ivOff + 32)}, copying both. A low-level entry for hot paths (message
   * sealing and opening) that derive per-message keys into scratch buffers they zero
   * afterwards; other code should use {@link #rekey(Aes256Key, IgeIv)}. Raw key bytes cross
   * the API here, hence the {@link SecretAccess} token.
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
    if (engine == AesEngine.JCE) {
      if (direction == CipherDirection.ENCRYPT) {
        Jce.init(jce, Cipher.ENCRYPT_MODE, key, keyOff, Aes256Key.LENGTH, ZERO_IV);
      } else {
        Jce.init(jce, Cipher.DECRYPT_MODE, key, keyOff, Aes256Key.LENGTH, null);
      }
    } else {
      byte[] k = Arrays.copyOfRange(key, keyOff, keyOff + Aes256Key.LENGTH);
      bc.init(direction == CipherDirection.ENCRYPT, new KeyParameter(k));
      Arrays.fill(k, (byte) 0);
    }
    r0 = 0;
    r1 = 0;
    keyed = true;
    loadIv(iv, ivOff);
  }

  private void loadIv(byte[] iv, int off) {
    c0 = get(iv, off);
    c1 = get(iv, off + 8);
    p0 = get(iv, off + 16);
    p1 = get(iv, off + 24);
  }

  /**
   * Encrypts or decrypts {@code in[inOff, inOff + length)} into
   * {@code out[outOff, outOff + length)}, continuing the chaining state.
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
    if (bc != null) {
      processBlockByBlock(in, inOff, length, out, outOff);
    } else if (direction == CipherDirection.ENCRYPT) {
      encryptViaCbc(in, inOff, length, out, outOff);
    } else if (vectorized) {
      decryptViaVectorKernel(in, inOff, length, out, outOff);
    } else {
      decryptViaEcb(in, inOff, length, out, outOff);
    }
    return length;
  }

  /**
   * Processes all remaining bytes of {@code in} into {@code out}, advancing both positions.
   * Heap buffers are processed in place of their arrays (sharing memory only as the same
   * region; partial overlap is rejected). Otherwise the bytes go through an internal buffer
   * that this cipher keeps and zeroes after each call: in chunks of {@value #BUFFER_CHUNK}
   * bytes when one buffer is direct and the other on the heap (they cannot share memory),
   * and all at once when both are direct, or both on the heap with one hiding its array
   * (read-only): such buffers may overlap without a way to see it, so every input byte is read
   * before any output byte is written, and overlapping buffers give the same result as
   * separate ones. That buffer grows to the largest such call up to
   * {@value #MAX_KEPT_BUFFER} bytes (allocated then, not per call); a larger call of that kind
   * allocates its own.
   *
   * @return the number of bytes processed
   * @throws IllegalArgumentException if {@code in} and {@code out} are the same object (pass
   *     a {@link ByteBuffer#duplicate() duplicate} to work in place), or the length is not a
   *     multiple of 16
   * @throws IndexOutOfBoundsException if {@code out} has fewer bytes remaining than {@code in}
   * @throws ReadOnlyBufferException if {@code out} is read-only
   */
  public int process(ByteBuffer in, ByteBuffer out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    if (in == out) {
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
          in.array(), in.arrayOffset() + in.position(), length,
          out.array(), out.arrayOffset() + out.position());
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
   * The internal buffer for ByteBuffers without accessible arrays, at least {@code n} bytes:
   * kept up to {@value #MAX_KEPT_BUFFER} bytes (an MTProto message is at most about 1 MiB),
   * fresh for each larger call.
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

  // --- encryption as CBC over x_i = p_i xor p_(i-2) -------------------------------------------

  private void encryptViaCbc(byte[] in, int inOff, int length, byte[] out, int outOff) {
    byte[] x = scratchIn;
    byte[] y = scratchOut;
    int n = Math.min(CHUNK, length);
    preXorHead(in, inOff, n);
    if (vectorized) {
      VectorIge.preXor(in, inOff, n, x);
    } else {
      preXorScalar(in, inOff, 2 * BLOCK, n);
    }
    for (int done = 0; ; ) {
      int ip = inOff + done;
      int op = outOff + done;
      Jce.update(jce, x, 0, n, y, 0);
      // Read before the post-XOR: in place, it overwrites this chunk's plaintext.
      long lastP0 = get(in, ip + n - BLOCK);
      long lastP1 = get(in, ip + n - 8);
      int next = done + n;
      int n2 = Math.min(CHUNK, length - next);
      // c_i = y_i xor p_(i-1) for i >= 1 of this chunk, and the next chunk's pre-XOR from its
      // third block on, in one pass: the XOR work after one CBC call is a single loop.
      if (vectorized) {
        VectorIge.postXorAndNextPreXor(y, in, ip, out, op, n, inOff + next, n2, x);
      } else {
        postXorScalar(y, in, ip, out, op, n);
        preXorScalar(in, inOff + next, 2 * BLOCK, n2);
      }
      put(out, op, get(y, 0) ^ p0);
      put(out, op + 8, get(y, 8) ^ p1);
      r0 = get(y, n - BLOCK);
      r1 = get(y, n - 8);
      c0 = get(out, op + n - BLOCK);
      c1 = get(out, op + n - 8);
      p0 = lastP0;
      p1 = lastP1;
      if (n2 == 0) {
        // x and y hold data derived from the plaintext (x_i, and y_i = c_i xor p_(i-1)):
        // leave none of it behind. The first chunk was the longest.
        zero(x, Math.min(CHUNK, length));
        zero(y, Math.min(CHUNK, length));
        return;
      }
      preXorHead(in, inOff + next, n2);
      done = next;
      n = n2;
    }
  }

  /**
   * The first two blocks of a chunk's pre-XOR, which reach back into the chaining state:
   * {@code x_0 = p_0 xor c_(-1) xor r} (r: the CBC register, so that CBC's
   * {@code y_0 = E(p_0 xor c_(-1))}) and {@code x_1 = p_1 xor p_(-1)}.
   */
  private void preXorHead(byte[] in, int ip, int n) {
    byte[] x = scratchIn;
    put(x, 0, get(in, ip) ^ c0 ^ r0);
    put(x, 8, get(in, ip + 8) ^ c1 ^ r1);
    if (n > BLOCK) {
      put(x, 16, get(in, ip + 16) ^ p0);
      put(x, 24, get(in, ip + 24) ^ p1);
    }
  }

  /** {@code x[j] = in[ip + j] xor in[ip + j - 32]} for {@code j} in {@code [from, n)}. */
  private void preXorScalar(byte[] in, int ip, int from, int n) {
    byte[] x = scratchIn;
    for (int j = from; j < n; j += 8) {
      put(x, j, get(in, ip + j) ^ get(in, ip + j - 2 * BLOCK));
    }
  }

  /**
   * {@code out[op + j] = y[j] xor in[ip + j - 16]} for {@code j} in {@code [16, n)}, backwards,
   * so that in-place output never overwrites a plaintext block still needed.
   */
  private static void postXorScalar(byte[] y, byte[] in, int ip, byte[] out, int op, int n) {
    for (int j = n - BLOCK; j >= BLOCK; j -= BLOCK) {
      put(out, op + j, get(y, j) ^ get(in, ip + j - BLOCK));
      put(out, op + j + 8, get(y, j + 8) ^ get(in, ip + j - 8));
    }
  }

  // --- decryption block by block through AES/ECB ------------------------------------------

  private void decryptViaEcb(byte[] in, int inOff, int length, byte[] out, int outOff) {
    byte[] u = scratchIn;
    byte[] d = scratchOut;
    long pc0 = c0;
    long pc1 = c1;
    long pp0 = p0;
    long pp1 = p1;
    for (int j = 0; j < length; j += BLOCK) {
      long x0 = get(in, inOff + j);
      long x1 = get(in, inOff + j + 8);
      put(u, 0, x0 ^ pp0);
      put(u, 8, x1 ^ pp1);
      Jce.update(jce, u, 0, BLOCK, d, 0);
      pp0 = get(d, 0) ^ pc0;
      pp1 = get(d, 8) ^ pc1;
      put(out, outOff + j, pp0);
      put(out, outOff + j + 8, pp1);
      pc0 = x0;
      pc1 = x1;
    }
    c0 = pc0;
    c1 = pc1;
    p0 = pp0;
    p1 = pp1;
    zero(u, BLOCK); // c_i xor p_(i-1) and p_i xor c_(i-1): plaintext, given the ciphertext
    zero(d, BLOCK);
  }

  private void decryptViaVectorKernel(byte[] in, int inOff, int length, byte[] out, int outOff) {
    byte[] chain = chainScratch;
    put(chain, 0, c0);
    put(chain, 8, c1);
    put(chain, 16, p0);
    put(chain, 24, p1);
    VectorIge.decrypt(jce, in, inOff, length, out, outOff, scratchIn, scratchOut, chain);
    c0 = get(chain, 0);
    c1 = get(chain, 8);
    p0 = get(chain, 16);
    p1 = get(chain, 24);
    Arrays.fill(chain, (byte) 0);
    zero(scratchIn, BLOCK);
    zero(scratchOut, BLOCK);
  }

  // --- the Bouncy Castle engine: textbook IGE, one block at a time ------------------------

  private void processBlockByBlock(byte[] in, int inOff, int length, byte[] out, int outOff) {
    boolean encrypt = direction == CipherDirection.ENCRYPT;
    byte[] u = scratchIn;
    byte[] d = scratchOut;
    for (int j = 0; j < length; j += BLOCK) {
      long x0 = get(in, inOff + j);
      long x1 = get(in, inOff + j + 8);
      // encrypt: c = E(p xor c_prev) xor p_prev;  decrypt: p = D(c xor p_prev) xor c_prev
      long mixIn0 = encrypt ? c0 : p0;
      long mixIn1 = encrypt ? c1 : p1;
      long mixOut0 = encrypt ? p0 : c0;
      long mixOut1 = encrypt ? p1 : c1;
      put(u, 0, x0 ^ mixIn0);
      put(u, 8, x1 ^ mixIn1);
      bc.processBlock(u, 0, d, 0);
      long z0 = get(d, 0) ^ mixOut0;
      long z1 = get(d, 8) ^ mixOut1;
      put(out, outOff + j, z0);
      put(out, outOff + j + 8, z1);
      if (encrypt) {
        c0 = z0;
        c1 = z1;
        p0 = x0;
        p1 = x1;
      } else {
        c0 = x0;
        c1 = x1;
        p0 = z0;
        p1 = z1;
      }
    }
    zero(u, BLOCK);
    zero(d, BLOCK);
  }

  /** Zeroes {@code b[0, n)} ({@code n} a multiple of 16) with 8-byte stores. */
  private static void zero(byte[] b, int n) {
    for (int j = 0; j < n; j += 8) {
      put(b, j, 0L);
    }
  }

  private static long get(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  private static void put(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }

  /** Never shows key or state. */
  @Override
  public String toString() {
    return "IgeCipher[" + direction + ", " + engine + (vectorized ? ", vectorized" : "") + "]";
  }
}
