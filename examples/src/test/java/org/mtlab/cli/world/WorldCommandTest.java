package org.mtlab.cli.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.cli.ExitCode;

/**
 * End to end over a real world folder: every {@code mtlab world} subcommand through the real entry
 * point, on SQLite files (docs/security.md K10, K12, K14, K15).
 */
class WorldCommandTest {
  @TempDir Path dir;
  WorldCli cli;

  @BeforeEach
  void init() {
    cli = new WorldCli(dir);
    JsonObject w = cli.json("init");
    assertThat(w.get("world_id").getAsString()).matches("[0-9a-f]{32}");
    assertThat(w.get("storage").getAsString()).isEqualTo("NL");
    assertThat(strings(w.getAsJsonArray("custodians"))).containsExactly("CH", "SG", "BR", "IS");
    assertThat(w.get("threshold").getAsInt()).isEqualTo(3);
    assertThat(w.get("epoch").getAsLong()).isEqualTo(1);
    assertThat(w.getAsJsonObject("stores").get("CH").getAsString())
        .startsWith("jdbc:sqlite:")
        .endsWith("custodian-CH.db");
    cli.world("send", "--from", "alice", "--to", "bob", "--text", "meet at the harbour").ok();
    cli.world("send", "--from", "bob", "--to", "alice", "--text", "bring the blue folder").ok();
  }

  @Test
  void send_thenRead_theRecipientReadsItsChat() {
    JsonObject sent = cli.json("send", "--from", "alice", "--to", "carol", "--text", "hi carol");
    assertThat(sent.get("chat").getAsString()).isEqualTo("alice:carol");
    assertThat(sent.get("index").getAsLong()).isZero();
    assertThat(sent.get("key_epoch").getAsLong()).isEqualTo(1);
    assertThat(sent.get("secret").getAsBoolean()).isFalse();
    JsonObject read = cli.json("read", "--user", "bob", "--chat", "alice:bob");
    assertThat(texts(read.getAsJsonArray("messages")))
        .containsExactly("meet at the harbour", "bring the blue folder");
    JsonObject first = read.getAsJsonArray("messages").get(0).getAsJsonObject();
    assertThat(first.get("from").getAsString()).isEqualTo("alice");
    assertThat(first.get("to").getAsString()).isEqualTo("bob");
    assertThat(cli.world("read", "--user", "bob", "--chat", "alice:bob").ok().stdout())
        .contains("#1 bob -> alice: bring the blue folder");
    cli.world("read", "--user", "carol", "--chat", "alice:bob")
        .fails(ExitCode.USAGE, "carol is not in chat alice:bob");
  }

  @Test
  void compel_withTMinusOne_t_andEveryJurisdiction_K10() {
    JsonObject few = cli.json("compel", "--jurisdictions", "NL,CH,SG", "--chat", "alice:bob");
    assertThat(few.get("disclosed").getAsBoolean()).isFalse();
    assertThat(few.get("outcome").getAsString()).isEqualTo("TOO_FEW_SHARES");
    assertThat(few.get("shares_released").getAsInt()).isEqualTo(2);
    assertThat(few.get("threshold").getAsInt()).isEqualTo(3);
    assertThat(few.getAsJsonArray("messages")).isEmpty();
    assertThat(few.get("reason").getAsString()).contains("2 of the 3");

    JsonObject t = cli.json("compel", "--jurisdictions", "NL,CH,SG,BR", "--chat", "alice:bob");
    assertThat(t.get("disclosed").getAsBoolean()).isTrue();
    assertThat(t.get("shares_released").getAsInt()).isEqualTo(3);
    assertThat(strings(t.getAsJsonArray("released_by"))).containsExactly("CH", "SG", "BR");
    assertThat(texts(t.getAsJsonArray("messages")))
        .containsExactly("meet at the harbour", "bring the blue folder");

    JsonObject all = cli.json("compel", "--jurisdictions", "NL,CH,SG,BR,IS", "--chat", "alice:bob");
    assertThat(all.get("disclosed").getAsBoolean()).isTrue();
    assertThat(all.get("shares_released").getAsInt()).isEqualTo(4);

    JsonObject foreign =
        cli.json("compel", "--jurisdictions", "CH,SG,BR,IS", "--chat", "alice:bob");
    assertThat(foreign.get("outcome").getAsString()).isEqualTo("NO_CIPHERTEXT");
    assertThat(foreign.getAsJsonArray("messages")).isEmpty();
  }

  @Test
  void rekey_thenOrdersServedBefore_openNothing() {
    cli.json(
        "compel", "--jurisdictions", "NL,CH,SG,BR", "--chat", "alice:bob", "--reference", "case-7");
    JsonObject r = cli.json("rekey");
    assertThat(r.get("old_epoch").getAsLong()).isEqualTo(1);
    assertThat(r.get("epoch").getAsLong()).isEqualTo(2);
    JsonObject show = cli.json("show");
    assertThat(show.get("epoch").getAsLong()).isEqualTo(2);
    for (JsonElement dc : show.getAsJsonArray("data_centres")) {
      JsonObject o = dc.getAsJsonObject();
      if (o.get("role").getAsString().equals("custodian")) {
        assertThat(o.getAsJsonArray("share_epochs").toString()).isEqualTo("[2]");
      }
    }
    cli.world("send", "--from", "alice", "--to", "bob", "--text", "after the rekey").ok();
    // The same orders again: each data centre obeys an order once, so nothing is released.
    JsonObject again =
        cli.json(
            "compel",
            "--jurisdictions",
            "NL,CH,SG,BR",
            "--chat",
            "alice:bob",
            "--reference",
            "case-7");
    assertThat(again.get("disclosed").getAsBoolean()).isFalse();
    assertThat(again.get("shares_released").getAsInt()).isZero();
    assertThat(again.getAsJsonArray("refused")).hasSize(4);
    assertThat(again.getAsJsonArray("refused").get(0).getAsJsonObject().get("check").getAsString())
        .isEqualTo("ORDER_REJECTED");
    // New orders get the new epoch's shares, which open old and new messages alike.
    JsonObject fresh = cli.json("compel", "--jurisdictions", "NL,CH,SG,BR", "--chat", "alice:bob");
    assertThat(texts(fresh.getAsJsonArray("messages")))
        .containsExactly("meet at the harbour", "bring the blue folder", "after the rekey");
  }

  @Test
  void failAndRestore_K15() {
    JsonObject f = cli.json("fail", "--dc", "CH");
    assertThat(f.get("data_centre").getAsString()).isEqualTo("CH");
    assertThat(f.get("online").getAsBoolean()).isFalse();
    cli.world("send", "--from", "alice", "--to", "bob", "--text", "one custodian down").ok();
    cli.world("fail", "--dc", "SG").ok();
    cli.world("send", "--from", "alice", "--to", "bob", "--text", "two down")
        .fails(ExitCode.CHECK_FAILED, "INSUFFICIENT_SHARES");
    cli.world("restore", "--dc", "SG").ok();
    cli.world("fail", "--dc", "NL").ok();
    cli.world("send", "--from", "alice", "--to", "bob", "--text", "storage down")
        .fails(ExitCode.CHECK_FAILED, "NL");
    JsonObject show = cli.json("show");
    assertThat(
            show.getAsJsonArray("data_centres")
                .get(0)
                .getAsJsonObject()
                .get("online")
                .getAsBoolean())
        .isFalse();
    cli.world("restore", "--dc", "NL").ok();
    cli.world("restore", "--dc", "CH").ok();
    assertThat(
            texts(
                cli.json("read", "--user", "bob", "--chat", "alice:bob")
                    .getAsJsonArray("messages")))
        .containsExactly("meet at the harbour", "bring the blue folder", "one custodian down");
    cli.world("audit", "--verify").ok();
  }

  @Test
  void audit_listsTrails_andVerifyNamesAnEditedEntry_K12() throws Exception {
    JsonObject trails = cli.json("audit", "--dc", "NL");
    JsonArray entries =
        trails.getAsJsonArray("trails").get(0).getAsJsonObject().getAsJsonArray("entries");
    assertThat(entries.get(0).getAsJsonObject().get("seq").getAsLong()).isEqualTo(1);
    assertThat(entries.toString()).contains("KEY_SPLIT").contains("STORED");
    JsonObject ok = cli.json("audit", "--verify");
    assertThat(ok.get("ok").getAsBoolean()).isTrue();

    sql("custodian-SG.db", "UPDATE audit SET detail = 'nothing happened' WHERE seq = 2");
    WorldCli.Result broken =
        cli.world("audit", "--verify", "--json").fails(ExitCode.CHECK_FAILED, "AUDIT_CHAIN_BROKEN");
    assertThat(broken.stderr()).contains("data centre SG, entry 2");
    assertThat(broken.json().get("ok").getAsBoolean()).isFalse();
  }

  @Test
  void aDamagedStore_isNamed_K14() throws Exception {
    sql("custodian-BR.db", "UPDATE schema_version SET version = 99");
    WorldCli.Result r = cli.world("show").fails(ExitCode.CHECK_FAILED, "STORE_CORRUPTED");
    assertThat(r.stderr()).contains("BR").contains("custodian-BR.db");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void show_countsWithoutSecrets() {
    JsonObject show = cli.json("show");
    JsonObject storage = show.getAsJsonArray("data_centres").get(0).getAsJsonObject();
    assertThat(storage.get("jurisdiction").getAsString()).isEqualTo("NL");
    assertThat(storage.get("role").getAsString()).isEqualTo("storage");
    assertThat(storage.get("online").getAsBoolean()).isTrue();
    assertThat(storage.get("chats").getAsLong()).isEqualTo(1);
    assertThat(storage.get("messages").getAsLong()).isEqualTo(2);
    assertThat(storage.get("data_keys").getAsLong()).isEqualTo(1);
    assertThat(storage.get("device_keys").getAsLong()).isEqualTo(2);
    assertThat(strings(show.getAsJsonArray("users"))).containsExactly("alice", "bob");
    assertThat(show.getAsJsonArray("secret_chats")).isEmpty();
    assertThat(show.toString()).doesNotContain("harbour");
  }

  private void sql(String file, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
        Statement st = c.createStatement()) {
      assertThat(st.executeUpdate(statement)).isEqualTo(1);
    }
  }

  static List<String> strings(JsonArray a) {
    return a.asList().stream().map(JsonElement::getAsString).toList();
  }

  static List<String> texts(JsonArray messages) {
    return messages.asList().stream()
        .map(m -> m.getAsJsonObject().get("text").getAsString())
        .toList();
  }
}
