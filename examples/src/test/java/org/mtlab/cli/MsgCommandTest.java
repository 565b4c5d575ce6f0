package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.Vectors.str;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.message.MessageSealer;
import org.mtlab.message.SessionPolicy;

/** {@code msg seal} and {@code msg open} against the OpenSSL/hashlib-generated frames. */
class MsgCommandTest {
  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("msg_key bit flipped", "MSG_KEY_MISMATCH"),
          Map.entry("auth_key_id bit flipped", "AUTH_KEY_ID_MISMATCH"),
          Map.entry("first ciphertext byte flipped", "MSG_KEY_MISMATCH"),
          Map.entry("last ciphertext byte flipped", "MSG_KEY_MISMATCH"),
          Map.entry("encrypted part not a multiple of 16", "FRAME_MALFORMED"),
          Map.entry("last block cut off", "MSG_KEY_MISMATCH"),
          Map.entry("frame shorter than auth_key_id and msg_key", "FRAME_MALFORMED"),
          Map.entry("empty frame", "FRAME_MALFORMED"),
          Map.entry("sealed as server to client, opened as client to server", "MSG_KEY_MISMATCH"),
          Map.entry(
              "padding of 8 bytes, under the 12-byte minimum, with a correct msg_key",
              "PADDING_LENGTH"),
          Map.entry(
              "padding of 1040 bytes, over the 1024-byte maximum, with a correct msg_key",
              "PADDING_LENGTH"),
          Map.entry(
              "message_data_length larger than the decrypted payload, with a correct msg_key",
              "LENGTH_FIELD"),
          Map.entry(
              "message_data_length not divisible by 4, with a correct msg_key", "LENGTH_FIELD"),
          Map.entry("message_data_length negative, with a correct msg_key", "LENGTH_FIELD"));

  private static List<JsonObject> frames(String group) {
    JsonArray a =
        Vectors.load("generated/mtproto2_frames.json")
            .getAsJsonObject("cases")
            .getAsJsonArray(group);
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : a) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  static Stream<Arguments> good() {
    return frames("good").stream()
        .map(
            c ->
                Arguments.of(
                    str(c, "sender") + " " + str(c, "message_data").length() / 2 + " bytes", c));
  }

  static Stream<Arguments> bad() {
    return frames("bad").stream().map(c -> Arguments.of(str(c, "why_rejected"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void open_goodFrame_printsEveryField(String name, JsonObject c) {
    Cli.Result r =
        Cli.run(
                "msg",
                "open",
                "--json",
                "--sender",
                str(c, "sender"),
                "--auth-key",
                str(c, "auth_key"),
                "--frame",
                str(c, "frame"))
            .assertOk();
    JsonObject j = r.json();
    assertThat(j.keySet())
        .containsExactly(
            "auth_key_id",
            "msg_key",
            "server_salt",
            "session_id",
            "msg_id",
            "seq_no",
            "message_data");
    assertThat(j.get("auth_key_id").getAsString()).isEqualTo(str(c, "frame").substring(0, 16));
    assertThat(j.get("msg_key").getAsString()).isEqualTo(str(c, "frame").substring(16, 48));
    assertThat(j.get("server_salt").getAsString()).isEqualTo(str(c, "server_salt"));
    assertThat(j.get("session_id").getAsString()).isEqualTo(str(c, "session_id"));
    assertThat(j.get("msg_id").getAsJsonPrimitive().isString()).isTrue();
    assertThat(j.get("msg_id").getAsString()).isEqualTo(str(c, "msg_id"));
    assertThat(j.get("seq_no").getAsString()).isEqualTo(str(c, "seq_no"));
    assertThat(j.get("message_data").getAsString()).isEqualTo(str(c, "message_data"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void seal_withTheVectorsPadding_reproducesTheFrame(String name, JsonObject c) {
    Cli.Result r =
        Cli.run(
                "msg",
                "seal",
                "--json",
                "--sender",
                str(c, "sender"),
                "--auth-key",
                str(c, "auth_key"),
                "--salt",
                str(c, "server_salt"),
                "--session-id",
                str(c, "session_id"),
                "--msg-id",
                str(c, "msg_id"),
                "--seq-no",
                str(c, "seq_no"),
                "--data",
                str(c, "message_data"),
                "--padding",
                str(c, "padding"))
            .assertOk();
    assertThat(r.json().keySet()).containsExactly("frame");
    assertThat(r.json().get("frame").getAsString()).isEqualTo(str(c, "frame"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void open_badFrame_exits3NamingTheCheck(String why, JsonObject c) {
    Cli.Result r =
        Cli.run(
            "msg",
            "open",
            "--sender",
            str(c, "sender"),
            "--auth-key",
            str(c, "auth_key"),
            "--frame",
            str(c, "frame"));
    assertThat(r.exit()).as("exit; stderr %s", r.stderr()).isEqualTo(ExitCode.CHECK_FAILED);
    r.assertOneCleanLine();
    assertThat(r.stderr()).contains(REASONS.get(why));
    assertThat(r.stdoutBytes()).isEmpty();
  }

  @Test
  void seal_randomPadding_opensBackToTheSameFields() {
    JsonObject c = frames("good").get(0);
    String frame =
        Cli.run(
                "msg",
                "seal",
                "--json",
                "--sender",
                str(c, "sender"),
                "--auth-key",
                str(c, "auth_key"),
                "--salt",
                str(c, "server_salt"),
                "--session-id",
                str(c, "session_id"),
                "--msg-id",
                str(c, "msg_id"),
                "--seq-no",
                str(c, "seq_no"),
                "--data",
                str(c, "message_data"))
            .assertOk()
            .json()
            .get("frame")
            .getAsString();
    assertThat(frame).isNotEqualTo(str(c, "frame"));
    JsonObject j =
        Cli.run(
                "msg",
                "open",
                "--json",
                "--sender",
                str(c, "sender"),
                "--auth-key",
                str(c, "auth_key"),
                "--frame",
                frame)
            .assertOk()
            .json();
    assertThat(j.get("message_data").getAsString()).isEqualTo(str(c, "message_data"));
    assertThat(j.get("msg_id").getAsJsonPrimitive().isString()).isTrue();
    assertThat(j.get("msg_id").getAsString()).isEqualTo(str(c, "msg_id"));
  }

  @Test
  void open_withNow_checksTheTimeWindow() {
    JsonObject c = frames("good").get(0);
    long seconds = Long.parseUnsignedLong(str(c, "msg_id")) >>> 32;
    String[] base = {
      "msg",
      "open",
      "--sender",
      str(c, "sender"),
      "--auth-key",
      str(c, "auth_key"),
      "--frame",
      str(c, "frame"),
      "--now"
    };
    SessionPolicy policy = SessionPolicy.standard(); // the window the opener checks
    long past = policy.maxPast().toSeconds();
    long future = policy.maxFuture().toSeconds();
    Cli.run(concat(base, Long.toString(seconds + past))).assertOk();
    Cli.run(concat(base, Long.toString(seconds - future))).assertOk();
    Cli.Result old = Cli.run(concat(base, Long.toString(seconds + past + 1)));
    assertThat(old.exit()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(old.stderr()).contains("MSG_ID_TOO_OLD");
    Cli.Result early = Cli.run(concat(base, Long.toString(seconds - future - 1)));
    assertThat(early.exit()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(early.stderr()).contains("MSG_ID_TOO_NEW");
    Cli.run(concat(base, "yesterday")).assertUsageError("--now");
  }

  @Test
  void openHelp_printsThePolicysWindow_notAFixedOne() {
    SessionPolicy policy = SessionPolicy.standard();
    String help = Cli.run("msg", "open", "--help").assertOk().stdout().replaceAll("\\s+", " ");
    assertThat(help)
        .contains(
            "time window (-"
                + policy.maxPast().toSeconds()
                + " s/+"
                + policy.maxFuture().toSeconds()
                + " s).")
        .contains("padding " + MessageSealer.MIN_PADDING + ".." + MessageSealer.MAX_PADDING)
        .doesNotContain(MsgCommand.Open.WINDOW);
    assertThat(
            MsgCommand.Open.windowText(
                policy.withTimeWindow(Duration.ofSeconds(120), Duration.ofSeconds(5))))
        .isEqualTo("(-120 s/+5 s)");
  }

  @Test
  void seal_badOptions_exit2NamingTheOption() {
    JsonObject c = frames("good").get(0);
    String key = str(c, "auth_key");
    String[] ok = {
      "msg",
      "seal",
      "--sender",
      "client",
      "--auth-key",
      key,
      "--salt",
      "0102030405060708",
      "--session-id",
      "1112131415161718",
      "--seq-no",
      "1"
    };
    Cli.run(concat(ok, "--msg-id", "7454730071002965949", "--data", "01020304"))
        .assertUsageError("--msg-id");
    Cli.run(concat(ok, "--msg-id", "7454730068007321600", "--data", "01020304"))
        .assertUsageError("--msg-id");
    Cli.run(concat(ok, "--msg-id", "-4", "--data", "01020304")).assertUsageError("--msg-id");
    Cli.run(concat(ok, "--msg-id", "7454730071002965948", "--data", "010203"))
        .assertUsageError("--data");
    Cli.run(concat(ok, "--msg-id", "7454730071002965948", "--data", "01020304", "--padding", "00"))
        .assertUsageError("--padding");
    Cli.run(
            concat(
                ok,
                "--msg-id",
                "7454730071002965948",
                "--data",
                "01020304",
                "--padding",
                "00".repeat(13)))
        .assertUsageError("--padding");
    Cli.run(
            "msg",
            "seal",
            "--sender",
            "server",
            "--auth-key",
            key,
            "--salt",
            "01",
            "--session-id",
            "1112131415161718",
            "--seq-no",
            "1",
            "--msg-id",
            "7454730071002965949",
            "--data",
            "01020304")
        .assertUsageError("--salt");
    Cli.run("msg", "open", "--sender", "client", "--auth-key", key, "--frame", "0g")
        .assertUsageError("--frame");
    Cli.run("msg", "open", "--sender", "client", "--auth-key", "00", "--frame", "00")
        .assertUsageError("--auth-key");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
