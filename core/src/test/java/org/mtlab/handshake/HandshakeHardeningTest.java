package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import org.mtlab.testing.DemoRsaKey;
import org.mtlab.testing.Seeds;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.UnencryptedMessage;

/**
 * Issue 13's handshake items, each shown by a test that fails on the code before it: blinded RSA
 * and one RSA decryption per run (item 1), caps on every length chosen before authentication (item
 * 2), unsigned 32-bit time (item 4), secrets wiped by close and by the end of a run (item 5).
 */
class HandshakeHardeningTest {

  // --- item 1: blinding, and no second try ---------------------------------------------------

  @Test
  void blindedDecryption_equalsTextbookRsa_on1000SeededCiphertexts() {
    ServerRsaKeyPair pair = DemoRsaKey.pair();
    BigInteger n = pair.publicKey().modulus();
    BigInteger d = DemoRsaKey.privateExponent();
    SecureRandom blinding = Seeds.secureRandom(1, "blinding");
    SplittableRandom values = new SplittableRandom(13);
    byte[] raw = new byte[256];
    for (int i = 0; i < 1000; i++) {
      values.nextBytes(raw);
      BigInteger c = new BigInteger(1, raw).mod(n);
      byte[] plain = ServerRsaKey.toFixed(c.modPow(d, n), 256);
      assertThat(pair.decryptRaw(c, blinding)).as("ciphertext %d", i).isEqualTo(plain);
    }
    assertThat(pair.privateOperations()).isEqualTo(1000);
  }

  @Test
  void blinding_drawsAFreshFactorForEachDecryption() {
    ServerRsaKeyPair pair = DemoRsaKey.pair();
    Fixtures.RecordingRandom random = new Fixtures.RecordingRandom(Seeds.secureRandom(2, "r"));
    BigInteger c = BigInteger.valueOf(123456789);
    pair.decryptRaw(c, random);
    pair.decryptRaw(c, random);
    assertThat(random.draws()).hasSizeGreaterThanOrEqualTo(2).allMatch(len -> len == 256);
    byte[] all = random.recorded();
    assertThat(java.util.Arrays.copyOf(all, 256))
        .isNotEqualTo(java.util.Arrays.copyOfRange(all, all.length - 256, all.length));
  }

  @Test
  void failedReqDhParams_endsTheRunWithMinus404_andASecondOneCostsNoRsaOperation()
      throws Exception {
    Rig rig = Rig.seeded(31).toReqDh();
    ReqDhParams r = rig.reqDh;
    byte[] flipped = r.encryptedData().toByteArray();
    flipped[100] ^= 1;
    long before = Rig.KEY.privateOperations();
    HandshakeStep step =
        rig.server.receive(
            new ReqDhParams(
                r.nonce(), r.serverNonce(), r.p(), r.q(), r.fingerprint(), Bytes.copyOf(flipped)));
    assertThat(Rig.KEY.privateOperations()).isEqualTo(before + 1);
    assertThat(step).isInstanceOf(HandshakeStep.Failed.class);
    HandshakeStep.Failed failed = (HandshakeStep.Failed) step;
    assertThat(failed.reason()).isEqualTo(CheckReason.RSA_PAD_INVALID);
    assertThat(failed.transportError()).hasValue(-404);
    assertThat(failed.toSend()).isEmpty();
    assertThat(rig.server.isFailed()).isTrue();
    assertThat(rig.server.isDone()).isFalse();
    // the genuine request, or any other, is refused without touching the private key
    assertThatThrownBy(() -> rig.server.receive(r)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> rig.server.receive(r)).isInstanceOf(IllegalStateException.class);
    assertThat(Rig.KEY.privateOperations()).isEqualTo(before + 1);
  }

  @Test
  void reqDhParamsOfTheWrongLength_isRefusedBeforeAnyRsaOperation() throws Exception {
    for (int length : new int[] {0, 255, 257, 1 << 20}) {
      Rig rig = Rig.seeded(32).toReqDh();
      ReqDhParams r = rig.reqDh;
      long before = Rig.KEY.privateOperations();
      HandshakeStep step =
          rig.server.receive(
              new ReqDhParams(
                  r.nonce(),
                  r.serverNonce(),
                  r.p(),
                  r.q(),
                  r.fingerprint(),
                  Bytes.copyOf(new byte[length])));
      assertThat(Fixtures.failure(step)).isEqualTo(CheckReason.RSA_PAD_INVALID);
      assertThat(Rig.KEY.privateOperations()).as("length %d", length).isEqualTo(before);
    }
  }

  // --- item 2: every pre-authentication length, with its cap ---------------------------------

  /** The caps, each the most the protocol can produce (see HandshakeMessage). */
  @Test
  void theCaps_areWhatTheProtocolCanProduce() {
    assertThat(HandshakeMessage.MAX_PQ_LENGTH).isEqualTo(8);
    assertThat(HandshakeMessage.RSA_ENCRYPTED_LENGTH).isEqualTo(256);
    // server_DH_inner_data: 4 + 16 + 16 + 4 + (4 + 256) + (4 + 256) + 4 = 564; +20, to 16
    assertThat(HandshakeMessage.MAX_ENCRYPTED_ANSWER_LENGTH).isEqualTo(592);
    // client_DH_inner_data: 4 + 16 + 16 + 8 + (4 + 256) = 304; +20, to 16
    assertThat(HandshakeMessage.MAX_CLIENT_DH_ENCRYPTED_LENGTH).isEqualTo(336);
    assertThat(HandshakeMessage.MAX_OBJECT_LENGTH).isEqualTo(4 + 16 + 16 + 4 + 592);
    assertThat(HandshakeMessage.MAX_FINGERPRINTS).isEqualTo(64);
  }

  @Test
  void theLongestHonestMessages_fitTheirCaps() throws Exception {
    // the longest g_a and g_b are 256 bytes: a real run's messages, re-encoded at full size
    Rig rig = Rig.seeded(33).toSetClient();
    assertThat(rig.dhParamsOk.encryptedAnswer().length())
        .isLessThanOrEqualTo(HandshakeMessage.MAX_ENCRYPTED_ANSWER_LENGTH);
    assertThat(rig.setClient.encryptedData().length())
        .isLessThanOrEqualTo(HandshakeMessage.MAX_CLIENT_DH_ENCRYPTED_LENGTH);
    byte[] full = new byte[HandshakeMessage.MAX_ENCRYPTED_ANSWER_LENGTH];
    ServerDhParamsOk longest =
        new ServerDhParamsOk(rig.resPq.nonce(), rig.resPq.serverNonce(), Bytes.copyOf(full));
    assertThat(longest.toByteArray()).hasSize(HandshakeMessage.MAX_OBJECT_LENGTH);
  }

  @Test
  void encryptedAnswer_overTheCap_isMalformed_beforeDecryption() throws Exception {
    Rig rig = Rig.seeded(34).toDhParamsOk();
    for (int length : new int[] {608, 16 * 1024 * 1024 - 16}) {
      ServerDhParamsOk big =
          new ServerDhParamsOk(
              rig.resPq.nonce(), rig.resPq.serverNonce(), Bytes.copyOf(new byte[length]));
      assertThatThrownBy(() -> rig.client.receive(big))
          .extracting(e -> ((CheckFailedException) e).reason())
          .isEqualTo(CheckReason.ANSWER_MALFORMED);
    }
    // at the cap, the length passes and the hash decides
    ServerDhParamsOk atCap =
        new ServerDhParamsOk(
            rig.resPq.nonce(), rig.resPq.serverNonce(), Bytes.copyOf(new byte[592]));
    assertThatThrownBy(() -> rig.client.receive(atCap))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.ANSWER_HASH_MISMATCH);
    // nothing changed
    assertThat(rig.client.receive(rig.dhParamsOk)).isInstanceOf(HandshakeStep.Send.class);
  }

  @Test
  void clientEncryptedData_overTheCap_isMalformed_beforeDecryption() throws Exception {
    Rig rig = Rig.seeded(35).toSetClient();
    SetClientDhParams s = rig.setClient;
    for (int length : new int[] {352, 16 * 1024 * 1024 - 16}) {
      assertThatThrownBy(
              () ->
                  rig.server.receive(
                      new SetClientDhParams(
                          s.nonce(), s.serverNonce(), Bytes.copyOf(new byte[length]))))
          .extracting(e -> ((CheckFailedException) e).reason())
          .isEqualTo(CheckReason.ANSWER_MALFORMED);
    }
    assertThatThrownBy(
            () ->
                rig.server.receive(
                    new SetClientDhParams(s.nonce(), s.serverNonce(), Bytes.copyOf(new byte[336]))))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.ANSWER_HASH_MISMATCH);
    assertThat(rig.server.receive(s)).isInstanceOf(HandshakeStep.Done.class);
  }

  @Test
  void pqOverEightBytes_isPqInvalid_beforeFactoring() throws Exception {
    Rig rig = Rig.seeded(36).toResPq();
    ResPq res = rig.resPq;
    ResPq longPq =
        new ResPq(res.nonce(), res.serverNonce(), Bytes.copyOf(new byte[9]), res.fingerprints());
    assertThatThrownBy(() -> rig.client.receive(longPq))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.PQ_INVALID);
    assertThat(rig.client.receive(res)).isInstanceOf(HandshakeStep.Send.class);
  }

  @Test
  void plainPacketOverTheLongestObject_isFrameMalformed_beforeAnyCopy() throws Exception {
    byte[] longest = new byte[UnencryptedMessage.HEADER_LENGTH + 632];
    org.mtlab.bytes.LittleEndian.putInt(longest, 16, 632);
    assertThat(UnencryptedMessage.parse(longest).messageData().length()).isEqualTo(632);
    for (int length : new int[] {633, 16 * 1024 * 1024}) {
      byte[] packet = new byte[UnencryptedMessage.HEADER_LENGTH + length];
      org.mtlab.bytes.LittleEndian.putInt(packet, 16, length);
      assertThatThrownBy(() -> UnencryptedMessage.parse(packet))
          .extracting(e -> ((CheckFailedException) e).reason())
          .isEqualTo(CheckReason.FRAME_MALFORMED);
    }
  }

  // --- item 4: time past 2038 ----------------------------------------------------------------

  private static InMemoryHandshake.Run runAt(Instant now, Integer expiresIn)
      throws CheckFailedException {
    InstantSource clock = InstantSource.fixed(now);
    ClientHandshake.Builder client = Rig.clientBuilder(41).clock(clock);
    if (expiresIn != null) {
      client.temporary(expiresIn);
    }
    ServerHandshake.Builder server = Rig.serverBuilder(41).clock(clock);
    if (expiresIn != null) {
      server.maxExpiresIn(expiresIn);
    }
    return InMemoryHandshake.exchange(client.build(), server.build());
  }

  @Test
  void pastJanuary2038_serverTimeIsUnsigned_noOffset_andTheExpiryIsRight() throws Exception {
    Instant after = Instant.parse("2038-01-19T03:14:08Z"); // 2^31 seconds
    assertThat(after.getEpochSecond()).isEqualTo(1L << 31);
    InMemoryHandshake.Run run = runAt(after, 3600);
    assertThat(run.client().clockOffsetSeconds()).isZero();
    assertThat(run.client().expiresAt()).hasValue((1L << 31) + 3600);
    assertThat(run.server().expiresAt()).hasValue((1L << 31) + 3600);
  }

  @Test
  void at2106_thePermanentKeyIsMade_butAnExpiryPastUnsigned32BitsIsRefused() throws Exception {
    Instant last = Instant.parse("2106-02-07T06:28:15Z"); // 2^32 - 1 seconds
    assertThat(last.getEpochSecond()).isEqualTo(0xffff_ffffL);
    InMemoryHandshake.Run run = runAt(last, null);
    assertThat(run.client().clockOffsetSeconds()).isZero();
    assertThat(run.client().expiresAt()).isEmpty();
    // expires_at = 2^32 - 1 + 60 does not fit: the server refuses the request
    assertThatThrownBy(() -> runAt(last, 60))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.SERVER_TIME_INVALID);
    // one second later the server's clock cannot name the time at all
    assertThatThrownBy(() -> runAt(last.plusSeconds(1), null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void at1970_theFirstSecondIsATime_andOneSecondBeforeItIsNot() throws Exception {
    InMemoryHandshake.Run run = runAt(Instant.EPOCH, null);
    assertThat(run.keysAgree()).isTrue();
    assertThat(run.client().clockOffsetSeconds()).isZero();
    assertThatThrownBy(() -> runAt(Instant.EPOCH.minusSeconds(1), null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverPublicKey_isTheKeyPairsPublicHalf() {
    ServerHandshake server = Rig.serverBuilder(41).build();
    assertThat(server.publicKey()).isEqualTo(Rig.serverBuilder(41).build().publicKey());
    assertThat(server.publicKey().fingerprint()).isEqualTo(Rig.KEY.publicKey().fingerprint());
  }

  @Test
  void clientRefusesAServerTimeWhoseExpiryOverflows() throws Exception {
    // an honest server at 2024 says server_time = 2^32 - 10: the client's check, not the server's
    Rig rig =
        new Rig(Rig.clientBuilder(42).temporary(60).build(), Rig.serverBuilder(42).build())
            .toDhParamsOk();
    ServerDhParamsOk forged =
        rig.answerWith(
            a ->
                new HandshakeMessage.ServerDhInnerData(
                    a.nonce(), a.serverNonce(), a.g(), a.dhPrime(), a.gA(), (int) 0xffff_fff6L));
    assertThatThrownBy(() -> rig.client.receive(forged))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.SERVER_TIME_INVALID);
    // 2^32 - 60 - 1 + 60 fits: accepted, offset read unsigned
    ServerDhParamsOk edge =
        rig.answerWith(
            a ->
                new HandshakeMessage.ServerDhInnerData(
                    a.nonce(),
                    a.serverNonce(),
                    a.g(),
                    a.dhPrime(),
                    a.gA(),
                    (int) (0xffff_ffffL - 60)));
    assertThat(rig.client.receive(edge)).isInstanceOf(HandshakeStep.Send.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, ClientHandshake.MAX_EXPIRES_IN + 1, Integer.MAX_VALUE})
  void lifetimeBound_isEnforcedByBothBuilders(int seconds) {
    assertThatThrownBy(() -> Rig.clientBuilder(1).temporary(seconds))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rig.serverBuilder(1).maxExpiresIn(seconds))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lifetimeBound_itselfIsAccepted() {
    Rig.clientBuilder(1).temporary(ClientHandshake.MAX_EXPIRES_IN);
    Rig.serverBuilder(1).maxExpiresIn(ClientHandshake.MAX_EXPIRES_IN);
    assertThat(ClientHandshake.MAX_EXPIRES_IN).isEqualTo(366 * 86_400);
  }

  @Test
  void tempKeyBinding_expiresAtPast2038_isInTheFuture() throws Exception {
    AuthKey perm = AuthKey.copyOf(Fixtures.randomBytes(256, 1));
    AuthKey temp = AuthKey.copyOf(Fixtures.randomBytes(256, 2));
    long expiresAt = (1L << 31) + 100;
    long msgId = 0x65a0_0000_0000_0004L;
    HandshakeMessage.BindTempAuthKey request =
        TempKeyBinding.request(perm, temp, 7, expiresAt, msgId, Seeds.secureRandom(1, "bind"));
    HandshakeMessage.BindAuthKeyInner inner =
        TempKeyBinding.verify(request, msgId, temp.id(), 7, perm, Instant.ofEpochSecond(1L << 31));
    assertThat(Integer.toUnsignedLong(inner.expiresAt())).isEqualTo(expiresAt);
    assertThatThrownBy(
            () ->
                TempKeyBinding.verify(
                    request, msgId, temp.id(), 7, perm, Instant.ofEpochSecond(expiresAt)))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.BIND_INVALID);
    for (long bad : new long[] {-1, 1L << 32}) {
      assertThatThrownBy(
              () ->
                  TempKeyBinding.request(perm, temp, 7, bad, msgId, Seeds.secureRandom(1, "bind")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // --- item 5: close() and the end of a run wipe what they hold ------------------------------

  @Test
  void clientClose_midRun_destroysNewNonceTmpKeyAndPendingKey() throws Exception {
    Rig rig = Rig.seeded(51).toSetClient();
    NewNonce nn = rig.client.heldNewNonce();
    AesKeyIv tmp = rig.client.heldTmpAesKeyIv();
    AuthKey pending = rig.client.heldPendingKey();
    assertThat(nn.isDestroyed() || tmp.isDestroyed() || pending.isDestroyed()).isFalse();
    rig.client.close();
    assertThat(nn.isDestroyed()).isTrue();
    assertThat(tmp.isDestroyed()).isTrue();
    assertThat(pending.isDestroyed()).isTrue();
    assertThat(rig.client.isDone() || rig.client.isFailed()).isFalse();
    assertThatThrownBy(() -> rig.client.receive(rig.dhParamsOk))
        .isInstanceOf(IllegalStateException.class);
    rig.client.close(); // idempotent
  }

  @Test
  void serverClose_midRun_destroysNewNonceAndTmpKey() throws Exception {
    Rig rig = Rig.seeded(52).toDhParamsOk();
    NewNonce nn = rig.server.heldNewNonce();
    AesKeyIv tmp = rig.server.heldTmpAesKeyIv();
    assertThat(rig.server.holdsExponent()).isTrue();
    rig.server.close();
    assertThat(nn.isDestroyed()).isTrue();
    assertThat(tmp.isDestroyed()).isTrue();
    assertThat(rig.server.holdsExponent()).isFalse();
    assertThatThrownBy(() -> rig.server.receive(rig.reqDh))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFinishedRun_hasWipedItsSecrets_butTheResultKeyIsLive() throws Exception {
    Rig rig = Rig.seeded(53).toSetClient();
    NewNonce clientNn = rig.client.heldNewNonce();
    AesKeyIv clientTmp = rig.client.heldTmpAesKeyIv();
    NewNonce serverNn = rig.server.heldNewNonce();
    AesKeyIv serverTmp = rig.server.heldTmpAesKeyIv();
    HandshakeStep gen = rig.server.receive(rig.setClient);
    HandshakeResult server = Fixtures.result(gen);
    assertThat(rig.server.isDone()).isTrue();
    assertThat(rig.server.isFailed()).isFalse();
    assertThat(serverNn.isDestroyed()).isTrue();
    assertThat(serverTmp.isDestroyed()).isTrue();
    assertThat(rig.server.holdsExponent()).isFalse();
    assertThat(rig.client.isDone()).isFalse();
    HandshakeResult client =
        Fixtures.result(rig.client.receive(gen.toSend().orElseThrow().message()));
    assertThat(rig.client.isDone()).isTrue();
    assertThat(rig.client.isFailed()).isFalse();
    assertThat(clientNn.isDestroyed()).isTrue();
    assertThat(clientTmp.isDestroyed()).isTrue();
    assertThat(rig.client.heldPendingKey()).isNull();
    rig.client.close();
    rig.server.close();
    assertThat(client.isDestroyed() || server.isDestroyed()).isFalse();
    assertThat(client.authKey().constantTimeEquals(server.authKey())).isTrue();
    client.close();
    assertThat(client.isDestroyed()).isTrue();
  }

  @Test
  void aRetry_destroysTheKeyItReplaces() throws Exception {
    ClientHandshake client = Rig.clientBuilder(54).build();
    ServerHandshake server = Rig.serverBuilder(54).registry(id -> true).maxRetries(1).build();
    HandshakeStep c = client.start();
    c =
        client.receive(
            server.receive(c.toSend().orElseThrow().message()).toSend().orElseThrow().message());
    c =
        client.receive(
            server.receive(c.toSend().orElseThrow().message()).toSend().orElseThrow().message());
    AuthKey first = client.heldPendingKey();
    HandshakeStep retry = server.receive(c.toSend().orElseThrow().message());
    assertThat(retry.toSend().orElseThrow().message().tlName()).isEqualTo("dh_gen_retry");
    HandshakeStep again = client.receive(retry.toSend().orElseThrow().message());
    assertThat(first.isDestroyed()).isTrue();
    assertThat(client.heldPendingKey()).isNotSameAs(first);
    // the server's second collision is over its limit of 1: dh_gen_fail, the run ends
    HandshakeStep fail = server.receive(again.toSend().orElseThrow().message());
    assertThat(Fixtures.failure(fail)).isEqualTo(CheckReason.AUTH_KEY_ID_COLLISION);
    assertThat(fail.toSend().orElseThrow().message().tlName()).isEqualTo("dh_gen_fail");
    assertThat(server.isFailed()).isTrue();
    AuthKey second = client.heldPendingKey();
    assertThat(Fixtures.failure(client.receive(fail.toSend().orElseThrow().message())))
        .isEqualTo(CheckReason.DH_GEN_FAILED);
    assertThat(second.isDestroyed()).isTrue();
    assertThat(client.isFailed()).isTrue();
    assertThat(client.isDone()).isFalse();
  }

  @Test
  void retryLimits_areExact_onBothSides() throws Exception {
    // client: maxRetries 2 follows exactly two dh_gen_retry answers, the third ends the run
    for (int limit = 0; limit <= 2; limit++) {
      ClientHandshake client = Rig.clientBuilder(55).maxRetries(limit).build();
      ServerHandshake server = Rig.serverBuilder(55).registry(id -> true).maxRetries(10).build();
      int followed = countRetriesFollowed(client, server);
      assertThat(followed).as("client limit %d", limit).isEqualTo(limit);
      assertThat(client.isFailed()).isTrue();
    }
    // server: maxRetries n sends exactly n dh_gen_retry, then dh_gen_fail
    for (int limit = 0; limit <= 2; limit++) {
      ClientHandshake client = Rig.clientBuilder(56).maxRetries(10).build();
      ServerHandshake server = Rig.serverBuilder(56).registry(id -> true).maxRetries(limit).build();
      int followed = countRetriesFollowed(client, server);
      assertThat(followed).as("server limit %d", limit).isEqualTo(limit);
      assertThat(server.isFailed()).isTrue();
    }
  }

  /** Steps the pair until one side ends; the number of dh_gen_retry the client followed. */
  private static int countRetriesFollowed(ClientHandshake client, ServerHandshake server)
      throws CheckFailedException {
    int followed = 0;
    HandshakeStep c = client.start();
    while (c instanceof HandshakeStep.Send) {
      HandshakeStep s = server.receive(((HandshakeStep.Send) c).message());
      HandshakeMessage answer = s.toSend().orElseThrow().message();
      c = client.receive(answer);
      if (answer.tlName().equals("dh_gen_retry") && c instanceof HandshakeStep.Send) {
        followed++;
      }
    }
    return followed;
  }

  @Test
  void trailingBytesAfterEitherInnerData_areRefused() throws Exception {
    Rig rig = Rig.seeded(57).toSetClient();
    // server_DH_inner_data followed by 4 extra bytes, properly hashed: TL_MALFORMED
    byte[] answer = Fixtures.concat(rig.answer.toByteArray(), new byte[4]);
    ServerDhParamsOk trailing =
        rig.forgeAnswerBytes(HashedData.wrap(answer, Seeds.secureRandom(1, "pad")));
    Rig fresh = Rig.seeded(57).toDhParamsOk();
    assertThatThrownBy(() -> fresh.client.receive(trailing))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.TL_MALFORMED);
    // client_DH_inner_data followed by 4 extra bytes
    HandshakeMessage.ClientDhInnerData real = rig.decodeClientInner(rig.setClient);
    byte[] data = Fixtures.concat(real.toByteArray(), new byte[4]);
    org.mtlab.kdf.AesKeyIv t = rig.tmp();
    SetClientDhParams set =
        new SetClientDhParams(
            rig.resPq.nonce(),
            rig.resPq.serverNonce(),
            Bytes.copyOf(
                org.mtlab.crypto.AesIge.encrypt(
                    t.key(), t.iv(), HashedData.wrap(data, Seeds.secureRandom(2, "pad")))));
    assertThatThrownBy(() -> rig.server.receive(set))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(rig.server.receive(rig.setClient)).isInstanceOf(HandshakeStep.Done.class);
  }

  @Test
  void theSeededRecipe_isPinned() {
    // the same first bytes as the examples' SeededRandom.of(1, "client") (pinned there too)
    byte[] first = new byte[16];
    Seeds.secureRandom(1, "client").nextBytes(first);
    assertThat(org.mtlab.bytes.Hex.encode(first)).isEqualTo(SEEDED_CLIENT_1);
  }

  /** Seeds.secureRandom(1, "client")'s first 16 bytes. */
  static final String SEEDED_CLIENT_1 = "840026562fdd29383f521ce09bb3f2a3";

  @Test
  void newNonce_isRedacted_destroyable_andComparedInConstantTime() {
    byte[] raw = Fixtures.randomBytes(32, 5);
    NewNonce a = NewNonce.copyOf(raw);
    NewNonce b = NewNonce.copyOf(raw);
    assertThat(a.constantTimeEquals(b)).isTrue();
    assertThat(a.toString()).isEqualTo("NewNonce[redacted]");
    assertThat(a.reveal(org.mtlab.bytes.SecretAccess.explicitly())).isEqualTo(raw);
    a.close();
    assertThat(a.isDestroyed()).isTrue();
    assertThatThrownBy(() -> a.reveal(org.mtlab.bytes.SecretAccess.explicitly()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NewNonce.copyOf(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(NewNonce.random(Seeds.secureRandom(1, "x")).constantTimeEquals(b)).isFalse();
    assertThat(List.of(a, b)).hasSize(2);
  }

  // --- item 5: the trace ---------------------------------------------------------------------

  private static InMemoryHandshake.Run retryRun(HandshakeTrace trace) throws CheckFailedException {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    return InMemoryHandshake.exchange(
        Rig.clientBuilder(58).trace(trace).build(),
        Rig.serverBuilder(58).trace(trace).registry(id -> calls.getAndIncrement() == 0).build());
  }

  @Test
  void publicTrace_holdsNoSecretValue_andEverySecretIsMarked() throws Exception {
    List<TraceStep> secret = new java.util.ArrayList<>();
    InMemoryHandshake.Run withSecrets = retryRun(Fixtures.collectingTrace(secret));
    List<TraceStep> pub = new java.util.ArrayList<>();
    InMemoryHandshake.Run run = retryRun(HandshakeTrace.publicValues(pub::add));
    assertThat(run.client().retries()).isEqualTo(1);
    StringBuilder rendered = new StringBuilder();
    for (TraceStep step : pub) {
      for (TraceValue v : step.values()) {
        assertThat(v.secret()).isFalse();
        rendered.append(v.name()).append('=').append(v.value()).append('\n');
      }
      rendered.append(step).append('\n');
    }
    rendered.append(run).append(run.client()).append(run.server());
    java.util.Set<String> secretNames = new java.util.TreeSet<>();
    for (TraceStep step : secret) {
      for (TraceValue v : step.values()) {
        if (v.secret()) {
          secretNames.add(v.name());
          if (v.value().length() >= 8) {
            assertThat(rendered.toString())
                .as("%s.%s", step.name(), v.name())
                .doesNotContain(v.value());
          }
        }
      }
    }
    assertThat(secretNames)
        .containsExactlyInAnyOrder(
            "new_nonce",
            "data",
            "data_with_padding",
            "temp_key",
            "key_aes_encrypted",
            "a",
            "b",
            "tmp_aes_key",
            "tmp_aes_iv",
            "answer_with_hash",
            "auth_key",
            "auth_key_aux_hash",
            "retry_id",
            "server_salt",
            "server_salt_bytes");
    // the values themselves, from the results: key, aux hash, salt, the retry's retry_id
    String text = rendered.toString();
    org.mtlab.bytes.SecretAccess access = org.mtlab.bytes.SecretAccess.explicitly();
    org.mtlab.testing.Secrets.assertNoHexWindow(text, run.client().authKey().reveal(access));
    assertThat(text)
        .doesNotContain(org.mtlab.bytes.Hex.encode(run.client().authKey().auxHashBytes()))
        .doesNotContain(run.client().serverSalt().hex())
        .doesNotContain(Long.toString(run.client().serverSalt().value()));
    String retryId = Fixtures.traced(secret, "client_DH_inner_data", "retry_id");
    assertThat(
            secret.stream()
                .filter(st -> st.name().equals("client_DH_inner_data"))
                .map(st -> st.value("retry_id").orElseThrow()))
        .contains("0")
        .hasSize(4);
    for (TraceStep st : secret) {
      if (st.name().equals("client_DH_inner_data") && !st.value("retry_id").get().equals("0")) {
        assertThat(text).doesNotContain(st.value("retry_id").get());
      }
    }
    assertThat(retryId).isEqualTo("0");
    // and the typed events: no 8-byte window of a secret in any record component either
    TraceEventTest.assertNoSecretWindow(secret, pub);
    withSecrets.destroy();
    run.destroy();
  }

  @Test
  void resultToString_showsNeitherKeyNorSalt() throws Exception {
    InMemoryHandshake.Run run = Fixtures.seeded(59, KeyType.PERMANENT, HandshakeTrace.none());
    String text = run.toString() + run.client() + run.server();
    assertThat(text)
        .doesNotContain(run.client().serverSalt().hex())
        .doesNotContain(Long.toString(run.client().serverSalt().value()))
        .contains(run.client().authKeyId().hex());
    run.destroy();
  }
}
