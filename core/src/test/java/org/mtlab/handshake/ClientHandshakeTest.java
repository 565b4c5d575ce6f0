package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.kdf.NewNonceHash;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.DhGenFail;
import org.mtlab.tl.HandshakeMessage.DhGenOk;
import org.mtlab.tl.HandshakeMessage.DhGenRetry;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsFail;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.UnencryptedMessage;

/**
 * The client's checks: B48-B63 and A12, A15 from the client's side. After every rejected message
 * the genuine one is delivered and the run still succeeds (a rejection changes no state).
 */
class ClientHandshakeTest {
  private static final Bytes OTHER16 = Bytes.fromHex("ffeeddccbbaa99887766554433221100");

  private static void assertReason(Call call, CheckReason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(reason);
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** Finishes a rig whose client is waiting for server_DH_params_ok; both keys must agree. */
  private static void finishFromDhParams(Rig rig) throws CheckFailedException {
    HandshakeStep set = rig.client.receive(rig.dhParamsOk);
    finishFromSetClient(rig, set);
  }

  private static void finishFromSetClient(Rig rig, HandshakeStep set) throws CheckFailedException {
    HandshakeStep gen = rig.server.receive(set.toSend().orElseThrow().message());
    HandshakeStep done = rig.client.receive(gen.toSend().orElseThrow().message());
    assertThat(Fixtures.result(done).authKey().constantTimeEquals(Fixtures.result(gen).authKey()))
        .isTrue();
  }

  // --- resPQ: B48, B49, B50 --------------------------------------------------------------------

  @Test
  void resPqWithForeignNonce_isNonceMismatch_B48() throws Exception {
    Rig rig = Rig.seeded(1).toResPq();
    ResPq r = rig.resPq;
    assertReason(
        () -> rig.client.receive(new ResPq(OTHER16, r.serverNonce(), r.pq(), r.fingerprints())),
        CheckReason.NONCE_MISMATCH);
    // state unchanged: the genuine resPQ still works
    HandshakeStep step = rig.client.receive(r);
    assertThat(step.toSend().orElseThrow().message().tlName()).isEqualTo("req_DH_params");
  }

  @Test
  void resPqWithoutKnownFingerprint_isUnknownRsaKey_B49() throws Exception {
    Rig rig = Rig.seeded(2).toResPq();
    ResPq r = rig.resPq;
    long ours = Rig.KEY.fingerprint();
    assertReason(
        () -> rig.client.receive(new ResPq(r.nonce(), r.serverNonce(), r.pq(), List.of())),
        CheckReason.UNKNOWN_RSA_KEY);
    assertReason(
        () ->
            rig.client.receive(
                new ResPq(r.nonce(), r.serverNonce(), r.pq(), List.of(ours + 1, 7L))),
        CheckReason.UNKNOWN_RSA_KEY);
    // the first listed fingerprint we know is chosen, wherever it stands
    HandshakeStep step =
        rig.client.receive(new ResPq(r.nonce(), r.serverNonce(), r.pq(), List.of(5L, ours)));
    assertThat(((HandshakeMessage.ReqDhParams) step.toSend().orElseThrow().message()).fingerprint())
        .isEqualTo(ours);
  }

  @ParameterizedTest(name = "pq {0}")
  @ValueSource(
      strings = {
        "",
        "00",
        "01",
        "0f4240",
        "3b9aca07",
        "1bc16d674ec80006",
        "fffffffb00000019",
        "ffffffffffffffc5",
        "010000000000000001",
        "17ed48941a08f98100"
      })
  void resPqWithInvalidPq_isPqInvalid_B50(String pqHex) throws Exception {
    // empty, 0, 1, 10^6 (2^6 5^6), a prime, even, (2^32-5)^2, the largest 64-bit prime,
    // above 2^64, and a valid pq with a byte appended (9 bytes)
    Rig rig = Rig.seeded(3).toResPq();
    ResPq r = rig.resPq;
    assertReason(
        () ->
            rig.client.receive(
                new ResPq(r.nonce(), r.serverNonce(), Bytes.fromHex(pqHex), r.fingerprints())),
        CheckReason.PQ_INVALID);
  }

  // --- server_DH_params_ok: B51, B52, B53 ------------------------------------------------------

  @Test
  void dhParamsWithForeignNonces_outerOrInner_isNonceMismatch_B51_A15() throws Exception {
    Rig rig = Rig.seeded(4).toDhParamsOk();
    ServerDhParamsOk ok = rig.dhParamsOk;
    assertReason(
        () -> rig.client.receive(new ServerDhParamsOk(ok.nonce(), OTHER16, ok.encryptedAnswer())),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            rig.client.receive(
                new ServerDhParamsOk(OTHER16, ok.serverNonce(), ok.encryptedAnswer())),
        CheckReason.NONCE_MISMATCH);
    ServerDhInnerData a = rig.answer;
    assertReason(
        () ->
            rig.client.receive(
                rig.forgeAnswer(
                    new ServerDhInnerData(
                        a.nonce(), OTHER16, a.g(), a.dhPrime(), a.gA(), a.serverTime()))),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            rig.client.receive(
                rig.forgeAnswer(
                    new ServerDhInnerData(
                        OTHER16, a.serverNonce(), a.g(), a.dhPrime(), a.gA(), a.serverTime()))),
        CheckReason.NONCE_MISMATCH);
    finishFromDhParams(rig);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 15, 16, 17, 31, 33, 599})
  void encryptedAnswerNotWholeBlocksOrTooShort_isAnswerMalformed_B52(int length) throws Exception {
    Rig rig = Rig.seeded(5).toDhParamsOk();
    ServerDhParamsOk ok = rig.dhParamsOk;
    assertReason(
        () ->
            rig.client.receive(
                new ServerDhParamsOk(ok.nonce(), ok.serverNonce(), Bytes.copyOf(new byte[length]))),
        CheckReason.ANSWER_MALFORMED);
  }

  @Test
  void answerWithHash_anyByteOfHashOrAnswerFlipped_isAnswerHashMismatch_B53() throws Exception {
    Rig rig = Rig.seeded(6).toDhParamsOk();
    byte[] answer = rig.answer.toByteArray();
    byte[] good = HashedData.wrap(answer, new SecureRandom());
    // control: the forged but correct answer_with_hash is accepted further down the line
    Set<CheckReason> reasons = new HashSet<>();
    for (int i = 0; i < 20 + answer.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      reasons.add(reasonOf(() -> rig.client.receive(rig.forgeAnswerBytes(bad))));
    }
    assertThat(reasons).containsExactly(CheckReason.ANSWER_HASH_MISMATCH);
    // padding of 16..31 bytes: no candidate length matches
    for (int extra = 16; extra < 32; extra += 15) {
      byte[] padded = Arrays.copyOf(good, 20 + answer.length + extra);
      int aligned = (padded.length + 15) & ~15;
      byte[] whole = Arrays.copyOf(padded, aligned);
      // beyond the cap (592 bytes) the length alone refuses it, before any decryption
      CheckReason expected =
          whole.length > HandshakeMessage.MAX_ENCRYPTED_ANSWER_LENGTH
              ? CheckReason.ANSWER_MALFORMED
              : CheckReason.ANSWER_HASH_MISMATCH;
      assertReason(() -> rig.client.receive(rig.forgeAnswerBytes(whole)), expected);
    }
    assertThat(
            rig.client
                .receive(rig.forgeAnswerBytes(good))
                .toSend()
                .orElseThrow()
                .message()
                .tlName())
        .isEqualTo("set_client_DH_params");
  }

  @Test
  void encryptedAnswer_bitFlipSweep_isAnswerHashMismatch_A15() throws Exception {
    Rig rig = Rig.seeded(7).toDhParamsOk();
    ServerDhParamsOk ok = rig.dhParamsOk;
    byte[] ct = ok.encryptedAnswer().toByteArray();
    Set<CheckReason> reasons = new HashSet<>();
    for (int bit = 0; bit < ct.length * 8; bit++) {
      byte[] flipped = ct.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      reasons.add(
          reasonOf(
              () ->
                  rig.client.receive(
                      new ServerDhParamsOk(ok.nonce(), ok.serverNonce(), Bytes.copyOf(flipped)))));
    }
    assertThat(reasons).containsExactly(CheckReason.ANSWER_HASH_MISMATCH);
    finishFromDhParams(rig);
  }

  // --- DH parameters: B54-B60, A11, A12 --------------------------------------------------------

  @Test
  void badDhPrimes_areDhPrimeInvalid_B54_B55_B56() throws Exception {
    Rig rig = Rig.seeded(8).toDhParamsOk();
    List<BigInteger> primes =
        List.of(
            Rig.KEY.publicKey().modulus(), // composite
            BigInteger.ONE
                .shiftLeft(2047)
                .add(BigInteger.valueOf(1919)), // prime, (p-1)/2 composite
            BigInteger.ONE.shiftLeft(2047), // exactly 2^2047
            KnownPrimes.TELEGRAM.shiftRight(1), // 2047 bits
            KnownPrimes.TELEGRAM.shiftLeft(1).add(BigInteger.ONE)); // 2049 bits
    for (BigInteger p : primes) {
      assertReason(
          () ->
              rig.client.receive(
                  rig.answerWith(
                      a ->
                          new ServerDhInnerData(
                              a.nonce(),
                              a.serverNonce(),
                              a.g(),
                              Bytes.copyOf(ServerRsaKey.unsignedBytes(p)),
                              a.gA(),
                              a.serverTime()))),
          CheckReason.DH_PRIME_INVALID);
    }
    finishFromDhParams(rig);
  }

  @ParameterizedTest(name = "g = {0}")
  @ValueSource(ints = {0, 1, 2, 5, 6, 8, -1})
  void nonResidueOrOutOfRangeGenerator_isDhGInvalid_B58(int g) throws Exception {
    Rig rig = Rig.seeded(9).toDhParamsOk();
    assertReason(
        () ->
            rig.client.receive(
                rig.answerWith(
                    a ->
                        new ServerDhInnerData(
                            a.nonce(), a.serverNonce(), g, a.dhPrime(), a.gA(), a.serverTime()))),
        CheckReason.DH_G_INVALID);
  }

  @Test
  void gAOutOfRange_isDhGAOutOfRange_B59_B60() throws Exception {
    Rig rig = Rig.seeded(10).toDhParamsOk();
    BigInteger p = KnownPrimes.TELEGRAM;
    BigInteger w = DhChecks.WINDOW_MARGIN;
    for (BigInteger ga :
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            p.subtract(BigInteger.ONE),
            p,
            p.add(BigInteger.ONE),
            w.subtract(BigInteger.ONE),
            p.subtract(w).add(BigInteger.ONE))) {
      assertReason(
          () ->
              rig.client.receive(
                  rig.answerWith(
                      a ->
                          new ServerDhInnerData(
                              a.nonce(),
                              a.serverNonce(),
                              a.g(),
                              a.dhPrime(),
                              Bytes.copyOf(ServerRsaKey.unsignedBytes(ga)),
                              a.serverTime()))),
          CheckReason.DH_G_A_OUT_OF_RANGE);
    }
    // the inclusive ends are accepted
    for (BigInteger ga : List.of(w, p.subtract(w))) {
      Rig edge = Rig.seeded(10).toDhParamsOk();
      HandshakeStep step =
          edge.client.receive(
              edge.answerWith(
                  a ->
                      new ServerDhInnerData(
                          a.nonce(),
                          a.serverNonce(),
                          a.g(),
                          a.dhPrime(),
                          Bytes.copyOf(ServerRsaKey.unsignedBytes(ga)),
                          a.serverTime())));
      assertThat(step.toSend().orElseThrow().message().tlName()).isEqualTo("set_client_DH_params");
    }
  }

  /** Replaces the first draws of 256 bytes (b) with scripted values; all else from a seed. */
  private static final class ScriptedB extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SecureRandom delegate;
    private final transient List<byte[]> bs;

    ScriptedB(long seed, byte[]... bs) {
      this.delegate = org.mtlab.testing.Seeds.secureRandom(seed, "client");
      this.bs = new ArrayList<>(List.of(bs));
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length == 256 && !bs.isEmpty()) {
        byte[] b = bs.remove(0);
        System.arraycopy(b, 0, bytes, 0, 256);
      } else {
        delegate.nextBytes(bytes);
      }
    }
  }

  private static byte[] small(int value) {
    byte[] b = new byte[256];
    b[255] = (byte) value;
    return b;
  }

  @Test
  void clientRedrawsBWhenItsGbIsOutOfRange_B61_A12() throws Exception {
    List<TraceStep> steps = new ArrayList<>();
    Rig rig =
        new Rig(
                Rig.clientBuilder(11)
                    .random(new ScriptedB(11, small(1), small(0)))
                    .trace(HandshakeTrace.publicValues(steps::add))
                    .build(),
                Rig.serverBuilder(11).build())
            .toDhParamsOk();
    HandshakeStep set = rig.client.receive(rig.dhParamsOk);
    ClientDhInnerData inner =
        rig.decodeClientInner(
            (HandshakeMessage.SetClientDhParams) set.toSend().orElseThrow().message());
    BigInteger gb = DhChecks.unsigned(inner.gB());
    assertThat(gb).isNotEqualTo(BigInteger.valueOf(3)).isNotEqualTo(BigInteger.ONE);
    assertThat(DhChecks.isInRange(gb, KnownPrimes.TELEGRAM)).isTrue();
    assertThat(steps.stream().filter(s -> s.name().equals("g_b_out_of_range")).count())
        .isEqualTo(2);
    finishFromSetClient(rig, set);
  }

  @Test
  void brokenRandomThatAlwaysGivesBOne_isIllegalState() throws Exception {
    byte[][] ones = new byte[ClientHandshake.MAX_B_DRAWS][];
    Arrays.fill(ones, small(1));
    Rig rig =
        new Rig(
                Rig.clientBuilder(12).random(new ScriptedB(12, ones)).build(),
                Rig.serverBuilder(12).build())
            .toDhParamsOk();
    assertThatThrownBy(() -> rig.client.receive(rig.dhParamsOk))
        .isInstanceOf(IllegalStateException.class);
  }

  // --- dh_gen: B62, A15 ------------------------------------------------------------------------

  /** The key the server derives for the rig's set_client_DH_params (via a twin run). */
  private static AuthKey serverKey(long seed) throws CheckFailedException {
    Rig twin = Rig.seeded(seed).toSetClient();
    return Fixtures.result(twin.server.receive(twin.setClient)).authKey();
  }

  @Test
  void dhGenChecks_B62_A15() throws Exception {
    Rig rig = Rig.seeded(13).toSetClient();
    AuthKey key = serverKey(13);
    byte[] nn = rig.newNonce();
    Bytes n = rig.resPq.nonce();
    Bytes sn = rig.resPq.serverNonce();
    Bytes h1 = NewNonceHash.compute(NewNonce.copyOf(nn), key, 1);
    Bytes h2 = NewNonceHash.compute(NewNonce.copyOf(nn), key, 2);
    Bytes h3 = NewNonceHash.compute(NewNonce.copyOf(nn), key, 3);
    // dh_gen_ok with a wrong hash, or another variant's hash
    assertReason(
        () -> rig.client.receive(new DhGenOk(n, sn, OTHER16)), CheckReason.NEW_NONCE_HASH_MISMATCH);
    assertReason(
        () -> rig.client.receive(new DhGenOk(n, sn, h2)), CheckReason.NEW_NONCE_HASH_MISMATCH);
    // dh_gen_retry carrying hash1 (the substitution A15 is about), dh_gen_fail carrying hash1
    assertReason(
        () -> rig.client.receive(new DhGenRetry(n, sn, h1)), CheckReason.NEW_NONCE_HASH_MISMATCH);
    assertReason(
        () -> rig.client.receive(new DhGenFail(n, sn, h1)), CheckReason.NEW_NONCE_HASH_MISMATCH);
    // foreign nonces
    assertReason(
        () -> rig.client.receive(new DhGenOk(OTHER16, sn, h1)), CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.client.receive(new DhGenOk(n, OTHER16, h1)), CheckReason.NONCE_MISMATCH);
    // none of that changed anything: the genuine dh_gen_ok finishes the run
    HandshakeStep done = rig.client.receive(new DhGenOk(n, sn, h1));
    assertThat(Fixtures.result(done).authKey().constantTimeEquals(key)).isTrue();
    assertThat(h3).isNotEqualTo(h1);
  }

  @Test
  void dhGenFail_endsTheRun_B62() throws Exception {
    Rig rig = Rig.seeded(14).toSetClient();
    AuthKey key = serverKey(14);
    Bytes h3 = NewNonceHash.compute(NewNonce.copyOf(rig.newNonce()), key, 3);
    assertThat(
            Fixtures.failure(
                rig.client.receive(new DhGenFail(rig.resPq.nonce(), rig.resPq.serverNonce(), h3))))
        .isEqualTo(CheckReason.DH_GEN_FAILED);
    assertThat(rig.client.isFailed()).isTrue();
    assertThatThrownBy(
            () -> rig.client.receive(new DhGenOk(rig.resPq.nonce(), rig.resPq.serverNonce(), h3)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverDhParamsFail_checksItsHash_A15() throws Exception {
    Rig rig = Rig.seeded(15).toReqDh();
    Bytes n = rig.resPq.nonce();
    Bytes sn = rig.resPq.serverNonce();
    assertReason(
        () -> rig.client.receive(new ServerDhParamsFail(n, sn, OTHER16)),
        CheckReason.NEW_NONCE_HASH_MISMATCH);
    assertReason(
        () ->
            rig.client.receive(
                new ServerDhParamsFail(
                    n, OTHER16, NewNonceHash.forParamsFail(NewNonce.copyOf(rig.newNonce())))),
        CheckReason.NONCE_MISMATCH);
    assertThat(
            Fixtures.failure(
                rig.client.receive(
                    new ServerDhParamsFail(
                        n, sn, NewNonceHash.forParamsFail(NewNonce.copyOf(rig.newNonce()))))))
        .isEqualTo(CheckReason.DH_GEN_FAILED);
    assertThat(rig.client.isFailed()).isTrue();
  }

  @Test
  void moreRetriesThanAllowed_isTooManyRetries_B62() throws Exception {
    ClientHandshake client = Rig.clientBuilder(16).maxRetries(1).build();
    ServerHandshake server = Rig.serverBuilder(16).registry(id -> true).maxRetries(5).build();
    assertReason(() -> InMemoryHandshake.exchange(client, server), CheckReason.TOO_MANY_RETRIES);
    assertThat(client.isFailed()).isTrue();
  }

  // --- order and framing: B63 ------------------------------------------------------------------

  @Test
  void messagesOutOfOrder_areUnexpected_B63() throws Exception {
    Rig rig = Rig.seeded(17).toResPq();
    Bytes n = rig.resPq.nonce();
    Bytes sn = rig.resPq.serverNonce();
    assertReason(
        () -> rig.client.receive(new DhGenOk(n, sn, OTHER16)), CheckReason.UNEXPECTED_MESSAGE);
    assertReason(
        () -> rig.client.receive(new ServerDhParamsOk(n, sn, Bytes.copyOf(new byte[32]))),
        CheckReason.UNEXPECTED_MESSAGE);
    assertReason(() -> rig.client.receive(rig.reqPq), CheckReason.UNEXPECTED_MESSAGE);
    rig.client.receive(rig.resPq);
    assertReason(() -> rig.client.receive(rig.resPq), CheckReason.UNEXPECTED_MESSAGE);
  }

  @Test
  void unknownConstructorOrClientMsgId_inAPacket() throws Exception {
    Rig rig = Rig.seeded(18).toResPq();
    byte[] unknown =
        new UnencryptedMessage(0x65abc0fc00000001L, Bytes.fromHex("0102030405060708"))
            .toByteArray();
    assertReason(() -> rig.client.receivePacket(unknown), CheckReason.TL_MALFORMED);
    byte[] clientParity = UnencryptedMessage.of(0x65abc0fc00000004L, rig.resPq).toByteArray();
    assertReason(() -> rig.client.receivePacket(clientParity), CheckReason.MSG_ID_PARITY);
    byte[] good = UnencryptedMessage.of(0x65abc0fc00000001L, rig.resPq).toByteArray();
    assertThat(rig.client.receivePacket(good).toSend().orElseThrow().message().tlName())
        .isEqualTo("req_DH_params");
  }

  @Test
  void apiMisuse_isIllegalState() throws Exception {
    ClientHandshake client = Rig.clientBuilder(19).build();
    assertThatThrownBy(() -> client.receive(new DhGenOk(OTHER16, OTHER16, OTHER16)))
        .isInstanceOf(IllegalStateException.class);
    client.start();
    assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ClientHandshake.builder(2, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rig.clientBuilder(1).temporary(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.receive((HandshakeMessage) null))
        .isInstanceOf(NullPointerException.class);
  }

  private static CheckReason reasonOf(Call call) {
    try {
      call.run();
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
