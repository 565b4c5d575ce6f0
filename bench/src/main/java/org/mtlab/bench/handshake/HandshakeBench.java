package org.mtlab.bench.handshake;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.handshake.ClientHandshake;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.KnownPrimes;
import org.mtlab.handshake.PqFactorizer;
import org.mtlab.handshake.PqFactors;
import org.mtlab.handshake.RsaPad;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.key.NewNonce;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
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
 * How long does a whole in-memory auth-key handshake take, and where does the time go?
 *
 * <p>{@link #handshake}: one complete exchange between an MTLab client and an MTLab server ({@link
 * InMemoryHandshake#exchange}: every packet serialized and parsed again), permanent key, Telegram's
 * DH group. Each op builds both state machines and draws fresh randomness (nonces, new_nonce, the
 * server's pq primes, RSA_PAD's padding and temp_key, a and b) from two {@code SHA1PRNG} generators
 * seeded once per trial, so that {@code /dev/random} never enters the numbers and every fork draws
 * the same sequence.
 *
 * <p>The steps alone, as the handshake performs them:
 *
 * <ul>
 *   <li>{@link #pqFactorization}: the client's proof of work, {@link PqFactorizer#splitHandshakePq}
 *       on a pq of {@code bits} bits (two primes of about bits/2 bits each; the server's pq has 61
 *       or 62 bits). Pollard-Brent's time varies from one pq to the next, so each op takes the next
 *       of {@value #ROTATION} fixed pq values: every measurement averages the same mix.
 *   <li>{@link #rsaPadEncrypt}: the client's RSA_PAD of a real p_q_inner_data_dc (padding, SHA-256,
 *       AES-256-IGE, one RSA public operation with e = 65537), fresh randomness each op.
 *   <li>{@link #rsaPadDecrypt}: the server's decode-then-verify of such a packet (RSA-CRT private
 *       operation with its re-encryption self-check, AES-256-IGE, constant-time SHA-256 check),
 *       rotating through {@value #ROTATION} ciphertexts.
 *   <li>{@link #dhModPow}: one g^b mod p with Telegram's 2048-bit prime, g = 3 and a 2048-bit
 *       exponent, rotating through {@value #ROTATION} exponents. A handshake makes four of these
 *       (client g^b and g_a^b, server g^a and g_b^a).
 *   <li>{@link #dhPrimeCheck}: the full safe-prime validation ({@link DhChecks#checkPrime}: p and
 *       (p - 1)/2 probable primes) of a 2048-bit safe prime that is <b>not</b> in {@link
 *       KnownPrimes} (RFC 3526's 2048-bit MODP prime). A client meeting Telegram's prime skips this
 *       ({@link KnownPrimes}); the benchmark shows what the shortcut saves.
 * </ul>
 *
 * <p>The server's RSA key is MTLab's demo key ({@link #demoKey()}), fixed for the trial: any
 * 2048-bit key costs the same per operation, and the demo key spares every fork a key generation.
 * Inputs live in non-final state fields and every op returns its result to JMH's blackhole; the
 * set-ups check that a handshake agrees on its key, that decryption inverts encryption and that
 * every pq splits, before anything is timed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class HandshakeBench {
  /** Inputs each step rotates through (a power of two). */
  static final int ROTATION = 16;

  private static final int DC = 2;
  private static final long SEED = 0x68616e64L;
  private static final Instant TIME = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * RFC 3526 section 3, the 2048-bit MODP group's prime 2^2048 - 2^1984 - 1 + 2^64 * ([2^1918 pi] +
   * 124476): a published safe prime that is not Telegram's.
   */
  static final BigInteger RFC3526_2048 =
      new BigInteger(
          "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22"
              + "514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6"
              + "f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3d"
              + "c2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb"
              + "9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e8603"
              + "9b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa0510"
              + "15728e5a8aacaa68ffffffffffffffff",
          16);

  private ServerRsaKeyPair keyPair;
  private List<ServerRsaKey> trusted;
  private SecureRandom clientRandom;
  private SecureRandom serverRandom;
  private InstantSource clock;

  /** The server key, both sides' seeded randomness, and one checked handshake. */
  @Setup(Level.Trial)
  public void setUp() throws CheckFailedException {
    keyPair = demoKey();
    trusted = List.of(keyPair.publicKey());
    clientRandom = seededRandom(SEED, "client");
    serverRandom = seededRandom(SEED, "server");
    clock = InstantSource.fixed(TIME);
    InMemoryHandshake.Run run = exchange();
    boolean agree = run.keysAgree();
    run.destroy();
    if (!agree) {
      throw new IllegalStateException("the two sides of the handshake disagree on the key");
    }
  }

  /** pq values of {@code bits} bits with their factors. */
  @State(Scope.Thread)
  public static class Pq {
    /** Bits of pq: 40 (for scale), 62 (as the MTLab server makes) and 63 (issue 5's target). */
    @Param({"40", "62", "63"})
    public int bits;

    Bytes[] pq;
    int next;

    /** {@value HandshakeBench#ROTATION} products of two seeded random primes of bits/2 bits. */
    @Setup(Level.Trial)
    public void setUp() throws CheckFailedException {
      if (bits < 8 || bits > 64) {
        throw new IllegalArgumentException("bits must be in 8..64, got " + bits);
      }
      SplittableRandom random = new SplittableRandom(SEED ^ bits);
      int pBits = bits / 2;
      int qBits = bits - pBits;
      pq = new Bytes[ROTATION];
      for (int i = 0; i < ROTATION; ) {
        long p = prime(random, pBits);
        long q = prime(random, qBits);
        if (p == q || 64 - Long.numberOfLeadingZeros(p * q) != bits) {
          continue;
        }
        PqFactors expected = new PqFactors(Math.min(p, q), Math.max(p, q));
        pq[i] = expected.pqBytes();
        PqFactors found = PqFactorizer.splitHandshakePq(pq[i]);
        if (!found.equals(expected)) {
          throw new IllegalStateException("pq factorization found " + found + ", not " + expected);
        }
        i++;
      }
    }
  }

  /** The server key, a real p_q_inner_data_dc to pad, and server ciphertexts of it to decode. */
  @State(Scope.Thread)
  public static class Rsa {
    ServerRsaKeyPair keyPair;
    SecureRandom random;
    byte[] innerData;
    byte[][] encrypted;
    int next;

    /**
     * The inner data, {@value HandshakeBench#ROTATION} RSA_PAD encryptions of it, and a round-trip
     * check.
     */
    @Setup(Level.Trial)
    public void setUp() throws CheckFailedException {
      keyPair = demoKey();
      random = seededRandom(SEED, "rsa");
      SplittableRandom primes = new SplittableRandom(SEED);
      long p = prime(primes, 31);
      long q = prime(primes, 31);
      PqFactors factors = new PqFactors(Math.min(p, q), Math.max(p, q));
      innerData =
          new PqInnerDataDc(
                  factors.pqBytes(),
                  factors.pBytes(),
                  factors.qBytes(),
                  Bytes.copyOf(bytes(random, 16)),
                  Bytes.copyOf(bytes(random, 16)),
                  NewNonce.copyOf(bytes(random, 32)),
                  DC)
              .toByteArray();
      encrypted = new byte[ROTATION][];
      for (int i = 0; i < ROTATION; i++) {
        encrypted[i] =
            RsaPad.encrypt(SecretAccess.explicitly(), innerData, keyPair.publicKey(), random);
        byte[] decrypted = RsaPad.decrypt(SecretAccess.explicitly(), encrypted[i], keyPair, random);
        if (!Arrays.equals(Arrays.copyOf(decrypted, innerData.length), innerData)) {
          throw new IllegalStateException("RSA_PAD decryption does not invert encryption");
        }
      }
    }
  }

  /** Telegram's DH group and 2048-bit exponents. */
  @State(Scope.Thread)
  public static class Dh {
    BigInteger prime;
    BigInteger g;
    BigInteger[] exponents;
    int next;

    /** {@value HandshakeBench#ROTATION} seeded 256-byte exponents, drawn as a and b are. */
    @Setup(Level.Trial)
    public void setUp() {
      prime = KnownPrimes.TELEGRAM;
      g = BigInteger.valueOf(3);
      SplittableRandom random = new SplittableRandom(SEED ^ 0x6468L);
      exponents = new BigInteger[ROTATION];
      for (int i = 0; i < ROTATION; i++) {
        byte[] b = new byte[256];
        random.nextBytes(b);
        exponents[i] = new BigInteger(1, b);
      }
    }
  }

  /** A safe prime the known-prime shortcut does not cover. */
  @State(Scope.Thread)
  public static class UnknownPrime {
    BigInteger prime;

    /** RFC 3526's prime, checked to be unknown to {@link KnownPrimes} and to pass the check. */
    @Setup(Level.Trial)
    public void setUp() throws CheckFailedException {
      prime = RFC3526_2048;
      if (KnownPrimes.isKnownSafePrime(prime)) {
        throw new IllegalStateException("the prime must not take the known-prime shortcut");
      }
      DhChecks.checkPrime(prime);
    }
  }

  /**
   * One whole in-memory handshake: both state machines built, three round trips serialized and
   * parsed, fresh randomness, and both keys wiped at the end.
   */
  @Benchmark
  public InMemoryHandshake.Run handshake() throws CheckFailedException {
    InMemoryHandshake.Run run = exchange();
    run.destroy();
    return run;
  }

  private InMemoryHandshake.Run exchange() throws CheckFailedException {
    ClientHandshake client =
        ClientHandshake.builder(DC, trusted).random(clientRandom).clock(clock).build();
    ServerHandshake server =
        ServerHandshake.builder(keyPair, DC).random(serverRandom).clock(clock).build();
    return InMemoryHandshake.exchange(client, server);
  }

  /** The client's pq factorization (Pollard-Brent), on the next of the fixed pq values. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public PqFactors pqFactorization(Pq state) throws CheckFailedException {
    return PqFactorizer.splitHandshakePq(state.pq[state.next++ & (ROTATION - 1)]);
  }

  /** The client's RSA_PAD of p_q_inner_data_dc, fresh padding and temp_key each op. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] rsaPadEncrypt(Rsa state) {
    return RsaPad.encrypt(
        SecretAccess.explicitly(), state.innerData, state.keyPair.publicKey(), state.random);
  }

  /** The server's RSA_PAD decode-then-verify (RSA-CRT with self-check, IGE, SHA-256 check). */
  @Benchmark
  public byte[] rsaPadDecrypt(Rsa state) throws CheckFailedException {
    return RsaPad.decrypt(
        SecretAccess.explicitly(),
        state.encrypted[state.next++ & (ROTATION - 1)],
        state.keyPair,
        state.random);
  }

  /** One 2048-bit g^b mod p with Telegram's prime and g = 3. */
  @Benchmark
  public BigInteger dhModPow(Dh state) {
    return state.g.modPow(state.exponents[state.next++ & (ROTATION - 1)], state.prime);
  }

  /** Full safe-prime validation of a 2048-bit prime that the known-prime shortcut skips. */
  @Benchmark
  public BigInteger dhPrimeCheck(UnknownPrime state) throws CheckFailedException {
    DhChecks.checkPrime(state.prime);
    return state.prime;
  }

  /** A random prime of exactly {@code bits} bits (2..63): top bit set, then the next prime. */
  static long prime(SplittableRandom random, int bits) {
    while (true) {
      long v = random.nextLong() >>> (64 - bits) | (1L << (bits - 1)) | 1L;
      while (!BigInteger.valueOf(v).isProbablePrime(64)) {
        v += 2;
      }
      if (64 - Long.numberOfLeadingZeros(v) == bits) {
        return v;
      }
    }
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  // MTLab's published demo key (core ships none since issue 13): the examples' SeededHandshake
  // and the core tests hold the same primes.
  private static final BigInteger DEMO_P =
      new BigInteger(
          "d94134a46327c5e5464cb933d91453fbc99ed3308f3604bfe95d386005341498b84ad7263d48bd935696c2bd"
              + "ed964fb2dd3e7fb01fd0ecaa6fd54a37b37b9559d5c05f7cfb140eef2538bae63d08565f116de63aa687"
              + "79531b89114b5bba1ed2576b804a0e5f3405d49d1fef33160bcefe77663e541b60b760cf68e4b3428497",
          16);
  private static final BigInteger DEMO_Q =
      new BigInteger(
          "c5c362969f09826361f5d07b079e0d2619368823869f282d556fbb8e05bdc6935afd5b3b1198203732661b04"
              + "d29e04d963458eca4d9b3ce7fb309e59bda8b951c614a6b90331bc1d3b705ba4fe98d670e1ddeb8bb6fe"
              + "d77e3414422831fcab32b51cb4aab4bb081a681486134c67ce2c524a73893d8bd22340468a072f032a0b",
          16);

  /** The demo key pair: fixed, so every fork measures the same key. */
  public static ServerRsaKeyPair demoKey() {
    return ServerRsaKeyPair.fromPrimes(DEMO_P, DEMO_Q, ServerRsaKeyPair.DEFAULT_EXPONENT);
  }

  /**
   * The project's one seeded-random recipe (the examples' SeededRandom, the core tests'
   * Seeds.secureRandom): SUN SHA1PRNG seeded with the seed's big-endian bytes and the label.
   */
  public static SecureRandom seededRandom(long seed, String label) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
      byte[] l = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] material = new byte[8 + l.length];
      for (int i = 0; i < 8; i++) {
        material[i] = (byte) (seed >>> (56 - 8 * i));
      }
      System.arraycopy(l, 0, material, 8, l.length);
      random.setSeed(material);
      return random;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks SUN SHA1PRNG", e);
    }
  }
}
