package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.Hex;

/** {@code ige encrypt|decrypt} through files, stdin/stdout, raw bytes and --hex text. */
class IgeIoTest {
  private static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void roundTrip_viaFiles(long seed, @TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    String key = Hex.encode(bytes(random, 32));
    String iv = Hex.encode(bytes(random, 32));
    byte[] plain = bytes(random, 16 * (1 + random.nextInt(300)));
    Path in = dir.resolve("plain.bin");
    Path enc = dir.resolve("cipher.bin");
    Path dec = dir.resolve("back.bin");
    Files.write(in, plain);
    Files.write(dec, new byte[] {1, 2, 3}); // --out overwrites

    Cli.Result e =
        Cli.run(
                "ige",
                "encrypt",
                "--key",
                key,
                "--iv",
                iv,
                "--in",
                in.toString(),
                "--out",
                enc.toString())
            .assertOk();
    assertThat(e.stdoutBytes()).isEmpty();
    Cli.run(
            "ige",
            "decrypt",
            "--key",
            key,
            "--iv",
            iv,
            "--in",
            enc.toString(),
            "--out",
            dec.toString())
        .assertOk();

    assertThat(Files.readAllBytes(enc)).hasSize(plain.length).isNotEqualTo(plain);
    assertThat(Files.readAllBytes(dec)).isEqualTo(plain);
    // The same through stdin and stdout.
    assertThat(
            Cli.runWithInput(plain, "ige", "encrypt", "--key", key, "--iv", iv)
                .assertOk()
                .stdoutBytes())
        .isEqualTo(Files.readAllBytes(enc));
  }

  @Test
  void vector_viaFiles(@TempDir Path dir) throws Exception {
    JsonObject v = null;
    for (JsonObject c : Vectors.generated("aes256_ige.json")) {
      if (v == null
          || c.get("plaintext").getAsString().length()
              > v.get("plaintext").getAsString().length()) {
        v = c;
      }
    }
    Path in = dir.resolve("p.hex");
    Path out = dir.resolve("c.hex");
    // Hex text with line breaks every 64 digits and upper case: whitespace and case are fine.
    String hex =
        v.get("plaintext").getAsString().toUpperCase(Locale.ROOT).replaceAll("(.{64})", "$1\n");
    Files.writeString(in, hex);
    Cli.run(
            "ige",
            "encrypt",
            "--hex",
            "--key",
            v.get("key").getAsString(),
            "--iv",
            v.get("iv").getAsString(),
            "--in",
            in.toString(),
            "--out",
            out.toString())
        .assertOk();
    assertThat(Files.readString(out)).isEqualTo(v.get("ciphertext").getAsString() + "\n");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4, 5})
  void roundTrip_viaStdinHex(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String key = Hex.encode(bytes(random, 32));
    String iv = Hex.encode(bytes(random, 32));
    String plain = Hex.encode(bytes(random, 16 * (1 + random.nextInt(64))));
    String cipher =
        Cli.runWithInput(plain, "ige", "encrypt", "--hex", "--key", key, "--iv", iv)
            .assertOk()
            .stdout();
    assertThat(cipher).matches("[0-9a-f]+\n").isNotEqualTo(plain + "\n");
    String back =
        Cli.runWithInput(cipher, "ige", "decrypt", "--hex", "--key", key, "--iv", iv)
            .assertOk()
            .stdout();
    assertThat(back).isEqualTo(plain + "\n");
    JsonObject json =
        Cli.runWithInput(cipher, "ige", "decrypt", "--hex", "--json", "--key", key, "--iv", iv)
            .assertOk()
            .json();
    assertThat(json.keySet()).containsExactly("plaintext");
    assertThat(json.get("plaintext").getAsString()).isEqualTo(plain);
  }

  @Test
  void emptyInput_isANoOp() {
    String k = "11".repeat(32);
    assertThat(Cli.run("ige", "encrypt", "--key", k, "--iv", k).assertOk().stdoutBytes()).isEmpty();
    assertThat(Cli.run("ige", "decrypt", "--hex", "--key", k, "--iv", k).assertOk().stdout())
        .isEqualTo("\n");
    assertThat(
            Cli.run("ige", "encrypt", "--json", "--key", k, "--iv", k)
                .assertOk()
                .json()
                .get("ciphertext")
                .getAsString())
        .isEmpty();
  }
}
