package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.Vectors.sender;
import static org.mtlab.cli.Vectors.str;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every primitive command against vectors nobody here chose: {@code generated/} (OpenSSL and
 * hashlib) and {@code published/} (other implementations, Telegram's sample pages).
 */
class PrimitiveVectorsTest {

  // --- ige -------------------------------------------------------------------------------

  static Stream<Arguments> igeCases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("aes256_ige.json")) {
      out.add(
          Arguments.of(
              "generated #" + i++ + " (" + str(c, "plaintext").length() / 2 + " bytes)", c));
    }
    for (JsonObject v : Vectors.published("aes256_ige.json")) {
      out.add(Arguments.of(str(v, "id"), v));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("igeCases")
  void igeEncrypt_hexOnStdin_matchesVector(String name, JsonObject v) {
    Cli.Result r =
        Cli.runWithInput(
                str(v, "plaintext") + "\n",
                "ige",
                "encrypt",
                "--hex",
                "--key",
                str(v, "key"),
                "--iv",
                str(v, "iv"))
            .assertOk();
    assertThat(r.stdout()).isEqualTo(str(v, "ciphertext") + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("igeCases")
  void igeDecrypt_json_matchesVector(String name, JsonObject v) {
    Cli.Result r =
        Cli.runWithInput(
                str(v, "ciphertext"),
                "ige",
                "decrypt",
                "--hex",
                "--json",
                "--key",
                str(v, "key"),
                "--iv",
                str(v, "iv"))
            .assertOk();
    assertThat(r.json().keySet()).containsExactly("plaintext");
    assertThat(r.json().get("plaintext").getAsString()).isEqualTo(str(v, "plaintext"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("igeCases")
  void igeEncrypt_rawBytes_matchesVector(String name, JsonObject v) {
    Cli.Result r =
        Cli.runWithInput(
                org.mtlab.bytes.Hex.decode(str(v, "plaintext")),
                "ige",
                "encrypt",
                "--key",
                str(v, "key"),
                "--iv",
                str(v, "iv"))
            .assertOk();
    assertThat(r.stdoutBytes()).isEqualTo(org.mtlab.bytes.Hex.decode(str(v, "ciphertext")));
  }

  // --- auth-key-id -----------------------------------------------------------------------

  static Stream<Arguments> authKeyIdCases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("auth_key_id.json")) {
      out.add(Arguments.of("generated #" + i++, str(c, "auth_key"), str(c, "auth_key_id")));
    }
    for (String id : List.of("authkey-ids-grammers", "kdf2-derived-sample-authkey")) {
      JsonObject v = Vectors.published("mtproto2_kdf.json", id);
      out.add(Arguments.of(id, str(v, "auth_key"), str(v, "auth_key_id")));
    }
    JsonObject page = Vectors.published("handshake_kdf.json", "samples-page-2024-extras");
    out.add(
        Arguments.of("samples-page-2024-extras", str(page, "auth_key"), str(page, "auth_key_id")));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authKeyIdCases")
  void authKeyId_matchesVector(String name, String authKey, String expected) {
    Cli.Result r = Cli.run("auth-key-id", "--json", "--auth-key", authKey).assertOk();
    assertThat(r.json().keySet()).containsExactly("auth_key_id");
    assertThat(r.json().get("auth_key_id").getAsString()).isEqualTo(expected);
    Cli.Result text = Cli.run("auth-key-id", "--auth-key", authKey).assertOk();
    assertThat(text.stdout()).startsWith("auth_key_id  " + expected);
  }

  // --- msg-key ---------------------------------------------------------------------------

  static Stream<Arguments> msgKeyCases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("mtproto2_msg_key.json")) {
      out.add(
          Arguments.of(
              "generated #"
                  + i++
                  + " x="
                  + c.get("x").getAsInt()
                  + ", "
                  + str(c, "plaintext").length() / 2
                  + " bytes",
              c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("msgKeyCases")
  void msgKey_matchesVector_orRejectsUnpaddedLength(String name, JsonObject c) {
    Cli.Result r =
        Cli.run(
            "msg-key",
            "--json",
            "--auth-key",
            str(c, "auth_key"),
            "--sender",
            sender(c),
            "--plaintext",
            str(c, "plaintext"));
    if (str(c, "plaintext").length() / 2 < 48) {
      // docs/security.md B14: a plaintext shorter than 32 + 12 bytes cannot be a padded one.
      r.assertUsageError("--plaintext");
      return;
    }
    r.assertOk();
    assertThat(r.json().keySet()).containsExactly("msg_key");
    assertThat(r.json().get("msg_key").getAsString()).isEqualTo(str(c, "msg_key"));
  }

  // --- kdf -------------------------------------------------------------------------------

  static Stream<Arguments> kdfCases() {
    List<Arguments> out = new ArrayList<>();
    for (String version : List.of("mtproto2", "mtproto1")) {
      boolean v1 = version.equals("mtproto1");
      int i = 0;
      for (JsonObject c : Vectors.generated(version + "_kdf.json")) {
        out.add(
            Arguments.of(
                version + " generated #" + i++,
                v1,
                str(c, "auth_key"),
                str(c, "msg_key"),
                sender(c),
                str(c, "aes_key"),
                str(c, "aes_iv")));
      }
    }
    for (String id : List.of("kdf2-grammers-client_to_server", "kdf2-grammers-server_to_client")) {
      JsonObject v = Vectors.published("mtproto2_kdf.json", id);
      out.add(
          Arguments.of(
              id,
              false,
              str(v, "auth_key"),
              str(v, "msg_key"),
              sender(v),
              str(v, "aes_key"),
              str(v, "aes_iv")));
    }
    JsonObject sample = Vectors.published("mtproto2_kdf.json", "kdf2-derived-sample-authkey");
    for (String x : List.of("0", "8")) {
      out.add(
          Arguments.of(
              "kdf2-derived-sample-authkey x=" + x,
              false,
              str(sample, "auth_key"),
              str(sample, "msg_key"),
              x.equals("0") ? "client" : "server",
              str(sample, "x" + x + "_aes_key"),
              str(sample, "x" + x + "_aes_iv")));
    }
    for (String id : List.of("kdf1-gotd-x0", "kdf1-derived-x8")) {
      JsonObject v = Vectors.published("mtproto1_kdf.json", id);
      out.add(
          Arguments.of(
              id,
              true,
              str(v, "auth_key"),
              str(v, "msg_key"),
              sender(v),
              str(v, "aes_key"),
              str(v, "aes_iv")));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kdfCases")
  void kdf_matchesVector(
      String name,
      boolean v1,
      String authKey,
      String msgKey,
      String sender,
      String aesKey,
      String aesIv) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "kdf", "--json", "--auth-key", authKey, "--msg-key", msgKey, "--sender", sender));
    if (v1) {
      args.add("--v1");
    }
    Cli.Result r = Cli.run(args.toArray(new String[0])).assertOk();
    assertThat(r.json().keySet()).containsExactly("aes_key", "aes_iv");
    assertThat(r.json().get("aes_key").getAsString()).isEqualTo(aesKey);
    assertThat(r.json().get("aes_iv").getAsString()).isEqualTo(aesIv);
  }

  // --- tmp-aes ---------------------------------------------------------------------------

  static Stream<Arguments> tmpAesCases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("handshake_tmp_aes.json")) {
      out.add(Arguments.of("generated #" + i++, c, str(c, "server_salt")));
    }
    for (JsonObject v : Vectors.published("handshake_kdf.json")) {
      if (str(v, "id").startsWith("tmp-aes-")) {
        out.add(Arguments.of(str(v, "id"), v, null));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tmpAesCases")
  void tmpAes_matchesVector(String name, JsonObject v, String salt) {
    Cli.Result r =
        Cli.run(
                "tmp-aes",
                "--json",
                "--server-nonce",
                str(v, "server_nonce"),
                "--new-nonce",
                str(v, "new_nonce"))
            .assertOk();
    assertThat(r.json().keySet()).containsExactly("tmp_aes_key", "tmp_aes_iv", "server_salt");
    assertThat(r.json().get("tmp_aes_key").getAsString()).isEqualTo(str(v, "tmp_aes_key"));
    assertThat(r.json().get("tmp_aes_iv").getAsString()).isEqualTo(str(v, "tmp_aes_iv"));
    if (salt != null) {
      assertThat(r.json().get("server_salt").getAsString()).isEqualTo(salt);
    }
  }

  @Test
  void tmpAes_serverSalt_matchesSamplesPage() {
    JsonObject v = Vectors.published("handshake_kdf.json", "samples-page-2024-extras");
    Cli.Result r =
        Cli.run(
                "tmp-aes",
                "--json",
                "--server-nonce",
                str(v, "server_nonce"),
                "--new-nonce",
                str(v, "new_nonce"))
            .assertOk();
    assertThat(r.json().get("server_salt").getAsString()).isEqualTo(str(v, "server_salt_bytes"));
    Cli.Result text =
        Cli.run(
                "tmp-aes",
                "--server-nonce",
                str(v, "server_nonce"),
                "--new-nonce",
                str(v, "new_nonce"))
            .assertOk();
    assertThat(text.stdout()).contains("as a TL long: " + str(v, "server_salt_int64"));
  }

  // --- new-nonce-hash --------------------------------------------------------------------

  static Stream<Arguments> newNonceHashCases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("new_nonce_hash.json")) {
      out.add(Arguments.of("generated #" + i++, c));
    }
    out.add(
        Arguments.of(
            "samples-page-2024-extras",
            Vectors.published("handshake_kdf.json", "samples-page-2024-extras")));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("newNonceHashCases")
  void newNonceHash_matchesVector(String name, JsonObject v) {
    Cli.Result r =
        Cli.run(
                "new-nonce-hash",
                "--json",
                "--new-nonce",
                str(v, "new_nonce"),
                "--auth-key",
                str(v, "auth_key"))
            .assertOk();
    assertThat(r.json().keySet())
        .containsExactly("new_nonce_hash1", "new_nonce_hash2", "new_nonce_hash3");
    for (int n = 1; n <= 3; n++) {
      assertThat(r.json().get("new_nonce_hash" + n).getAsString())
          .isEqualTo(str(v, "new_nonce_hash" + n));
    }
  }

  @ParameterizedTest(name = "new-nonce-hash{0}-grammers")
  @MethodSource("grammersNumbers")
  void newNonceHash_matchesGrammers(int number) {
    JsonObject v = Vectors.published("handshake_kdf.json", "new-nonce-hash" + number + "-grammers");
    assertThat(v.get("number").getAsInt()).isEqualTo(number);
    Cli.Result r =
        Cli.run(
                "new-nonce-hash",
                "--json",
                "--new-nonce",
                str(v, "new_nonce"),
                "--auth-key",
                str(v, "auth_key"))
            .assertOk();
    assertThat(r.json().get("new_nonce_hash" + number).getAsString())
        .isEqualTo(str(v, "new_nonce_hash"));
  }

  static Stream<Integer> grammersNumbers() {
    return Stream.of(1, 2, 3);
  }
}
