package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Exit codes and the one-line stderr contract: docs/security.md C1 (odd-length or non-hex hex), C2
 * (wrong length), missing and unknown options, unreadable files, exit 3 for a failed check, and one
 * line for anything unexpected.
 */
class UsageErrorTest {
  private static final String K32 = "00".repeat(32);
  private static final String K16 = "00".repeat(16);
  private static final String AUTH = "00".repeat(256);
  private static final String PADDED = "00".repeat(48);

  /** A valid argument vector per command, with the hex option to break in each case. */
  record Valid(String option, int bytes, List<String> args) {
    String[] with(String value) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        out.add(args.get(i));
        if (args.get(i).equals(option)) {
          out.add(value);
          i++;
        }
      }
      return out.toArray(new String[0]);
    }

    @Override
    public String toString() {
      return String.join(" ", args.subList(0, args.get(0).equals("ige") ? 2 : 1)) + " " + option;
    }
  }

  static Stream<Valid> hexOptions() {
    List<String> ige = List.of("ige", "encrypt", "--key", K32, "--iv", K32);
    List<String> igeDecrypt = List.of("ige", "decrypt", "--key", K32, "--iv", K32);
    List<String> akid = List.of("auth-key-id", "--auth-key", AUTH);
    List<String> msgKey =
        List.of("msg-key", "--auth-key", AUTH, "--sender", "client", "--plaintext", PADDED);
    List<String> kdf = List.of("kdf", "--auth-key", AUTH, "--msg-key", K16, "--sender", "server");
    List<String> tmp = List.of("tmp-aes", "--server-nonce", K16, "--new-nonce", K32);
    List<String> nnh = List.of("new-nonce-hash", "--new-nonce", K32, "--auth-key", AUTH);
    return Stream.of(
        new Valid("--key", 32, ige),
        new Valid("--iv", 32, ige),
        new Valid("--key", 32, igeDecrypt),
        new Valid("--iv", 32, igeDecrypt),
        new Valid("--auth-key", 256, akid),
        new Valid("--auth-key", 256, msgKey),
        new Valid("--auth-key", 256, kdf),
        new Valid("--msg-key", 16, kdf),
        new Valid("--server-nonce", 16, tmp),
        new Valid("--new-nonce", 32, tmp),
        new Valid("--new-nonce", 32, nnh),
        new Valid("--auth-key", 256, nnh));
  }

  @ParameterizedTest(name = "{0} valid")
  @MethodSource("hexOptions")
  void validArguments_exit0(Valid v) {
    Cli.Result r = Cli.run(v.args().toArray(new String[0])).assertOk();
    assertThat(r.exit()).isZero();
  }

  @ParameterizedTest(name = "C1 {0}: odd length")
  @MethodSource("hexOptions")
  void c1_oddLengthHex_exit2NamingTheOption(Valid v) {
    Cli.Result r = Cli.run(v.with("0".repeat(2 * v.bytes() - 1))).assertUsageError(v.option());
    assertThat(r.stderr()).contains("odd");
  }

  @ParameterizedTest(name = "C1 {0}: non-hex")
  @MethodSource("hexOptions")
  void c1_nonHexDigit_exit2NamingTheOptionAndOffset(Valid v) {
    String bad = "0".repeat(2 * v.bytes() - 2) + "zz";
    Cli.Result r = Cli.run(v.with(bad)).assertUsageError(v.option());
    assertThat(r.stderr()).contains("offset " + (2 * v.bytes() - 2));
  }

  @ParameterizedTest(name = "C2 {0}: one byte short and one too many")
  @MethodSource("hexOptions")
  void c2_wrongLength_exit2(Valid v) {
    Cli.run(v.with("00".repeat(v.bytes() - 1))).assertUsageError(v.option()).assertOneCleanLine();
    Cli.Result r = Cli.run(v.with("00".repeat(v.bytes() + 1))).assertUsageError(v.option());
    assertThat(r.stderr()).contains(v.bytes() + " bytes");
    Cli.run(v.with("")).assertUsageError(v.option());
  }

  @ParameterizedTest(name = "{0}: missing")
  @MethodSource("hexOptions")
  void missingRequiredOption_exit2NamingIt(Valid v) {
    List<String> args = new ArrayList<>(v.args());
    int at = args.indexOf(v.option());
    args.remove(at + 1);
    args.remove(at);
    Cli.Result r = Cli.run(args.toArray(new String[0])).assertUsageError(v.option());
    assertThat(r.stderr()).containsIgnoringCase("missing");
  }

  @Test
  void unknownOption_exit2NamingIt() {
    Cli.run("auth-key-id", "--auth-key", AUTH, "--frobnicate").assertUsageError("--frobnicate");
    Cli.Result typo = Cli.run("auth-key-id", "--auth-kye", AUTH).assertUsageError("--auth-kye");
    assertThat(typo.stderr()).contains("--auth-key");
  }

  @Test
  void unknownCommand_exit2WithSuggestion() {
    Cli.Result r = Cli.run("tou").assertUsageError("'tou'");
    assertThat(r.stderr()).contains("did you mean");
    assertThat(r.stderr()).contains("tour");
  }

  @Test
  void noCommand_orGroupWithoutSubcommand_exit2() {
    Cli.run().assertUsageError("mtlab tour");
    Cli.run("ige").assertUsageError("encrypt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob", "", "CLIENTS", "0", "8"})
  void badSender_exit2NamingTheOption(String sender) {
    Cli.run("kdf", "--auth-key", AUTH, "--msg-key", K16, "--sender", sender)
        .assertUsageError("--sender");
  }

  @Test
  void sender_isCaseInsensitive() {
    String lower =
        Cli.run("kdf", "--auth-key", AUTH, "--msg-key", K16, "--sender", "server")
            .assertOk()
            .stdout();
    String upper =
        Cli.run("kdf", "--auth-key", AUTH, "--msg-key", K16, "--sender", "SERVER")
            .assertOk()
            .stdout();
    assertThat(upper).isEqualTo(lower);
  }

  @Test
  void msgKey_b14_unpaddedLength_exit2() {
    for (int n : new int[] {16, 32, 47, 49, 63}) {
      Cli.run("msg-key", "--auth-key", AUTH, "--sender", "client", "--plaintext", "00".repeat(n))
          .assertUsageError("--plaintext");
    }
  }

  @Test
  void ige_unreadableInput_exit2NamingIt(@TempDir Path dir) {
    Cli.Result missing =
        Cli.run(
                "ige",
                "encrypt",
                "--key",
                K32,
                "--iv",
                K32,
                "--in",
                dir.resolve("nope.bin").toString())
            .assertUsageError("--in");
    assertThat(missing.stderr()).contains("no such file");
    Cli.Result directory =
        Cli.run("ige", "encrypt", "--key", K32, "--iv", K32, "--in", dir.toString())
            .assertUsageError("--in");
    assertThat(directory.stderr()).contains("directory");
  }

  @Test
  void ige_unwritableOutput_exit2NamingIt(@TempDir Path dir) {
    Cli.runWithInput(
            new byte[16],
            "ige",
            "encrypt",
            "--key",
            K32,
            "--iv",
            K32,
            "--out",
            dir.resolve("no/such/dir/out.bin").toString())
        .assertUsageError("--out");
  }

  @Test
  void ige_dataNotWholeBlocks_exit2() {
    Cli.Result r =
        Cli.runWithInput(new byte[17], "ige", "encrypt", "--key", K32, "--iv", K32)
            .assertUsageError("stdin");
    assertThat(r.stderr()).contains("16");
    Cli.runWithInput("00ff0", "ige", "decrypt", "--hex", "--key", K32, "--iv", K32)
        .assertUsageError("stdin");
    Cli.runWithInput("00 ff\nzz", "ige", "decrypt", "--hex", "--key", K32, "--iv", K32)
        .assertUsageError("offset 6");
  }

  @Test
  void ige_jsonWithOut_exit2(@TempDir Path dir) {
    Cli.runWithInput(
            new byte[16],
            "ige",
            "encrypt",
            "--json",
            "--key",
            K32,
            "--iv",
            K32,
            "--out",
            dir.resolve("x").toString())
        .assertUsageError("--out");
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }

  @Test
  void atFiles_areNotExpanded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("args");
    Files.writeString(file, "--version");
    Cli.run("@" + file).assertUsageError("@" + file);
  }

  @Test
  void tour_badChapterOrSeed_exit2() {
    Cli.run("tour", "--chapter", "0").assertUsageError("--chapter");
    Cli.run("tour", "--chapter", "99").assertUsageError("--chapter");
    Cli.run("tour", "--chapter", "-1").assertUsageError("--chapter");
    Cli.run("tour", "--chapter", "one").assertUsageError("--chapter");
    Cli.run("tour", "--seed", "x").assertUsageError("--seed");
  }

  // --- exit 3 and unexpected failures, through test-only subcommands ---------------------

  @Command(name = "failing-check")
  static final class FailingCheck extends CliCommand {
    @Override
    public Integer call() throws Exception {
      throw new CheckFailedException(CheckReason.MSG_KEY_MISMATCH);
    }
  }

  @Command(name = "buggy")
  static final class Buggy extends CliCommand {
    @Override
    public Integer call() {
      throw new IllegalStateException("boom\nsecond line");
    }
  }

  private static Cli.Result runWithExtra(Object extra, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Io io = Io.plain(new ByteArrayInputStream(new byte[0]), o, e);
    CommandLine cl = Main.commandLine(io);
    cl.addSubcommand(extra);
    Main.configure(cl, io);
    int exit = Main.execute(cl, args, io);
    return new Cli.Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void checkFailed_exit3WithOneLineNamingTheCheck() {
    Cli.Result r = runWithExtra(new FailingCheck(), "failing-check");
    assertThat(r.exit()).isEqualTo(ExitCode.CHECK_FAILED);
    r.assertOneCleanLine();
    assertThat(r.stderr())
        .contains("MSG_KEY_MISMATCH")
        .contains(CheckReason.MSG_KEY_MISMATCH.description());
  }

  @Test
  void unexpectedException_oneLineAndNonZeroExit_noStackTrace() {
    Cli.Result r = runWithExtra(new Buggy(), "buggy");
    assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL);
    r.assertOneCleanLine();
    assertThat(r.stderr()).contains("internal error").contains("boom; second line");
  }
}
