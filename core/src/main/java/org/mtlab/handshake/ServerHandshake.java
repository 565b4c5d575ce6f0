package org.mtlab.handshake;

import com.google.common.math.LongMath;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
import org.mtlab.key.NewNonce;
import org.mtlab.key.Sender;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.DhGenAnswer;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
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
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;

/**
 * A simulated server's side of auth-key creation (docs/protocol.md §5; docs/security.md's handshake
 * checklist) as an I/O-free state machine: each {@link #receive} of a client message gives the
 * packet to answer with.
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
 * <p><b>Failures.</b> A req_DH_params that fails any check ends the run, as the protocol does: the
 * step is {@link HandshakeStep.Failed} with the transport error -404, after which the caller closes
 * the connection; the private key is never used again for this run, so one connection buys one RSA
 * decryption. Failures of RSA_PAD are all the same RSA_PAD_INVALID (no parse happens before the
 * SHA-256 check). Any other message that fails a check throws {@link CheckFailedException} and
 * changes nothing. A message not expected now is UNEXPECTED_MESSAGE; calls after the run has ended
 * or the machine was closed are {@link IllegalStateException}s.
 *
 * <p><b>Sizes.</b> encrypted_data is checked against its length (256 bytes in req_DH_params, at
 * most {@link HandshakeMessage#MAX_CLIENT_DH_ENCRYPTED_LENGTH} in set_client_DH_params) before any
 * decryption or copy.
 *
 * <p><b>Time.</b> server_time is sent as unsigned 32-bit seconds; a clock outside 1970..2106-02-07
 * is an {@link IllegalStateException}, and a temporary key whose expiry would fall outside that
 * range is refused (SERVER_TIME_INVALID).
 *
 * <p><b>Randomness and time</b> come only from the injected {@link SecureRandom} and {@link
 * InstantSource}: server_nonce (16), the two primes (4 bytes each, more if equal), a (256, again if
 * g_a is out of range), the answer's padding (0..15).
 *
 * <p><b>Legacy clients.</b> With {@link Builder#acceptLegacyClients(boolean)} (off by default) the
 * legacy p_q_inner_data (no DC id; the key is then for this server's DC) and the encryption from
 * before RSA_PAD are accepted too, with the weaker properties that builder method lists.
 *
 * <p>Not implemented: remembering answers for 10 minutes to repeat them for an identical request
 * (each instance serves exactly one run).
 *
 * <p>Not thread-safe: one instance per handshake, confined to one thread.
 */
public final class ServerHandshake implements AutoCloseable {
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
    FAILED,
    CLOSED
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
  private final boolean acceptLegacyClients;

  private State state = State.AWAIT_REQ_PQ;
  private byte[] nonce;
  private byte[] serverNonce;
  private PqFactors factors;
  private Bytes pq;
  private NewNonce newNonce;
  private AesKeyIv tmp;
  private BigInteger a;
  private KeyType keyType;
  private int expiresIn;
  private long serverTime;
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
    this.acceptLegacyClients = b.acceptLegacyClients;
  }

  /** A builder for a server of DC {@code dc} holding {@code keyPair}. */
  public static Builder builder(ServerRsaKeyPair keyPair, int dc) {
    return new Builder(keyPair, dc);
  }

  /**
   * Handles a client packet: checks that it is a plain message with a client msg_id, then {@link
   * #receive(HandshakeMessage)}.
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
   * @throws CheckFailedException MSG_ID_PARITY, TL_MALFORMED, or any failure of {@link
   *     #receive(HandshakeMessage)}
   */
  public HandshakeStep receive(UnencryptedMessage packet) throws CheckFailedException {
    Objects.requireNonNull(packet, "packet");
    return receive(packet.messageFrom(Sender.CLIENT));
  }

  /**
   * Handles one client message and says what to answer.
   *
   * @return the answer ({@link HandshakeStep.Send}); dh_gen_ok with the key ({@link
   *     HandshakeStep.Done}); or the end of the run ({@link HandshakeStep.Failed}: after a failed
   *     req_DH_params, with transport error -404; after too many collisions, with dh_gen_fail to
   *     send)
   * @throws CheckFailedException for a message other than req_DH_params that fails a check (the
   *     state is unchanged)
   * @throws IllegalStateException after the run has ended or {@link #close()}
   */
  public HandshakeStep receive(HandshakeMessage message) throws CheckFailedException {
    Objects.requireNonNull(message, "message");
    if (isOver()) {
      throw new IllegalStateException("the handshake is " + state + "; nothing can be received");
    }
    if (state == State.AWAIT_REQ_PQ && message instanceof ReqPqMulti reqPqMulti) {
      return onReqPq(reqPqMulti);
    }
    if (state == State.AWAIT_REQ_DH_PARAMS && message instanceof ReqDhParams reqDhParams) {
      try {
        return onReqDhParams(reqDhParams);
      } catch (CheckFailedException e) {
        end(State.FAILED);
        return new HandshakeStep.Failed(
            e.reason(), Optional.empty(), OptionalInt.of(HandshakeStep.TRANSPORT_ERROR_NOT_FOUND));
      }
    }
    if (state == State.AWAIT_SET_CLIENT_DH_PARAMS
        && message instanceof SetClientDhParams setClientDhParams) {
      return onSetClientDhParams(setClientDhParams);
    }
    throw new CheckFailedException(CheckReason.UNEXPECTED_MESSAGE);
  }

  /** True once the key is made. */
  public boolean isDone() {
    return state == State.DONE;
  }

  /** True once the run has failed for good (a failed req_DH_params, or dh_gen_fail). */
  public boolean isFailed() {
    return state == State.FAILED;
  }

  /**
   * Ends the run here (if it is still going) and wipes what it holds: new_nonce and the tmp_aes key
   * and IV (the secret a is a BigInteger and is only dropped). A finished run's key is the
   * caller's, in its {@link HandshakeResult}. Idempotent.
   */
  @Override
  public void close() {
    if (!isOver()) {
      end(State.CLOSED);
    }
  }

  private boolean isOver() {
    return state == State.DONE || state == State.FAILED || state == State.CLOSED;
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
    trace
        .step(Sender.SERVER, "resPQ")
        .hex("nonce", req.nonce())
        .hex("server_nonce", sn)
        .value("p", f.p())
        .value("q", f.q())
        .hex("pq", pqBytes)
        .value("fingerprint", keyPair.publicKey().fingerprintHex())
        .event(
            () ->
                new TraceEvent.ResPqSent(
                    req.nonce(), Bytes.copyOf(sn), f.p(), f.q(), pqBytes, keyPair.fingerprint()))
        .emit();
    ResPq res = new ResPq(req.nonce(), Bytes.copyOf(sn), pqBytes, List.of(keyPair.fingerprint()));
    nonce = req.nonce().toByteArray();
    serverNonce = sn;
    factors = f;
    pq = pqBytes;
    state = State.AWAIT_REQ_DH_PARAMS;
    return send(res, clock.instant());
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
    // the length before any copy; then RSA_PAD: decrypt and check the SHA-256 first, only then
    // parse the TL
    if (req.encryptedData().length() != HandshakeMessage.RSA_ENCRYPTED_LENGTH) {
      throw new CheckFailedException(CheckReason.RSA_PAD_INVALID);
    }
    InnerData inner = decryptInnerData(req);
    try {
      checkAnyInnerData(inner);
    } catch (CheckFailedException e) {
      inner.newNonce().destroy();
      throw e;
    }
    NewNonce nn = inner.newNonce();
    KeyType type = inner instanceof PqInnerDataTempDc ? KeyType.TEMPORARY : KeyType.PERMANENT;
    int lifetime =
        inner instanceof PqInnerDataTempDc pqInnerDataTempDc ? pqInnerDataTempDc.expiresIn() : 0;
    SecretAccess access = SecretAccess.explicitly();
    trace
        .step(Sender.SERVER, "rsa_pad_decoded")
        .value("inner_data", inner.tlName())
        .value("key_type", type.name())
        .value("expires_in", lifetime)
        .secretHex("new_nonce", () -> nn.reveal(access))
        .event(
            () ->
                new TraceEvent.InnerDataOpened(
                    inner.tlName(),
                    type,
                    lifetime,
                    trace.secret(() -> HandshakeTrace.wiping(nn.reveal(access)))))
        .emit();

    Instant now = clock.instant();
    long time = serverTime(now);
    if (time + lifetime > ClientHandshake.MAX_UNSIGNED_SECONDS) {
      nn.destroy();
      throw new CheckFailedException(CheckReason.SERVER_TIME_INVALID);
    }
    newNonce = nn;
    AesKeyIv keyIv = tmpAesKeyIv(nn);
    ServerDhParamsOk ok = serverDhParams(req, keyIv, time);
    tmp = keyIv;
    keyType = type;
    expiresIn = lifetime;
    serverTime = time;
    expectedRetryId = 0;
    state = State.AWAIT_SET_CLIENT_DH_PARAMS;
    return send(ok, now);
  }

  /** RSA_PAD; with {@link Builder#acceptLegacyClients}, also the old encryption. */
  private InnerData decryptInnerData(ReqDhParams req) throws CheckFailedException {
    byte[] encrypted = req.encryptedData().toByteArray();
    if (acceptLegacyClients) {
      return LegacyClients.decrypt(encrypted, keyPair, random);
    }
    return RsaPad.decryptAndParse(
        SecretAccess.explicitly(),
        encrypted,
        keyPair,
        random,
        (access, data) -> readInnerData(data));
  }

  /**
   * {@link #checkInnerData}; with {@link Builder#acceptLegacyClients}, the legacy p_q_inner_data is
   * checked by {@link LegacyClients#checkInnerData} instead (its DC is ours).
   */
  private void checkAnyInnerData(InnerData inner) throws CheckFailedException {
    if (acceptLegacyClients && inner instanceof PqInnerData pqInnerData) {
      LegacyClients.checkInnerData(pqInnerData, pq, factors, nonce, serverNonce);
    } else {
      checkInnerData(inner);
    }
  }

  /** Exactly one inner data object at the start of data_with_padding (the padding follows). */
  private static InnerData readInnerData(byte[] dataWithPadding) throws CheckFailedException {
    return HandshakeMessage.read(new TlReader(dataWithPadding), InnerData.class);
  }

  /**
   * server_time: the clock in unsigned 32-bit seconds.
   *
   * @throws IllegalStateException for a clock before 1970 or after 2106-02-07T06:28:15Z
   */
  private static long serverTime(Instant now) {
    long seconds = now.getEpochSecond();
    if (seconds < 0 || seconds > ClientHandshake.MAX_UNSIGNED_SECONDS) {
      throw new IllegalStateException("the clock is outside unsigned 32-bit seconds: " + now);
    }
    return seconds;
  }

  private AesKeyIv tmpAesKeyIv(NewNonce nn) {
    return HandshakeKdf.tmpAesKeyIv(nn, serverNonce);
  }

  /** a, g_a = g^a mod p (drawn again while out of range), and the encrypted answer. */
  private ServerDhParamsOk serverDhParams(ReqDhParams req, AesKeyIv keyIv, long time) {
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
    ServerDhInnerData answer =
        new ServerDhInnerData(
            req.nonce(),
            req.serverNonce(),
            group.g(),
            Bytes.copyOf(ServerRsaKey.unsignedBytes(p)),
            Bytes.copyOf(ServerRsaKey.unsignedBytes(ga)),
            (int) time);
    byte[] answerWithHash = HashedData.wrap(answer.toByteArray(), random);
    byte[] encrypted = AesIge.encrypt(keyIv.key(), keyIv.iv(), answerWithHash);
    Arrays.fill(answerWithHash, (byte) 0);
    BigInteger traceA = secretA;
    BigInteger traceGa = ga;
    SecretAccess access = SecretAccess.explicitly();
    trace
        .step(Sender.SERVER, "server_DH_inner_data")
        .value("g", group.g())
        .secret("a", () -> traceA.toString(16))
        .hex("g_a", ga)
        .value("server_time", time)
        .secretHex("tmp_aes_key", () -> keyIv.key().reveal(access))
        .secretHex("tmp_aes_iv", () -> keyIv.iv().reveal(access))
        .event(
            () ->
                new TraceEvent.DhHalfSent(
                    group.g(),
                    traceGa,
                    time,
                    trace.secret(() -> traceA),
                    trace.secret(() -> HandshakeTrace.wiping(keyIv.key().reveal(access))),
                    trace.secret(() -> HandshakeTrace.wiping(keyIv.iv().reveal(access)))))
        .emit();
    trace
        .step(Sender.SERVER, "server_DH_params_ok")
        .value("encrypted_answer_length", encrypted.length)
        .event(() -> new TraceEvent.DhParamsOkSent(encrypted.length))
        .emit();
    a = secretA;
    return new ServerDhParamsOk(req.nonce(), req.serverNonce(), Bytes.copyOf(encrypted));
  }

  /**
   * The inner data's checks. Comparing p and q with the canonical encodings of the factors this
   * server chose implies p &lt; q, p q = pq and no leading zero bytes.
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
    if (inner instanceof PqInnerDataTempDc t) {

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
    ClientDhInnerData inner = decryptClientInnerData(set.encryptedData());
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
    trace
        .step(Sender.SERVER, "client_DH_inner_data")
        .hex("g_b", inner.gB())
        .secret("retry_id", () -> Long.toString(inner.retryId()))
        .event(
            () ->
                new TraceEvent.GbReceived(
                    DhChecks.unsigned(inner.gB()), trace.secret(inner::retryId)))
        .emit();
    trace
        .step(Sender.SERVER, "auth_key")
        .secretHex("auth_key", () -> key.reveal(access))
        .value("auth_key_id", key.id().hex())
        .event(
            () ->
                new TraceEvent.AuthKeyMade(
                    key.id(),
                    trace.secret(() -> HandshakeTrace.wiping(key.reveal(access))),
                    Optional.empty()))
        .emit();

    Instant now = clock.instant();
    if (registry.contains(key.id())) {
      return collision(set, key, now);
    }
    DhGenAnswer ok = answer(1, set, key);
    ServerSalt salt = ClientHandshake.serverSalt(newNonce, serverNonce);
    trace
        .step(Sender.SERVER, "server_salt")
        .secret("server_salt", () -> Long.toString(salt.value()))
        .secretHex("server_salt_bytes", salt::toWire)
        .event(() -> new TraceEvent.SaltMade(trace.secret(() -> salt)))
        .emit();
    OptionalLong expiresAt =
        keyType == KeyType.TEMPORARY
            ? OptionalLong.of(serverTime + expiresIn)
            : OptionalLong.empty();
    HandshakeResult result =
        new HandshakeResult(Sender.SERVER, key, salt, keyType, dc, expiresAt, 0, retries);
    end(State.DONE);
    return new HandshakeStep.Done(result, Optional.of(send(ok, now)));
  }

  /** The new key's id is taken: dh_gen_retry while retries remain, then dh_gen_fail. */
  private HandshakeStep collision(SetClientDhParams set, AuthKey key, Instant now) {
    try {
      if (retries < maxRetries) {
        DhGenAnswer retry = answer(2, set, key);
        expectedRetryId = key.auxHash();
        retries++;
        return send(retry, now);
      }
      DhGenAnswer fail = answer(3, set, key);
      end(State.FAILED);
      return new HandshakeStep.Failed(
          CheckReason.AUTH_KEY_ID_COLLISION, Optional.of(send(fail, now)), OptionalInt.empty());
    } finally {
      key.destroy();
    }
  }

  /**
   * encrypted_data of set_client_DH_params: its length (before any copy), decryption, the SHA-1,
   * exactly one client_DH_inner_data.
   */
  private ClientDhInnerData decryptClientInnerData(Bytes encryptedData)
      throws CheckFailedException {
    int length = encryptedData.length();
    if (length % 16 != 0
        || length < HandshakeMessage.MIN_ENCRYPTED_LENGTH
        || length > HandshakeMessage.MAX_CLIENT_DH_ENCRYPTED_LENGTH) {
      throw new CheckFailedException(CheckReason.ANSWER_MALFORMED);
    }
    byte[] dataWithHash = AesIge.decrypt(tmp.key(), tmp.iv(), encryptedData.toByteArray());
    byte[] data = null;
    try {
      data = HashedData.unwrap(dataWithHash);
      TlReader r = new TlReader(data);
      ClientDhInnerData inner = HandshakeMessage.read(r, ClientDhInnerData.class);
      r.expectEnd();
      return inner;
    } finally {
      Arrays.fill(dataWithHash, (byte) 0);
      if (data != null) {
        Arrays.fill(data, (byte) 0);
      }
    }
  }

  /** dh_gen_ok/retry/fail with new_nonce_hashN = SHA1(new_nonce + byte(N) + aux_hash)[4:20]. */
  private DhGenAnswer answer(int number, SetClientDhParams set, AuthKey key) {
    Bytes hash = NewNonceHash.compute(newNonce, key, number);
    DhGenAnswer answer = DhGenAnswer.of(number, set.nonce(), set.serverNonce(), hash);
    trace
        .step(Sender.SERVER, answer.tlName())
        .hex("new_nonce_hash" + number, hash)
        .event(() -> new TraceEvent.DhGenHash(number, hash))
        .emit();
    return answer;
  }

  // --- helpers ----------------------------------------------------------------------------

  private HandshakeStep.Send send(HandshakeMessage message, Instant now) {
    return HandshakeStep.Send.of(message, msgIds.nextReply(now).value());
  }

  private void end(State end) {
    state = end;
    if (newNonce != null) {
      newNonce.destroy();
    }
    if (tmp != null) {
      tmp.destroy();
      tmp = null;
    }
    a = null;
  }

  // --- package-private views, for the tests that prove the wipes ---------------------------

  /** The new_nonce this run holds (null before req_DH_params), to check that it is destroyed. */
  NewNonce heldNewNonce() {
    return newNonce;
  }

  /** The tmp_aes key and IV held between req_DH_params and the end (else null). */
  AesKeyIv heldTmpAesKeyIv() {
    return tmp;
  }

  /** True while the secret exponent a is held. */
  boolean holdsExponent() {
    return a != null;
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
    private boolean acceptLegacyClients;

    private Builder(ServerRsaKeyPair keyPair, int dc) {
      this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
      this.dc = dc;
    }

    /**
     * The DH group to offer (default: Telegram's, g = 3). It is checked here: a group that fails
     * {@link DhChecks#checkGroup} is an {@link IllegalArgumentException}.
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

    /**
     * The longest temporary key lifetime accepted, in seconds (default one day; at most {@link
     * ClientHandshake#MAX_EXPIRES_IN}).
     */
    public Builder maxExpiresIn(int seconds) {
      if (seconds <= 0 || seconds > ClientHandshake.MAX_EXPIRES_IN) {
        throw new IllegalArgumentException(
            "maxExpiresIn must be in 1.." + ClientHandshake.MAX_EXPIRES_IN + ", got " + seconds);
      }
      this.maxExpiresIn = seconds;
      return this;
    }

    /**
     * The compatibility option for legacy clients (default off). When on, req_DH_params may also
     * carry the legacy {@code p_q_inner_data}, which names no DC (the key is then permanent and for
     * this server's DC, the connection's), and its encrypted_data may also use the encryption from
     * before RSA_PAD (SHA1(data) + data + padding to 255 bytes, raw RSA; its SHA-1 compared in
     * constant time). Every failure stays the same -404 with RSA_PAD_INVALID or the inner data's
     * own reason.
     *
     * <p>This is weaker, and is what RSA_PAD fixed: the old scheme's SHA-1 inside raw RSA gives no
     * non-malleability or chosen-ciphertext security and makes the server parse the data before its
     * check; a missing DC id lets a key made for one DC be replayed to another. A req_DH_params
     * that fails RSA_PAD costs a second RSA decryption for the old scheme. Turn it on only for
     * clients that need it (GramJS 2.26 sends p_q_inner_data).
     */
    public Builder acceptLegacyClients(boolean accept) {
      this.acceptLegacyClients = accept;
      return this;
    }

    /** The server, waiting for req_pq_multi. */
    public ServerHandshake build() {
      return new ServerHandshake(this);
    }
  }
}
