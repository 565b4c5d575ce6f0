package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.kdf.NewNonceHash;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.NewNonce;
import org.mtlab.key.Sender;
import org.mtlab.testing.Secrets;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsFail;
import org.mtlab.wire.ServerSalt;

/**
 * The typed trace: every step that either side emits, in every kind of run (permanent and temporary
 * key, legacy client, retries and failures), has its {@link TraceEvent}, whose values agree with
 * the string view value by value; secrets are typed, and absent from a public trace.
 */
class TraceEventTest {
  private static final SecretAccess ACCESS = SecretAccess.explicitly();

  /** The secret TL objects (and paddings of them) that embed public values. */
  private static final Set<String> COMPOSITES = Set.of("data", "dataWithPadding", "answerWithHash");

  /** Every (side, step) the handshakes emit, and its record type. */
  private static final Map<String, Class<? extends TraceEvent>> EVENT_TYPES = eventTypes();

  private static Map<String, Class<? extends TraceEvent>> eventTypes() {
    Map<String, Class<? extends TraceEvent>> m = new LinkedHashMap<>();
    m.put("client req_pq_multi", TraceEvent.NonceSent.class);
    m.put("client resPQ", TraceEvent.ResPqReceived.class);
    m.put("client pq_factorization", TraceEvent.PqFactored.class);
    m.put("client p_q_inner_data_dc", TraceEvent.InnerDataMade.class);
    m.put("client p_q_inner_data_temp_dc", TraceEvent.InnerDataMade.class);
    m.put("client p_q_inner_data", TraceEvent.InnerDataMade.class);
    m.put("client rsa_pad", TraceEvent.RsaPadEncoded.class);
    m.put("client req_DH_params", TraceEvent.DhParamsRequested.class);
    m.put("client tmp_aes", TraceEvent.TmpAesDerived.class);
    m.put("client answer_with_hash", TraceEvent.AnswerDecrypted.class);
    m.put("client server_DH_inner_data", TraceEvent.DhParamsChecked.class);
    m.put("client server_DH_params_fail", TraceEvent.DhParamsFailed.class);
    m.put("client g_b_out_of_range", TraceEvent.GbRedrawn.class);
    m.put("client client_DH_inner_data", TraceEvent.GbSent.class);
    m.put("client auth_key", TraceEvent.AuthKeyMade.class);
    m.put("client set_client_DH_params", TraceEvent.ClientDhParamsSent.class);
    m.put("client dh_gen_ok", TraceEvent.DhGenHash.class);
    m.put("client dh_gen_retry", TraceEvent.DhGenHash.class);
    m.put("client dh_gen_fail", TraceEvent.DhGenHash.class);
    m.put("client server_salt", TraceEvent.SaltMade.class);
    m.put("server resPQ", TraceEvent.ResPqSent.class);
    m.put("server rsa_pad_decoded", TraceEvent.InnerDataOpened.class);
    m.put("server server_DH_inner_data", TraceEvent.DhHalfSent.class);
    m.put("server server_DH_params_ok", TraceEvent.DhParamsOkSent.class);
    m.put("server client_DH_inner_data", TraceEvent.GbReceived.class);
    m.put("server auth_key", TraceEvent.AuthKeyMade.class);
    m.put("server dh_gen_ok", TraceEvent.DhGenHash.class);
    m.put("server dh_gen_retry", TraceEvent.DhGenHash.class);
    m.put("server dh_gen_fail", TraceEvent.DhGenHash.class);
    m.put("server server_salt", TraceEvent.SaltMade.class);
    return m;
  }

  // --- the runs --------------------------------------------------------------------------------

  /** The kinds of seeded run; each fills {@code into} through {@code trace}. */
  enum Kind {
    NORMAL,
    TEMPORARY,
    LEGACY,
    RETRY_THEN_FAIL,
    PARAMS_FAIL,
    GB_REDRAWN;

    void run(HandshakeTrace trace) throws Exception {
      switch (this) {
        case NORMAL -> Fixtures.seeded(7, KeyType.PERMANENT, trace).destroy();
        case TEMPORARY -> Fixtures.seeded(8, KeyType.TEMPORARY, trace).destroy();
        case LEGACY ->
            InMemoryHandshake.exchange(
                    Rig.clientBuilder(9).legacyInnerData().trace(trace).build(),
                    Rig.serverBuilder(9).acceptLegacyClients(true).trace(trace).build())
                .destroy();
        case RETRY_THEN_FAIL -> {
          // every key id is taken: one dh_gen_retry, then dh_gen_fail
          ServerHandshake server =
              Rig.serverBuilder(10).registry(id -> true).maxRetries(1).trace(trace).build();
          ClientHandshake client = Rig.clientBuilder(10).trace(trace).build();
          assertThatThrownBy(() -> InMemoryHandshake.exchange(client, server))
              .isInstanceOf(CheckFailedException.class);
        }
        case PARAMS_FAIL -> {
          Rig rig =
              new Rig(Rig.clientBuilder(11).trace(trace).build(), Rig.serverBuilder(11).build())
                  .toDhParamsOk();
          Bytes hash = NewNonceHash.forParamsFail(NewNonce.copyOf(rig.newNonce()));
          HandshakeStep failed =
              rig.client.receive(
                  new ServerDhParamsFail(rig.resPq.nonce(), rig.resPq.serverNonce(), hash));
          assertThat(Fixtures.failure(failed)).isEqualTo(CheckReason.DH_GEN_FAILED);
        }
        case GB_REDRAWN ->
            InMemoryHandshake.exchange(
                    Rig.clientBuilder(12).random(new FirstBIsOne(12)).trace(trace).build(),
                    Rig.serverBuilder(12).trace(trace).build())
                .destroy();
      }
    }

    List<TraceStep> steps(boolean withSecrets) throws Exception {
      List<TraceStep> steps = new ArrayList<>();
      run(
          withSecrets
              ? HandshakeTrace.withSecrets(ACCESS, steps::add)
              : HandshakeTrace.publicValues(steps::add));
      return steps;
    }
  }

  /** The client's seeded stream, except that its first b is 1 (g_b = 3 is out of range). */
  private static final class FirstBIsOne extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SecureRandom delegate;
    private transient boolean used;

    FirstBIsOne(long seed) {
      this.delegate = org.mtlab.testing.Seeds.secureRandom(seed, "client");
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length == 256 && !used) {
        used = true;
        java.util.Arrays.fill(bytes, (byte) 0);
        bytes[255] = 1;
      } else {
        delegate.nextBytes(bytes);
      }
    }
  }

  // --- item 1: one event per step, agreeing with the string view --------------------------------

  @Test
  void everyStepOfEveryKindOfRun_hasItsEvent_agreeingWithTheStringView() throws Exception {
    Set<String> seen = new TreeSet<>();
    for (Kind kind : Kind.values()) {
      for (boolean withSecrets : new boolean[] {false, true}) {
        List<TraceStep> steps = kind.steps(withSecrets);
        assertThat(steps).as("%s", kind).isNotEmpty();
        for (TraceStep step : steps) {
          String key = key(step);
          seen.add(key);
          assertThat(EVENT_TYPES).as("a known step: %s", key).containsKey(key);
          assertThat(step.event()).as(key).isInstanceOf(EVENT_TYPES.get(key));
          assertAgrees(step);
          if (!withSecrets) {
            assertThat(step.values()).noneMatch(TraceValue::secret);
          }
        }
      }
    }
    // every step the handshakes can emit was seen at least once
    assertThat(seen).containsExactlyInAnyOrderElementsOf(EVENT_TYPES.keySet());
  }

  private static String key(TraceStep step) {
    return step.side().name().toLowerCase(Locale.ROOT) + " " + step.name();
  }

  /**
   * The event's components (secrets revealed, empty optionals left out) are exactly the step's
   * values, each equal to its text.
   */
  static void assertAgrees(TraceStep step) throws Exception {
    Map<String, Object> typed = typedValues(step.event());
    Map<String, String> text = new LinkedHashMap<>();
    for (TraceValue v : step.values()) {
      text.put(v.name(), v.value());
    }
    assertThat(typed.keySet()).as("%s: the event's values", key(step)).isEqualTo(text.keySet());
    for (Map.Entry<String, String> e : text.entrySet()) {
      Object value = typed.get(e.getKey());
      assertThat(renderings(e.getKey(), value))
          .as("%s.%s = %s", key(step), e.getKey(), value)
          .contains(e.getValue());
    }
  }

  /** The event's values by the string view's names. */
  private static Map<String, Object> typedValues(TraceEvent event) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      Object value = c.getAccessor().invoke(event);
      if (value instanceof Optional<?> o) {
        if (o.isEmpty()) {
          continue;
        }
        value = o.get();
      }
      if (value instanceof TraceSecret<?> s) {
        value = s.reveal(ACCESS);
      }
      String name = snake(c.getName());
      if (event instanceof TraceEvent.DhGenHash hash) {
        if (name.equals("number")) {
          continue; // it is in the name of the hash
        }
        name = name + hash.number();
      }
      if (value instanceof ServerSalt salt) {
        out.put(name, Long.toString(salt.value()));
        out.put(name + "_bytes", Bytes.copyOf(salt.toWire()));
        continue;
      }
      out.put(name, value);
    }
    return out;
  }

  /** {@code fooBarBaz} -> {@code foo_bar_baz}; {@code gA} -> {@code g_a}. */
  private static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** The texts that represent {@code value} exactly (the string view's decimal or hex forms). */
  private static List<String> renderings(String name, Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Bytes b) {
      out.add(b.hex());
    } else if (value instanceof BigInteger n) {
      out.add(n.toString());
      out.add(n.toString(16));
      out.add(Hex.encode(ServerRsaKey.unsignedBytes(n)));
    } else if (value instanceof Long l) {
      out.add(Long.toString(l));
      if (name.contains("fingerprint")) {
        out.add(Hex.encode(LittleEndian.longBytes(l)));
      }
    } else if (value instanceof Integer || value instanceof Boolean || value instanceof String) {
      out.add(value.toString());
    } else if (value instanceof KeyType t) {
      out.add(t.name());
    } else if (value instanceof AuthKeyId id) {
      out.add(id.hex());
    } else if (value instanceof List<?> list) {
      out.add(
          list.stream()
              .map(fp -> Hex.encode(LittleEndian.longBytes((Long) fp)))
              .collect(Collectors.joining(",")));
    } else {
      throw new AssertionError("no rendering for " + name + " of " + value.getClass());
    }
    return out;
  }

  // --- item 2: secrets typed, and only with the token -------------------------------------------

  @Test
  void secretsAreTyped_hiddenInToString_andEmptyInAPublicTrace() throws Exception {
    List<TraceStep> secret = Kind.NORMAL.steps(true);
    List<TraceStep> pub = Kind.NORMAL.steps(false);
    assertThat(secret)
        .extracting(TraceEventTest::key)
        .isEqualTo(pub.stream().map(TraceEventTest::key).toList());

    TraceEvent.InnerDataMade made =
        find(secret, Sender.CLIENT, "p_q_inner_data_dc").event(TraceEvent.InnerDataMade.class);
    TraceEvent.InnerDataOpened opened =
        find(secret, Sender.SERVER, "rsa_pad_decoded").event(TraceEvent.InnerDataOpened.class);
    Bytes newNonce = made.newNonce().orElseThrow().reveal(ACCESS);
    assertThat(newNonce.length()).isEqualTo(NewNonce.LENGTH);
    assertThat(opened.newNonce().orElseThrow().reveal(ACCESS)).isEqualTo(newNonce);
    assertThat(made.toString()).doesNotContain(newNonce.hex()).contains("[secret]");
    Secrets.assertNoHexWindow(made.toString() + opened, newNonce.toByteArray());

    TraceEvent.AuthKeyMade client =
        find(secret, Sender.CLIENT, "auth_key").event(TraceEvent.AuthKeyMade.class);
    TraceEvent.AuthKeyMade server =
        find(secret, Sender.SERVER, "auth_key").event(TraceEvent.AuthKeyMade.class);
    assertThat(client.authKey().orElseThrow().reveal(ACCESS).length()).isEqualTo(256);
    assertThat(client.authKey().orElseThrow().reveal(ACCESS))
        .isEqualTo(server.authKey().orElseThrow().reveal(ACCESS));
    assertThat(server.authKeyAuxHash()).isEmpty();
    assertThat(client.authKeyAuxHash().orElseThrow().reveal(ACCESS).length()).isEqualTo(8);

    ServerSalt salt =
        find(secret, Sender.CLIENT, "server_salt")
            .event(TraceEvent.SaltMade.class)
            .serverSalt()
            .orElseThrow()
            .reveal(ACCESS);
    assertThat(salt)
        .isEqualTo(
            find(secret, Sender.SERVER, "server_salt")
                .event(TraceEvent.SaltMade.class)
                .serverSalt()
                .orElseThrow()
                .reveal(ACCESS));
    assertThat(find(secret, Sender.CLIENT, "server_salt").toString())
        .doesNotContain(salt.hex())
        .doesNotContain(Long.toString(salt.value()));

    // a public trace: the same steps, every secret component empty
    for (TraceStep step : pub) {
      for (RecordComponent c : step.event().getClass().getRecordComponents()) {
        Object value = c.getAccessor().invoke(step.event());
        assertThat(value).as("%s.%s", key(step), c.getName()).isNotInstanceOf(TraceSecret.class);
        if (value instanceof Optional<?> o) {
          assertThat(o).as("%s.%s", key(step), c.getName()).isEmpty();
        }
      }
    }
    assertThatThrownBy(() -> new TraceSecret<>(Bytes.empty()).reveal(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(new TraceSecret<>(newNonce).toString()).isEqualTo("[secret]");
  }

  /**
   * No 8-byte window of any secret of a run (as the trace with secrets gives it, typed or as text)
   * is in the public trace of the same run: in its strings, its events' toString, or the bytes of
   * any record component.
   */
  @Test
  void aPublicTrace_holdsNoWindowOfAnySecret_inStringsOrTypedEvents() throws Exception {
    for (Kind kind : Kind.values()) {
      assertNoSecretWindow(kind.steps(true), kind.steps(false));
    }
  }

  /** The check of {@link #aPublicTrace_holdsNoWindowOfAnySecret_inStringsOrTypedEvents}. */
  static void assertNoSecretWindow(List<TraceStep> withSecrets, List<TraceStep> pub)
      throws Exception {
    // the secrets, typed (they equal the string view's secret values, see the test above); the
    // serialised objects that hold new_nonce also hold public nonces, pq, g_a and dh_prime, so
    // for them the whole value must be absent, and new_nonce's windows are checked on their own
    List<Object> secrets = new ArrayList<>();
    List<Bytes> composites = new ArrayList<>();
    for (TraceStep step : withSecrets) {
      for (RecordComponent c : step.event().getClass().getRecordComponents()) {
        if (c.getAccessor().invoke(step.event()) instanceof Optional<?> o
            && o.orElse(null) instanceof TraceSecret<?> s) {
          if (COMPOSITES.contains(c.getName())) {
            composites.add((Bytes) s.reveal(ACCESS));
          } else {
            secrets.add(s.reveal(ACCESS));
          }
        }
      }
    }
    assertThat(secrets).isNotEmpty();
    StringBuilder text = new StringBuilder();
    List<byte[]> shown = new ArrayList<>();
    for (TraceStep step : pub) {
      text.append(step).append('\n').append(step.event()).append('\n');
      for (TraceValue v : step.values()) {
        assertThat(v.secret()).isFalse();
        text.append(v.value()).append('\n');
      }
      for (RecordComponent c : step.event().getClass().getRecordComponents()) {
        shown.add(bytesOf(c.getAccessor().invoke(step.event())));
      }
    }
    String lower = text.toString().toLowerCase(Locale.ROOT);
    for (Object secret : secrets) {
      byte[] bytes = bytesOf(secret);
      for (int i = 0; i + 8 <= bytes.length; i++) {
        byte[] window = java.util.Arrays.copyOfRange(bytes, i, i + 8);
        if (isZero(window)) {
          continue; // retry_id 0 and leading zero bytes are no secret
        }
        assertThat(lower)
            .as("secret %s in the public text", Hex.encode(window))
            .doesNotContain(Hex.encode(window));
        for (byte[] s : shown) {
          assertThat(indexOf(s, window))
              .as("secret %s in a public component", Hex.encode(window))
              .isEqualTo(-1);
        }
      }
      if (secret instanceof Long l && l != 0) {
        assertThat(lower).doesNotContain(Long.toString(l));
      }
      if (secret instanceof ServerSalt salt) {
        assertThat(lower).doesNotContain(Long.toString(salt.value()));
      }
    }
    for (Bytes composite : composites) {
      assertThat(lower).doesNotContain(composite.hex());
      for (byte[] s : shown) {
        assertThat(indexOf(s, composite.toByteArray())).isEqualTo(-1);
      }
    }
  }

  /** The bytes of a component value: text as ASCII, numbers both ways round. */
  private static byte[] bytesOf(Object value) {
    if (value instanceof Bytes b) {
      return b.toByteArray();
    }
    if (value instanceof BigInteger n) {
      return ServerRsaKey.unsignedBytes(n.abs());
    }
    if (value instanceof Long l) {
      byte[] le = LittleEndian.longBytes(l);
      byte[] both = new byte[16];
      System.arraycopy(le, 0, both, 0, 8);
      for (int i = 0; i < 8; i++) {
        both[8 + i] = le[7 - i];
      }
      return both;
    }
    if (value instanceof ServerSalt salt) {
      return bytesOf(salt.value());
    }
    if (value instanceof AuthKeyId id) {
      return bytesOf(id.value());
    }
    if (value instanceof List<?> list) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (Object o : list) {
        out.writeBytes(bytesOf(o));
      }
      return out.toByteArray();
    }
    if (value instanceof Optional<?> o) {
      return o.map(TraceEventTest::bytesOf).orElse(new byte[0]);
    }
    return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // --- the values themselves -------------------------------------------------------------------

  private static TraceStep find(List<TraceStep> steps, Sender side, String name) {
    return steps.stream()
        .filter(s -> s.side() == side && s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void seededRun_eventsDescribeTheRun() throws Exception {
    List<TraceStep> steps = Kind.NORMAL.steps(false);
    TraceEvent.PqFactored pq =
        find(steps, Sender.CLIENT, "pq_factorization").event(TraceEvent.PqFactored.class);
    assertThat(pq.p()).isLessThan(pq.q());
    TraceEvent.ResPqSent sent =
        find(steps, Sender.SERVER, "resPQ").event(TraceEvent.ResPqSent.class);
    assertThat(BigInteger.valueOf(sent.p())).isEqualTo(pq.p());
    assertThat(BigInteger.valueOf(sent.q())).isEqualTo(pq.q());
    assertThat(new BigInteger(1, sent.pq().toByteArray())).isEqualTo(pq.pq());
    TraceEvent.ResPqReceived received =
        find(steps, Sender.CLIENT, "resPQ").event(TraceEvent.ResPqReceived.class);
    assertThat(received.serverNonce()).isEqualTo(sent.serverNonce());
    assertThat(received.fingerprints()).containsExactly(sent.fingerprint());
    assertThat(received.chosenFingerprint()).isEqualTo(sent.fingerprint());
    assertThat(find(steps, Sender.CLIENT, "req_pq_multi").event(TraceEvent.NonceSent.class).nonce())
        .isEqualTo(sent.nonce());

    TraceEvent.DhHalfSent half =
        find(steps, Sender.SERVER, "server_DH_inner_data").event(TraceEvent.DhHalfSent.class);
    TraceEvent.DhParamsChecked dh =
        find(steps, Sender.CLIENT, "server_DH_inner_data").event(TraceEvent.DhParamsChecked.class);
    assertThat(dh.g()).isEqualTo(half.g()).isEqualTo(3);
    assertThat(dh.gA()).isEqualTo(half.gA());
    assertThat(dh.serverTime()).isEqualTo(half.serverTime());
    assertThat(dh.dhPrime()).isEqualTo(KnownPrimes.TELEGRAM);
    assertThat(dh.dhPrimeKnown()).isTrue();
    assertThat(half.a()).isEmpty();

    TraceEvent.AnswerDecrypted dec =
        find(steps, Sender.CLIENT, "answer_with_hash").event(TraceEvent.AnswerDecrypted.class);
    assertThat((20 + dec.answerLength() + dec.paddingLength()) % 16).isZero();
    assertThat(
            find(steps, Sender.SERVER, "server_DH_params_ok")
                .event(TraceEvent.DhParamsOkSent.class)
                .encryptedAnswerLength())
        .isEqualTo(20 + dec.answerLength() + dec.paddingLength());

    BigInteger gB =
        find(steps, Sender.SERVER, "client_DH_inner_data").event(TraceEvent.GbReceived.class).gB();
    assertThat(
            find(steps, Sender.CLIENT, "client_DH_inner_data").event(TraceEvent.GbSent.class).gB())
        .isEqualTo(gB)
        .isNotEqualTo(half.gA());
    assertThat(
            find(steps, Sender.CLIENT, "auth_key").event(TraceEvent.AuthKeyMade.class).authKeyId())
        .isEqualTo(
            find(steps, Sender.SERVER, "auth_key").event(TraceEvent.AuthKeyMade.class).authKeyId());
    TraceEvent.DhGenHash ok =
        find(steps, Sender.SERVER, "dh_gen_ok").event(TraceEvent.DhGenHash.class);
    assertThat(ok.number()).isEqualTo(1);
    assertThat(ok).isEqualTo(find(steps, Sender.CLIENT, "dh_gen_ok").event());

    TraceStep hello = find(steps, Sender.CLIENT, "req_pq_multi");
    assertThatThrownBy(() -> hello.event(TraceEvent.GbReceived.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("req_pq_multi")
        .hasMessageContaining("GbReceived");
  }

  @Test
  void records_validate() {
    BigInteger two = BigInteger.TWO;
    assertThat(new TraceEvent.PqFactored(BigInteger.valueOf(6), two, BigInteger.valueOf(3)).p())
        .isEqualTo(two);
    assertThatThrownBy(() -> new TraceEvent.PqFactored(BigInteger.valueOf(7), two, two))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TraceEvent.GbReceived(null, Optional.empty()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TraceEvent.GbReceived(two, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TraceEvent.DhGenHash(0, Bytes.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TraceEvent.DhGenHash(4, Bytes.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TraceEvent.DhGenHash(3, Bytes.empty()).number()).isEqualTo(3);
    assertThatThrownBy(() -> new TraceStep(Sender.CLIENT, "x", List.of(), null))
        .isInstanceOf(NullPointerException.class);
    List<Long> fingerprints = new ArrayList<>(List.of(1L));
    TraceEvent.ResPqReceived res =
        new TraceEvent.ResPqReceived(Bytes.empty(), Bytes.empty(), fingerprints, 1L);
    fingerprints.add(2L);
    assertThat(res.fingerprints()).containsExactly(1L);
  }

  @Test
  void aStepWithoutAnEvent_isABugTheTraceRefuses() {
    List<TraceStep> steps = new ArrayList<>();
    HandshakeTrace trace = HandshakeTrace.publicValues(steps::add);
    assertThatThrownBy(() -> trace.step(Sender.CLIENT, "nameless").value("x", 1).emit())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nameless");
    assertThat(steps).isEmpty();
    // a disabled trace builds nothing and needs no event
    HandshakeTrace.none().step(Sender.CLIENT, "nameless").value("x", 1).emit();
    // a public trace never computes a secret
    assertThat(
            trace.secret(
                () -> {
                  throw new AssertionError("computed");
                }))
        .isEmpty();
    assertThat(HandshakeTrace.withSecrets(ACCESS, steps::add).secret(() -> 5L)).isPresent();
  }
}
