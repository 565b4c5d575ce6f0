package org.mtlab.bench.message;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.mtlab.CheckFailedException;
import org.mtlab.bench.ForkArgs;
import org.mtlab.bench.baseline.JdkSha256;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.IgeCipher;
import org.mtlab.crypto.IgeIv;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.message.EncryptedFrame;
import org.mtlab.message.InnerMessage;
import org.mtlab.message.MessageOpener;
import org.mtlab.message.MessageSealer;
import org.mtlab.message.PaddingPolicy;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;
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
 * How close do sealing and opening an MTProto 2.0 message come to their parts, AES-256-IGE and one
 * SHA-256 pass over the same bytes?
 *
 * <p><b>Subjects</b> (MTLab's caller-buffer paths, {@link Message}, per {@code size}):
 *
 * <ul>
 *   <li>{@link #seal}: {@link MessageSealer#sealInto(ServerSalt, SessionId, long, int, byte[], int,
 *       int, byte[], int)} of {@code size} bytes of message_data into a preallocated frame buffer:
 *       header, data, random padding, msg_key (SHA-256 over the auth_key slice and the whole padded
 *       plaintext), aes_key/aes_iv (two short SHA-256s), rekeying the JDK cipher, IGE encryption in
 *       place. A sealer refuses a msg_id it has already used, so every op seals under the next
 *       client msg_id (4 higher): every op therefore has a fresh msg_key and a fresh AES key, as in
 *       use.
 *   <li>{@link #open}: {@link MessageOpener#openInto} of such a frame into a preallocated buffer
 *       with a {@linkplain MessageOpener#stateless stateless} opener (every check a single frame
 *       allows; no replay window, so the same frames can be opened again and again): framing,
 *       decrypt into the opener's scratch, msg_key over all of it and a constant-time compare, the
 *       fields, then a copy of header and data to the caller. Ops alternate between two frames
 *       sealed under different msg_ids, so consecutive opens use different AES keys (the JDK's
 *       {@code AESCrypt} skips its key schedule when a cipher is re-initialised with the key it
 *       already has, which would flatter one frame opened again and again).
 * </ul>
 *
 * <p><b>Padding.</b> The sealer uses {@link PaddingPolicy#minimal()}, so that the encrypted part is
 * exactly {@code 32 + size + P} bytes with the smallest legal P (12..24 bytes for any legal size, a
 * multiple of 4; 16 for every size here, which are multiples of 16) and the parts below can run
 * over the same number of bytes. MTLab's default policy ({@link PaddingPolicy#sizeBuckets()}) pads
 * small messages more. The padding bytes still come from the injected {@link SecureRandom}, a
 * {@code SHA1PRNG} seeded once (the sealer draws them in 32-byte {@code nextBytes} calls: one per
 * minimally padded message).
 *
 * <p><b>Parts</b> (baselines over exactly the bytes seal and open process: the 32-byte header, the
 * data and the padding, {@link Message#bytes} bytes): {@link #igeEncrypt} and {@link #igeDecrypt},
 * MTLab's fast IGE ({@link IgeCipher} on the JDK's AES) with one {@code reset(iv)} per op and no
 * rekeying, into a preallocated buffer; {@link #sha256}, one JDK SHA-256 pass ({@link JdkSha256}).
 * What sealing and opening do beyond these parts (the key derivation, rekeying, the random padding,
 * the checks and the copy out) shows as the seal/parts and open/parts cost ratios; the
 * "unavoidable" ratios add the rekey and padding baselines below to the parts.
 *
 * <p><b>Allocation.</b> MTLab's caller-buffer paths allocate nothing themselves, but every message
 * has its own AES key, and the JDK's {@code Cipher.init} allocates: MTLab's {@code Jce.init} wraps
 * the key in a new {@link SecretKeySpec} (which copies it), and the JDK copies it again and builds
 * a new key schedule ({@code AESCrypt.makeSessionKey}) for every key it has not just seen. {@link
 * #jceRekeyEncrypt} and {@link #jceRekeyDecrypt} do only that, exactly as {@link
 * IgeCipher#rekey(org.mtlab.bytes.SecretAccess, byte[], int, byte[], int)} does it for the sealer
 * (AES/CBC, encrypt mode, zero IV) and the opener (AES/ECB, decrypt mode), alternating between two
 * keys as the benchmarks' messages do. {@code SHA1PRNG} allocates too (a new digest array per 20
 * bytes it produces); {@link #paddingRandom} is the sealer's padding draw alone. Seal passes the
 * msg_id as a {@code long} (the overload for this), so no {@link MessageId} is made per op. With
 * {@code -prof gc}, open's B/op should equal jceRekeyDecrypt's, and seal's jceRekeyEncrypt's plus
 * paddingRandom's: whatever exceeds those is MTLab's own allocation.
 *
 * <p><b>Heap pre-touch.</b> Seal and open allocate about 2 KB per op on JDK 17 (the key schedules),
 * up to 1.7 GB a second. Without {@code -XX:+AlwaysPreTouch} the young generation's first pass
 * through the 1 GB heap touches fresh pages, and the page faults (expensive in this virtual
 * machine) made jceRekeyEncrypt run at 0.14 M ops/s for its first 2.5 seconds and at 0.92 M ops/s
 * afterwards, with no JIT or GC event at the change (measured with {@code -XX:+PrintCompilation
 * -Xlog:gc}): longer than the quick profile's warm-up. The benchmarks that allocate per op (seal,
 * open, the rekey and padding baselines) therefore touch the whole heap when their JVM starts
 * (their own {@code @Fork}; about 2 s more per fork here, more on a busy machine); the parts
 * allocate nothing and skip it.
 *
 * <p>Every fork resolves {@code jdk.incubator.vector}, so seal, open and the IGE parts use the fast
 * IGE path's vector kernels (as in {@link org.mtlab.bench.ige.IgeBench}).
 *
 * <p>Inputs are seeded pseudo-random bytes in non-final state fields; every op returns its output
 * to JMH's blackhole. {@link Message#setUp} checks that a sealed frame has the expected length and
 * opens back to its data before anything is timed, and primes every path (see {@link
 * org.mtlab.bench.ige.IgeBench} for why).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", ForkArgs.VECTOR_MODULE})
@State(Scope.Thread)
public class MessageBench {
  static final int BLOCK = 16;
  static final int PRIMING_CALLS = 20_000;

  /** How many bytes the sealer asks its SecureRandom for at a time (MessageSealer's chunk). */
  static final int RANDOM_CHUNK = 32;

  /** A fixed time for the first msg_id: 2023-11-14T22:13:20Z, seconds in the high 32 bits. */
  static final long FIRST_MSG_ID = (1_700_000_000L << 32) | 4;

  private Cipher rekeyCbc;
  private Cipher rekeyEcb;
  private IvParameterSpec zeroIv;

  /** Two AES-256 keys, one after the other; the rekey baselines alternate between them. */
  byte[] rekeyKeys;

  private int rekeyTurn;
  private SecureRandom paddingRandom;
  private byte[] paddingChunk;

  /** Seeded keys for the rekey baselines, a seeded SHA1PRNG for the padding baseline. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(0x6d7367L);
    rekeyKeys = bytes(random, 2 * Aes256Key.LENGTH);
    zeroIv = new IvParameterSpec(new byte[BLOCK]);
    try {
      rekeyCbc = Cipher.getInstance("AES/CBC/NoPadding");
      rekeyEcb = Cipher.getInstance("AES/ECB/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is required by every Java SE runtime", e);
    }
    paddingRandom = seededRandom(0x706164L);
    paddingChunk = new byte[RANDOM_CHUNK];
    for (int i = 0; i < PRIMING_CALLS; i++) {
      jceRekeyEncrypt();
      jceRekeyDecrypt();
      paddingRandom();
    }
  }

  /** One message size: the sealer, the opener, their frames and buffers, and the parts. */
  @State(Scope.Thread)
  public static class Message {
    /** message_data bytes per message: 64 B, 1 KiB, 16 KiB and 1 MiB. */
    @Param({"64", "1024", "16384", "1048576"})
    public int size;

    /** Bytes encrypted and hashed per message: 32-byte header + data + minimal padding. */
    int bytes;

    ServerSalt salt;
    SessionId session;
    long msgId;
    int seqNo;
    byte[] data;
    MessageSealer sealer;
    byte[] frame;

    MessageOpener opener;
    byte[][] sealed;
    int frameLength;
    int turn;
    byte[] inner;

    IgeIv iv;
    IgeCipher igeEncryptor;
    IgeCipher igeDecryptor;
    byte[] plaintext;
    byte[] ciphertext;
    byte[] partsOut;
    JdkSha256 sha256;
    byte[] digest;

    /** Seeded inputs, the frames to open, a round-trip check, and priming. */
    @Setup(Level.Trial)
    public void setUp() throws CheckFailedException {
      SplittableRandom random = new SplittableRandom(0x4d544c6162L ^ size);
      AuthKey authKey = AuthKey.copyOf(bytes(random, AuthKey.LENGTH));
      salt = new ServerSalt(random.nextLong());
      session = new SessionId(random.nextLong());
      msgId = FIRST_MSG_ID;
      seqNo = 1;
      data = bytes(random, size);
      bytes =
          InnerMessage.HEADER_LENGTH
              + size
              + PaddingPolicy.minimalPadding(InnerMessage.HEADER_LENGTH + size);
      sealer =
          new MessageSealer(
              authKey, Sender.CLIENT, seededRandom(0x736561L ^ size), PaddingPolicy.minimal());
      frame = new byte[MessageSealer.maxFrameLength(size)];

      opener = MessageOpener.stateless(authKey, Sender.CLIENT);
      sealed = new byte[2][];
      for (int i = 0; i < sealed.length; i++) {
        sealed[i] = new byte[MessageSealer.maxFrameLength(size)];
        frameLength = sealOne(sealed[i]);
      }
      inner = new byte[MessageOpener.maxInnerLength(frameLength)];
      if (frameLength != EncryptedFrame.HEADER_LENGTH + bytes) {
        throw new IllegalStateException(
            "sealed frame is " + frameLength + " bytes, expected 24 + " + bytes);
      }
      for (byte[] f : sealed) {
        int n = opener.openInto(f, 0, frameLength, inner, 0);
        InnerMessage m = InnerMessage.readFrom(inner, 0, n);
        if (n != InnerMessage.HEADER_LENGTH + size
            || !Arrays.equals(m.data().toByteArray(), data)
            || !m.salt().equals(salt)
            || !m.sessionId().equals(session)) {
          throw new IllegalStateException("a sealed frame did not open to what was sealed");
        }
      }

      Aes256Key key = Aes256Key.copyOf(bytes(random, Aes256Key.LENGTH));
      iv = IgeIv.copyOf(bytes(random, IgeIv.LENGTH));
      igeEncryptor = IgeCipher.encryptor(key, iv);
      igeDecryptor = IgeCipher.decryptor(key, iv);
      plaintext = bytes(random, bytes);
      partsOut = new byte[bytes];
      ciphertext = new byte[bytes];
      igeEncryptor.process(plaintext, 0, bytes, ciphertext, 0);
      sha256 = new JdkSha256();
      digest = new byte[JdkSha256.LENGTH];
      prime();
    }

    /** Seals {@link #data} under the next msg_id into {@code out}; returns the frame length. */
    int sealOne(byte[] out) {
      return sealer.sealInto(salt, session, nextMsgId(), seqNo, data, 0, size, out, 0);
    }

    /** The next client msg_id: 4 higher (0 mod 4), skipping any with zero low 32 bits. */
    long nextMsgId() {
      msgId += 4;
      if ((msgId & 0xffff_ffffL) == 0) {
        msgId += 4;
      }
      return msgId;
    }

    /**
     * Runs every path {@value MessageBench#PRIMING_CALLS} times on a short message or one block
     * before timing, so that the JIT has compiled their callers (see IgeBench#prime): seal and open
     * of an empty message, IGE and SHA-256 over one block.
     */
    private void prime() throws CheckFailedException {
      byte[] small = new byte[MessageSealer.maxFrameLength(0)];
      byte[] smallInner = new byte[MessageOpener.maxInnerLength(small.length)];
      for (int i = 0; i < PRIMING_CALLS; i++) {
        int smallLength = sealer.sealInto(salt, session, nextMsgId(), seqNo, data, 0, 0, small, 0);
        opener.openInto(small, 0, smallLength, smallInner, 0);
        igeEncryptor.reset(iv);
        igeEncryptor.process(plaintext, 0, BLOCK, partsOut, 0);
        igeDecryptor.reset(iv);
        igeDecryptor.process(ciphertext, 0, BLOCK, partsOut, 0);
        sha256.hash(plaintext, 0, BLOCK, digest, 0);
      }
    }
  }

  /** MTLab: seal {@code size} bytes of data under the next msg_id into a caller buffer. */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
  public byte[] seal(Message m) {
    m.sealOne(m.frame);
    return m.frame;
  }

  /** MTLab: open one of two frames of {@code size} bytes of data into a caller buffer. */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
  public byte[] open(Message m) throws CheckFailedException {
    m.turn ^= 1;
    m.opener.openInto(m.sealed[m.turn], 0, m.frameLength, m.inner, 0);
    return m.inner;
  }

  /** Part: MTLab's fast IGE encryption of the same number of bytes (reset, no rekey). */
  @Benchmark
  public byte[] igeEncrypt(Message m) {
    m.igeEncryptor.reset(m.iv);
    m.igeEncryptor.process(m.plaintext, 0, m.bytes, m.partsOut, 0);
    return m.partsOut;
  }

  /** Part: MTLab's fast IGE decryption of the same number of bytes (reset, no rekey). */
  @Benchmark
  public byte[] igeDecrypt(Message m) {
    m.igeDecryptor.reset(m.iv);
    m.igeDecryptor.process(m.ciphertext, 0, m.bytes, m.partsOut, 0);
    return m.partsOut;
  }

  /** Part: one JDK SHA-256 pass over the same number of bytes. */
  @Benchmark
  public byte[] sha256(Message m) {
    m.sha256.hash(m.plaintext, 0, m.bytes, m.digest, 0);
    return m.digest;
  }

  /**
   * Baseline: what the sealer's rekey costs the JDK: {@code Cipher.init} of AES/CBC in encrypt mode
   * with a new {@link SecretKeySpec} and the zero IV, with a key other than the last one.
   */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
  public Cipher jceRekeyEncrypt() {
    rekeyTurn ^= Aes256Key.LENGTH;
    try {
      rekeyCbc.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(rekeyKeys, rekeyTurn, Aes256Key.LENGTH, "AES"),
          zeroIv);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return rekeyCbc;
  }

  /**
   * Baseline: what the opener's rekey costs the JDK: {@code Cipher.init} of AES/ECB in decrypt mode
   * with a new {@link SecretKeySpec}, with a key other than the last one.
   */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
  public Cipher jceRekeyDecrypt() {
    rekeyTurn ^= Aes256Key.LENGTH;
    try {
      rekeyEcb.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(rekeyKeys, rekeyTurn, Aes256Key.LENGTH, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return rekeyEcb;
  }

  /** Baseline: the sealer's padding draw alone (one 32-byte {@code nextBytes} of SHA1PRNG). */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
  public byte[] paddingRandom() {
    paddingRandom.nextBytes(paddingChunk);
    return paddingChunk;
  }

  /** A SHA1PRNG seeded once with {@code seed} before first use: deterministic, and fast. */
  static SecureRandom seededRandom(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is missing from this JDK", e);
    }
  }

  static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
