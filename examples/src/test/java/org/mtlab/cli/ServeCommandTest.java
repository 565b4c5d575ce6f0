package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code mtlab serve} in-process on a free port, with {@code mtlab connect} against it: the printed
 * key works, pings are answered, and {@code --accept-legacy-clients} prints exactly one warning
 * line on stderr.
 */
class ServeCommandTest {
  private static long pongLines(String stdout) {
    return Arrays.stream(stdout.split("\n"))
        .filter(l -> l.matches("pong \\d+ in [0-9.]+ ms"))
        .count();
  }

  @Test
  void serve_printsItsKey_andConnectGetsPongs() throws Exception {
    try (ServeRun serve = ServeRun.start()) {
      String out = serve.stdout();
      assertThat(out)
          .contains("listening 127.0.0.1:" + serve.port)
          .containsPattern("(?m)^fingerprint [0-9a-f]{16}$")
          .contains("-----BEGIN RSA PUBLIC KEY-----");
      // Printed as its 8 wire bytes (little-endian); as a 64-bit number its first hex digit is
      // not 0, so a client that writes the number in hex without leading zeros still finds it.
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(?m)^fingerprint ([0-9a-f]{16})$").matcher(out);
      assertThat(m.find()).isTrue();
      long fingerprint =
          java.nio.ByteBuffer.wrap(java.util.HexFormat.of().parseHex(m.group(1)))
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .getLong();
      assertThat(fingerprint >>> 60).isNotZero();
      assertThat(serve.e).isEqualTo("65537");
      assertThat(serve.port).isPositive();
      Cli.Result r = serve.connect("--pings", "3").assertOk();
      assertThat(r.stdout()).containsPattern("(?m)^auth key [0-9a-f]{16} in [0-9.]+ ms");
      assertThat(pongLines(r.stdout())).isEqualTo(3);
      assertThat(serve.stderr()).isEmpty();
      assertThat(serve.stop()).isEqualTo(ExitCode.OK);
    }
  }

  @Test
  void acceptLegacyClients_printsOneWarningLine_andStillServes() throws Exception {
    try (ServeRun serve = ServeRun.start("--accept-legacy-clients")) {
      assertThat(serve.stderr()).isEqualTo(ServeCommand.LEGACY_WARNING + "\n");
      assertThat(serve.stderr()).contains("warning").doesNotContain("Exception");
      Cli.Result r =
          serve.connect("--transport", "padded", "--obfuscated", "--pings", "2").assertOk();
      assertThat(pongLines(r.stdout())).isEqualTo(2);
      assertThat(serve.stop()).isEqualTo(ExitCode.OK);
      assertThat(serve.stderr()).isEqualTo(ServeCommand.LEGACY_WARNING + "\n");
    }
  }

  @Test
  void badPort_isAUsageError_beforeAnyKeyIsDrawn() {
    Cli.run("serve", "--port", "70000").assertUsageError("--port");
    Cli.run("serve", "--port", "-1").assertUsageError("--port");
  }
}
