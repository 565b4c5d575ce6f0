package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the real entry point, {@link Main#run}, in-process and captures what it printed. */
final class Cli {
  private Cli() {}

  /**
   * What one run printed, and its exit code. A class, not a record: it holds stdout as bytes,
   * copied in and out. Immutable.
   */
  static final class Result {
    private final int exit;
    private final byte[] stdoutBytes;
    private final String stderr;

    Result(int exit, byte[] stdoutBytes, String stderr) {
      this.exit = exit;
      this.stdoutBytes = stdoutBytes.clone();
      this.stderr = stderr;
    }

    /** The exit code. */
    int exit() {
      return exit;
    }

    /** What went to stdout, as bytes (a copy). */
    byte[] stdoutBytes() {
      return stdoutBytes.clone();
    }

    /** What went to stderr, as UTF-8 text. */
    String stderr() {
      return stderr;
    }

    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** stderr as lines (without the final line break). */
    List<String> stderrLines() {
      if (stderr.isEmpty()) {
        return List.of();
      }
      String s = stderr.endsWith("\n") ? stderr.substring(0, stderr.length() - 1) : stderr;
      return List.of(s.split("\n", -1));
    }

    /** stdout parsed strictly as exactly one JSON object (nothing before or after it). */
    JsonObject json() {
      try (JsonReader reader = new JsonReader(new StringReader(stdout()))) {
        reader.setStrictness(Strictness.STRICT);
        JsonElement e = JsonParser.parseReader(reader);
        assertThat(reader.peek())
            .as("nothing after the JSON object")
            .isEqualTo(JsonToken.END_DOCUMENT);
        assertThat(e.isJsonObject()).as("stdout is one JSON object: %s", stdout()).isTrue();
        return e.getAsJsonObject();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    /** Asserts a usage failure: exit 2, one stderr line naming {@code option}, no trace. */
    Result assertUsageError(String option) {
      assertThat(exit).as("exit code; stderr: %s", stderr).isEqualTo(ExitCode.USAGE);
      assertOneCleanLine();
      assertThat(stderr).contains(option);
      assertThat(stderr).doesNotContain("Exception");
      assertThat(stdoutBytes).as("nothing on stdout").isEmpty();
      return this;
    }

    /** Asserts exactly one stderr line without any trace of a stack trace. */
    Result assertOneCleanLine() {
      assertThat(stderrLines()).as("stderr lines: %s", stderr).hasSize(1);
      assertThat(stderr)
          .endsWith("\n")
          .doesNotContain("\tat ")
          .doesNotContain("at org.")
          .doesNotContain("at picocli.")
          .doesNotContain("at java.");
      return this;
    }

    /** Asserts success with nothing on stderr. */
    Result assertOk() {
      assertThat(exit).as("exit code; stderr: %s", stderr).isEqualTo(ExitCode.OK);
      assertThat(stderr).isEmpty();
      return this;
    }
  }

  static Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  static Result runWithInput(String stdin, String... args) {
    return runWithInput(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  static Result runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, o, e, new ByteArrayInputStream(stdin));
    }
    return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs with an {@link Io} that claims a terminal (colour and interactive as given). */
  static Result runOnTerminal(
      InputStream stdin, boolean colour, boolean interactive, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, new Io(stdin, o, e, colour, interactive));
    }
    return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** A string of {@code n} bytes of hex, all {@code b}. */
  static String hexOf(int n, String b) {
    return b.repeat(n);
  }
}
