package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.cli.tour.HandshakeChapter;
import org.mtlab.cli.tour.Tour;
import org.mtlab.handshake.InMemoryHandshake;

/**
 * Tour chapter 2, creating the auth key: deterministic, the same alone as in the whole tour, one
 * JSON object, every check it shows holds, its values are what the protocol says (with the JDK's
 * SHA-1 and BigInteger), it shows the same run as {@code mtlab handshake --seed N}, and later
 * chapters get its key back from {@link HandshakeChapter#handshake(long)}.
 */
class HandshakeChapterTest {
  private static final int CHAPTER = 2;

  @Test
  void isChapter2() {
    assertThat(Tour.chapters().get(CHAPTER - 1)).isInstanceOf(HandshakeChapter.class);
    assertThat(Tour.chapters().get(CHAPTER - 1).title()).isEqualTo("Creating the auth key");
  }

  @Test
  void deterministic_andTheSameAloneAsInTheWholeTour() {
    String a = Cli.run("tour", "--seed", "5", "--chapter", "2").assertOk().stdout();
    String b = Cli.run("tour", "--seed", "5", "--chapter", "2").assertOk().stdout();
    String c = Cli.run("tour", "--seed", "6", "--chapter", "2").assertOk().stdout();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).contains("Chapter 2: Creating the auth key");

    JsonObject whole = Cli.run("tour", "--json", "--seed", "5").assertOk().json();
    JsonObject alone = Cli.run("tour", "--json", "--seed", "5", "--chapter", "2").assertOk().json();
    assertThat(alone.getAsJsonArray("chapters")).hasSize(1);
    assertThat(alone.getAsJsonArray("chapters").get(0))
        .isEqualTo(whole.getAsJsonArray("chapters").get(CHAPTER - 1));
    // Chapter 1 does not depend on chapter 2, and still plays alone.
    JsonObject first = Cli.run("tour", "--json", "--seed", "5", "--chapter", "1").assertOk().json();
    assertThat(first.getAsJsonArray("chapters").get(0))
        .isEqualTo(whole.getAsJsonArray("chapters").get(0));
  }

  @Test
  void everyCheckItShowsHolds() {
    JsonObject chapter =
        chapter(Cli.run("tour", "--json", "--seed", "9", "--chapter", "2").assertOk().json());
    assertThat(chapter.get("number").getAsInt()).isEqualTo(CHAPTER);
    int flags = 0;
    for (JsonElement s : chapter.getAsJsonArray("steps")) {
      for (Map.Entry<String, JsonElement> v :
          s.getAsJsonObject().getAsJsonObject("values").entrySet()) {
        if (v.getValue().isJsonPrimitive() && v.getValue().getAsJsonPrimitive().isBoolean()) {
          assertThat(v.getValue().getAsBoolean()).as(v.getKey()).isTrue();
          flags++;
        }
      }
    }
    assertThat(flags).isGreaterThanOrEqualTo(12);
    String text = Cli.run("tour", "--seed", "9", "--chapter", "2").assertOk().stdout();
    assertThat(text).doesNotContain("= false");
    // The teaching points the chapter is for.
    assertThat(text.replaceAll("\\s+", " "))
        .contains("req_pq_multi")
        .contains("resPQ")
        .contains("p_q_inner_data_dc")
        .contains("RSA_PAD")
        .contains("tmp_aes_key")
        .contains("dh_prime")
        .contains("g_a")
        .contains("g_b")
        .contains("new_nonce_hash1")
        .contains("server salt")
        .contains("the server ends up holding exactly the same auth key")
        .contains("cloud chat");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42})
  void values_agreeWithTheHandshakeCommandAndTheProtocol(long seed) throws Exception {
    JsonObject chapter =
        chapter(
            Cli.run("tour", "--json", "--seed", Long.toString(seed), "--chapter", "2")
                .assertOk()
                .json());
    JsonObject run =
        Cli.run("handshake", "--seed", Long.toString(seed), "--trace", "--json").assertOk().json();

    // The same run as `mtlab handshake --seed N`.
    byte[] authKey = hex(chapter, "auth_key = g^ab mod dh_prime", "auth_key");
    assertThat(Hex.encode(authKey)).isEqualTo(traceValue(run, "client", "auth_key", "auth_key"));
    byte[] id = hex(chapter, "auth_key_id of the new key", "auth_key_id");
    assertThat(Hex.encode(id)).isEqualTo(run.get("client_auth_key_id").getAsString());
    byte[] salt = hex(chapter, "The first server salt", "server_salt");
    assertThat(Hex.encode(salt)).isEqualTo(run.get("server_salt").getAsString());

    // auth_key_id = SHA1(auth_key)[12:20]; aux hash = SHA1(auth_key)[0:8].
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(authKey);
    assertThat(id).isEqualTo(Arrays.copyOfRange(sha1, 12, 20));
    assertThat(hex(chapter, "auth_key_id of the new key", "auth_key_aux_hash"))
        .isEqualTo(Arrays.copyOf(sha1, 8));

    // server_salt = new_nonce[0:8] xor server_nonce[0:8].
    byte[] newNonce = hex(chapter, "new_nonce and p_q_inner_data_dc", "new_nonce");
    byte[] serverNonce = hex(chapter, "resPQ: the server's challenge", "server_nonce");
    byte[] xor = new byte[8];
    for (int i = 0; i < 8; i++) {
      xor[i] = (byte) (newNonce[i] ^ serverNonce[i]);
    }
    assertThat(salt).isEqualTo(xor);

    // p * q = pq; g_a = g^a, g_b = g^b, auth_key = g_a^b (mod dh_prime, from the trace).
    BigInteger p = new BigInteger(value(chapter, "The proof of work: p and q", "p").getAsString());
    BigInteger q = new BigInteger(value(chapter, "The proof of work: p and q", "q").getAsString());
    assertThat(p.multiply(q).toString())
        .isEqualTo(value(chapter, "The proof of work: p and q", "pq").getAsString());
    assertThat(p.multiply(q))
        .isEqualTo(new BigInteger(1, hex(chapter, "resPQ: the server's challenge", "pq")));
    BigInteger prime = new BigInteger(1, hex(chapter, "The client checks everything", "dh_prime"));
    BigInteger g =
        BigInteger.valueOf(
            value(chapter, "The server's half: g, dh_prime and g_a", "g").getAsLong());
    BigInteger a = new BigInteger(1, hex(chapter, "The server's half: g, dh_prime and g_a", "a"));
    BigInteger b = new BigInteger(1, hex(chapter, "The client's half: b and g_b", "b"));
    assertThat(g.modPow(a, prime))
        .isEqualTo(
            new BigInteger(1, hex(chapter, "The server's half: g, dh_prime and g_a", "g_a")));
    BigInteger gB = new BigInteger(1, hex(chapter, "The client's half: b and g_b", "g_b"));
    assertThat(g.modPow(b, prime)).isEqualTo(gB);
    assertThat(new BigInteger(1, authKey)).isEqualTo(gB.modPow(a, prime));

    // The wire summary adds up the packets `mtlab handshake` shows.
    long total = 0;
    int packets = 0;
    for (JsonElement e : run.getAsJsonArray("steps")) {
      if (e.getAsJsonObject().get("kind").getAsString().equals("packet")) {
        total += e.getAsJsonObject().getAsJsonObject("values").get("length").getAsLong();
        packets++;
      }
    }
    assertThat(value(chapter, "What an eavesdropper saw", "total_bytes").getAsLong())
        .isEqualTo(total);
    assertThat(value(chapter, "What an eavesdropper saw", "packet_" + packets).getAsString())
        .isEqualTo("server dh_gen_ok, 72 bytes");
  }

  /**
   * The chapter reads the handshake's typed events (no trace string is parsed since then) and its
   * output is byte for byte what it printed when it parsed the string view: the SHA-256 of {@code
   * mtlab tour --seed 7 --chapter 2}, plain and {@code --json}, recorded before the change. A
   * deliberate change of the chapter's text updates these two digests.
   */
  @Test
  void output_isUnchangedSinceTheChapterReadsTypedEvents() throws Exception {
    assertThat(sha256(Cli.run("tour", "--seed", "7", "--chapter", "2").assertOk().stdoutBytes()))
        .isEqualTo("c673d041fce30d770cdf5196e7746609363957ae6c974206bbb81bd220be09f2");
    assertThat(
            sha256(
                Cli.run("tour", "--json", "--seed", "7", "--chapter", "2")
                    .assertOk()
                    .stdoutBytes()))
        .isEqualTo("6d018eeef514d09921964d8cfb0eee526172ef8d08602934cf89f5f29b1e0608");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void laterChapters_getTheSameKeyBack() throws Exception {
    JsonObject chapter =
        chapter(Cli.run("tour", "--json", "--seed", "3", "--chapter", "2").assertOk().json());
    InMemoryHandshake.Run run = HandshakeChapter.handshake(3);
    try {
      assertThat(run.keysAgree()).isTrue();
      assertThat(Hex.encode(run.client().authKey().reveal(SecretAccess.explicitly())))
          .isEqualTo(Hex.encode(hex(chapter, "auth_key = g^ab mod dh_prime", "auth_key")));
      assertThat(run.server().serverSalt().toWire())
          .isEqualTo(hex(chapter, "The first server salt", "server_salt"));
    } finally {
      run.destroy();
    }
  }

  // --- helpers -------------------------------------------------------------------------

  private static JsonObject chapter(JsonObject tour) {
    for (JsonElement c : tour.getAsJsonArray("chapters")) {
      if (c.getAsJsonObject().get("number").getAsInt() == CHAPTER) {
        return c.getAsJsonObject();
      }
    }
    throw new AssertionError("no chapter " + CHAPTER);
  }

  private static JsonElement value(JsonObject chapter, String title, String name) {
    for (JsonElement s : chapter.getAsJsonArray("steps")) {
      JsonObject step = s.getAsJsonObject();
      if (step.get("title").getAsString().equals(title)) {
        JsonElement v = step.getAsJsonObject("values").get(name);
        assertThat(v).as("value %s of step %s", name, title).isNotNull();
        return v;
      }
    }
    throw new AssertionError("no step titled " + title);
  }

  private static byte[] hex(JsonObject chapter, String title, String name) {
    String s = value(chapter, title, name).getAsString();
    assertThat(s).matches("([0-9a-f]{2})+");
    return Hex.decode(s);
  }

  private static String traceValue(JsonObject run, String side, String step, String name) {
    for (JsonElement e : run.getAsJsonArray("steps")) {
      JsonObject s = e.getAsJsonObject();
      if (s.get("kind").getAsString().equals("step")
          && s.get("side").getAsString().equals(side)
          && s.get("name").getAsString().equals(step)) {
        return s.getAsJsonObject("values").get(name).getAsString();
      }
    }
    throw new AssertionError("no " + side + " step " + step);
  }
}
