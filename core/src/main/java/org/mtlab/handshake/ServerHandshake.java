package org.mtlab.handshake;

import com.google.common.math.LongMath;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.kdf.NewNonceHash;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.DhGenAnswer;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.PqInnerDataTempDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ReqPqMulti;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.UnencryptedMessage;

/**
 * A simulated server's side of auth-key creation (MTProto.md section 5; SECURITY.md's
 * handshake checklist) as an I/O-free state machine: each {@link #receive} of a client
 * message gives the packet to answer with.
 *
 * <pre>
 *   req_pq_multi     -&gt; server_nonce; pq = p q (two random 31-bit primes) -&gt; resPQ(our fingerprint)
 *   req_DH_params    -&gt; nonces; fingerprint; p, q as sent; RSA_PAD decode-then-verify (before any
 *                       parse); the inner data: p_q_inner_data_dc or _temp_dc, pq, p, q in their
 *                       canonical encodings (so p &lt; q and p q = pq), nonces, dc, expires_in;
 *                       a, g_a (drawn again if out of range), server_time -&gt; server_DH_params_ok
 *   set_client_DH_params -&gt; nonces; blocks; SHA-1; the inner nonces; retry_id; g_b range;
 *                       auth_key = g_b^a mod p; an auth_key_id collision gives dh_gen_retry
 *                       (up to maxRetries times) and then dh_gen_fail -&gt; dh_gen_ok, done
 * </pre>
 *
 * <p><b>Failures.</b> A message that fails a check throws {@link CheckFailedException} and
 * changes nothing. Failures of RSA_PAD are all the same RSA_PAD_INVALID (no parse happens
 * before the SHA-256 check). A message not expected now is UNEXPECTED_MESSAGE; calls after
 * the run has ended are {@link IllegalStateException}s.
 *
 * <p><b>Randomness and time</b> come only from the injected {@link SecureRandom} and
 * {@link InstantSource}: server_nonce (16), the two primes (4 bytes each, more if equal), a
 * (256, again if g_a is out of range), the answer's padding (0..15).
 *
 * <p>Not implemented: remembering answers for 10 minutes to repeat them for an identical
 * request (each instance serves exactly one run).
 *
 * <p>Not thread-safe: one instance per handshake, confined to one thread.
 */
public final class ServerHandshake {
  /** dh_gen_retry answers given for auth_key_id collisions before dh_gen_fail. */
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** The longest temporary key lifetime accepted by default: one day. */
  public static final int DEFAULT_MAX_EXPIRES_IN = 86_400;
  private static final int DH_SECRET_BYTES = 256;
  private static final int MAX_A_DRAWS = 16;

  private enum State {
    AWAIT_REQ_PQ,
    AWAIT_REQ_DH_PARAMS,
    AWAIT_SET_CLIENT_DH_PARAMS,
    DONE,
    FAILED
  }

  private final ServerRsaKeyPair keyPair;
  private final int dc;
  private final DhGroup group;
  private final AuthKeyRegistry registry;
  private final SecureRandom random;
  private final InstantSource clock;
  private final HandshakeTrace trace;
  private final int maxRetries;
  private final int maxExpiresIn;
  private final MessageIdClock msgIds;

  private State state = State.AWAIT_REQ_PQ;
  private byte[] nonce;
  private byte[] serverNonce;
  private PqFactors factors;
  private Bytes pq;
  private byte[] newNonce;
  private AesKeyIv tmp;
  private BigInteger a;
  private KeyType keyType;
  private int expiresIn;
  private int serverTime;
  private long expectedRetryId;
  private int retries;

  private ServerHandshake(Builder b) {
    this.keyPair = b.keyPair;
    this.dc = b.dc;
    this.group = b.group;
    this.registry = b.registry;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.clock = b.clock != null ? b.clock : InstantSource.system();
    this.msgIds = new MessageIdClock(clock, Sender.SERVER);
    this.trace = b.trace;
    this.maxRetries = b.maxRetries;
    this.maxExpiresIn = b.maxExpiresIn;
  }

  /** A builder for a server of DC {@code dc} holding {@code keyPair}. */
  public static Builder builder(ServerRsaKeyPair keyPair, int dc) {
    return new Builder(keyPair, dc);
  }

  /**
   * Handles a client packet: checks that it is a plain message with a client msg_id, then
   * {@link #receive(HandshakeMessage)}.
   *
   * @throws CheckFailedException FRAME_MALFORMED or AUTH_KEY_ID_MISMATCH for a bad wrapper,
   *     MSG_ID_PARITY, TL_MALFORMED, or any failure of {@link #receive(HandshakeMessage)}
   */
  public HandshakeStep receivePacket(byte[] packet) throws CheckFailedException {
    return receive(UnencryptedMessage.parse(packet));
  }

  /**
   * {@link #receivePacket(byte[])} for a packet already split into msg_id and data.
   *
   * @throws CheckFailedException MSG_ID_PARITY, TL_MALFORMED, or any failure of
   *     {@link #receive(HandshakeMessage)}
   */
  public HandshakeStep receive(UnencryptedMessage packet) throws CheckFailedException {
    Objects.requireNonNull(packet, "packet");
    return receive(packet.messageFrom(Sender.CLIENT));
  }

  /**
   * Handles one client message and says what to answer.
   *
   * @throws CheckFailedException for a message that fails a check (the state is unchanged)
   * @throws IllegalStateException after the run has ended
   */
  public HandshakeStep receive(HandshakeMessage message) throws CheckFailedException {
    Objects.requireNonNull(message, "message");
    if (state == State.DONE || state == State.FAILED) {
      throw new IllegalStateException("the handshake is " + state + "; nothing can be received");
    }
    if (state == State.AWAIT_REQ_PQ && message instanceof ReqPqMulti) {
      return onReqPq((ReqPqMulti) message);
    }
    if (state == State.AWAIT_REQ_DH_PARAMS && message instanceof ReqDhParams) {
      return onReqDhParams((ReqDhParams) message);
    }
    if (state == State.AWAIT_SET_CLIENT_DH_PARAMS && message instanceof SetClientDhParams) {
      return onSetClientDhParams((SetClientDhParams) message);
    }
    throw new CheckFailedException(CheckReason.UNEXPECTED_MESSAGE);
  }

  /** True once the key is made. */
  public boolean isDone() {
    return state == State.DONE;
  }

  /** True once the run has failed for good (after dh_gen_fail). */
  public boolean isFailed() {
    return state == State.FAILED;
  }

  /** The server's public key. */
  public ServerRsaKey publicKey() {
    return keyPair.publicKey();
  }

  // --- step 1 -> 2 ------------------------------------------------------------------------

  private HandshakeStep onReqPq(ReqPqMulti req) {
    byte[] sn = new byte[HandshakeMessage.NONCE_LENGTH];
    random.nextBytes(sn);
    long p = randomPrime();
    long q = randomPrime();
    while (q == p) {
      q = randomPrime();
    }
    PqFactors f = new PqFactors(Math.min(p, q), Math.max(p, q));
    Bytes pqBytes = f.pqBytes();
    trace.step(Sender.SERVER, "resPQ")
        .hex("nonce", req.nonce())
        .hex("server_nonce", sn)
        .value("p", f.p())
        .value("q", f.q())
        .hex("pq", pqBytes)
        .value("fingerprint", keyPair.publicKey().fingerprintHex())
        .emit();
    ResPq res =
        new ResPq(req.nonce(), Bytes.copyOf(sn), pqBytes, List.of(keyPair.fingerprint()));
    nonce = req.nonce().toByteArray();
    serverNonce = sn;
    factors = f;
    pq = pqBytes;
    state = State.AWAIT_REQ_DH_PARAMS;
    return HandshakeStep.send(res, msgIds.nextReply(clock.instant()).value());
  }

  /** A random prime in [2^30, 2^31 + a prime gap): 4 random bytes, then the next prime. */
  private long randomPrime() {
    byte[] b = new byte[4];
    random.nextBytes(b);
    long v = (LittleEndian.getInt(b, 0) & 0x3fffffffL) | 0x40000000L | 1L;
    while (!LongMath.isPrime(v)) {
      v += 2;
    }
    return v;
  }

  // --- step 5 -> 6 ------------------------------------------------------------------------

  private HandshakeStep onReqDhParams(ReqDhParams req) throws CheckFailedException {
    Nonces.require(nonce, serverNonce, req.nonce(), req.serverNonce());
    if (req.fingerprint() != keyPair.fingerprint()) {
      throw new CheckFailedException(CheckReason.UNKNOWN_RSA_KEY);
    }
    if (!req.p().equals(factors.pBytes()) || !req.q().equals(factors.qBytes())) {
      throw new CheckFailedException(CheckReason.PQ_MISMATCH);
    }
    // RSA_PAD: decrypt and check the SHA-256 first; only then parse the TL.
    InnerData inner =
        RsaPad.decryptAndParse(
            req.encryptedData().toByteArray(),
            keyPair,
            data -> HandshakeMessage.read(new TlReader(data), InnerData.class));
    checkInnerData(inner);
    byte[] nn = inner.newNonce().toByteArray();
    KeyType type = inner instanceof PqInnerDataTempDc ? KeyType.TEMPORARY : KeyType.PERMANENT;
    int lifetime = inner instanceof PqInnerDataTempDc ? ((PqInnerDataTempDc) inner).expiresIn() : 0;
    trace.step(Sender.SERVER, "rsa_pad_decoded")
        .value("inner_data", inner.tlName())
        .value("key_type", type.name())
        .value("expires_in", lifetime)
        .secretHex("new_nonce", () -> nn)
        .emit();

    // a, g_a = g^a mod p (drawn again while out of range), server_time
    BigInteger p = group.prime();
    BigInteger gBig = BigInteger.valueOf(group.g());
    byte[] aBytes = new byte[DH_SECRET_BYTES];
    BigInteger secretA = null;
    BigInteger ga = null;
    for (int draw = 0; draw < MAX_A_DRAWS && ga == null; draw++) {
      random.nextBytes(aBytes);
      BigInteger candidate = new BigInteger(1, aBytes);
      BigInteger value = gBig.modPow(candidate, p);
      if (DhChecks.isInRange(value, p)) {
        secretA = candidate;
        ga = value;
      }
    }
    Arrays.fill(aBytes, (byte) 0);
    if (ga == null) {
      throw new IllegalStateException("no usable a: is the random source broken?");
    }
    Instant now = clock.instant();
    int time = (int) now.getEpochSecond();
    ServerDhInnerData answer =
        new ServerDhInnerData(
            req.nonce(),
            req.serverNonce(),
            group.g(),
            Bytes.copyOf(ServerRsaKey.unsignedBytes(p)),
            Bytes.copyOf(ServerRsaKey.unsignedBytes(ga)),
            time);
    AesKeyIv keyIv = HandshakeKdf.tmpAesKeyIv(nn, serverNonce);
    byte[] answerWithHash = HashedData.wrap(answer.toByteArray(), random);
    byte[] encrypted = AesIge.encrypt(keyIv.key(), keyIv.iv(), answerWithHash);
    Arrays.fill(answerWithHash, (byte) 0);
    BigInteger traceA = secretA;
    SecretAccess access = SecretAccess.explicitly();
    trace.step(Sender.SERVER, "server_DH_inner_data")
        .value("g", group.g())
        .secret("a", () -> traceA.toString(16))
        .hex("g_a", ga)
        .value("server_time", time)
        .secretHex("tmp_aes_key", () -> keyIv.key().reveal(access))
        .secretHex("tmp_aes_iv", () -> keyIv.iv().reveal(access))
        .emit();
    trace.step(Sender.SERVER, "server_DH_params_ok")
        .value("encrypted_answer_length", encrypted.length)
        .emit();

    newNonce = nn;
    tmp = keyIv;
    a = secretA;
    keyType = type;
    expiresIn = lifetime;
    serverTime = time;
    expectedRetryId = 0;
    state = State.AWAIT_SET_CLIENT_DH_PARAMS;
    ServerDhParamsOk ok = new ServerDhParamsOk(req.nonce(), req.serverNonce(), Bytes.copyOf(encrypted));
    return HandshakeStep.send(ok, msgIds.nextReply(now).value());
  }

  /**
   * The inner data's checks. Comparing p and q with the canonical encodings of the factors
   * this server chose implies p &lt; q, p q = pq and no leading zero bytes.
   */
  private void checkInnerData(InnerData inner) throws CheckFailedException {
    if (!(inner instanceof PqInnerDataDc) && !(inner instanceof PqInnerDataTempDc)) {
      throw new CheckFailedException(CheckReason.DC_MISMATCH); // legacy: names no DC
    }
    if (!inner.pq().equals(pq)
        || !inner.p().equals(factors.pBytes())
        || !inner.q().equals(factors.qBytes())) {
      throw new CheckFailedException(CheckReason.PQ_MISMATCH);
    }
    Nonces.require(nonce, serverNonce, inner.nonce(), inner.serverNonce());
    int innerDc;
    if (inner instanceof PqInnerDataTempDc) {
      PqInnerDataTempDc t = (PqInnerDataTempDc) inner;
      innerDc = t.dc();
      if (t.expiresIn() <= 0 || t.expiresIn() > maxExpiresIn) {
        throw new CheckFailedException(CheckReason.DC_MISMATCH);
      }
    } else {
      innerDc = ((PqInnerDataDc) inner).dc();
    }
    if (innerDc != dc) {
      throw new CheckFailedException(CheckReason.DC_MISMATCH);
    }
  }

  // --- step 7 -> 8 ------------------------------------------------------------------------

  private HandshakeStep onSetClientDhParams(SetClientDhParams set) throws CheckFailedException {
    Nonces.require(nonce, serverNonce, set.nonce(), set.serverNonce());
    byte[] encrypted = set.encryptedData().toByteArray();
    if (encrypted.length % 16 != 0 || encrypted.length < 32) {
      throw new CheckFailedException(CheckReason.ANSWER_MALFORMED);
    }
    byte[] dataWithHash = AesIge.decrypt(tmp.key(), tmp.iv(), encrypted);
    byte[] data = HashedData.unwrap(dataWithHash);
    Arrays.fill(dataWithHash, (byte) 0);
    TlReader r = new TlReader(data);
    ClientDhInnerData inner = HandshakeMessage.read(r, ClientDhInnerData.class);
    r.expectEnd();
    Nonces.require(nonce, serverNonce, inner.nonce(), inner.serverNonce());
    if (inner.retryId() != expectedRetryId) {
      throw new CheckFailedException(CheckReason.UNEXPECTED_MESSAGE);
    }
    BigInteger p = group.prime();
    BigInteger gb = DhChecks.unsigned(inner.gB());
    DhChecks.checkGB(gb, p);
    byte[] keyBytes = ServerRsaKey.toFixed(gb.modPow(a, p), AuthKey.LENGTH);
    AuthKey key = AuthKey.copyOf(keyBytes);
    Arrays.fill(keyBytes, (byte) 0);
    SecretAccess access = SecretAccess.explicitly();
    trace.step(Sender.SERVER, "client_DH_inner_data")
        .hex("g_b", inner.gB())
        .value("retry_id", inner.retryId())
        .emit();
    trace.step(Sender.SERVER, "auth_key")
        .secretHex("auth_key", () -> key.reveal(access))
        .value("auth_key_id", key.id().hex())
        .emit();

    Instant now = clock.instant();
    if (registry.contains(key.id())) {
      if (retries < maxRetries) {
        DhGenAnswer retry = answer(2, set, key);
        expectedRetryId = key.auxHash();
        retries++;
        key.destroy();
        return HandshakeStep.send(retry, msgIds.nextReply(now).value());
      }
      DhGenAnswer fail = answer(3, set, key);
      key.destroy();
      end(State.FAILED);
      return HandshakeStep.sendAndFail(fail, msgIds.nextReply(now).value());
    }
    DhGenAnswer ok = answer(1, set, key);
    long salt = HandshakeKdf.serverSalt(newNonce, serverNonce);
    trace.step(Sender.SERVER, "server_salt")
        .value("server_salt", salt)
        .hex("server_salt_bytes", LittleEndian.longBytes(salt))
        .emit();
    OptionalInt expiresAt =
        keyType == KeyType.TEMPORARY ? OptionalInt.of(serverTime + expiresIn) : OptionalInt.empty();
    HandshakeResult result =
        new HandshakeResult(Sender.SERVER, key, salt, keyType, dc, expiresAt, 0, retries);
    end(State.DONE);
    return HandshakeStep.sendAndFinish(ok, msgIds.nextReply(now).value(), result);
  }

  /** dh_gen_ok/retry/fail with new_nonce_hashN = SHA1(new_nonce + byte(N) + aux_hash)[4:20]. */
  private DhGenAnswer answer(int number, SetClientDhParams set, AuthKey key) {
    Bytes hash = NewNonceHash.compute(newNonce, key, number);
    DhGenAnswer answer = DhGenAnswer.of(number, set.nonce(), set.serverNonce(), hash);
    trace.step(Sender.SERVER, answer.tlName()).hex("new_nonce_hash" + number, hash).emit();
    return answer;
  }

  // --- helpers ----------------------------------------------------------------------------

  private void end(State end) {
    state = end;
    if (newNonce != null) {
      Arrays.fill(newNonce, (byte) 0);
    }
    if (tmp != null) {
      tmp.destroy();
      tmp = null;
    }
    a = null;
  }

  /** Builds a {@link ServerHandshake}. Not thread-safe. */
  public static final class Builder {
    private final ServerRsaKeyPair keyPair;
    private final int dc;
    private DhGroup group = DhGroup.telegram();
    private AuthKeyRegistry registry = AuthKeyRegistry.empty();
    private SecureRandom random;
    private InstantSource clock;
    private HandshakeTrace trace = HandshakeTrace.none();
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private int maxExpiresIn = DEFAULT_MAX_EXPIRES_IN;

    private Builder(ServerRsaKeyPair keyPair, int dc) {
      this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
      this.dc = dc;
    }

    /**
     * The DH group to offer (default: Telegram's, g = 3). It is checked here: a group that
     * fails {@link DhChecks#checkGroup} is an {@link IllegalArgumentException}.
     */
    public Builder group(DhGroup group) {
      Objects.requireNonNull(group, "group");
      try {
        DhChecks.checkGroup(group.g(), group.prime());
      } catch (CheckFailedException e) {
        throw new IllegalArgumentException("unusable DH group: " + e.reason(), e);
      }
      this.group = group;
      return this;
    }

    /** The keys the server already holds, for the collision check (default: none). */
    public Builder registry(AuthKeyRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The source of every random byte (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The clock for server_time and msg_ids (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where the steps are reported (default: nowhere). */
    public Builder trace(HandshakeTrace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
      return this;
    }

    /** dh_gen_retry answers for collisions before dh_gen_fail (default 3). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** The longest temporary key lifetime accepted, in seconds (default one day). */
    public Builder maxExpiresIn(int seconds) {
      if (seconds <= 0) {
        throw new IllegalArgumentException("maxExpiresIn must be positive, got " + seconds);
      }
      this.maxExpiresIn = seconds;
      return this;
    }

    /** The server, waiting for req_pq_multi. */
    public ServerHandshake build() {
      return new ServerHandshake(this);
    }
  }
}
