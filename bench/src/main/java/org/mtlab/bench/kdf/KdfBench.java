package org.mtlab.bench.kdf;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mtlab.bench.baseline.JdkSha256;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.LegacyMessageKdf;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
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
 * What does MTProto's per-message key derivation cost, and how much of it is the hashing?
 *
 * <ul>
 *   <li>aes_key/aes_iv from msg_key: MTLab's fast path ({@link MessageKdf#deriveInto}, one reused
 *       SHA-256, caller buffer) against its reference path ({@link MessageKdf#deriveReference}, the
 *       formula's concatenations and slices) and the legacy MTProto 1.0 derivation ({@link
 *       LegacyMessageKdf#derive}: four SHA-1s).
 *   <li>msg_key over a padded plaintext of {@code size} bytes ({@link MessageKdf#msgKeyInto})
 *       against plain SHA-256 over the same bytes ({@link JdkSha256}): msg_key hashes 32 key bytes
 *       more, so at large sizes the two should meet.
 * </ul>
 *
 * <p>Only the msg_key and SHA-256 benchmarks use {@link Payload}, so only they run once per size.
 * Inputs are seeded pseudo-random bytes in non-final state fields; every op returns its result to
 * JMH's blackhole.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class KdfBench {
  private AuthKey authKey;
  private Sender sender;
  private byte[] msgKeyBytes;
  private MsgKey msgKey;
  private MessageKdf kdf;
  private byte[] keyIv;
  private byte[] msgKeyOut;

  /** The padded plaintext hashed by the msg_key and SHA-256 benchmarks. */
  @State(Scope.Thread)
  public static class Payload {
    /** Bytes hashed per op: 64 B, 1 KiB, 16 KiB and 1 MiB (all valid padded plaintexts). */
    @Param({"64", "1024", "16384", "1048576"})
    public int size;

    byte[] data;
    JdkSha256 sha256;
    byte[] digest;

    /** Seeded bytes and a reused SHA-256. */
    @Setup(Level.Trial)
    public void setUp() {
      data = new byte[size];
      new SplittableRandom(0x6b6466L ^ size).nextBytes(data);
      sha256 = new JdkSha256();
      digest = new byte[JdkSha256.LENGTH];
    }
  }

  /** A seeded auth key and msg_key, and the fast path's instance and output buffers. */
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(0x6b6466L);
    byte[] key = new byte[AuthKey.LENGTH];
    random.nextBytes(key);
    authKey = AuthKey.copyOf(key);
    msgKeyBytes = new byte[MsgKey.LENGTH];
    random.nextBytes(msgKeyBytes);
    msgKey = MsgKey.copyOf(msgKeyBytes);
    sender = Sender.CLIENT;
    kdf = MessageKdf.create();
    keyIv = new byte[MessageKdf.KEY_IV_LENGTH];
    msgKeyOut = new byte[MsgKey.LENGTH];
  }

  /** MTLab fast path: aes_key + aes_iv from msg_key into a caller buffer (two SHA-256s). */
  @Benchmark
  public byte[] deriveFast() {
    kdf.deriveInto(SecretAccess.explicitly(), authKey, sender, msgKeyBytes, 0, keyIv, 0);
    return keyIv;
  }

  /** MTLab reference path: the same derivation written as the formula (allocates). */
  @Benchmark
  public AesKeyIv deriveReference() {
    return MessageKdf.deriveReference(authKey, msgKey, sender);
  }

  /** The legacy MTProto 1.0 derivation (four SHA-1s), for comparison. */
  @Benchmark
  public AesKeyIv deriveLegacy() {
    return LegacyMessageKdf.derive(authKey, msgKey, sender);
  }

  /** MTLab fast path: msg_key = SHA256(auth_key[88+x : 120+x] + padded plaintext)[8:24]. */
  @Benchmark
  public byte[] msgKey(Payload payload) {
    kdf.msgKeyInto(authKey, sender, payload.data, 0, payload.size, msgKeyOut, 0);
    return msgKeyOut;
  }

  /** Baseline: the JDK's SHA-256 over the same bytes. */
  @Benchmark
  public byte[] sha256(Payload payload) {
    payload.sha256.hash(payload.data, 0, payload.size, payload.digest, 0);
    return payload.digest;
  }
}
