package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * docs/security.md C4: arbitrary argument vectors against the real entry point. Shared by the
 * seeded property test and the Jazzer fuzz test.
 */
final class ArgumentVectors {
  static final String[] COMMANDS = {
    "tour",
    "ige",
    "encrypt",
    "decrypt",
    "auth-key-id",
    "msg-key",
    "kdf",
    "tmp-aes",
    "new-nonce-hash",
    "msg",
    "seal",
    "open",
    "help",
    "pq",
    "handshake"
  };
  static final String[] OPTIONS = {
    "--key",
    "--iv",
    "--in",
    "--out",
    "--hex",
    "--json",
    "--auth-key",
    "--sender",
    "--plaintext",
    "--msg-key",
    "--v1",
    "--server-nonce",
    "--new-nonce",
    "--seed",
    "--chapter",
    "--no-color",
    "--pause",
    "--salt",
    "--session-id",
    "--msg-id",
    "--seq-no",
    "--data",
    "--padding",
    "--frame",
    "--now",
    "--help",
    "-h",
    "--version",
    "-V",
    "--",
    "-",
    "--key=",
    "--sender=client",
    "--chapter=1",
    "--seed=-5",
    "-hV",
    "--json=true",
    "--pq",
    "--trace",
    "--temp",
    "--temp=600",
    "--pq=15"
  };
  static final String[] VALUES = {
    "",
    " ",
    "0",
    "1",
    "-1",
    "2",
    "9223372036854775807",
    "9223372036854775808",
    "client",
    "server",
    "CLIENT",
    "x",
    "zz",
    "0x00",
    "@",
    "@nofile",
    "\u0000",
    "\u00e9\u00e9",
    "00 11",
    "--",
    "=",
    "%s%n",
    "\\",
    "\"",
    "\n",
    "NaN"
  };
  private static final int[] HEX_LENGTHS = {0, 1, 15, 16, 17, 31, 32, 33, 48, 64, 255, 256, 257};

  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("mtlab-cli-fuzz");
      Files.write(DIR.resolve("in.bin"), new byte[48]);
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ArgumentVectors() {}

  /** A random argument vector that usually starts with a real command. */
  static List<String> random(SplittableRandom r) {
    List<String> args = new ArrayList<>();
    if (r.nextInt(10) > 0) {
      String c = COMMANDS[r.nextInt(COMMANDS.length)];
      args.add(c);
      if (c.equals("ige") && r.nextInt(4) > 0) {
        args.add(r.nextBoolean() ? "encrypt" : "decrypt");
      }
    }
    int n = r.nextInt(9);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(5)) {
        case 0, 1 -> args.add(OPTIONS[r.nextInt(OPTIONS.length)]);
        case 2 -> args.add("ab".repeat(HEX_LENGTHS[r.nextInt(HEX_LENGTHS.length)]));
        case 3 -> args.add(VALUES[r.nextInt(VALUES.length)]);
        default -> args.add(randomString(r));
      }
    }
    return args;
  }

  private static String randomString(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append((char) (r.nextBoolean() ? 0x20 + r.nextInt(0x5f) : r.nextInt(0x3000)));
    }
    return sb.toString();
  }

  /**
   * Runs {@code args} (with --in and --out pointed into a private temporary directory, so nothing
   * is read from or written to arbitrary paths) and checks C4: the exit code is 0, 2 or 3, a
   * failure prints exactly one line, and nothing prints a stack trace.
   */
  static void check(List<String> original, byte[] stdin) {
    String[] args = sanitise(original);
    Cli.Result r = Cli.runWithInput(stdin, args);
    assertThat(r.exit())
        .as("exit of %s; stderr %s", List.of(args), r.stderr())
        .isIn(ExitCode.OK, ExitCode.USAGE, ExitCode.CHECK_FAILED);
    assertThat(r.stderr())
        .as("stderr of %s", List.of(args))
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    if (r.exit() != ExitCode.OK) {
      r.assertOneCleanLine();
    }
  }

  private static String[] sanitise(List<String> in) {
    String[] out = in.toArray(new String[0]);
    for (int i = 0; i < out.length; i++) {
      String a = out[i];
      if (a.equals("--in") || a.equals("--out")) {
        if (i + 1 < out.length) {
          out[i + 1] = DIR.resolve(a.equals("--in") ? "in.bin" : "out.bin").toString();
          i++;
        }
      } else if (a.startsWith("--in=") || a.startsWith("--out=")) {
        out[i] =
            a.startsWith("--in=")
                ? "--in=" + DIR.resolve("in.bin")
                : "--out=" + DIR.resolve("out.bin");
      }
    }
    return out;
  }
}
