package org.mtlab.handshake;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import org.mtlab.tl.HandshakeMessage.DhGenFail;
import org.mtlab.tl.HandshakeMessage.DhGenOk;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.PqInnerDataTempDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ReqPqMulti;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsFail;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.UnencryptedMessage;
import org.mtlab.wire.MessageIdClock;
import org.mtlab.wire.ServerSalt;

/**
 * The client's side of auth-key creation (docs/protocol.md §5) as an I/O-free state machine: {@link
 * #start()} gives the first packet, and each {@link #receive} of a server message gives the next
 * packet to send, or the finished {@link HandshakeResult}.
 *
 * <pre>
 *   start            -&gt; req_pq_multi(nonce)
 *   resPQ            -&gt; check nonce; pick a trusted key by fingerprint; factor pq = p q;
 *                       new_nonce; RSA_PAD(p_q_inner_data_dc or _temp_dc) -&gt; req_DH_params
 *   server_DH_params_ok -&gt; check nonces; decrypt under tmp_aes_key/iv; check the SHA-1;
 *                       check nonces, dh_prime, g, g_a; clock offset; b, g_b (redrawn if out of
 *                       range); auth_key = g_a^b mod p -&gt; set_client_DH_params
 *   dh_gen_ok        -&gt; check nonces and new_nonce_hash1 -&gt; done: auth_key, server_salt
 *   dh_gen_retry     -&gt; check new_nonce_hash2; retry_id = auth_key_aux_hash; new b -&gt;
 *                       set_client_DH_params (at most maxRetries times, then TOO_MANY_RETRIES)
 *   dh_gen_fail, server_DH_params_fail -&gt; check the hash -&gt; DH_GEN_FAILED, the run is over
 * </pre>
 *
 * <p><b>Failures.</b> A message that fails a check throws {@link CheckFailedException} and changes
 * nothing: the machine still waits for a valid message (a forged packet cannot derail a run), and
 * the caller may equally abandon it ({@link #close()}). Only the server's own verdicts end the run:
 * server_DH_params_fail and dh_gen_fail (DH_GEN_FAILED) and one dh_gen_retry too many
 * (TOO_MANY_RETRIES) give a {@link HandshakeStep.Failed}. A message of a kind not expected now is
 * UNEXPECTED_MESSAGE. Calling a method after the run has ended or the machine was closed, or {@code
 * receive} before {@link #start()}, is an {@link IllegalStateException}.
 *
 * <p><b>Sizes.</b> Every length the server chooses before anything is authenticated is capped at
 * what the protocol can produce ({@link HandshakeMessage#MAX_ENCRYPTED_ANSWER_LENGTH} for
 * encrypted_answer, {@link HandshakeMessage#MAX_PQ_LENGTH} for pq, 64 fingerprints) and checked
 * before any decryption or copy.
 *
 * <p><b>Time.</b> server_time is read as the protocol's unsigned 32-bit seconds (valid past 2038,
 * up to 2106-02-07); a temporary key's expiry server_time + expires_in must fit the same range
 * (else SERVER_TIME_INVALID), and expires_in is at most {@link #MAX_EXPIRES_IN}.
 *
 * <p><b>Randomness and time</b> come only from the injected {@link SecureRandom} and {@link
 * InstantSource}. Random bytes are drawn in this order: nonce (16); new_nonce (32), the RSA_PAD
 * padding and temp_key; b (256, again if g_b is out of range) and the padding of
 * client_DH_inner_data (0..15).
 *
 * <p><b>Secrets.</b> new_nonce, the tmp_aes key and IV and a key not yet confirmed are wiped when
 * the run ends or the machine is closed ({@link #close()}; a finished key belongs to the caller, in
 * its {@link HandshakeResult}). b is a {@link BigInteger}, which cannot be wiped; it lives only
 * inside one call.
 *
 * <p>Not thread-safe: confine each instance to one thread. One instance runs one handshake.
 */
public final class ClientHandshake implements AutoCloseable {
  /** dh_gen_retry answers accepted by default before TOO_MANY_RETRIES. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /**
   * The longest temporary-key lifetime a client asks for: 366 days. Far beyond any server's policy,
   * and it keeps server_time + expires_in well inside the 32-bit range.
   */
  public static final int MAX_EXPIRES_IN = 366 * 86_400;

  /** The last second the protocol's unsigned 32-bit time can name (2106-02-07T06:28:15Z). */
  static final long MAX_UNSIGNED_SECONDS = 0xffff_ffffL;

  /** Draws of b allowed before the random source is declared broken. */
  static final int MAX_B_DRAWS = 16;

  private static final int DH_SECRET_BYTES = 256;

  private enum State {
    NEW,
    AWAIT_RES_PQ,
    AWAIT_DH_PARAMS,
    AWAIT_DH_GEN,
    DONE,
    FAILED,
    CLOSED
  }

  private final List<ServerRsaKey> trustedKeys;
  private final int dc;
  private final KeyType keyType;
  private final int expiresIn;
  private final boolean legacyInnerData;
  private final SecureRandom random;
  private final InstantSource clock;
  private final HandshakeTrace trace;
  private final int maxRetries;
  private final MessageIdClock msgIds;

  private State state = State.NEW;
  private byte[] nonce;
  private byte[] serverNonce;
  private NewNonce newNonce;
  private AesKeyIv tmp;
  private BigInteger dhPrime;
  private int g;
  private BigInteger gA;
  private long serverTime;
  private long clockOffset;
  private AuthKey pendingKey;
  private int retries;

  private ClientHandshake(Builder b) {
    this.trustedKeys = List.copyOf(b.trustedKeys);
    this.dc = b.dc;
    this.keyType = b.expiresIn > 0 ? KeyType.TEMPORARY : KeyType.PERMANENT;
    this.expiresIn = b.expiresIn;
    this.legacyInnerData = b.legacyInnerData;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.clock = b.clock != null ? b.clock : InstantSource.system();
    this.msgIds = new MessageIdClock(clock, Sender.CLIENT);
    this.trace = b.trace;
    this.maxRetries = b.maxRetries;
  }

  /**
   * A builder for a client that talks to DC {@code dc} and trusts the servers whose RSA keys are
   * {@code trustedKeys}.
   *
   * @param dc the DC id for p_q_inner_data_dc (plus 10000 for test DCs, negative for media DCs)
   */
  public static Builder builder(int dc, List<ServerRsaKey> trustedKeys) {
    return new Builder(dc, trustedKeys);
  }

  /**
   * Sends req_pq_multi with a fresh nonce.
   *
   * @throws IllegalStateException if already started
   */
  public HandshakeStep start() {
    requireState(State.NEW, "start() may be called once");
    byte[] n = new byte[HandshakeMessage.NONCE_LENGTH];
    random.nextBytes(n);
    nonce = n;
    state = State.AWAIT_RES_PQ;
    ReqPqMulti req = new ReqPqMulti(Bytes.copyOf(n));
    trace
        .step(Sender.CLIENT, "req_pq_multi")
        .hex("nonce", n)
        .event(() -> new TraceEvent.NonceSent(Bytes.copyOf(n)))
        .emit();
    return send(req, clock.instant());
  }

  /**
   * Handles a server packet: checks that it is a plain message with a server msg_id, then {@link
   * #receive(HandshakeMessage)}.
   *
   * @throws CheckFailedException FRAME_MALFORMED or AUTH_KEY_ID_MISMATCH for a bad wrapper,
   *     MSG_ID_PARITY for a msg_id that is not a server's, TL_MALFORMED, or any failure of {@link
   *     #receive(HandshakeMessage)}
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
    return receive(packet.messageFrom(Sender.SERVER));
  }

  /**
   * Handles one server message and says what to send next.
   *
   * @return the next packet ({@link HandshakeStep.Send}), the key ({@link HandshakeStep.Done}) or
   *     the server's refusal ({@link HandshakeStep.Failed}: DH_GEN_FAILED or TOO_MANY_RETRIES; the
   *     run is over)
   * @throws CheckFailedException for a message that fails a check (the state is unchanged)
   * @throws IllegalStateException before {@link #start()}, after the run has ended, or after {@link
   *     #close()}
   */
  public HandshakeStep receive(HandshakeMessage message) throws CheckFailedException {
    Objects.requireNonNull(message, "message");
    if (state == State.NEW || isOver()) {
      throw new IllegalStateException("the handshake is " + state + "; nothing can be received");
    }
    if (state == State.AWAIT_RES_PQ && message instanceof ResPq resPq) {
      return onResPq(resPq);
    }
    if (state == State.AWAIT_DH_PARAMS && message instanceof ServerDhParamsOk serverDhParamsOk) {
      return onServerDhParamsOk(serverDhParamsOk);
    }
    if (state == State.AWAIT_DH_PARAMS
        && message instanceof ServerDhParamsFail serverDhParamsFail) {
      return onServerDhParamsFail(serverDhParamsFail);
    }
    if (state == State.AWAIT_DH_GEN && message instanceof DhGenAnswer dhGenAnswer) {
      return onDhGen(dhGenAnswer);
    }
    throw new CheckFailedException(CheckReason.UNEXPECTED_MESSAGE);
  }

  /** True once the key is made. */
  public boolean isDone() {
    return state == State.DONE;
  }

  /** True once the run has failed for good. */
  public boolean isFailed() {
    return state == State.FAILED;
  }

  /**
   * Ends the run here (if it is still going) and wipes what it holds: new_nonce, the tmp_aes key
   * and IV, a key not yet confirmed. A finished run's key is the caller's, in its {@link
   * HandshakeResult}, and is not touched. Idempotent.
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

  // --- step 2 -> 5 ------------------------------------------------------------------------

  private HandshakeStep onResPq(ResPq res) throws CheckFailedException {
    Nonces.require(nonce, res.nonce());
    ServerRsaKey key = pickKey(res.fingerprints());
    if (res.pq().length() > HandshakeMessage.MAX_PQ_LENGTH) {
      throw new CheckFailedException(CheckReason.PQ_INVALID);
    }
    PqFactors factors = PqFactorizer.splitHandshakePq(res.pq());
    byte[] sn = res.serverNonce().toByteArray();
    trace
        .step(Sender.CLIENT, "resPQ")
        .hex("server_nonce", sn)
        .hex("pq", res.pq())
        .value("fingerprints", fingerprintList(res.fingerprints()))
        .value("chosen_fingerprint", key.fingerprintHex())
        .event(
            () ->
                new TraceEvent.ResPqReceived(
                    res.serverNonce(), res.pq(), res.fingerprints(), key.fingerprint()))
        .emit();
    trace
        .step(Sender.CLIENT, "pq_factorization")
        .value("pq", Long.toUnsignedString(factors.pq()))
        .value("p", Long.toUnsignedString(factors.p()))
        .value("q", Long.toUnsignedString(factors.q()))
        .event(
            () ->
                new TraceEvent.PqFactored(
                    unsigned(factors.pq()), unsigned(factors.p()), unsigned(factors.q())))
        .emit();

    // step 4: new_nonce and the inner data
    NewNonce nn = NewNonce.random(random);
    byte[] encryptedData = encryptInnerData(innerData(res, factors, sn, nn), key);
    ReqDhParams req =
        new ReqDhParams(
            res.nonce(),
            res.serverNonce(),
            factors.pBytes(),
            factors.qBytes(),
            key.fingerprint(),
            Bytes.copyOf(encryptedData));
    trace
        .step(Sender.CLIENT, "req_DH_params")
        .hex("p", factors.pBytes())
        .hex("q", factors.qBytes())
        .value("public_key_fingerprint", key.fingerprintHex())
        .event(
            () ->
                new TraceEvent.DhParamsRequested(
                    factors.pBytes(), factors.qBytes(), key.fingerprint()))
        .emit();

    serverNonce = sn;
    newNonce = nn;
    state = State.AWAIT_DH_PARAMS;
    return send(req, clock.instant());
  }

  /** RSA_PAD of the inner data for {@code key}: encrypted_data. */
  private byte[] encryptInnerData(InnerData inner, ServerRsaKey key) {
    byte[] innerBytes = inner.toByteArray();
    SecretAccess access = SecretAccess.explicitly();
    trace
        .step(Sender.CLIENT, inner.tlName())
        .value("length", innerBytes.length)
        .value("dc", dc)
        .secretHex("new_nonce", () -> inner.newNonce().reveal(access))
        .secretHex("data", () -> innerBytes)
        .event(
            () ->
                new TraceEvent.InnerDataMade(
                    innerBytes.length,
                    dc,
                    trace.secret(() -> HandshakeTrace.wiping(inner.newNonce().reveal(access))),
                    trace.secret(() -> Bytes.copyOf(innerBytes))))
        .emit();
    RsaPad.Encoded encoded = RsaPad.encode(innerBytes, key, random);
    Arrays.fill(innerBytes, (byte) 0);
    trace
        .step(Sender.CLIENT, "rsa_pad")
        .value("attempts", encoded.attempt + 1)
        .secretHex("data_with_padding", () -> encoded.dataWithPadding)
        .secretHex("temp_key", () -> encoded.tempKey)
        .secretHex("key_aes_encrypted", () -> encoded.keyAesEncrypted)
        .hex("encrypted_data", encoded.encryptedData)
        .event(
            () ->
                new TraceEvent.RsaPadEncoded(
                    encoded.attempt + 1,
                    Bytes.copyOf(encoded.encryptedData),
                    trace.secret(() -> Bytes.copyOf(encoded.dataWithPadding)),
                    trace.secret(() -> Bytes.copyOf(encoded.tempKey)),
                    trace.secret(() -> Bytes.copyOf(encoded.keyAesEncrypted))))
        .emit();
    encoded.wipe();
    return encoded.encryptedData();
  }

  private ServerRsaKey pickKey(List<Long> fingerprints) throws CheckFailedException {
    for (long fp : fingerprints) {
      for (ServerRsaKey k : trustedKeys) {
        if (k.fingerprint() == fp) {
          return k;
        }
      }
    }
    throw new CheckFailedException(CheckReason.UNKNOWN_RSA_KEY);
  }

  private InnerData innerData(ResPq res, PqFactors f, byte[] sn, NewNonce nnb) {
    Bytes n = Bytes.copyOf(nonce);
    Bytes s = Bytes.copyOf(sn);
    if (legacyInnerData) {
      return new PqInnerData(res.pq(), f.pBytes(), f.qBytes(), n, s, nnb);
    }
    if (keyType == KeyType.TEMPORARY) {
      return new PqInnerDataTempDc(res.pq(), f.pBytes(), f.qBytes(), n, s, nnb, dc, expiresIn);
    }
    return new PqInnerDataDc(res.pq(), f.pBytes(), f.qBytes(), n, s, nnb, dc);
  }

  // --- step 6 -> 7 ------------------------------------------------------------------------

  private HandshakeStep onServerDhParamsOk(ServerDhParamsOk ok) throws CheckFailedException {
    Nonces.require(nonce, serverNonce, ok.nonce(), ok.serverNonce());
    Bytes encryptedAnswer = ok.encryptedAnswer();
    int length = encryptedAnswer.length();
    // the cap and the block check come before any decryption or copy
    if (length % 16 != 0
        || length < HandshakeMessage.MIN_ENCRYPTED_LENGTH
        || length > HandshakeMessage.MAX_ENCRYPTED_ANSWER_LENGTH) {
      throw new CheckFailedException(CheckReason.ANSWER_MALFORMED);
    }
    AesKeyIv keyIv = tmpAesKeyIv();
    boolean keep = false;
    try {
      ServerDhInnerData inner = decryptAnswer(keyIv, encryptedAnswer.toByteArray());
      Nonces.require(nonce, serverNonce, inner.nonce(), inner.serverNonce());
      BigInteger p = DhChecks.unsigned(inner.dhPrime());
      DhChecks.checkPrime(p);
      DhChecks.checkGenerator(inner.g(), p);
      BigInteger ga = DhChecks.unsigned(inner.gA());
      DhChecks.checkGA(ga, p);
      long time = Integer.toUnsignedLong(inner.serverTime());
      if (keyType == KeyType.TEMPORARY && time + expiresIn > MAX_UNSIGNED_SECONDS) {
        throw new CheckFailedException(CheckReason.SERVER_TIME_INVALID);
      }
      Instant now = clock.instant();
      long offset = time - now.getEpochSecond();
      trace
          .step(Sender.CLIENT, "server_DH_inner_data")
          .value("g", inner.g())
          .hex("dh_prime", inner.dhPrime())
          .value("dh_prime_known", Boolean.toString(KnownPrimes.isKnownSafePrime(p)))
          .hex("g_a", inner.gA())
          .value("server_time", time)
          .value("clock_offset", offset)
          .event(
              () ->
                  new TraceEvent.DhParamsChecked(
                      inner.g(), p, KnownPrimes.isKnownSafePrime(p), ga, time, offset))
          .emit();

      ClientDhAttempt attempt = clientDhParams(keyIv, inner.g(), p, ga, 0);
      // commit
      tmp = keyIv;
      keep = true;
      dhPrime = p;
      g = inner.g();
      gA = ga;
      serverTime = time;
      clockOffset = offset;
      pendingKey = attempt.key;
      state = State.AWAIT_DH_GEN;
      return send(attempt.message, now);
    } finally {
      if (!keep) {
        keyIv.destroy();
      }
    }
  }

  /** tmp_aes_key and tmp_aes_iv from new_nonce and server_nonce. */
  private AesKeyIv tmpAesKeyIv() {
    return HandshakeKdf.tmpAesKeyIv(newNonce, serverNonce);
  }

  /** Decrypts encrypted_answer, checks its SHA-1, and reads exactly one server_DH_inner_data. */
  private ServerDhInnerData decryptAnswer(AesKeyIv keyIv, byte[] encrypted)
      throws CheckFailedException {
    SecretAccess access = SecretAccess.explicitly();
    trace
        .step(Sender.CLIENT, "tmp_aes")
        .secretHex("tmp_aes_key", () -> keyIv.key().reveal(access))
        .secretHex("tmp_aes_iv", () -> keyIv.iv().reveal(access))
        .event(
            () ->
                new TraceEvent.TmpAesDerived(
                    trace.secret(() -> HandshakeTrace.wiping(keyIv.key().reveal(access))),
                    trace.secret(() -> HandshakeTrace.wiping(keyIv.iv().reveal(access)))))
        .emit();
    byte[] answerWithHash = AesIge.decrypt(keyIv.key(), keyIv.iv(), encrypted);
    byte[] answer = null;
    try {
      answer = HashedData.unwrap(answerWithHash);
      int answerLength = answer.length;
      trace
          .step(Sender.CLIENT, "answer_with_hash")
          .value("answer_length", answerLength)
          .value("padding_length", answerWithHash.length - 20 - answerLength)
          .secretHex("answer_with_hash", () -> answerWithHash)
          .event(
              () ->
                  new TraceEvent.AnswerDecrypted(
                      answerLength,
                      answerWithHash.length - 20 - answerLength,
                      trace.secret(() -> Bytes.copyOf(answerWithHash))))
          .emit();
      TlReader r = new TlReader(answer);
      ServerDhInnerData inner = HandshakeMessage.read(r, ServerDhInnerData.class);
      r.expectEnd();
      return inner;
    } finally {
      Arrays.fill(answerWithHash, (byte) 0);
      if (answer != null) {
        Arrays.fill(answer, (byte) 0);
      }
    }
  }

  private HandshakeStep onServerDhParamsFail(ServerDhParamsFail fail) throws CheckFailedException {
    Nonces.require(nonce, serverNonce, fail.nonce(), fail.serverNonce());
    Bytes expected = NewNonceHash.forParamsFail(newNonce);
    if (!expected.constantTimeEquals(fail.newNonceHash())) {
      throw new CheckFailedException(CheckReason.NEW_NONCE_HASH_MISMATCH);
    }
    trace
        .step(Sender.CLIENT, "server_DH_params_fail")
        .hex("new_nonce_hash", expected)
        .event(() -> new TraceEvent.DhParamsFailed(expected))
        .emit();
    end(State.FAILED);
    return HandshakeStep.Failed.of(CheckReason.DH_GEN_FAILED);
  }

  /** The client's DH half for one attempt, and the key it gives. */
  private static final class ClientDhAttempt {
    final SetClientDhParams message;
    final AuthKey key;

    ClientDhAttempt(SetClientDhParams message, AuthKey key) {
      this.message = message;
      this.key = key;
    }
  }

  /**
   * Step 7: b, g_b = g^b mod p (b drawn again while g_b is out of range), auth_key = g_a^b mod p,
   * client_DH_inner_data encrypted under tmp_aes_key.
   */
  private ClientDhAttempt clientDhParams(
      AesKeyIv keyIv, int gen, BigInteger p, BigInteger gA, long retryId) {
    BigInteger gBig = BigInteger.valueOf(gen);
    byte[] bBytes = new byte[DH_SECRET_BYTES];
    BigInteger b = null;
    BigInteger gb = null;
    for (int draw = 0; draw < MAX_B_DRAWS && gb == null; draw++) {
      random.nextBytes(bBytes);
      BigInteger candidate = new BigInteger(1, bBytes);
      BigInteger value = gBig.modPow(candidate, p);
      if (DhChecks.isInRange(value, p)) {
        b = candidate;
        gb = value;
      } else {
        int failed = draw + 1;
        trace
            .step(Sender.CLIENT, "g_b_out_of_range")
            .value("draw", failed)
            .event(() -> new TraceEvent.GbRedrawn(failed))
            .emit();
      }
    }
    Arrays.fill(bBytes, (byte) 0);
    if (gb == null) {
      throw new IllegalStateException(
          "no usable b in " + MAX_B_DRAWS + " draws: is the random source broken?");
    }
    BigInteger secretB = b;
    byte[] keyBytes = ServerRsaKey.toFixed(gA.modPow(b, p), AuthKey.LENGTH);
    AuthKey key = AuthKey.copyOf(keyBytes);
    Arrays.fill(keyBytes, (byte) 0);
    ClientDhInnerData inner =
        new ClientDhInnerData(
            Bytes.copyOf(nonce),
            Bytes.copyOf(serverNonce),
            retryId,
            Bytes.copyOf(ServerRsaKey.unsignedBytes(gb)));
    byte[] data = inner.toByteArray();
    byte[] dataWithHash = HashedData.wrap(data, random);
    byte[] encrypted = AesIge.encrypt(keyIv.key(), keyIv.iv(), dataWithHash);
    SecretAccess access = SecretAccess.explicitly();
    BigInteger publicGb = gb;
    int paddingLength = dataWithHash.length - 20 - data.length;
    trace
        .step(Sender.CLIENT, "client_DH_inner_data")
        .secret("b", () -> secretB.toString(16))
        .hex("g_b", gb)
        .secret("retry_id", () -> Long.toString(retryId))
        .value("padding_length", paddingLength)
        .event(
            () ->
                new TraceEvent.GbSent(
                    publicGb,
                    paddingLength,
                    trace.secret(() -> secretB),
                    trace.secret(() -> retryId)))
        .emit();
    trace
        .step(Sender.CLIENT, "auth_key")
        .secretHex("auth_key", () -> key.reveal(access))
        .value("auth_key_id", key.id().hex())
        .secretHex("auth_key_aux_hash", key::auxHashBytes)
        .event(
            () ->
                new TraceEvent.AuthKeyMade(
                    key.id(),
                    trace.secret(() -> HandshakeTrace.wiping(key.reveal(access))),
                    trace.secret(() -> HandshakeTrace.wiping(key.auxHashBytes()))))
        .emit();
    trace
        .step(Sender.CLIENT, "set_client_DH_params")
        .value("encrypted_data_length", encrypted.length)
        .event(() -> new TraceEvent.ClientDhParamsSent(encrypted.length))
        .emit();
    Arrays.fill(dataWithHash, (byte) 0);
    Arrays.fill(data, (byte) 0);
    SetClientDhParams msg =
        new SetClientDhParams(
            Bytes.copyOf(nonce), Bytes.copyOf(serverNonce), Bytes.copyOf(encrypted));
    return new ClientDhAttempt(msg, key);
  }

  // --- step 8-9 ---------------------------------------------------------------------------

  private HandshakeStep onDhGen(DhGenAnswer answer) throws CheckFailedException {
    Nonces.require(nonce, serverNonce, answer.nonce(), answer.serverNonce());
    // new_nonce_hashN = SHA1(new_nonce + byte(N) + auth_key_aux_hash)[4:20], N of the variant
    Bytes expected = NewNonceHash.compute(newNonce, pendingKey, answer.hashNumber());
    if (!expected.constantTimeEquals(answer.newNonceHash())) {
      throw new CheckFailedException(CheckReason.NEW_NONCE_HASH_MISMATCH);
    }
    trace
        .step(Sender.CLIENT, answer.tlName())
        .hex("new_nonce_hash" + answer.hashNumber(), expected)
        .event(() -> new TraceEvent.DhGenHash(answer.hashNumber(), expected))
        .emit();
    if (answer instanceof DhGenOk) {
      return finish();
    }
    if (answer instanceof DhGenFail) {
      end(State.FAILED);
      return HandshakeStep.Failed.of(CheckReason.DH_GEN_FAILED);
    }
    return retry();
  }

  /** dh_gen_ok: the key is confirmed. */
  private HandshakeStep finish() {
    ServerSalt salt = serverSalt(newNonce, serverNonce);
    trace
        .step(Sender.CLIENT, "server_salt")
        .secret("server_salt", () -> Long.toString(salt.value()))
        .secretHex("server_salt_bytes", salt::toWire)
        .event(() -> new TraceEvent.SaltMade(trace.secret(() -> salt)))
        .emit();
    OptionalLong expiresAt =
        keyType == KeyType.TEMPORARY
            ? OptionalLong.of(serverTime + expiresIn)
            : OptionalLong.empty();
    HandshakeResult result =
        new HandshakeResult(
            Sender.CLIENT,
            pendingKey,
            salt,
            keyType,
            legacyInnerData ? 0 : dc,
            expiresAt,
            clockOffset,
            retries);
    pendingKey = null;
    end(State.DONE);
    return new HandshakeStep.Done(result, Optional.empty());
  }

  /** dh_gen_retry: a new b with retry_id = auth_key_aux_hash, unless the retries are used up. */
  private HandshakeStep retry() {
    if (retries >= maxRetries) {
      end(State.FAILED);
      return HandshakeStep.Failed.of(CheckReason.TOO_MANY_RETRIES);
    }
    long retryId = pendingKey.auxHash();
    ClientDhAttempt attempt = clientDhParams(tmp, g, dhPrime, gA, retryId);
    pendingKey.destroy();
    pendingKey = attempt.key;
    retries++;
    return send(attempt.message, clock.instant());
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }

  /** server_salt = new_nonce[0:8] xor server_nonce[0:8]. */
  static ServerSalt serverSalt(NewNonce newNonce, byte[] serverNonce) {
    return new ServerSalt(HandshakeKdf.serverSalt(newNonce, serverNonce));
  }

  // --- helpers ----------------------------------------------------------------------------

  private HandshakeStep.Send send(HandshakeMessage message, Instant now) {
    return HandshakeStep.Send.of(message, msgIds.next(now).value());
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
    if (pendingKey != null) {
      pendingKey.destroy();
      pendingKey = null;
    }
  }

  private void requireState(State expected, String message) {
    if (state != expected) {
      throw new IllegalStateException(message + " (state " + state + ")");
    }
  }

  private static String fingerprintList(List<Long> fingerprints) {
    List<String> hex = new ArrayList<>();
    for (long fp : fingerprints) {
      hex.add(org.mtlab.bytes.Hex.encode(LittleEndian.longBytes(fp)));
    }
    return String.join(",", hex);
  }

  // --- package-private views, for the tests that prove the wipes ---------------------------

  /** The new_nonce this run holds (null before resPQ), to check that it is destroyed. */
  NewNonce heldNewNonce() {
    return newNonce;
  }

  /** The tmp_aes key and IV held between server_DH_params_ok and the end (else null). */
  AesKeyIv heldTmpAesKeyIv() {
    return tmp;
  }

  /** The key awaiting dh_gen_ok (else null). */
  AuthKey heldPendingKey() {
    return pendingKey;
  }

  /** Builds a {@link ClientHandshake}. Not thread-safe. */
  public static final class Builder {
    private final int dc;
    private final List<ServerRsaKey> trustedKeys;
    private int expiresIn;
    private boolean legacyInnerData;
    private SecureRandom random;
    private InstantSource clock;
    private HandshakeTrace trace = HandshakeTrace.none();
    private int maxRetries = DEFAULT_MAX_RETRIES;

    private Builder(int dc, List<ServerRsaKey> trustedKeys) {
      this.dc = dc;
      this.trustedKeys = List.copyOf(Objects.requireNonNull(trustedKeys, "trustedKeys"));
      if (this.trustedKeys.isEmpty()) {
        throw new IllegalArgumentException("at least one trusted server key is needed");
      }
    }

    /**
     * Creates a temporary key that expires after {@code expiresInSeconds} (p_q_inner_data_temp_dc),
     * at most {@link #MAX_EXPIRES_IN}; without this call the key is permanent.
     */
    public Builder temporary(int expiresInSeconds) {
      if (expiresInSeconds <= 0 || expiresInSeconds > MAX_EXPIRES_IN) {
        throw new IllegalArgumentException(
            "expires_in must be in 1.." + MAX_EXPIRES_IN + ", got " + expiresInSeconds);
      }
      this.expiresIn = expiresInSeconds;
      return this;
    }

    /**
     * Sends the legacy p_q_inner_data (no DC id) instead of p_q_inner_data_dc. Only to replay
     * transcripts of older peers (grammers' published handshake); MTLab's server refuses it.
     */
    public Builder legacyInnerData() {
      this.legacyInnerData = true;
      return this;
    }

    /** The source of every random byte (default: a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The clock for msg_ids and the clock offset (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where the steps are reported (default: nowhere). */
    public Builder trace(HandshakeTrace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
      return this;
    }

    /** How many dh_gen_retry answers to follow before TOO_MANY_RETRIES (default 3). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** The client, ready to {@link ClientHandshake#start()}. */
    public ClientHandshake build() {
      if (legacyInnerData && expiresIn > 0) {
        throw new IllegalStateException("the legacy inner data cannot make a temporary key");
      }
      return new ClientHandshake(this);
    }
  }
}
