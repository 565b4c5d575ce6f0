package org.mtlab.bench.ige;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mtlab.bench.ForkArgs;
import org.mtlab.bench.baseline.JdkAesCbc;
import org.mtlab.bench.baseline.JdkAesEcb;
import org.mtlab.bench.baseline.JdkAesEcbChain;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesEngine;
import org.mtlab.crypto.CipherDirection;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.crypto.IgeIv;
import org.mtlab.crypto.IgeReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast is AES-256-IGE, and how close does MTLab's fast path come to what serial AES can do on
 * this JVM?
 *
 * <p>Subjects: MTLab's fast path ({@link IgeCipher} on the JDK's AES), its reference path ({@link
 * IgeReference}, the textbook formula) and its Bouncy Castle engine ({@link
 * AesEngine#BOUNCY_CASTLE}, what older Java MTProto clients do). Baselines beside them: the JDK's
 * AES/CBC encryption of the same buffer ({@link JdkAesCbc}: as serial as IGE, the practical limit),
 * a chain of single-block JDK AES/ECB decryptions, each fed the previous one's output ({@link
 * JdkAesEcbChain}: the floor for IGE decryption on the JDK's API, which has to call AES once per
 * block) and the JDK's AES/ECB over the whole buffer ({@link JdkAesEcb}: pipelined, an upper bound
 * IGE cannot reach, for scale).
 *
 * <p>Every fork runs with {@code --add-modules=jdk.incubator.vector}, so {@link #fastEncrypt} and
 * {@link #fastDecrypt} use {@link IgeCipher}'s optional vector kernels; {@link #fastEncryptScalar}
 * and {@link #fastDecryptScalar} are the same ciphers in forks that turn them off ({@code
 * -Dmtlab.simd=off}), what an application that does not resolve the module gets.
 *
 * <p>Every op processes {@code size} bytes. The fast and Bouncy Castle ops start with one {@code
 * reset(iv)} (measured: MTProto starts every message from a fresh IV) and write into a preallocated
 * caller buffer; the reference path allocates its result, as it does in use. The CBC and ECB
 * baselines are one {@code doFinal} each, which likewise restarts from the IV. Key expansion is not
 * measured for anyone.
 *
 * <p>Inputs are seeded pseudo-random bytes held in non-final {@link State} fields, so that JIT
 * cannot fold them; every op returns its output to JMH's blackhole. {@link #setUp} checks that the
 * three IGE paths agree before anything is timed: a fast wrong answer is worth nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", ForkArgs.VECTOR_MODULE})
@State(Scope.Thread)
public class IgeBench {

  private static final int BLOCK = 16;
  private static final int PRIMING_CALLS = 20_000;

  /** Bytes per op: 64 B (a small message), 1 KiB, 16 KiB and 1 MiB. */
  @Param({"64", "1024", "16384", "1048576"})
  public int size;

  private Aes256Key key;
  private IgeIv iv;
  private byte[] plaintext;
  private byte[] ciphertext;
  private byte[] out;

  private IgeCipher fastEncryptor;
  private IgeCipher fastDecryptor;
  private IgeCipher bcEncryptor;
  private IgeCipher bcDecryptor;
  private JdkAesCbc cbc;
  private JdkAesEcb ecb;
  private JdkAesEcbChain ecbChain;

  /** Seeded inputs, the ciphers under test, and a cross-check of the three IGE paths. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(0x4d544c6162L ^ size);
    byte[] keyBytes = bytes(random, Aes256Key.LENGTH);
    byte[] ivBytes = bytes(random, IgeIv.LENGTH);
    key = Aes256Key.copyOf(keyBytes);
    iv = IgeIv.copyOf(ivBytes);
    plaintext = bytes(random, size);
    out = new byte[size];

    fastEncryptor = IgeCipher.encryptor(key, iv);
    fastDecryptor = IgeCipher.decryptor(key, iv);
    requireKernel();
    bcEncryptor = IgeCipher.create(key, iv, CipherDirection.ENCRYPT, AesEngine.BOUNCY_CASTLE);
    bcDecryptor = IgeCipher.create(key, iv, CipherDirection.DECRYPT, AesEngine.BOUNCY_CASTLE);
    cbc = new JdkAesCbc(keyBytes, Arrays.copyOf(ivBytes, 16));
    ecb = new JdkAesEcb(keyBytes);
    ecbChain = new JdkAesEcbChain(keyBytes);
    Arrays.fill(keyBytes, (byte) 0);

    ciphertext = IgeReference.encrypt(key, iv, plaintext);
    require("fast encryption", fastEncrypt(), ciphertext);
    require("Bouncy Castle encryption", bcEncrypt(), ciphertext);
    require("fast decryption", fastDecrypt(), plaintext);
    require("Bouncy Castle decryption", bcDecrypt(), plaintext);
    require("reference decryption", referenceDecrypt(), plaintext);
    prime();
  }

  /**
   * Runs each caller-buffer path {@value #PRIMING_CALLS} times on one block before timing.
   *
   * <p>Why (measured on JDK 17): HotSpot's AES-NI code for CBC is an intrinsic that replaces the
   * JDK's Java loop only inside a C2-compiled caller, and C2 compiles a caller after about 5 000
   * calls. The CBC and ECB baselines make one JDK call per op, so at 1 MiB (about 800 ops a second)
   * the CBC baseline ran at half speed for its first 13 seconds, longer than any warm-up here: the
   * baseline, not IGE, would have been measured wrong. A server that has handled a few thousand
   * messages is past this point; one-block calls get every path there in milliseconds. All
   * caller-buffer paths are primed alike so that none is favoured.
   */
  private void prime() {
    for (int i = 0; i < PRIMING_CALLS; i++) {
      fastEncryptor.reset(iv);
      fastEncryptor.process(plaintext, 0, BLOCK, out, 0);
      fastDecryptor.reset(iv);
      fastDecryptor.process(ciphertext, 0, BLOCK, out, 0);
      bcEncryptor.reset(iv);
      bcEncryptor.process(plaintext, 0, BLOCK, out, 0);
      bcDecryptor.reset(iv);
      bcDecryptor.process(ciphertext, 0, BLOCK, out, 0);
      cbc.encrypt(plaintext, 0, BLOCK, out, 0);
      ecb.encrypt(plaintext, 0, BLOCK, out, 0);
      ecbChain.decrypt(ciphertext, 0, 1);
    }
  }

  /** MTLab fast path: IGE encryption as CBC over pre-XORed blocks, into a caller buffer. */
  @Benchmark
  public byte[] fastEncrypt() {
    fastEncryptor.reset(iv);
    fastEncryptor.process(plaintext, 0, size, out, 0);
    return out;
  }

  /** MTLab fast path: IGE decryption block by block through the JDK's AES, into a caller buffer. */
  @Benchmark
  public byte[] fastDecrypt() {
    fastDecryptor.reset(iv);
    fastDecryptor.process(ciphertext, 0, size, out, 0);
    return out;
  }

  /**
   * The same as {@link #fastEncrypt} in a JVM where the vector kernels are off: the scalar pre- and
   * post-XOR passes that run when the application does not resolve {@code jdk.incubator.vector}.
   */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", ForkArgs.VECTOR_MODULE, ForkArgs.SIMD_OFF})
  public byte[] fastEncryptScalar() {
    return fastEncrypt();
  }

  /**
   * The same as {@link #fastDecrypt} in a JVM where the vector kernel is off: the scalar loop that
   * runs when the application does not resolve {@code jdk.incubator.vector}. (The same op: this
   * method's forks set {@code mtlab.simd=off}, and {@link #setUp} checks that the kernels are the
   * ones each fork asked for.)
   */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", ForkArgs.VECTOR_MODULE, ForkArgs.SIMD_OFF})
  public byte[] fastDecryptScalar() {
    return fastDecrypt();
  }

  /** MTLab reference path: the textbook formula, allocating its result. */
  @Benchmark
  public byte[] referenceEncrypt() {
    return IgeReference.encrypt(key, iv, plaintext);
  }

  /** MTLab reference path: the textbook formula, allocating its result. */
  @Benchmark
  public byte[] referenceDecrypt() {
    return IgeReference.decrypt(key, iv, ciphertext);
  }

  /** IGE over Bouncy Castle's AESEngine, block by block, into a caller buffer. */
  @Benchmark
  public byte[] bcEncrypt() {
    bcEncryptor.reset(iv);
    bcEncryptor.process(plaintext, 0, size, out, 0);
    return out;
  }

  /** IGE over Bouncy Castle's AESEngine, block by block, into a caller buffer. */
  @Benchmark
  public byte[] bcDecrypt() {
    bcDecryptor.reset(iv);
    bcDecryptor.process(ciphertext, 0, size, out, 0);
    return out;
  }

  /** Baseline: JDK AES/CBC/NoPadding encryption of the same bytes (the serial-AES limit). */
  @Benchmark
  public byte[] cbcEncrypt() {
    cbc.encrypt(plaintext, 0, size, out, 0);
    return out;
  }

  /**
   * Baseline for decryption: {@code size / 16} single-block JDK AES/ECB decryptions in a chain,
   * each fed the previous one's output. The dependency chain of IGE decryption on the JDK's API
   * without IGE's XORs: its floor.
   */
  @Benchmark
  public byte[] ecbDecryptChain() {
    return ecbChain.decrypt(ciphertext, 0, size / BLOCK);
  }

  /** Baseline for scale: JDK AES/ECB/NoPadding over the whole buffer (pipelined AES). */
  @Benchmark
  public byte[] ecbEncrypt() {
    ecb.encrypt(plaintext, 0, size, out, 0);
    return out;
  }

  /**
   * Fails the trial unless the decryptor runs the kernel this fork asked for: vector unless {@code
   * mtlab.simd=off} (a run whose JVM options dropped the module would otherwise publish the scalar
   * kernel's numbers under the vector kernel's name).
   */
  private void requireKernel() {
    boolean wantVector = ForkArgs.vectorKernelWanted();
    if (fastDecryptor.vectorized() != wantVector || fastEncryptor.vectorized() != wantVector) {
      throw new IllegalStateException(
          "expected the "
              + (wantVector ? "vector" : "scalar")
              + " IGE kernels; start"
              + " the JVM with "
              + ForkArgs.VECTOR_MODULE
              + " (and "
              + ForkArgs.SIMD_OFF
              + " for the scalar one)");
    }
  }

  private static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void require(String what, byte[] actual, byte[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new IllegalStateException(what + " disagrees with the reference path");
    }
  }
}
