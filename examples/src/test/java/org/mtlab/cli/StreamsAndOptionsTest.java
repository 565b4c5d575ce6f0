package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a review of the command line against docs/cli.md, README.md and each command's --help found
 * wrong (each test failed before its fix), run through the real entry point: lost stdout writes,
 * option clusters, subcommand versions, the --hex input limit, control characters in error lines.
 */
class StreamsAndOptionsTest {
  private static final String K32 =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String AUTH = "00".repeat(256);

  /**
   * Every subcommand's --help lists "-V, --version Print version information and exit.", but only
   * the root command has a version provider: on a subcommand the option prints nothing and exits 0.
   */
  @ParameterizedTest(name = "mtlab {0} --version")
  @ValueSource(
      strings = {
        "tour",
        "ige",
        "ige encrypt",
        "auth-key-id",
        "msg-key",
        "kdf",
        "tmp-aes",
        "new-nonce-hash",
        "msg seal",
        "msg open",
        "pq",
        "handshake"
      })
  void subcommandVersion_printsTheVersion(String path) {
    List<String> args = new ArrayList<>(List.of(path.split(" ")));
    args.add("--version");
    Cli.Result r = Cli.run(args.toArray(new String[0])).assertOk();
    assertThat(r.stdout()).as("stdout of mtlab %s --version", path).startsWith("mtlab ");
  }

  /**
   * "-hex" (a likely typo of --hex) is read as the cluster -h -e -x: help wins, so the command
   * prints its help text on stdout, where the caller expects data, and exits 0. The contract: an
   * unknown option exits 2 with one stderr line naming it.
   */
  @Test
  void singleDashHex_isAUsageError_notHelpOnStdout() {
    Cli.Result r =
        Cli.runWithInput(K32 + "\n", "ige", "encrypt", "-hex", "--key", K32, "--iv", K32);
    r.assertUsageError("-hex");
  }

  /**
   * Writing the result to stdout can fail (full disk, closed pipe). {@code --out} reports that with
   * exit 2; stdout goes through a PrintStream that swallows the IOException, so the command exits 0
   * with its output lost. From a shell: {@code mtlab ige encrypt --key K --iv K --in m.bin >
   * /dev/full; echo $?} prints 0.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ige", "auth-key-id"})
  void stdoutWriteFailure_isNotSuccess(String command) {
    String[] args =
        command.equals("ige")
            ? new String[] {"ige", "encrypt", "--key", K32, "--iv", K32}
            : new String[] {"auth-key-id", "--auth-key", AUTH};
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(full, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, o, e, new ByteArrayInputStream(new byte[64]));
    }
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(exit)
        .as("exit code when stdout cannot be written; stderr: %s", stderr)
        .isNotEqualTo(ExitCode.OK);
    assertThat(stderr.lines().count()).as("stderr: %s", stderr).isEqualTo(1);
  }

  /** The 64 MiB limit is on the data: with --hex, 33 MiB of data is 66 MiB of text. */
  @Test
  void hexInput_limitIsOnTheDataNotTheText() {
    int n = 33 << 20;
    byte[] text = new byte[2 * n + 1];
    java.util.Arrays.fill(text, (byte) '0');
    text[2 * n] = '\n';
    Cli.Result ok = Cli.runWithInput(text, "ige", "encrypt", "--hex", "--key", K32, "--iv", K32);
    ok.assertOk();
    assertThat(ok.stdoutBytes().length).isGreaterThanOrEqualTo(2 * n);

    byte[] tooMuch = new byte[2 * ((64 << 20) + 16)];
    java.util.Arrays.fill(tooMuch, (byte) '0');
    Cli.runWithInput(tooMuch, "ige", "encrypt", "--hex", "--key", K32, "--iv", K32)
        .assertUsageError("larger than 64 MiB");
  }

  /** A control character from the user's input reaches stderr escaped, on one line. */
  @Test
  void controlCharactersInAnErrorLine_areEscaped() {
    Cli.Result r = Cli.run("ige", "encrypt", "--k\u001b[31mey", K32, "--iv", K32);
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.stderr()).doesNotContain("\u001b").contains("--k\\u001b[31mey");
    assertThat(r.stderrLines()).hasSize(1);
  }
}
