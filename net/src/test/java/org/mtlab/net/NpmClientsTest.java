package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.key.AuthKeyId;

/**
 * Unmodified third-party MTProto clients from npm against an in-process MTLab server over TCP:
 * mtcute ({@code @mtcute/node}) through its client, which creates an auth key and gets its pings
 * answered over intermediate, obfuscated padded intermediate and obfuscated abridged; and GramJS
 * ({@code telegram}) through its own low-level sender, which the strict server refuses (legacy
 * inner data) and a server with {@link MtprotoServer.Builder#acceptLegacyClients(boolean)} serves
 * over full, abridged and obfuscated abridged. mtcute with its key registered as "old" uses the
 * encryption from before RSA_PAD, likewise refused by the strict server and served by the legacy
 * one. Each has MTLab's public key added to its key table at run time. Versions are pinned by the
 * committed {@code package-lock.json}, installed with {@code npm ci} into {@code
 * net/target/npm-clients}.
 *
 * <p>Without {@code node} and {@code npm} on the PATH the tests are skipped with a message, unless
 * the system property {@code mtlab.requireNode} is true (as in CI), which makes that a failure.
 */
class NpmClientsTest {
  private static final long NPM_TIMEOUT_MINUTES = 10;
  private static final long CLIENT_TIMEOUT_SECONDS = 60;
  private static final int PINGS = 3;

  private static Path work;
  private static ServerRsaKeyPair keyPair;
  private static MtprotoServer server;
  private static MtprotoServer legacyServer;

  @BeforeAll
  static void install() throws Exception {
    boolean required = Boolean.getBoolean("mtlab.requireNode");
    boolean present = runs("node", "--version") && runs("npm", "--version");
    if (required && !present) {
      throw new IllegalStateException(
          "node and npm are required (mtlab.requireNode=true) but were not found on the PATH");
    }
    assumeTrue(present, "node or npm not found on the PATH: npm client tests skipped");
    Path src = Paths.get(System.getProperty("mtlab.nodeDir", "src/test/node"));
    work = Paths.get(System.getProperty("mtlab.npmWorkDir", "target/npm-clients"));
    Files.createDirectories(work);
    try (var files = Files.list(src)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          Files.copy(p, work.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (!Files.isDirectory(work.resolve("node_modules/telegram"))
        || !Files.isDirectory(work.resolve("node_modules/@mtcute/node"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("npm-ci.log").toFile())
              .start();
      assertThat(npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
      assertThat(npm.exitValue()).as("npm ci exit code (see " + work + "/npm-ci.log)").isZero();
    }
    keyPair = TestKeys.generate(7);
    server = MtprotoServer.builder(keyPair).port(0).start();
    legacyServer = MtprotoServer.builder(keyPair).port(0).acceptLegacyClients(true).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (legacyServer != null) {
      legacyServer.close();
    }
  }

  private static boolean runs(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JsonObject runClient(String script, String transport, String... extra)
      throws Exception {
    return run(server, true, script, transport, extra);
  }

  private static JsonObject run(
      MtprotoServer target, boolean expectSuccess, String script, String transport, String... extra)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "node",
                script,
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(target.port()),
                "--transport",
                transport,
                "--n",
                keyPair.publicKey().modulus().toString(16),
                "--e",
                keyPair.publicKey().exponent().toString(),
                "--pings",
                Integer.toString(PINGS)));
    cmd.addAll(List.of(extra));
    Path out = Files.createTempFile(work, "out", ".json");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(work.resolve(script + "-" + transport + ".err").toFile())
            .start();
    boolean finished = p.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8).trim();
    Files.delete(out);
    assertThat(finished).as("%s %s finished; output: %s", script, transport, text).isTrue();
    assertThat(p.exitValue() == 0)
        .as("%s %s exit code %d; output: %s", script, transport, p.exitValue(), text)
        .isEqualTo(expectSuccess);
    String last = text.substring(text.lastIndexOf('\n') + 1);
    return JsonParser.parseString(last).getAsJsonObject();
  }

  private static void assertKeyAndPongs(JsonObject r) {
    assertKeyAndPongs(server, r);
  }

  private static void assertKeyAndPongs(MtprotoServer target, JsonObject r) {
    assertThat(r.get("authKey").getAsBoolean()).isTrue();
    long id = Long.parseUnsignedLong(r.get("authKeyId").getAsString(), 16);
    assertThat(target.keys().contains(new AuthKeyId(Long.reverseBytes(id))))
        .as("server holds the key the client made")
        .isTrue();
    assertThat(r.get("pongs").getAsInt()).isEqualTo(PINGS);
  }

  /**
   * GramJS 2.26.22 sends the legacy p_q_inner_data (no DC) under RSA_PAD. The strict server refuses
   * it at req_DH_params with the uniform transport error -404, over every framing GramJS has.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"full", "abridged", "obfuscated"})
  void gramjsIsRefusedByTheStrictServerWith404(String transport) throws Exception {
    int keysBefore = server.keys().size();
    JsonObject r = run(server, false, "gramjs-client.cjs", transport);
    assertThat(r.get("error").getAsString()).contains("HTTP code 404");
    assertThat(server.keys().size()).isEqualTo(keysBefore);
  }

  /**
   * With the compatibility option on, GramJS's legacy p_q_inner_data is accepted (the key is for
   * the server's DC) and its pings answered, over full, abridged and obfuscated abridged.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"full", "abridged", "obfuscated"})
  void gramjsCreatesAKeyOnTheLegacyServer(String transport) throws Exception {
    JsonObject r = run(legacyServer, true, "gramjs-client.cjs", transport);
    assertKeyAndPongs(legacyServer, r);
  }

  /** mtcute with an "old" key encrypts without RSA_PAD: refused, unless the option is on. */
  @Test
  void mtcuteWithTheOldRsaEncryption() throws Exception {
    int keysBefore = server.keys().size();
    JsonObject refused =
        run(
            server,
            false,
            "mtcute-client.mjs",
            "intermediate",
            "--legacy-rsa",
            "--timeout-ms",
            "5000");
    assertThat(refused.has("error")).isTrue();
    assertThat(server.keys().size()).isEqualTo(keysBefore);
    JsonObject r =
        run(legacyServer, true, "mtcute-client.mjs", "obfuscated-padded", "--legacy-rsa");
    assertThat(r.get("legacyRsa").getAsBoolean()).isTrue();
    assertKeyAndPongs(legacyServer, r);
  }

  @Test
  void mtcuteOverIntermediate() throws Exception {
    JsonObject r = runClient("mtcute-client.mjs", "intermediate");
    assertKeyAndPongs(r);
    assertThat(r.getAsJsonObject("rpcError").get("code").getAsInt()).isEqualTo(400);
  }

  @Test
  void mtcuteOverObfuscatedPaddedIntermediate() throws Exception {
    assertKeyAndPongs(runClient("mtcute-client.mjs", "obfuscated-padded"));
  }

  @Test
  void mtcuteOverObfuscatedAbridged() throws Exception {
    assertKeyAndPongs(runClient("mtcute-client.mjs", "obfuscated-abridged"));
  }
}
