package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mtlab.cli.JdkOracle.concat;
import static org.mtlab.cli.JdkOracle.igeDecrypt;
import static org.mtlab.cli.JdkOracle.kdf1;
import static org.mtlab.cli.JdkOracle.kdf2;
import static org.mtlab.cli.JdkOracle.msgKey;
import static org.mtlab.cli.JdkOracle.sha1;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;
import org.mtlab.cli.tour.Tour;

/**
 * {@code mtlab tour}: deterministic, one JSON object with --json, colour and pausing only when
 * asked and possible, and the values it prints are what the protocol says they are (recomputed here
 * independently with the JDK's SHA-1, SHA-256 and AES).
 */
class TourTest {
  private static final String ESC = "\u001b[";

  @Test
  void sameSeed_sameOutput_differentSeed_differentValues() {
    String a = Cli.run("tour", "--seed", "7").assertOk().stdout();
    String b = Cli.run("tour", "--seed", "7").assertOk().stdout();
    String c = Cli.run("tour", "--seed", "8").assertOk().stdout();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).contains("seed 7");
    assertThat(Cli.run("tour").assertOk().stdout())
        .isEqualTo(Cli.run("tour", "--seed", "1").assertOk().stdout());

    JsonObject seven = Cli.run("tour", "--json", "--seed", "7").assertOk().json();
    JsonObject eight = Cli.run("tour", "--json", "--seed", "8").assertOk().json();
    assertThat(value(seven, "The auth key", "auth_key"))
        .isNotEqualTo(value(eight, "The auth key", "auth_key"));
    assertThat(value(seven, "msg_key", "msg_key")).isNotEqualTo(value(eight, "msg_key", "msg_key"));
  }

  @Test
  void json_isOneObject_withEveryChapterAndStep() {
    JsonObject tour = Cli.run("tour", "--json").assertOk().json();
    assertThat(tour.keySet()).containsExactly("seed", "chapters");
    assertThat(tour.get("seed").getAsLong()).isEqualTo(1);
    assertThat(tour.getAsJsonArray("chapters")).hasSize(Tour.chapters().size());
    Set<String> titles = new HashSet<>();
    for (int i = 0; i < Tour.chapters().size(); i++) {
      JsonObject chapter = tour.getAsJsonArray("chapters").get(i).getAsJsonObject();
      assertThat(chapter.keySet()).containsExactly("number", "title", "intro", "steps");
      assertThat(chapter.get("number").getAsInt()).isEqualTo(i + 1);
      // Chapters 1-6 tell a story in many steps; chapter 7 sums it up in two.
      assertThat(chapter.getAsJsonArray("steps")).hasSizeGreaterThanOrEqualTo(i < 6 ? 6 : 2);
      for (JsonElement s : chapter.getAsJsonArray("steps")) {
        JsonObject step = s.getAsJsonObject();
        assertThat(step.keySet()).containsExactly("number", "title", "text", "values");
        assertThat(step.get("text").getAsString()).isNotBlank();
        assertThat(step.getAsJsonObject("values").keySet()).isNotEmpty();
        // Tests find steps by title across the whole tour.
        assertThat(titles.add(step.get("title").getAsString()))
            .as("unique step title %s", step.get("title"))
            .isTrue();
      }
    }
  }

  @Test
  void chapterAlone_printsTheSameValuesAsInTheWholeTour() {
    JsonObject whole = Cli.run("tour", "--json", "--seed", "3").assertOk().json();
    JsonObject one = Cli.run("tour", "--json", "--seed", "3", "--chapter", "1").assertOk().json();
    assertThat(one.getAsJsonArray("chapters").get(0))
        .isEqualTo(whole.getAsJsonArray("chapters").get(0));
  }

  @Test
  void colour_onlyOnATerminal_andNeverWithNoColorOrJson() {
    assertThat(Cli.run("tour").stdout()).doesNotContain(ESC);
    InputStream none = new ByteArrayInputStream(new byte[0]);
    assertThat(Cli.runOnTerminal(none, true, false, "tour").assertOk().stdout()).contains(ESC);
    assertThat(Cli.runOnTerminal(none, true, false, "tour", "--no-color").assertOk().stdout())
        .doesNotContain(ESC);
    Cli.Result json = Cli.runOnTerminal(none, true, false, "tour", "--json").assertOk();
    assertThat(json.stdout()).doesNotContain(ESC);
    json.json();
  }

  @Test
  void pause_waitsForEnterBetweenSteps_onATerminal() {
    int steps = 0;
    for (JsonElement c : Cli.run("tour", "--json").json().getAsJsonArray("chapters")) {
      steps += c.getAsJsonObject().getAsJsonArray("steps").size();
    }
    InputStream enters =
        new ByteArrayInputStream("\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
    Cli.Result r = Cli.runOnTerminal(enters, false, true, "tour", "--pause");
    assertThat(r.exit()).isZero();
    assertThat(r.stderr().split("Enter", -1)).hasSize(steps); // steps - 1 prompts
    assertThat(r.stdout()).isEqualTo(Cli.run("tour").stdout());
  }

  @Test
  void pause_stopsWaitingWhenStdinIsClosed() {
    Cli.Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                Cli.runOnTerminal(
                    new ByteArrayInputStream(new byte[0]), false, true, "tour", "--pause"));
    assertThat(r.exit()).isZero();
    assertThat(r.stderr().split("Enter", -1)).hasSize(2); // one prompt, then EOF
    assertThat(r.stdout()).isEqualTo(Cli.run("tour").stdout());
  }

  @Test
  void pause_isIgnoredWhenStdinIsNotATerminal_evenIfReadingWouldBlock() {
    CountDownLatch never = new CountDownLatch(1);
    InputStream blocking =
        new InputStream() {
          @Override
          public int read() {
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : read();
          }
        };
    Cli.Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> Cli.runOnTerminal(blocking, false, false, "tour", "--pause"));
    r.assertOk();
  }

  // --- the tour reads typed values ----------------------------------------------------

  /** What reading a value back from a trace string looks like. */
  private static final List<Pattern> PARSES =
      List.of(
          Pattern.compile("TraceValue"),
          Pattern.compile("\\.values\\(\\)"),
          Pattern.compile("\\.value\\(\\s*[^)\\s]"), // a lookup by name
          Pattern.compile("Hex\\.decode\\("),
          Pattern.compile("Bytes\\.fromHex\\("),
          Pattern.compile("\\bparse(Unsigned)?(Long|Int)\\("),
          Pattern.compile("new BigInteger\\([^)]*(,\\s*16\\s*)?\\)"));

  /** The lines of {@code source} that parse a value (comments included: keep them clean too). */
  private static List<String> parses(String source) {
    List<String> hits = new ArrayList<>();
    for (String line : source.split("\n", -1)) {
      for (Pattern p : PARSES) {
        if (p.matcher(line).find() && !line.contains("palette.value(")) {
          hits.add(line.strip());
        }
      }
    }
    return hits;
  }

  /**
   * The tour takes handshake values from the typed trace events only: no source of the tour package
   * looks a value up by name in a trace step or parses text back into bytes or numbers. (Narrator's
   * {@code palette.value(text)} colours text; it reads no trace.)
   */
  @Test
  void tourSources_readTypedEvents_neverParseTraceStrings() throws Exception {
    // the scan finds what the chapter used to do
    assertThat(parses("BigInteger p = new BigInteger(t.value(pq, \"p\"));")).isNotEmpty();
    assertThat(parses("long x = Long.parseLong(t.value(s, \"server_time\"));")).isNotEmpty();
    assertThat(parses("byte[] b = Hex.decode(value(s, name));")).isNotEmpty();
    assertThat(parses("for (TraceValue v : step.values()) {")).isNotEmpty();
    assertThat(parses("long id = clientKey.authKeyId().value();")).isEmpty();

    Path dir = Path.of("src/main/java/org/mtlab/cli/tour");
    assertThat(dir).isDirectory();
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(sources).hasSizeGreaterThan(10);
    boolean readsTheTrace = false;
    for (Path f : sources) {
      String source = Files.readString(f, StandardCharsets.UTF_8);
      readsTheTrace |= source.contains("TraceEvent.");
      assertThat(parses(source)).as("%s parses a value", f.getFileName()).isEmpty();
    }
    assertThat(readsTheTrace).isTrue();
  }

  // --- the values are right -----------------------------------------------------------

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 99})
  void values_agreeWithAnIndependentComputation(long seed) throws Exception {
    JsonObject tour = Cli.run("tour", "--json", "--seed", Long.toString(seed)).assertOk().json();
    byte[] authKey = hex(tour, "The auth key", "auth_key");
    assertThat(authKey).hasSize(256);

    // auth_key_id = SHA1(auth_key)[12:20], aux hash = SHA1(auth_key)[0:8]
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(authKey);
    assertThat(hex(tour, "auth_key_id and the aux hash", "auth_key_id"))
        .isEqualTo(Arrays.copyOfRange(sha1, 12, 20));
    assertThat(hex(tour, "auth_key_id and the aux hash", "auth_key_aux_hash"))
        .isEqualTo(Arrays.copyOfRange(sha1, 0, 8));

    // The padded plaintext has the MTProto 2.0 layout.
    byte[] padded = hex(tour, "Padding", "padded_plaintext");
    ByteBuffer b = ByteBuffer.wrap(padded).order(ByteOrder.LITTLE_ENDIAN);
    long salt = b.getLong();
    long session = b.getLong();
    long msgId = b.getLong();
    int seqNo = b.getInt();
    int length = b.getInt();
    assertThat(le(salt)).isEqualTo(hex(tour, "The message and its header", "server_salt"));
    assertThat(le(session)).isEqualTo(hex(tour, "The message and its header", "session_id"));
    assertThat(msgId).isEqualTo(value(tour, "The message and its header", "msg_id").getAsLong());
    assertThat(msgId & 3).as("client msg_id divisible by 4").isZero();
    assertThat(seqNo).isEqualTo(1);
    byte[] data = hex(tour, "The message and its header", "message_data");
    assertThat(length).isEqualTo(data.length);
    assertThat(Arrays.copyOfRange(padded, 32, 32 + length)).isEqualTo(data);
    int padding = padded.length - 32 - length;
    assertThat(padding).isBetween(12, 1024);
    assertThat(padded.length % 16).isZero();

    // msg_key = SHA256(auth_key[88+x : 120+x] + padded)[8:24]
    byte[] msgKey = hex(tour, "msg_key", "msg_key");
    assertThat(msgKey).isEqualTo(msgKey(authKey, 0, padded));
    byte[] serverMsgKey = hex(tour, "The other direction", "msg_key");
    assertThat(serverMsgKey).isEqualTo(msgKey(authKey, 8, padded));

    // aes_key / aes_iv per MTProto 2.0, for both directions.
    byte[][] client = kdf2(authKey, msgKey, 0);
    assertThat(hex(tour, "aes_key and aes_iv", "aes_key")).isEqualTo(client[0]);
    assertThat(hex(tour, "aes_key and aes_iv", "aes_iv")).isEqualTo(client[1]);
    byte[][] server = kdf2(authKey, serverMsgKey, 8);
    assertThat(hex(tour, "The other direction", "aes_key")).isEqualTo(server[0]);
    assertThat(hex(tour, "The other direction", "aes_iv")).isEqualTo(server[1]);

    // The ciphertext decrypts (with a textbook IGE on the JDK's AES) to the padded plaintext,
    // and the frame is auth_key_id + msg_key + ciphertext.
    byte[] ciphertext = hex(tour, "AES-256-IGE encryption", "ciphertext");
    assertThat(igeDecrypt(client[0], client[1], ciphertext)).isEqualTo(padded);
    byte[] frame = hex(tour, "AES-256-IGE encryption", "frame");
    assertThat(frame).isEqualTo(concat(Arrays.copyOfRange(sha1, 12, 20), msgKey, ciphertext));
    assertThat(value(tour, "Decryption and the msg_key check", "msg_key_matches").getAsBoolean())
        .isTrue();
    assertThat(value(tour, "A flipped bit", "msg_key_matches").getAsBoolean()).isFalse();

    // MTProto 1.0: msg_key = SHA1(plaintext without padding)[4:20], SHA-1 key derivation.
    byte[] v1MsgKey = hex(tour, "MTProto 1.0, for comparison", "msg_key");
    assertThat(v1MsgKey)
        .isEqualTo(
            Arrays.copyOfRange(
                MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(padded, 32 + length)),
                4,
                20));
    byte[][] v1 = kdf1(authKey, v1MsgKey, 0);
    assertThat(hex(tour, "MTProto 1.0, for comparison", "aes_key")).isEqualTo(v1[0]);
    assertThat(hex(tour, "MTProto 1.0, for comparison", "aes_iv")).isEqualTo(v1[1]);
  }

  // --- independent helpers (JDK only) --------------------------------------------------

  private static JsonObject step(JsonObject tour, String title) {
    for (JsonElement c : tour.getAsJsonArray("chapters")) {
      for (JsonElement s : c.getAsJsonObject().getAsJsonArray("steps")) {
        if (s.getAsJsonObject().get("title").getAsString().equals(title)) {
          return s.getAsJsonObject();
        }
      }
    }
    throw new AssertionError("no step titled " + title);
  }

  private static JsonElement value(JsonObject tour, String title, String name) {
    JsonElement v = step(tour, title).getAsJsonObject("values").get(name);
    assertThat(v).as("value %s of step %s", name, title).isNotNull();
    return v;
  }

  private static byte[] hex(JsonObject tour, String title, String name) {
    String s = value(tour, title, name).getAsString();
    assertThat(s).matches("[0-9a-f]*");
    return Hex.decode(s);
  }

  private static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
