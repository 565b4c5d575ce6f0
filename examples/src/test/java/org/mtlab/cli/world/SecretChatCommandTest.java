package org.mtlab.cli.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.world.WorldCommandTest.strings;
import static org.mtlab.cli.world.WorldCommandTest.texts;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.bytes.Hex;
import org.mtlab.tl.TlReader;

/**
 * {@code mtlab world send --secret}: the devices hold the key, the data centres only the
 * ciphertext; orders from every jurisdiction disclose nothing (docs/security.md K11).
 */
class SecretChatCommandTest {
  static final String HELLO = "the drop is under the third bench";
  static final String REPLY = "understood, tuesday at noon";

  @TempDir Path dir;

  @Test
  void secretChat_endToEnd_andClosedToEveryOrder_K11() throws Exception {
    WorldCli cli = new WorldCli(dir);
    cli.world("init").ok();
    JsonObject sent =
        cli.json("send", "--from", "alice", "--to", "bob", "--text", HELLO, "--secret");
    assertThat(sent.get("chat").getAsString()).isEqualTo("secret:alice:bob");
    assertThat(sent.get("key_epoch").getAsLong()).isZero();
    assertThat(sent.get("secret").getAsBoolean()).isTrue();
    JsonObject bob = cli.json("read", "--user", "bob", "--chat", "secret:alice:bob");
    assertThat(texts(bob.getAsJsonArray("messages"))).containsExactly(HELLO);
    cli.json("send", "--from", "bob", "--to", "alice", "--text", REPLY, "--secret");
    JsonObject alice = cli.json("read", "--user", "alice", "--chat", "alice:bob", "--secret");
    assertThat(texts(alice.getAsJsonArray("messages"))).containsExactly(HELLO, REPLY);
    assertThat(alice.get("key_visualization").getAsString())
        .isEqualTo(bob.get("key_visualization").getAsString())
        .matches("[0-9a-f]{72}");

    JsonObject d =
        cli.json("compel", "--jurisdictions", "NL,CH,SG,BR,IS", "--chat", "secret:alice:bob");
    assertThat(d.get("disclosed").getAsBoolean()).isFalse();
    assertThat(d.get("outcome").getAsString()).isEqualTo("SECRET_CHAT");
    assertThat(d.get("reason").getAsString()).contains("no key any data centre holds");
    assertThat(d.get("ciphertext_released").getAsBoolean()).isTrue();
    assertThat(d.get("shares_released").getAsInt()).isEqualTo(4);
    assertThat(d.getAsJsonArray("messages")).isEmpty();
    // The ciphertext handed over is exactly the rows of the storage database, read here with a
    // connection of our own, and the text output prints the same hex.
    List<String> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storage-NL.db"));
        PreparedStatement ps =
            c.prepareStatement("SELECT idx, body FROM message WHERE chat = ? ORDER BY idx")) {
      ps.setString(1, "secret:alice:bob");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getLong(1)).isEqualTo(stored.size());
          stored.add(HexFormat.of().formatHex(rs.getBytes(2)));
        }
      }
    }
    assertThat(stored).hasSize(2);
    JsonArray ciphertext = d.getAsJsonArray("ciphertext");
    assertThat(ciphertext).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonObject row = ciphertext.get(i).getAsJsonObject();
      String wire = row.get("wire").getAsString();
      assertThat(wire).isEqualTo(stored.get(i));
      assertThat(row.get("index").getAsLong()).isEqualTo(i);
      assertThat(row.get("from").getAsString()).isEqualTo(i == 0 ? "alice" : "bob");
      assertThat(row.get("key_fingerprint").getAsString() + row.get("msg_key").getAsString())
          .hasSize(48)
          .isEqualTo(wire.substring(0, 48));
    }
    // Both rows name the chat key by the same fingerprint: the one key only the devices hold.
    assertThat(ciphertext.get(0).getAsJsonObject().get("key_fingerprint").getAsString())
        .isEqualTo(ciphertext.get(1).getAsJsonObject().get("key_fingerprint").getAsString());
    String text =
        cli.world("compel", "--jurisdictions", "NL", "--chat", "secret:alice:bob").ok().stdout();
    assertThat(text)
        .contains("withheld (SECRET_CHAT)")
        .contains(stored.get(0))
        .contains(stored.get(1));
    JsonObject noStorage =
        cli.json("compel", "--jurisdictions", "CH,SG,BR,IS", "--chat", "secret:alice:bob");
    assertThat(noStorage.get("ciphertext_released").getAsBoolean()).isFalse();
    assertThat(noStorage.getAsJsonArray("ciphertext")).isEmpty();

    JsonObject show = cli.json("show");
    JsonObject chat = show.getAsJsonArray("secret_chats").get(0).getAsJsonObject();
    assertThat(chat.get("chat").getAsString()).isEqualTo("secret:alice:bob");
    assertThat(strings(chat.getAsJsonArray("key_on_devices"))).containsExactly("alice", "bob");
    assertThat(chat.getAsJsonArray("key_in_data_centres")).isEmpty();
    JsonObject storage = show.getAsJsonArray("data_centres").get(0).getAsJsonObject();
    assertThat(storage.get("messages").getAsLong()).isEqualTo(2);
    assertThat(storage.get("data_keys").getAsLong()).isZero();

    // Every database file of every data centre (WAL files included): no 8-byte window of the
    // chat key or of either plaintext.
    byte[] key = chatKey(dir.resolve("devices").resolve("alice.secret-bob.chat"));
    assertThat(key).isEqualTo(chatKey(dir.resolve("devices").resolve("bob.secret-alice.chat")));
    Set<Long> windows = new HashSet<>();
    for (byte[] secret :
        List.of(
            key, HELLO.getBytes(StandardCharsets.UTF_8), REPLY.getBytes(StandardCharsets.UTF_8))) {
      for (int i = 0; i + 8 <= secret.length; i++) {
        windows.add(window(secret, i));
      }
    }
    int scanned = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().contains(".db")) {
          byte[] b = Files.readAllBytes(p);
          for (int i = 0; i + 8 <= b.length; i++) {
            assertThat(windows.contains(window(b, i))).as("%s at %d", p, i).isFalse();
          }
          scanned++;
        }
      }
    }
    assertThat(scanned).isGreaterThanOrEqualTo(5);
  }

  /** The chat key in a device's chat file: its SecretChat state, then TL bytes after 3 ints. */
  private static byte[] chatKey(Path file) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    TlReader r = new TlReader(Hex.decode(p.getProperty("state")));
    r.readInt();
    r.readInt();
    r.readInt();
    byte[] key = r.readBytes();
    assertThat(key).hasSize(256);
    return key;
  }

  private static long window(byte[] b, int i) {
    long v = 0;
    for (int k = 0; k < 8; k++) {
      v = (v << 8) | (b[i + k] & 0xFF);
    }
    return v;
  }
}
