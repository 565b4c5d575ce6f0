package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code --help} on every command exits 0 and shows an example; {@code --version} works. */
class HelpTest {

  /** Every command path of the real tree ("", "ige", "ige encrypt", ...). */
  static Stream<String> commandPaths() {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    CommandLine root =
        Main.commandLine(Io.plain(new ByteArrayInputStream(new byte[0]), sink, sink));
    List<String> out = new ArrayList<>();
    collect(root, "", out);
    return out.stream();
  }

  private static void collect(CommandLine cl, String prefix, List<String> out) {
    out.add(prefix);
    for (CommandLine sub : cl.getSubcommands().values()) {
      collect(sub, (prefix.isEmpty() ? "" : prefix + " ") + sub.getCommandName(), out);
    }
  }

  @Test
  void everyIssue3CommandIsPresent() {
    assertThat(commandPaths())
        .contains(
            "tour",
            "ige encrypt",
            "ige decrypt",
            "auth-key-id",
            "msg-key",
            "kdf",
            "tmp-aes",
            "new-nonce-hash");
  }

  @Test
  void everyIssue5CommandIsPresent() {
    assertThat(commandPaths()).contains("pq", "handshake");
  }

  @ParameterizedTest(name = "mtlab {0} --help")
  @MethodSource("commandPaths")
  void help_exit0_withAnExample(String path) {
    List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
    args.add("--help");
    Cli.Result r = Cli.run(args.toArray(new String[0])).assertOk();
    assertThat(r.stdout()).contains("Usage: mtlab" + (path.isEmpty() ? "" : " " + path));
    assertThat(r.stdout()).contains("Example").contains("  mtlab ");
    assertThat(r.stdout()).doesNotContain("\u001b[");
  }

  @Test
  void shortHelpAndVersion_exit0() {
    assertThat(Cli.run("-h").assertOk().stdout()).contains("Commands:");
    assertThat(Cli.run("--version").assertOk().stdout()).startsWith("mtlab ");
  }
}
