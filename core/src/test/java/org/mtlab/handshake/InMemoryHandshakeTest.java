package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.Sender;
import org.mtlab.tl.HandshakeMessage.BindAuthKeyInner;
import org.mtlab.tl.HandshakeMessage.BindTempAuthKey;

/**
 * Whole handshakes in memory: many seeds, both sides agree; temporary keys made and bound;
 * determinism; only the injected randomness is used (A14); the trace; collisions.
 */
class InMemoryHandshakeTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 24);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void manySeeds_bothSidesEndWithTheSameKeyAndSalt(long seed) throws Exception {
    InMemoryHandshake.Run run = Fixtures.seeded(seed, KeyType.PERMANENT, HandshakeTrace.none());
    assertThat(run.keysAgree()).isTrue();
    assertThat(run.client().authKey().constantTimeEquals(run.server().authKey())).isTrue();
    assertThat(run.client().authKeyId()).isEqualTo(run.server().authKeyId());
    assertThat(run.client().serverSalt()).isEqualTo(run.server().serverSalt());
    assertThat(run.client().keyType()).isEqualTo(KeyType.PERMANENT);
    assertThat(run.client().expiresAt()).isEmpty();
    assertThat(run.client().dc()).isEqualTo(Fixtures.SEEDED_DC);
    assertThat(run.client().clockOffsetSeconds()).isZero();
    assertThat(run.client().retries()).isZero();
    assertThat(
            run.packets().stream().map(InMemoryHandshake.Packet::name).collect(Collectors.toList()))
        .containsExactly(
            "req_pq_multi",
            "resPQ",
            "req_DH_params",
            "server_DH_params_ok",
            "set_client_DH_params",
            "dh_gen_ok");
    long last = 0;
    for (InMemoryHandshake.Packet p : run.packets()) {
      assertThat(p.from().isValidMsgIdParity(p.message().msgId())).isTrue();
      if (p.from() == Sender.CLIENT) {
        assertThat(p.message().msgId()).isGreaterThan(last);
        last = p.message().msgId();
      }
    }
    run.destroy();
    assertThat(run.isDestroyed()).isTrue();
  }

  @Test
  void seededRuns_areDeterministic() throws Exception {
    InMemoryHandshake.Run a = Fixtures.seeded(42, KeyType.PERMANENT, HandshakeTrace.none());
    InMemoryHandshake.Run b = Fixtures.seeded(42, KeyType.PERMANENT, HandshakeTrace.none());
    InMemoryHandshake.Run c = Fixtures.seeded(43, KeyType.PERMANENT, HandshakeTrace.none());
    assertThat(a.client().authKey().constantTimeEquals(b.client().authKey())).isTrue();
    assertThat(a.client().serverSalt()).isEqualTo(b.client().serverSalt());
    for (int i = 0; i < a.packets().size(); i++) {
      assertThat(a.packets().get(i).message()).isEqualTo(b.packets().get(i).message());
    }
    assertThat(a.client().authKeyId()).isNotEqualTo(c.client().authKeyId());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("tempSeeds")
  void temporaryKey_isCreatedAndBoundToThePermanentOne(long seed) throws Exception {
    InMemoryHandshake.Run perm = Fixtures.seeded(seed, KeyType.PERMANENT, HandshakeTrace.none());
    InMemoryHandshake.Run temp =
        Fixtures.seeded(seed + 1000, KeyType.TEMPORARY, HandshakeTrace.none());
    assertThat(temp.keysAgree()).isTrue();
    assertThat(temp.client().keyType()).isEqualTo(KeyType.TEMPORARY);
    assertThat(temp.server().keyType()).isEqualTo(KeyType.TEMPORARY);
    long expected = Fixtures.SEEDED_TIME.getEpochSecond() + Fixtures.SEEDED_EXPIRES_IN;
    assertThat(temp.client().expiresAt()).hasValue(expected);
    assertThat(temp.server().expiresAt()).hasValue(expected);

    // the client binds: auth.bindTempAuthKey, encrypted_message under the permanent key
    long tempSessionId = 0x1122334455667788L;
    long msgId = (Fixtures.SEEDED_TIME.getEpochSecond() << 32) | 4;
    BindTempAuthKey request =
        TempKeyBinding.request(
            perm.client().authKey(),
            temp.client().authKey(),
            tempSessionId,
            temp.client().expiresAt().getAsLong(),
            msgId,
            org.mtlab.testing.Seeds.secureRandom(seed, "bind"));
    // the server checks it with its own copies of the keys
    AuthKeyId tempId = temp.server().authKeyId();
    BindAuthKeyInner inner =
        TempKeyBinding.verify(
            request, msgId, tempId, tempSessionId, perm.server().authKey(), Fixtures.SEEDED_TIME);
    assertThat(inner.permAuthKeyId()).isEqualTo(perm.server().authKeyId().value());
    assertThat(inner.tempAuthKeyId()).isEqualTo(tempId.value());
    assertThat(Integer.toUnsignedLong(inner.expiresAt())).isEqualTo(expected);
    // bound to another permanent key it fails
    assertThatThrownBy(
            () ->
                TempKeyBinding.verify(
                    request,
                    msgId,
                    tempId,
                    tempSessionId,
                    temp.server().authKey(),
                    Fixtures.SEEDED_TIME))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.BIND_INVALID);
  }

  static LongStream tempSeeds() {
    return LongStream.of(1, 2, 3);
  }

  @Test
  void handshake_usesInjectedRandomOnly_A14() throws Exception {
    // record exactly what each side draws, then replay those bytes through FixedSecureRandom:
    // the same run results, and both scripts are used up to the last byte
    Fixtures.RecordingRandom clientRec =
        new Fixtures.RecordingRandom(org.mtlab.testing.Seeds.secureRandom(5, "client"));
    Fixtures.RecordingRandom serverRec =
        new Fixtures.RecordingRandom(org.mtlab.testing.Seeds.secureRandom(5, "server"));
    InMemoryHandshake.Run first =
        InMemoryHandshake.exchange(
            Rig.clientBuilder(5).random(clientRec).build(),
            Rig.serverBuilder(5).random(serverRec).build());

    FixedSecureRandom clientFixed = new FixedSecureRandom(clientRec.recorded());
    FixedSecureRandom serverFixed = new FixedSecureRandom(serverRec.recorded());
    InMemoryHandshake.Run replay =
        InMemoryHandshake.exchange(
            Rig.clientBuilder(5).random(clientFixed).build(),
            Rig.serverBuilder(5).random(serverFixed).build());
    assertThat(clientFixed.isExhausted()).isTrue();
    assertThat(serverFixed.isExhausted()).isTrue();
    assertThat(replay.client().authKey().constantTimeEquals(first.client().authKey())).isTrue();
    assertThat(replay.server().serverSalt()).isEqualTo(first.server().serverSalt());

    // what the client draws: nonce, new_nonce, RSA_PAD padding (192 - 100), temp_key(s), b, padding
    List<Integer> draws = clientRec.draws();
    assertThat(draws.subList(0, 3)).containsExactly(16, 32, 92);
    assertThat(draws.subList(3, draws.size() - 2)).isNotEmpty().allMatch(n -> n == 32);
    assertThat(draws.subList(draws.size() - 2, draws.size())).containsExactly(256, 12);
    // the server: server_nonce, two 4-byte prime seeds, a, the answer's padding
    assertThat(serverRec.draws().get(0)).isEqualTo(16);
    assertThat(serverRec.draws()).contains(256);

    // one byte fewer in the client's script and the run cannot finish
    byte[] shorter = java.util.Arrays.copyOf(clientRec.recorded(), clientRec.recorded().length - 1);
    assertThatThrownBy(
            () ->
                InMemoryHandshake.exchange(
                    Rig.clientBuilder(5).random(new FixedSecureRandom(shorter)).build(),
                    Rig.serverBuilder(5)
                        .random(new FixedSecureRandom(serverRec.recorded()))
                        .build()))
        .isInstanceOf(ArrayIndexOutOfBoundsException.class); // FixedSecureRandom is used up
  }

  @Test
  void trace_publicValuesHoldNoSecret_withSecretsHoldsTheKey() throws Exception {
    List<TraceStep> pub = new ArrayList<>();
    InMemoryHandshake.Run run =
        Fixtures.seeded(7, KeyType.PERMANENT, HandshakeTrace.publicValues(pub::add));
    String key = Hex.encode(run.client().authKey().reveal(SecretAccess.explicitly()));
    String rendered = pub.stream().map(TraceStep::toString).collect(Collectors.joining("\n"));
    for (int i = 0; i + 16 <= key.length(); i += 16) {
      assertThat(rendered).doesNotContain(key.substring(i, i + 16));
    }
    assertThat(pub).allSatisfy(s -> assertThat(s.values()).noneMatch(TraceValue::secret));
    assertThat(
            pub.stream()
                .filter(s -> s.side() == Sender.CLIENT)
                .map(TraceStep::name)
                .collect(Collectors.toList()))
        .containsExactly(
            "req_pq_multi",
            "resPQ",
            "pq_factorization",
            "p_q_inner_data_dc",
            "rsa_pad",
            "req_DH_params",
            "tmp_aes",
            "answer_with_hash",
            "server_DH_inner_data",
            "client_DH_inner_data",
            "auth_key",
            "set_client_DH_params",
            "dh_gen_ok",
            "server_salt");
    assertThat(
            pub.stream()
                .filter(s -> s.side() == Sender.SERVER)
                .map(TraceStep::name)
                .collect(Collectors.toList()))
        .containsExactly(
            "resPQ",
            "rsa_pad_decoded",
            "server_DH_inner_data",
            "server_DH_params_ok",
            "client_DH_inner_data",
            "auth_key",
            "dh_gen_ok",
            "server_salt");
    assertThat(Fixtures.traced(pub, "auth_key", "auth_key_id"))
        .isEqualTo(run.client().authKeyId().hex());

    List<TraceStep> secret = new ArrayList<>();
    Fixtures.seeded(7, KeyType.PERMANENT, Fixtures.collectingTrace(secret));
    List<String> keys = new ArrayList<>();
    for (TraceStep s : secret) {
      if (s.name().equals("auth_key")) {
        keys.add(s.value("auth_key").orElseThrow());
      }
    }
    assertThat(keys).containsExactly(key, key); // client's and server's
    assertThat(secret.get(0).toString()).startsWith("client req_pq_multi: nonce = ");
    assertThat(secret.stream().map(TraceStep::toString).collect(Collectors.joining()))
        .doesNotContain(key);
  }

  @Test
  void serverCollision_givesRetry_clientRetriesWithAuxHash_thenOk() throws Exception {
    Set<AuthKeyId> seen = new HashSet<>();
    List<TraceStep> steps = new ArrayList<>();
    // the registry claims to hold the first key it is asked about: exactly one dh_gen_retry
    AuthKeyRegistry registry = id -> seen.isEmpty() && seen.add(id);
    InMemoryHandshake.Run run =
        InMemoryHandshake.exchange(
            Rig.clientBuilder(21).trace(Fixtures.collectingTrace(steps)).build(),
            Rig.serverBuilder(21).registry(registry).build());
    assertThat(run.keysAgree()).isTrue();
    assertThat(run.client().retries()).isEqualTo(1);
    assertThat(run.server().retries()).isEqualTo(1);
    assertThat(run.client().authKeyId()).isNotIn(seen);
    assertThat(
            run.packets().stream().map(InMemoryHandshake.Packet::name).collect(Collectors.toList()))
        .containsExactly(
            "req_pq_multi",
            "resPQ",
            "req_DH_params",
            "server_DH_params_ok",
            "set_client_DH_params",
            "dh_gen_retry",
            "set_client_DH_params",
            "dh_gen_ok");
    List<String> retryIds =
        steps.stream()
            .filter(s -> s.side() == Sender.CLIENT && s.name().equals("client_DH_inner_data"))
            .map(s -> s.value("retry_id").orElseThrow())
            .collect(Collectors.toList());
    String firstKeyAux =
        steps.stream()
            .filter(s -> s.side() == Sender.CLIENT && s.name().equals("auth_key"))
            .findFirst()
            .orElseThrow()
            .value("auth_key_aux_hash")
            .orElseThrow();
    assertThat(retryIds).hasSize(2);
    assertThat(retryIds.get(0)).isEqualTo("0");
    assertThat(Long.parseLong(retryIds.get(1)))
        .isEqualTo(org.mtlab.bytes.LittleEndian.getLong(Hex.decode(firstKeyAux), 0));
  }

  @Test
  void serverAlwaysColliding_endsWithDhGenFail() throws Exception {
    ClientHandshake client = Rig.clientBuilder(22).maxRetries(10).build();
    ServerHandshake server = Rig.serverBuilder(22).registry(id -> true).maxRetries(2).build();
    assertThatThrownBy(() -> InMemoryHandshake.exchange(client, server))
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(CheckReason.DH_GEN_FAILED);
    assertThat(server.isFailed()).isTrue();
    assertThat(client.isFailed()).isTrue();
  }

  @Test
  void customSafePrimeGroup_worksEndToEnd() throws Exception {
    ServerHandshake server =
        Rig.serverBuilder(23).group(new DhGroup(2, DhChecksTest.RFC3526_2048)).build();
    InMemoryHandshake.Run run = InMemoryHandshake.exchange(Rig.clientBuilder(23).build(), server);
    assertThat(run.keysAgree()).isTrue();
    assertThatThrownBy(() -> Rig.serverBuilder(1).group(new DhGroup(2, KnownPrimes.TELEGRAM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DH_G_INVALID");
  }

  @Test
  void generatedServerKey_worksEndToEnd() throws Exception {
    ServerRsaKeyPair generated =
        ServerRsaKeyPair.generate(org.mtlab.testing.Seeds.secureRandom(1, "keygen"));
    InMemoryHandshake.Run run =
        Fixtures.seeded(3, KeyType.PERMANENT, generated, HandshakeTrace.none());
    assertThat(run.keysAgree()).isTrue();
    assertThat(
            Stream.of(run.toString(), run.client().toString())
                .noneMatch(
                    s ->
                        s.contains(
                            Hex.encode(run.client().authKey().reveal(SecretAccess.explicitly()))
                                .substring(0, 16))))
        .isTrue();
  }
}
