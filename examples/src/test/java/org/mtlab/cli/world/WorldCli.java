package org.mtlab.cli.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtlab.cli.ExitCode;
import org.mtlab.cli.Main;

/** Runs {@code mtlab world ...} in-process through the real entry point, on one folder. */
final class WorldCli {
  private final Path dir;

  WorldCli(Path dir) {
    this.dir = dir;
  }

  /** What one run printed, and its exit code. */
  record Result(int exit, String stdout, String stderr) {
    /** stdout as exactly one JSON object. */
    JsonObject json() {
      return JsonParser.parseString(stdout).getAsJsonObject();
    }

    /** Success, nothing on stderr. */
    Result ok() {
      assertThat(exit).as("exit; stderr: %s", stderr).isEqualTo(ExitCode.OK);
      assertThat(stderr).isEmpty();
      return this;
    }

    /** Exit {@code code} with exactly one clean stderr line containing {@code text}. */
    Result fails(int code, String text) {
      assertThat(exit).as("exit; stdout: %s stderr: %s", stdout, stderr).isEqualTo(code);
      assertThat(stderr.lines().toList()).as("stderr: %s", stderr).hasSize(1);
      assertThat(stderr).contains(text).doesNotContain("Exception").doesNotContain("\tat ");
      return this;
    }
  }

  /** {@code mtlab world COMMAND --dir DIR ARGS...}. */
  Result world(String command, String... args) {
    List<String> all = new ArrayList<>(List.of("world", command, "--dir", dir.toString()));
    all.addAll(List.of(args));
    return run(all.toArray(new String[0]));
  }

  /** {@code world(command, args..., "--json")}, which must succeed, as JSON. */
  JsonObject json(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    return world(command, all.toArray(new String[0])).ok().json();
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, o, e, new ByteArrayInputStream(new byte[0]));
    }
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
