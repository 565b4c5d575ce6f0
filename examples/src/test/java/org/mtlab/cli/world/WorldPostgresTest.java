package org.mtlab.cli.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.world.WorldCommandTest.texts;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.testing.TestPostgres;

/**
 * {@code world init --jdbc}: one custodian on a PostgreSQL server the test starts itself, the
 * others on SQLite files; the world works across both (docs/world.md, "Stores").
 */
class WorldPostgresTest {
  @TempDir Path dir;

  @Test
  void aCustodianOnPostgres_takesPartInUnsealingAndDisclosure() throws Exception {
    try (TestPostgres pg = TestPostgres.start()) {
      String url = pg.newDatabase("custodian_ch");
      WorldCli cli = new WorldCli(dir);
      JsonObject init = cli.json("init", "--jdbc", "CH=" + url);
      String shown = init.getAsJsonObject("stores").get("CH").getAsString();
      assertThat(shown).startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain("user=");
      assertThat(Files.exists(dir.resolve("custodian-CH.db"))).isFalse();
      cli.world("send", "--from", "alice", "--to", "bob", "--text", "on two kinds of store").ok();
      // Unsealing above took CH's share from PostgreSQL; so does this order.
      JsonObject d = cli.json("compel", "--jurisdictions", "NL,CH,SG,BR", "--chat", "alice:bob");
      assertThat(d.get("disclosed").getAsBoolean()).isTrue();
      assertThat(texts(d.getAsJsonArray("messages"))).containsExactly("on two kinds of store");
      JsonObject show = cli.json("show");
      JsonObject ch = show.getAsJsonArray("data_centres").get(1).getAsJsonObject();
      assertThat(ch.get("jurisdiction").getAsString()).isEqualTo("CH");
      assertThat(ch.get("location").getAsString()).startsWith("jdbc:postgresql:");
      assertThat(cli.json("audit", "--verify").get("ok").getAsBoolean()).isTrue();
    }
  }
}
