package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.JdkOracle.concat;
import static org.mtlab.cli.JdkOracle.igeDecrypt;
import static org.mtlab.cli.JdkOracle.sha1;

import com.google.common.base.Splitter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;

/**
 * {@code mtlab handshake}: deterministic for a seed, random without one, the JSON contract (both
 * sides' auth_key_id, the salt as 8 wire bytes, the steps and packets), and the traced values
 * recomputed independently: the DH arithmetic with the JDK's BigInteger, the hashes with its SHA-1,
 * the answer's decryption with a textbook IGE over its AES, the packets' TL constructors from the
 * spec's table, and the other CLI commands ({@code tmp-aes}, {@code new-nonce-hash}, {@code
 * auth-key-id}) on the traced inputs.
 */
class HandshakeCommandTest {
  /** Every step a permanent-key run reports, by side, in the spec's terms. */
  private static final List<String> CLIENT_STEPS =
      List.of(
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

  private static final List<String> SERVER_STEPS =
      List.of(
          "resPQ",
          "rsa_pad_decoded",
          "server_DH_inner_data",
          "server_DH_params_ok",
          "client_DH_inner_data",
          "auth_key",
          "dh_gen_ok",
          "server_salt");

  /** The secret values a trace with secrets has (and one without must not). */
  private static final List<String> SECRETS =
      List.of(
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

  /** The packets in order, with their constructor ids (docs/protocol.md §5.1). */
  private static final List<String> PACKETS =
      List.of(
          "req_pq_multi",
          "resPQ",
          "req_DH_params",
          "server_DH_params_ok",
          "set_client_DH_params",
          "dh_gen_ok");

  private static final int[] CONSTRUCTORS = {
    0xbe7e8ef1, 0x05162463, 0xd712e4be, 0xd0e8075c, 0xf5045f1f, 0x3bcbf734
  };

  @Test
  void sameSeed_sameOutput_differentSeed_differentKey() {
    String a = Cli.run("handshake", "--seed", "7").assertOk().stdout();
    String b = Cli.run("handshake", "--seed", "7").assertOk().stdout();
    assertThat(a).isEqualTo(b).contains("client_auth_key_id").contains("server_salt");
    String ja = Cli.run("handshake", "--seed", "7", "--json").assertOk().stdout();
    String jb = Cli.run("handshake", "--seed", "7", "--json").assertOk().stdout();
    assertThat(ja).isEqualTo(jb);
    JsonObject seven = Cli.run("handshake", "--seed", "7", "--json").json();
    JsonObject eight = Cli.run("handshake", "--seed", "8", "--json").assertOk().json();
    assertThat(eight.get("client_auth_key_id")).isNotEqualTo(seven.get("client_auth_key_id"));
    assertThat(eight.get("server_salt")).isNotEqualTo(seven.get("server_salt"));
    // The text shows the same values as the JSON.
    assertThat(a)
        .contains(seven.get("client_auth_key_id").getAsString())
        .contains(seven.get("server_salt").getAsString());
  }

  @Test
  void withoutSeed_eachRunMakesAnotherKey() {
    JsonObject one = Cli.run("handshake", "--json").assertOk().json();
    JsonObject two = Cli.run("handshake", "--json").assertOk().json();
    assertThat(one.get("client_auth_key_id")).isEqualTo(one.get("server_auth_key_id"));
    assertThat(two.get("client_auth_key_id")).isNotEqualTo(one.get("client_auth_key_id"));
  }

  @Test
  void seeded_isSeededHandshakeRun() throws Exception {
    JsonObject r = Cli.run("handshake", "--seed", "11", "--json").assertOk().json();
    InMemoryHandshake.Run run = SeededHandshake.run(11L, null, HandshakeTrace.none());
    try {
      assertThat(r.get("client_auth_key_id").getAsString())
          .isEqualTo(run.client().authKeyId().hex());
    } finally {
      run.destroy();
    }
  }

  @Test
  void json_keys_bothSidesAgree_saltIsTheWireBytes() {
    JsonObject r = Cli.run("handshake", "--seed", "3", "--json").assertOk().json();
    assertThat(r.keySet())
        .containsExactly(
            "client_auth_key_id", "server_auth_key_id", "server_salt", "key_type", "steps");
    assertThat(r.get("client_auth_key_id").getAsString())
        .matches("[0-9a-f]{16}")
        .isEqualTo(r.get("server_auth_key_id").getAsString());
    assertThat(r.get("server_salt").getAsString()).matches("[0-9a-f]{16}");
    assertThat(r.get("key_type").getAsString()).isEqualTo("permanent");
    // Both sides' last step names the same salt (a secret value: --trace shows it), and
    // server_salt is its 8 wire bytes.
    JsonObject traced = Cli.run("handshake", "--seed", "3", "--json", "--trace").assertOk().json();
    assertThat(traced.get("server_salt")).isEqualTo(r.get("server_salt"));
    for (String side : List.of("client", "server")) {
      JsonObject salt = step(traced, side, "server_salt");
      assertThat(salt.get("server_salt_bytes").getAsString())
          .isEqualTo(r.get("server_salt").getAsString());
      assertThat(le(Long.parseLong(salt.get("server_salt").getAsString())))
          .isEqualTo(Hex.decode(r.get("server_salt").getAsString()));
    }
  }

  @Test
  void json_withoutTrace_hasEveryStepButNoSecret() {
    JsonObject r = Cli.run("handshake", "--seed", "3", "--json").assertOk().json();
    List<String> names = new ArrayList<>();
    for (JsonElement e : r.getAsJsonArray("steps")) {
      JsonObject s = e.getAsJsonObject();
      assertThat(s.keySet()).containsExactly("kind", "side", "name", "values", "secret");
      assertThat(s.getAsJsonArray("secret")).isEmpty();
      assertThat(s.getAsJsonObject("values").keySet()).doesNotContainAnyElementsOf(SECRETS);
      names.add(s.get("side").getAsString() + " " + s.get("name").getAsString());
    }
    assertThat(names).containsAll(sideNames());
  }

  @Test
  void trace_text_showsEveryStepAndPacketInOrder_withSecretsMarked() {
    String out = Cli.run("handshake", "--seed", "4", "--trace").assertOk().stdout();
    int at = -1;
    JsonObject json = Cli.run("handshake", "--seed", "4", "--trace", "--json").assertOk().json();
    for (JsonElement e : json.getAsJsonArray("steps")) {
      JsonObject s = e.getAsJsonObject();
      String line =
          s.get("kind").getAsString().equals("packet")
              ? "  >> "
                  + s.get("side").getAsString()
                  + " sends "
                  + s.get("name").getAsString()
                  + ": "
                  + s.getAsJsonObject("values").get("length").getAsLong()
                  + " bytes"
              : "[" + s.get("side").getAsString() + "] " + s.get("name").getAsString() + "\n";
      int next = out.indexOf(line, at + 1);
      assertThat(next).as("%s after offset %d", line, at).isGreaterThan(at);
      at = next;
    }
    for (String step : sideNames()) {
      List<String> sn = Splitter.on(' ').splitToList(step);
      assertThat(out).contains("[" + sn.get(0) + "] " + sn.get(1) + "\n");
    }
    Set<String> secret = new LinkedHashSet<>();
    for (JsonElement e : json.getAsJsonArray("steps")) {
      e.getAsJsonObject().getAsJsonArray("secret").forEach(n -> secret.add(n.getAsString()));
    }
    assertThat(secret).containsExactlyInAnyOrderElementsOf(SECRETS);
    assertThat(out)
        .contains("    new_nonce = ")
        .contains("  (secret)\n")
        .contains("    auth_key = ")
        .contains("    b = ")
        .contains("    a = ");
    // The summary closes the trace.
    assertThat(out)
        .contains("\nclient_auth_key_id  " + json.get("client_auth_key_id").getAsString());
  }

  @Test
  void trace_packetsAlternate_andAreTheSpecsConstructors() {
    JsonObject r = Cli.run("handshake", "--seed", "5", "--trace", "--json").assertOk().json();
    List<JsonObject> packets = new ArrayList<>();
    for (JsonElement e : r.getAsJsonArray("steps")) {
      if (e.getAsJsonObject().get("kind").getAsString().equals("packet")) {
        packets.add(e.getAsJsonObject());
      }
    }
    assertThat(packets).hasSize(PACKETS.size());
    long[] lastMsgId = new long[2]; // per side: each side's msg_ids increase
    for (int i = 0; i < packets.size(); i++) {
      JsonObject p = packets.get(i);
      assertThat(p.get("name").getAsString()).isEqualTo(PACKETS.get(i));
      assertThat(p.get("side").getAsString()).isEqualTo(i % 2 == 0 ? "client" : "server");
      JsonObject v = p.getAsJsonObject("values");
      byte[] bytes = Hex.decode(v.get("bytes").getAsString());
      assertThat(bytes).hasSize(v.get("length").getAsInt());
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(b.getLong()).as("auth_key_id of a plain message").isZero();
      long msgId = b.getLong();
      assertThat(v.get("msg_id").getAsJsonPrimitive().isString()).as("msg_id is a string").isTrue();
      assertThat(msgId)
          .isEqualTo(Long.parseUnsignedLong(v.get("msg_id").getAsString()))
          .isGreaterThan(lastMsgId[i % 2]);
      assertThat(msgId & 3).as("msg_id parity").isEqualTo(i % 2 == 0 ? 0 : 1);
      assertThat(msgId & 0xffff_ffffL).as("msg_id low 32 bits").isNotZero();
      lastMsgId[i % 2] = msgId;
      assertThat(b.getInt()).as("message_data_length").isEqualTo(bytes.length - 20);
      assertThat(b.getInt()).as("constructor of %s", PACKETS.get(i)).isEqualTo(CONSTRUCTORS[i]);
    }
  }

  /** The traced values, recomputed with the JDK alone. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void traceValues_agreeWithAnIndependentComputation(long seed) throws Exception {
    JsonObject r =
        Cli.run("handshake", "--seed", Long.toString(seed), "--trace", "--json").assertOk().json();
    byte[] nonce = hex(step(r, "client", "req_pq_multi"), "nonce");
    JsonObject resPq = step(r, "server", "resPQ");
    assertThat(hex(resPq, "nonce")).isEqualTo(nonce);
    byte[] serverNonce = hex(resPq, "server_nonce");

    // pq = p q, p < q, both prime, below 2^32.
    JsonObject pq = step(r, "client", "pq_factorization");
    BigInteger p = new BigInteger(pq.get("p").getAsString());
    BigInteger q = new BigInteger(pq.get("q").getAsString());
    assertThat(p.multiply(q))
        .isEqualTo(new BigInteger(pq.get("pq").getAsString()))
        .isEqualTo(new BigInteger(1, hex(resPq, "pq")));
    assertThat(p).isLessThan(q);
    assertThat(p.isProbablePrime(64) && q.isProbablePrime(64)).isTrue();
    assertThat(q.bitLength()).isLessThanOrEqualTo(32);

    // RSA_PAD's last step: encrypted_data = key_aes_encrypted^e mod n (the demo key).
    JsonObject pad = step(r, "client", "rsa_pad");
    BigInteger n = SeededHandshake.demoKey().publicKey().modulus();
    assertThat(
            new BigInteger(1, hex(pad, "key_aes_encrypted")).modPow(BigInteger.valueOf(65537), n))
        .isEqualTo(new BigInteger(1, hex(pad, "encrypted_data")));
    assertThat(hex(pad, "data_with_padding"))
        .hasSize(192)
        .startsWith(hex(step(r, "client", "p_q_inner_data_dc"), "data"));

    // tmp_aes_key / tmp_aes_iv / the salt from new_nonce and server_nonce (docs/protocol.md §5.7).
    byte[] newNonce = hex(step(r, "client", "p_q_inner_data_dc"), "new_nonce");
    assertThat(hex(step(r, "server", "rsa_pad_decoded"), "new_nonce")).isEqualTo(newNonce);
    byte[] tmpKey =
        concat(sha1(newNonce, serverNonce), Arrays.copyOf(sha1(serverNonce, newNonce), 12));
    byte[] tmpIv =
        concat(
            Arrays.copyOfRange(sha1(serverNonce, newNonce), 12, 20),
            sha1(newNonce, newNonce),
            Arrays.copyOf(newNonce, 4));
    for (String side : List.of("client", "server")) {
      JsonObject s = step(r, side, side.equals("client") ? "tmp_aes" : "server_DH_inner_data");
      assertThat(hex(s, "tmp_aes_key")).isEqualTo(tmpKey);
      assertThat(hex(s, "tmp_aes_iv")).isEqualTo(tmpIv);
    }
    byte[] salt = new byte[8];
    for (int i = 0; i < 8; i++) {
      salt[i] = (byte) (newNonce[i] ^ serverNonce[i]);
    }
    assertThat(Hex.decode(r.get("server_salt").getAsString())).isEqualTo(salt);

    // The same through mtlab tmp-aes (its server_salt is the same 8 wire bytes).
    JsonObject tmp =
        Cli.run(
                "tmp-aes",
                "--json",
                "--server-nonce",
                Hex.encode(serverNonce),
                "--new-nonce",
                Hex.encode(newNonce))
            .assertOk()
            .json();
    assertThat(tmp.get("server_salt")).isEqualTo(r.get("server_salt"));
    assertThat(tmp.get("tmp_aes_key").getAsString()).isEqualTo(Hex.encode(tmpKey));

    // server_DH_params_ok's encrypted_answer decrypts (textbook IGE on the JDK's AES) to the
    // client's answer_with_hash, which starts with SHA1(answer).
    JsonObject answer = step(r, "client", "answer_with_hash");
    byte[] withHash = hex(answer, "answer_with_hash");
    byte[] packet = packetBytes(r, "server_DH_params_ok");
    int length =
        Integer.parseInt(
            step(r, "server", "server_DH_params_ok").get("encrypted_answer_length").getAsString());
    int offset = 20 + 4 + 16 + 16 + 4; // header, constructor, nonces, TL bytes' long prefix
    assertThat(igeDecrypt(tmpKey, tmpIv, Arrays.copyOfRange(packet, offset, offset + length)))
        .isEqualTo(withHash);
    int answerLength = Integer.parseInt(answer.get("answer_length").getAsString());
    assertThat(Arrays.copyOf(withHash, 20))
        .isEqualTo(sha1(Arrays.copyOfRange(withHash, 20, 20 + answerLength)));

    // The DH arithmetic: g_a = g^a, g_b = g^b, auth_key = g_a^b = g_b^a (mod dh_prime).
    JsonObject serverDh = step(r, "server", "server_DH_inner_data");
    JsonObject clientDh = step(r, "client", "server_DH_inner_data");
    BigInteger prime = new BigInteger(1, hex(clientDh, "dh_prime"));
    assertThat(prime.bitLength()).isEqualTo(2048);
    BigInteger g = new BigInteger(serverDh.get("g").getAsString());
    BigInteger a = new BigInteger(serverDh.get("a").getAsString(), 16);
    BigInteger b =
        new BigInteger(step(r, "client", "client_DH_inner_data").get("b").getAsString(), 16);
    BigInteger gA = new BigInteger(1, hex(serverDh, "g_a"));
    BigInteger gB = new BigInteger(1, hex(step(r, "server", "client_DH_inner_data"), "g_b"));
    assertThat(g.modPow(a, prime)).isEqualTo(gA).isEqualTo(new BigInteger(1, hex(clientDh, "g_a")));
    assertThat(g.modPow(b, prime)).isEqualTo(gB);
    byte[] authKey = hex(step(r, "client", "auth_key"), "auth_key");
    assertThat(authKey).hasSize(256);
    assertThat(new BigInteger(1, authKey))
        .isEqualTo(gA.modPow(b, prime))
        .isEqualTo(gB.modPow(a, prime));
    assertThat(hex(step(r, "server", "auth_key"), "auth_key")).isEqualTo(authKey);

    // auth_key_id = SHA1(auth_key)[12:20], also through mtlab auth-key-id.
    byte[] sha = sha1(authKey);
    assertThat(Hex.decode(r.get("client_auth_key_id").getAsString()))
        .isEqualTo(Arrays.copyOfRange(sha, 12, 20));
    assertThat(
            Cli.run("auth-key-id", "--json", "--auth-key", Hex.encode(authKey))
                .assertOk()
                .json()
                .get("auth_key_id"))
        .isEqualTo(r.get("server_auth_key_id"));

    // new_nonce_hash1 = SHA1(new_nonce + 01 + SHA1(auth_key)[0:8])[4:20], also through the CLI.
    byte[] hash1 = Arrays.copyOfRange(sha1(newNonce, new byte[] {1}, Arrays.copyOf(sha, 8)), 4, 20);
    assertThat(hex(step(r, "server", "dh_gen_ok"), "new_nonce_hash1")).isEqualTo(hash1);
    assertThat(hex(step(r, "client", "dh_gen_ok"), "new_nonce_hash1")).isEqualTo(hash1);
    assertThat(
            Cli.run(
                    "new-nonce-hash",
                    "--json",
                    "--new-nonce",
                    Hex.encode(newNonce),
                    "--auth-key",
                    Hex.encode(authKey))
                .assertOk()
                .json()
                .get("new_nonce_hash1")
                .getAsString())
        .isEqualTo(Hex.encode(hash1));
  }

  // --- temporary keys ------------------------------------------------------------------

  @Test
  void temp_makesATemporaryKey_likeSeededHandshakeRun() throws Exception {
    JsonObject r =
        Cli.run("handshake", "--seed", "5", "--temp", "3600", "--json").assertOk().json();
    assertThat(r.keySet())
        .containsExactly(
            "client_auth_key_id",
            "server_auth_key_id",
            "server_salt",
            "key_type",
            "expires_at",
            "steps");
    assertThat(r.get("key_type").getAsString()).isEqualTo("temporary");
    assertThat(r.get("expires_at").getAsLong())
        .isEqualTo(SeededHandshake.TIME.getEpochSecond() + 3600);
    assertThat(r.toString()).contains("\"p_q_inner_data_temp_dc\"");
    InMemoryHandshake.Run run = SeededHandshake.run(5L, 3600, HandshakeTrace.none());
    try {
      assertThat(r.get("client_auth_key_id").getAsString())
          .isEqualTo(run.client().authKeyId().hex());
    } finally {
      run.destroy();
    }
    // Another lifetime: another inner data, so another key; the expiry follows.
    JsonObject other =
        Cli.run("handshake", "--seed", "5", "--temp", "600", "--json").assertOk().json();
    assertThat(other.get("expires_at").getAsLong())
        .isEqualTo(SeededHandshake.TIME.getEpochSecond() + 600);
    assertThat(other.get("client_auth_key_id"))
        .isNotEqualTo(r.get("client_auth_key_id"))
        .isEqualTo(other.get("server_auth_key_id"));
  }

  @ParameterizedTest(name = "--temp {0}")
  @ValueSource(strings = {"0", "-1", "86401", "2147483648", "x", "1.5", ""})
  void temp_outOfRange_exit2NamingIt(String value) {
    Cli.run("handshake", "--seed", "1", "--temp", value).assertUsageError("--temp");
  }

  @Test
  void badSeed_exit2NamingIt() {
    Cli.run("handshake", "--seed", "x").assertUsageError("--seed");
    Cli.run("handshake", "--seed", "9223372036854775808").assertUsageError("--seed");
  }

  // --- helpers -------------------------------------------------------------------------

  private static Set<String> sideNames() {
    Set<String> out = new LinkedHashSet<>();
    CLIENT_STEPS.forEach(s -> out.add("client " + s));
    SERVER_STEPS.forEach(s -> out.add("server " + s));
    return out;
  }

  /** The values of the first step of {@code side} called {@code name}. */
  private static JsonObject step(JsonObject r, String side, String name) {
    JsonArray steps = r.getAsJsonArray("steps");
    for (JsonElement e : steps) {
      JsonObject s = e.getAsJsonObject();
      if (s.get("kind").getAsString().equals("step")
          && s.get("side").getAsString().equals(side)
          && s.get("name").getAsString().equals(name)) {
        return s.getAsJsonObject("values");
      }
    }
    throw new AssertionError("no " + side + " step " + name);
  }

  private static byte[] packetBytes(JsonObject r, String name) {
    for (JsonElement e : r.getAsJsonArray("steps")) {
      JsonObject s = e.getAsJsonObject();
      if (s.get("kind").getAsString().equals("packet")
          && s.get("name").getAsString().equals(name)) {
        return Hex.decode(s.getAsJsonObject("values").get("bytes").getAsString());
      }
    }
    throw new AssertionError("no packet " + name);
  }

  private static byte[] hex(JsonObject values, String name) {
    JsonElement v = values.get(name);
    assertThat(v).as("value %s in %s", name, values.keySet()).isNotNull();
    String s = v.getAsString();
    assertThat(s).matches("[0-9a-f]*");
    return Hex.decode(s.length() % 2 == 0 ? s : "0" + s);
  }

  private static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
