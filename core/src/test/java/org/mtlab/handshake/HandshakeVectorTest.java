package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.handshake.Fixtures.concat;
import static org.mtlab.handshake.Fixtures.hex;
import static org.mtlab.handshake.Fixtures.traced;

import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.key.NewNonce;
import org.mtlab.testing.Vectors;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.DhGenOk;
import org.mtlab.tl.HandshakeMessage.DhGenRetry;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsFail;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.UnencryptedMessage;

/**
 * The client state machine replays the two published exchanges of auth_key_exchange.json byte for
 * byte from their published random inputs: the core.telegram.org samples page (2024) and grammers'
 * deterministic handshake.
 */
class HandshakeVectorTest {

  private static JsonObject vector(String id) {
    for (JsonObject v : Vectors.published("auth_key_exchange.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(id);
  }

  private static JsonObject handshakeKdf(String id) {
    for (JsonObject v : Vectors.published("handshake_kdf.json")) {
      if (Vectors.str(v, "id").equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(id);
  }

  /** message_data of a packet (the samples page's server length fields are wrong: skip them). */
  private static byte[] body(byte[] packet) {
    return Arrays.copyOfRange(packet, UnencryptedMessage.HEADER_LENGTH, packet.length);
  }

  private static Instant msgIdTime(String packetHex) {
    long msgId = LittleEndian.getLong(hex(packetHex), 8);
    long seconds = msgId >>> 32;
    long low = msgId & 0xffffffffL;
    // the smallest nanosecond count whose fraction of 2^32 reaches the low word
    long nanos = (low * 1_000_000_000L + (1L << 32) - 1) >>> 32;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  // --- the samples page ---------------------------------------------------------------------

  /** The samples-page client, scripted with the page's random values and a chosen temp_key. */
  private static final class SamplesRun {
    final JsonObject v = vector("samples-page-2024");
    final JsonObject packets = v.getAsJsonObject("packets");
    final List<TraceStep> steps = new ArrayList<>();
    final FixedSecureRandom random;
    final ClientHandshake client;

    SamplesRun() {
      byte[] tempKey = new byte[32]; // the page does not print its temp_key: any will do
      random =
          new FixedSecureRandom(
              concat(
                  Vectors.hex(v, "nonce"),
                  Vectors.hex(v, "new_nonce"),
                  Vectors.hex(v, "rsa_random_padding_bytes"),
                  tempKey,
                  Vectors.hex(v, "b"),
                  Vectors.hex(v, "client_padding")));
      Fixtures.ScriptedClock clock =
          new Fixtures.ScriptedClock(
              msgIdTime(Vectors.str(packets, "req_pq_multi")),
              msgIdTime(Vectors.str(packets, "req_DH_params")),
              msgIdTime(Vectors.str(packets, "set_client_DH_params")));
      client =
          ClientHandshake.builder(
                  v.get("dc").getAsInt(), List.of(Fixtures.publishedKey("production-main")))
              .random(random)
              .clock(clock)
              .trace(Fixtures.collectingTrace(steps))
              .build();
    }

    HandshakeStep toSetClientDhParams() throws CheckFailedException {
      client.start();
      client.receive(HandshakeMessage.parse(body(hex(Vectors.str(packets, "resPQ")))));
      return client.receive(serverDhParamsOk());
    }

    ServerDhParamsOk serverDhParamsOk() {
      return new ServerDhParamsOk(
          Bytes.copyOf(Vectors.hex(v, "nonce")),
          Bytes.copyOf(Vectors.hex(v, "server_nonce")),
          Bytes.copyOf(Vectors.hex(v, "encrypted_answer")));
    }
  }

  @Test
  void samplesPage_everyClientPacketAndValue() throws Exception {
    SamplesRun run = new SamplesRun();
    JsonObject v = run.v;
    JsonObject packets = run.packets;

    // step 1: req_pq_multi, byte for byte including the msg_id
    HandshakeStep s1 = run.client.start();
    assertThat(Hex.encode(s1.toSend().orElseThrow().packet().toByteArray()))
        .isEqualTo(Vectors.str(packets, "req_pq_multi"));

    // step 2 -> 5: req_DH_params; RSA_PAD's output depends on the unpublished temp_key, so
    // everything before encrypted_data is compared byte for byte, and the RSA_PAD input too
    byte[] resPq = hex(Vectors.str(packets, "resPQ"));
    HandshakeStep s2 = run.client.receive(HandshakeMessage.parse(body(resPq)));
    byte[] reqDh = s2.toSend().orElseThrow().packet().toByteArray();
    byte[] expectedReqDh = hex(Vectors.str(packets, "req_DH_params"));
    assertThat(reqDh).hasSameSizeAs(expectedReqDh);
    assertThat(Arrays.copyOf(reqDh, reqDh.length - 256))
        .isEqualTo(Arrays.copyOf(expectedReqDh, expectedReqDh.length - 256));
    assertThat(traced(run.steps, "p_q_inner_data_dc", "data"))
        .isEqualTo(Vectors.str(v, "p_q_inner_data_dc"));
    assertThat(traced(run.steps, "rsa_pad", "data_with_padding"))
        .isEqualTo(
            Vectors.str(v, "p_q_inner_data_dc") + Vectors.str(v, "rsa_random_padding_bytes"));
    assertThat(traced(run.steps, "resPQ", "chosen_fingerprint"))
        .isEqualTo(Vectors.str(v, "chosen_fingerprint_wire"));
    assertThat(traced(run.steps, "pq_factorization", "p")).isEqualTo(v.get("p").getAsString());
    assertThat(traced(run.steps, "pq_factorization", "q")).isEqualTo(v.get("q").getAsString());

    // step 6 -> 7: the answer, its checks, and set_client_DH_params byte for byte
    HandshakeStep s3 = run.client.receive(run.serverDhParamsOk());
    assertThat(traced(run.steps, "tmp_aes", "tmp_aes_key"))
        .isEqualTo(Vectors.str(v, "tmp_aes_key"));
    assertThat(traced(run.steps, "tmp_aes", "tmp_aes_iv")).isEqualTo(Vectors.str(v, "tmp_aes_iv"));
    assertThat(traced(run.steps, "answer_with_hash", "answer_with_hash"))
        .isEqualTo(Vectors.str(v, "answer_with_hash"));
    assertThat(traced(run.steps, "answer_with_hash", "padding_length"))
        .isEqualTo(v.get("answer_padding_length").getAsString());
    assertThat(traced(run.steps, "server_DH_inner_data", "dh_prime"))
        .isEqualTo(Vectors.str(v, "dh_prime"));
    assertThat(traced(run.steps, "server_DH_inner_data", "g_a")).isEqualTo(Vectors.str(v, "g_a"));
    assertThat(traced(run.steps, "client_DH_inner_data", "b")).isEqualTo(Vectors.str(v, "b"));
    assertThat(traced(run.steps, "client_DH_inner_data", "g_b")).isEqualTo(Vectors.str(v, "g_b"));
    assertThat(Hex.encode(s3.toSend().orElseThrow().packet().toByteArray()))
        .isEqualTo(Vectors.str(packets, "set_client_DH_params"));
    assertThat(traced(run.steps, "auth_key", "auth_key")).isEqualTo(Vectors.str(v, "auth_key"));

    // step 8: dh_gen_ok with the page's new_nonce_hash1 is accepted
    HandshakeStep done =
        run.client.receive(HandshakeMessage.parse(body(hex(Vectors.str(packets, "dh_gen_ok")))));
    assertThat((done instanceof HandshakeStep.Done)).isTrue();
    assertThat(done.toSend()).isEmpty();
    HandshakeResult result = Fixtures.result(done);
    assertThat(Hex.encode(result.authKey().reveal(SecretAccess.explicitly())))
        .isEqualTo(Vectors.str(v, "auth_key"));
    assertThat(result.authKeyId().hex()).isEqualTo(Vectors.str(v, "auth_key_id"));
    assertThat(Hex.encode(result.serverSalt().toWire()))
        .isEqualTo(Vectors.str(v, "server_salt_bytes"));
    assertThat(result.keyType()).isEqualTo(KeyType.PERMANENT);
    assertThat(result.dc()).isEqualTo(2);
    assertThat(result.clockOffsetSeconds()).isZero();
    assertThat(run.random.isExhausted()).isTrue();
  }

  @Test
  void samplesPage_hashesOfTheOtherVariants_areBoundToTheirVariant() throws Exception {
    // handshake_kdf.json's samples-page extras: hash2 turns the answer into a valid retry
    JsonObject extras = handshakeKdf("samples-page-2024-extras");
    SamplesRun run = new SamplesRun();
    run.toSetClientDhParams();
    assertThatThrownBy(
            () ->
                run.client.receive(
                    new DhGenRetry(
                        nonce(run),
                        serverNonce(run),
                        Bytes.fromHex(Vectors.str(extras, "new_nonce_hash1")))))
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.NEW_NONCE_HASH_MISMATCH);
    SamplesRun retry = new SamplesRun();
    retry.toSetClientDhParams();
    assertThatThrownBy(
            () ->
                retry.client.receive(
                    new DhGenOk(
                        nonce(retry),
                        serverNonce(retry),
                        Bytes.fromHex(Vectors.str(extras, "new_nonce_hash3")))))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.NEW_NONCE_HASH_MISMATCH);
    assertThat(
            Fixtures.failure(
                retry.client.receive(
                    new HandshakeMessage.DhGenFail(
                        nonce(retry),
                        serverNonce(retry),
                        Bytes.fromHex(Vectors.str(extras, "new_nonce_hash3"))))))
        .isEqualTo(CheckReason.DH_GEN_FAILED);
    assertThat(retry.client.isFailed()).isTrue();

    SamplesRun fail = new SamplesRun();
    fail.client.start();
    fail.client.receive(HandshakeMessage.parse(body(hex(Vectors.str(fail.packets, "resPQ")))));
    assertThatThrownBy(
            () ->
                fail.client.receive(
                    new ServerDhParamsFail(
                        nonce(fail),
                        serverNonce(fail),
                        Bytes.fromHex(Vectors.str(extras, "new_nonce_hash1")))))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.NEW_NONCE_HASH_MISMATCH);
    assertThat(
            Fixtures.failure(
                fail.client.receive(
                    new ServerDhParamsFail(
                        nonce(fail),
                        serverNonce(fail),
                        Bytes.fromHex(
                            Vectors.str(extras, "server_DH_params_fail_new_nonce_hash"))))))
        .isEqualTo(CheckReason.DH_GEN_FAILED);
  }

  @Test
  void samplesPage_retryUsesAuxHashAsRetryId() throws Exception {
    JsonObject extras = handshakeKdf("samples-page-2024-extras");
    JsonObject v = vector("samples-page-2024");
    List<TraceStep> steps = new ArrayList<>();
    byte[] secondB = new byte[256];
    secondB[0] = 0x42;
    secondB[255] = 0x17;
    FixedSecureRandom random =
        new FixedSecureRandom(
            concat(
                Vectors.hex(v, "nonce"),
                Vectors.hex(v, "new_nonce"),
                Vectors.hex(v, "rsa_random_padding_bytes"),
                new byte[32],
                Vectors.hex(v, "b"),
                Vectors.hex(v, "client_padding"),
                secondB,
                new byte[12]));
    ClientHandshake client =
        ClientHandshake.builder(2, List.of(Fixtures.publishedKey("production-main")))
            .random(random)
            .clock(new Fixtures.ScriptedClock(Instant.ofEpochSecond(1705754877)))
            .trace(HandshakeTrace.withSecrets(SecretAccess.explicitly(), steps::add))
            .build();
    client.start();
    client.receive(
        HandshakeMessage.parse(body(hex(Vectors.str(v.getAsJsonObject("packets"), "resPQ")))));
    SamplesRun helper = new SamplesRun();
    client.receive(helper.serverDhParamsOk());
    HandshakeStep again =
        client.receive(
            new DhGenRetry(
                Bytes.copyOf(Vectors.hex(v, "nonce")),
                Bytes.copyOf(Vectors.hex(v, "server_nonce")),
                Bytes.fromHex(Vectors.str(extras, "new_nonce_hash2"))));
    assertThat(again.toSend().orElseThrow().message().tlName()).isEqualTo("set_client_DH_params");
    assertThat(random.isExhausted()).isTrue();
    // retry_id = auth_key_aux_hash of the failed key, as a little-endian long
    long auxHash = LittleEndian.getLong(hex(Vectors.str(extras, "auth_key_aux_hash")), 0);
    List<String> retryIds = new ArrayList<>();
    for (TraceStep s : steps) {
      if (s.name().equals("client_DH_inner_data")) {
        retryIds.add(s.value("retry_id").orElseThrow());
      }
    }
    assertThat(retryIds).containsExactly("0", Long.toString(auxHash));
    // and the server-side decryption of the new set_client_DH_params shows the same retry_id
    AesKeyIv tmp =
        HandshakeKdf.tmpAesKeyIv(
            NewNonce.copyOf(Vectors.hex(v, "new_nonce")), Vectors.hex(v, "server_nonce"));
    HandshakeMessage.SetClientDhParams set =
        (HandshakeMessage.SetClientDhParams) again.toSend().orElseThrow().message();
    byte[] data =
        HashedData.unwrap(AesIge.decrypt(tmp.key(), tmp.iv(), set.encryptedData().toByteArray()));
    HandshakeMessage.ClientDhInnerData inner =
        (HandshakeMessage.ClientDhInnerData) HandshakeMessage.parse(data);
    assertThat(inner.retryId()).isEqualTo(auxHash);
  }

  private static Bytes nonce(SamplesRun run) {
    return Bytes.copyOf(Vectors.hex(run.v, "nonce"));
  }

  private static Bytes serverNonce(SamplesRun run) {
    return Bytes.copyOf(Vectors.hex(run.v, "server_nonce"));
  }

  // --- grammers ---------------------------------------------------------------------------

  @Test
  void grammers_deterministicFlow_everyRequestByteForByte() throws Exception {
    JsonObject v = vector("grammers-deterministic-flow");
    JsonObject in = v.getAsJsonObject("inputs");
    JsonObject wire = v.getAsJsonObject("wire");
    JsonObject mid = v.getAsJsonObject("intermediate");
    byte[] step2 = Vectors.hex(in, "step2_random");
    byte[] step3 = Vectors.hex(in, "step3_random");
    // grammers' layout: new_nonce(32) + a 256-byte RSA block whose front is the padding and
    // whose offset 192 is temp_key; b(256) + padding
    int paddingLength = 192 - Vectors.hex(mid, "p_q_inner_data").length;
    FixedSecureRandom random =
        new FixedSecureRandom(
            concat(
                Vectors.hex(in, "step1_random"),
                Arrays.copyOfRange(step2, 0, 32),
                Arrays.copyOfRange(step2, 32, 32 + paddingLength),
                Arrays.copyOfRange(step2, 32 + 192, 32 + 224),
                Arrays.copyOfRange(step3, 0, 256),
                Vectors.hex(mid, "client_padding")));
    long now = in.get("step3_now").getAsLong();
    List<TraceStep> steps = new ArrayList<>();
    ClientHandshake client =
        ClientHandshake.builder(0, List.of(Fixtures.publishedKey("test-dc")))
            .legacyInnerData()
            .random(random)
            .clock(new Fixtures.ScriptedClock(Instant.ofEpochSecond(now)))
            .trace(Fixtures.collectingTrace(steps))
            .build();

    HandshakeStep s1 = client.start();
    assertThat(s1.toSend().orElseThrow().message().toBytes().hex())
        .isEqualTo(Vectors.str(wire, "step1_request"));
    HandshakeStep s2 = client.receive(HandshakeMessage.parse(Vectors.hex(wire, "step1_response")));
    assertThat(traced(steps, "p_q_inner_data", "data"))
        .isEqualTo(Vectors.str(mid, "p_q_inner_data"));
    assertThat(traced(steps, "rsa_pad", "temp_key")).isEqualTo(Vectors.str(mid, "rsa_temp_key"));
    assertThat(traced(steps, "rsa_pad", "key_aes_encrypted"))
        .isEqualTo(Vectors.str(mid, "key_aes_encrypted"));
    assertThat(traced(steps, "rsa_pad", "attempts")).isEqualTo("1");
    assertThat(s2.toSend().orElseThrow().message().toBytes().hex())
        .isEqualTo(Vectors.str(wire, "step2_request"));

    HandshakeStep s3 = client.receive(HandshakeMessage.parse(Vectors.hex(wire, "step2_response")));
    assertThat(traced(steps, "tmp_aes", "tmp_aes_key")).isEqualTo(Vectors.str(mid, "tmp_aes_key"));
    assertThat(traced(steps, "tmp_aes", "tmp_aes_iv")).isEqualTo(Vectors.str(mid, "tmp_aes_iv"));
    assertThat(traced(steps, "answer_with_hash", "answer_with_hash"))
        .isEqualTo(Vectors.str(mid, "answer_with_hash"));
    assertThat(traced(steps, "client_DH_inner_data", "g_b")).isEqualTo(Vectors.str(mid, "g_b"));
    assertThat(s3.toSend().orElseThrow().message().toBytes().hex())
        .isEqualTo(Vectors.str(wire, "step3_request"));

    HandshakeStep done =
        client.receive(HandshakeMessage.parse(Vectors.hex(wire, "step3_response")));
    HandshakeResult r = Fixtures.result(done);
    JsonObject expected = v.getAsJsonObject("expected");
    assertThat(Hex.encode(r.authKey().reveal(SecretAccess.explicitly())))
        .isEqualTo(Vectors.str(expected, "auth_key"));
    assertThat(r.authKeyId().hex()).isEqualTo(Vectors.str(mid, "auth_key_id"));
    assertThat(r.serverSalt().value()).isEqualTo(expected.get("first_salt").getAsLong());
    assertThat(r.clockOffsetSeconds()).isEqualTo(expected.get("time_offset").getAsLong());
    assertThat(traced(steps, "dh_gen_ok", "new_nonce_hash1"))
        .isEqualTo(Vectors.str(mid, "new_nonce_hash1"));
    assertThat(random.isExhausted()).isTrue();
  }

  // --- the 2013 page: g = 2 with today's prime ----------------------------------------------

  @Test
  void classicPage_answerDecrypts_butItsGeneratorTwoIsRejected() throws Exception {
    JsonObject v = vector("samples-page-classic-partial");
    AesKeyIv tmp =
        HandshakeKdf.tmpAesKeyIv(
            NewNonce.copyOf(Vectors.hex(v, "new_nonce")), Vectors.hex(v, "server_nonce"));
    assertThat(Hex.encode(tmp.key().reveal(SecretAccess.explicitly())))
        .isEqualTo(Vectors.str(v, "tmp_aes_key"));
    byte[] answerWithHash = AesIge.decrypt(tmp.key(), tmp.iv(), Vectors.hex(v, "encrypted_answer"));
    assertThat(Hex.encode(answerWithHash)).startsWith(Vectors.str(v, "answer_with_hash"));
    byte[] answer = HashedData.unwrap(answerWithHash);
    TlReader r = new TlReader(answer);
    ServerDhInnerData inner = HandshakeMessage.read(r, ServerDhInnerData.class);
    r.expectEnd();
    assertThat(inner.g()).isEqualTo(2);
    assertThat(inner.serverTime()).isEqualTo(v.get("server_time").getAsInt());
    assertThat(inner.gA().hex()).isEqualTo(Vectors.str(v, "g_a"));
    BigInteger p = DhChecks.unsigned(inner.dhPrime());
    DhChecks.checkPrime(p);
    assertThatThrownBy(() -> DhChecks.checkGenerator(inner.g(), p))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.DH_G_INVALID);
  }
}
