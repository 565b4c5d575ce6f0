package org.mtlab.bench.e2e;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mtlab.CheckFailedException;
import org.mtlab.bench.ForkArgs;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.ChatOutcome;
import org.mtlab.e2e.ChatRole;
import org.mtlab.e2e.DhConfig;
import org.mtlab.e2e.ExchangeInitiator;
import org.mtlab.e2e.ExchangeResponder;
import org.mtlab.e2e.SecretChat;
import org.mtlab.handshake.DhGroup;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does a secret chat cost beside a cloud message of the same size, and what does its key
 * exchange cost beside its modular exponentiations?
 *
 * <p><b>Messages</b> (1 KiB of content each):
 *
 * <ul>
 *   <li>{@link #secretSeal}: {@link SecretChat#seal(String)} of a 1024-character ASCII text by
 *       device A: the decryptedMessageLayer (15 random bytes, seq numbers, a {@code
 *       decryptedMessage} with the text), int32 length, minimal padding, msg_key, aes_key/aes_iv
 *       and IGE through the message layer's {@code MsgKey.compute}, {@code MessageKdf.derive} and
 *       {@code IgeCipher}, into a new wire array. 1104 bytes are hashed and encrypted (4 + 1088 +
 *       12).
 *   <li>{@link #secretOpen}: {@link SecretChat#open} by device B of the next of 1024 such messages
 *       sealed in set-up (every check, in-order delivery, the text decoded). After the last one B
 *       is restored from its saved state ({@link SecretChat#fromState}) and starts over: one
 *       restore per 1024 ops.
 *   <li>Baselines: the cloud path of {@code MessageBench} at 1 KiB, {@link #cloudSeal} ({@link
 *       MessageSealer#sealInto} with minimal padding into a caller buffer, 1072 bytes hashed and
 *       encrypted) and {@link #cloudOpen} ({@link MessageOpener#openInto}, stateless).
 * </ul>
 *
 * <p><b>Key exchange</b>: {@link #keyExchange} runs both devices: A checks the group (Telegram's
 * prime, known without primality tests) and draws a, B checks g_a, draws b and computes the key, A
 * checks g_b, computes the key and compares fingerprints. Its floor is four 2048-bit modPows, two a
 * side, each with a full 2048-bit exponent: g^a and g^b have the small base g, g_b^a and g_a^b a
 * full-size base. The baselines measure both shapes: {@link #dhModPow} is g^x (as the handshake's
 * benchmark measures it), {@link #dhModPowFullBase} is y^x for a full-size y = g^r mod p, and
 * {@link #dhFourModPows} runs the exchange's four (g^a, g^b, (g^b)^a, (g^a)^b) with nothing else:
 * the honest floor the key exchange is compared with.
 *
 * <p>Randomness is a seeded SHA1PRNG; every op returns its result to JMH's blackhole.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", ForkArgs.VECTOR_MODULE})
@State(Scope.Thread)
public class SecretChatBench {
  static final int SIZE = 1024;
  static final int BATCH = 1024;
  static final long FIRST_MSG_ID = (1_700_000_000L << 32) | 4;

  private SecretChat a;
  private String text;

  private SecretChat b;
  private byte[][] wires;
  private byte[] savedB;
  private int next;

  private MessageSealer sealer;
  private ServerSalt salt;
  private SessionId session;
  private long msgId;
  private byte[] data;
  private byte[] frame;
  private MessageOpener opener;
  private byte[][] frames;
  private int frameLength;
  private int turn;
  private byte[] inner;

  private SecureRandom exchangeRandom;
  private BigInteger g;
  private BigInteger p;
  private BigInteger exponent;
  private BigInteger fullBase;
  private BigInteger exponentB;

  /** Both chats, the messages to open, the cloud sealer and opener, the DH inputs. */
  @Setup(Level.Trial)
  public void setUp() throws CheckFailedException {
    SplittableRandom random = new SplittableRandom(0x653265L);
    byte[] keyBytes = bytes(random, ChatKey.LENGTH);
    InstantSource clock = InstantSource.fixed(java.time.Instant.ofEpochSecond(1_700_000_000L));
    a =
        SecretChat.create(
            ChatRole.ORIGINATOR, ChatKey.copyOf(keyBytes), DhGroup.telegram(), seeded(1), clock);
    b =
        SecretChat.create(
            ChatRole.RESPONDER, ChatKey.copyOf(keyBytes), DhGroup.telegram(), seeded(2), clock);
    char[] chars = new char[SIZE];
    for (int i = 0; i < SIZE; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    text = new String(chars);
    savedB = b.toState(SecretAccess.explicitly());
    wires = new byte[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      wires[i] = a.seal(text);
    }
    ChatOutcome first = b.open(wires[0]);
    if (!(first instanceof ChatOutcome.Delivered)) {
      throw new IllegalStateException("a sealed message did not open: " + first);
    }
    b = SecretChat.fromState(savedB, seeded(2), clock);

    AuthKey authKey = AuthKey.copyOf(keyBytes);
    salt = new ServerSalt(random.nextLong());
    session = new SessionId(random.nextLong());
    msgId = FIRST_MSG_ID;
    data = bytes(random, SIZE);
    sealer = new MessageSealer(authKey, Sender.CLIENT, seeded(3), PaddingPolicy.minimal());
    frame = new byte[MessageSealer.maxFrameLength(SIZE)];
    opener = MessageOpener.stateless(authKey, Sender.CLIENT);
    frames = new byte[2][];
    for (int i = 0; i < 2; i++) {
      frames[i] = new byte[MessageSealer.maxFrameLength(SIZE)];
      frameLength = sealer.sealInto(salt, session, nextMsgId(), 1, data, 0, SIZE, frames[i], 0);
    }
    inner = new byte[MessageOpener.maxInnerLength(frameLength)];
    int n = opener.openInto(frames[0], 0, frameLength, inner, 0);
    if (!Arrays.equals(InnerMessage.readFrom(inner, 0, n).data().toByteArray(), data)) {
      throw new IllegalStateException("a cloud frame did not open to its data");
    }

    exchangeRandom = seeded(4);
    DhGroup group = DhGroup.telegram();
    g = BigInteger.valueOf(group.g());
    p = group.prime();
    exponent = new BigInteger(1, bytes(random, 256));
    exponentB = new BigInteger(1, bytes(random, 256));
    fullBase = g.modPow(new BigInteger(1, bytes(random, 256)), p);
    if (fullBase.bitLength() < 2040 || exponent.bitLength() < 2040) {
      throw new IllegalStateException("the modPow baselines need full-size operands");
    }
  }

  private MessageId nextMsgId() {
    msgId += 4;
    if ((msgId & 0xffff_ffffL) == 0) {
      msgId += 4;
    }
    return new MessageId(msgId);
  }

  /** Secret chat: device A seals a 1 KiB text. */
  @Benchmark
  public byte[] secretSeal() {
    return a.seal(text);
  }

  /** Secret chat: device B opens the next 1 KiB message (restored every 1024 ops). */
  @Benchmark
  public ChatOutcome secretOpen() throws CheckFailedException {
    if (next == BATCH) {
      b = SecretChat.fromState(savedB, seeded(2), InstantSource.system());
      next = 0;
    }
    return b.open(wires[next++]);
  }

  /** Baseline: the cloud seal of 1 KiB of data into a caller buffer (MessageBench's seal). */
  @Benchmark
  public byte[] cloudSeal() {
    sealer.sealInto(salt, session, nextMsgId(), 1, data, 0, SIZE, frame, 0);
    return frame;
  }

  /** Baseline: the cloud open of a 1 KiB frame into a caller buffer (MessageBench's open). */
  @Benchmark
  public byte[] cloudOpen() throws CheckFailedException {
    turn ^= 1;
    opener.openInto(frames[turn], 0, frameLength, inner, 0);
    return inner;
  }

  /** The whole key exchange, both devices. */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {ForkArgs.VECTOR_MODULE})
  public ChatKey keyExchange() throws CheckFailedException {
    ExchangeInitiator init = ExchangeInitiator.start(DhConfig.telegram(), exchangeRandom);
    ExchangeResponder.Accepted acc =
        ExchangeResponder.accept(DhConfig.telegram(), init.request(), exchangeRandom);
    return init.complete(acc.reply());
  }

  /** Baseline: one 2048-bit modPow g^x mod p (the exchange makes four). */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {ForkArgs.VECTOR_MODULE})
  public BigInteger dhModPow() {
    return g.modPow(exponent, p);
  }

  /** Baseline: one 2048-bit modPow y^x mod p with a full-size base y (the shared-key step). */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {ForkArgs.VECTOR_MODULE})
  public BigInteger dhModPowFullBase() {
    return fullBase.modPow(exponent, p);
  }

  /** Baseline: the exchange's four modPows and nothing else, two small-base, two full-base. */
  @Benchmark
  @Fork(
      value = 3,
      jvmArgsAppend = {ForkArgs.VECTOR_MODULE})
  public BigInteger dhFourModPows() {
    BigInteger gA = g.modPow(exponent, p);
    BigInteger gB = g.modPow(exponentB, p);
    BigInteger keyA = gB.modPow(exponent, p);
    BigInteger keyB = gA.modPow(exponentB, p);
    return keyA.xor(keyB);
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is missing from this JDK", e);
    }
  }

  static byte[] bytes(SplittableRandom random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
