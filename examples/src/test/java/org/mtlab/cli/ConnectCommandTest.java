package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code mtlab connect} against an in-process {@code mtlab serve}: every framing, with and without
 * obfuscated2, exits 0 with its key and pongs; bad arguments are usage errors.
 */
class ConnectCommandTest {
  private static ServeRun serve;

  @BeforeAll
  static void start() throws Exception {
    serve = ServeRun.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
  }

  @ParameterizedTest(name = "{0} obfuscated={1}")
  @CsvSource({
    "abridged,false",
    "intermediate,false",
    "padded,false",
    "full,false",
    "abridged,true",
    "intermediate,true",
    "padded,true"
  })
  void connect_everyTransport_exit0(String transport, boolean obfuscated) {
    Cli.Result r =
        obfuscated
            ? serve.connect("--transport", transport, "--obfuscated", "--pings", "2")
            : serve.connect("--transport", transport, "--pings", "2");
    r.assertOk();
    assertThat(r.stdout())
        .containsPattern("(?m)^auth key [0-9a-f]{16} in [0-9.]+ ms \\(")
        .contains(obfuscated ? ", obfuscated2)" : ")\n");
    assertThat(r.stdout().lines().filter(l -> l.startsWith("pong "))).hasSize(2);
  }

  @Test
  void zeroPings_onlyTheKey() {
    Cli.Result r = serve.connect("--pings", "0").assertOk();
    assertThat(r.stdout().lines()).hasSize(1);
  }

  @Test
  void badArguments_areUsageErrors() {
    serve.connect("--transport", "full", "--obfuscated").assertUsageError("--obfuscated");
    serve.connect("--transport", "tcp").assertUsageError("--transport");
    serve.connect("--pings", "-1").assertUsageError("--pings");
    Cli.run("connect", "nohost", "--n", serve.n).assertUsageError("HOST:PORT");
    Cli.run("connect", "127.0.0.1:0", "--n", serve.n).assertUsageError("port");
    Cli.run("connect", "127.0.0.1:" + serve.port, "--n", "zz").assertUsageError("--n");
  }
}
