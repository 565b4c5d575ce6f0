package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.JdkOracle.concat;
import static org.mtlab.cli.JdkOracle.igeDecrypt;
import static org.mtlab.cli.JdkOracle.kdf2;
import static org.mtlab.cli.JdkOracle.sha1;
import static org.mtlab.cli.JdkOracle.sha256;

import com.google.common.base.Splitter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.KeyVisualization;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.DeviceStore;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.KeyShare;
import org.mtlab.keystore.ShamirGf256;
import org.mtlab.keystore.ShamirShare;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldStores;

/**
 * Chapters 4 to 7 of {@code mtlab tour}: every value they print agrees with the worlds they leave
 * behind ({@code --keep}), read independently here (plain JDBC, our reference Shamir {@link
 * ShamirGf256} where the tour uses Bouncy Castle's, the JDK's AES-GCM, SHA-1, SHA-256 and a
 * textbook IGE); the outcomes are the library's; the same seed prints the same bytes; and no key
 * appears outside the lines that label it as a secret shown on purpose.
 */
class WorldChaptersTest {
  private static final String[] USERS = {"alice", "bob"};

  @Test
  void values_agreeWithTheKeptWorlds_andTheLibrary(@TempDir Path dir) throws Exception {
    JsonObject tour =
        Cli.run("tour", "--json", "--seed", "5", "--keep", dir.toString()).assertOk().json();
    assertThat(tour.getAsJsonArray("chapters")).hasSize(7);

    // Chapter 4: the row, the wrapped key and the shares are what the files hold; two shares
    // give the master key, which unwraps the data key, which opens the row.
    Path four = dir.resolve("chapter-4");
    String storage = url(four, "storage-NL.db");
    byte[] body = blob(storage, "SELECT body FROM message WHERE chat = 'alice:bob' AND idx = 0");
    assertThat(
            concat(
                hex(tour, "The row in the storage data centre", "nonce"),
                hex(tour, "The row in the storage data centre", "ciphertext"),
                hex(tour, "The row in the storage data centre", "tag")))
        .isEqualTo(body);
    byte[] wrapped = blob(storage, "SELECT wrapped FROM data_key WHERE chat = 'alice:bob'");
    assertThat(hex(tour, "The chat's data key, wrapped", "wrapped_data_key")).isEqualTo(wrapped);
    byte[] worldId = hex(tour, "A world of four data centres", "world_id");
    byte[] dataKeyAad = aad("mtlab/data-key", worldId, "alice:bob", 1, 1);
    byte[] messageAad = aad("mtlab/message", worldId, "alice:bob", 0, 1);
    assertThat(hex(tour, "The chat's data key, wrapped", "associated_data")).isEqualTo(dataKeyAad);
    assertThat(hex(tour, "The row in the storage data centre", "associated_data"))
        .isEqualTo(messageAad);

    List<ShamirShare> shares = new ArrayList<>();
    String[] custodians = {"CH", "SG", "IS"};
    for (int i = 0; i < 3; i++) {
      KeyShare share =
          KeyShare.decode(
              blob(url(four, "custodian-" + custodians[i] + ".db"), "SELECT body FROM share"));
      byte[] y = tail(share.encode(SecretAccess.explicitly()), share.length());
      assertThat(
              hex(
                  tour,
                  "The master key, split 2 of 3",
                  "share_" + (i + 1) + "_" + custodians[i].toLowerCase(Locale.ROOT)))
          .isEqualTo(y);
      shares.add(ShamirShare.of(share.index(), y));
    }
    byte[] master = new ShamirGf256().combine(SecretAccess.explicitly(), shares.subList(0, 2));
    assertThat(
            new ShamirGf256()
                .combine(SecretAccess.explicitly(), List.of(shares.get(0), shares.get(2))))
        .isEqualTo(master);
    assertThat(hex(tour, "Two shares open everything", "master_key")).isEqualTo(master);
    byte[] dataKey = gcmOpen(master, dataKeyAad, wrapped);
    assertThat(hex(tour, "Two shares open everything", "data_key")).isEqualTo(dataKey);
    assertThat(new String(gcmOpen(dataKey, messageAad, body), StandardCharsets.UTF_8))
        .isEqualTo(text(tour, "Two shares open everything", "plaintext"))
        .isEqualTo(text(tour, "A cloud message reaches the server", "text"));
    assertThat(bool(tour, "Two shares open everything", "row_moved_to_index_1_opens")).isFalse();

    // The library agrees: the kept world opens, unseals from its custodians, and bob reads the
    // message; the devices' auth keys are the ones the server wrapped.
    try (World w =
        World.open(
            WorldStores.load(four),
            DeviceStore.inFolder(four.resolve("devices")),
            new SecureRandom(),
            InstantSource.system())) {
      assertThat(w.id().toByteArray()).isEqualTo(worldId);
      w.server().unseal();
      assertThat(w.read(UserId.of("bob"), ChatId.parse("alice:bob")).get(0).text())
          .isEqualTo(text(tour, "A cloud message reaches the server", "text"));
    }
    DeviceStore devices = DeviceStore.inFolder(four.resolve("devices"));
    for (String user : USERS) {
      long keyId = number(storage, "SELECT key_id FROM device_key WHERE usr = '" + user + "'");
      assertThat(devices.load(UserId.of(user)).orElseThrow().authKey().id().value())
          .isEqualTo(keyId);
    }

    // Chapter 5: each disclosure outcome, in order, and the trails' lengths.
    assertThat(text(tour, "An order served on another jurisdiction", "outcome"))
        .isEqualTo("TOO_FEW_SHARES");
    assertThat(text(tour, "An order served on another jurisdiction", "refused_reason"))
        .isEqualTo("ORDER_REJECTED");
    assertThat(text(tour, "The storage jurisdiction and one custodian", "outcome"))
        .isEqualTo("TOO_FEW_SHARES");
    assertThat(text(tour, "Two custodians without the storage jurisdiction", "outcome"))
        .isEqualTo("NO_CIPHERTEXT");
    assertThat(text(tour, "The storage jurisdiction and two custodians", "outcome"))
        .isEqualTo("DISCLOSED");
    assertThat(text(tour, "The storage jurisdiction and two custodians", "message_0"))
        .isEqualTo("alice: The shipment leaves on Tuesday.");
    assertThat(text(tour, "The storage jurisdiction and two custodians", "message_1"))
        .isEqualTo("alice: Bring the blue folder.");
    assertThat(bool(tour, "The operator needs no order", "server_unsealed")).isTrue();
    assertThat(text(tour, "The operator needs no order", "read_1"))
        .isEqualTo("alice: Bring the blue folder.");
    assertThat(
            number(tour, "A re-key makes released shares useless", "opened_by_the_released_shares"))
        .isZero();
    assertThat(number(tour, "A re-key makes released shares useless", "same_orders_refused"))
        .isEqualTo(3);
    Path five = dir.resolve("chapter-5");
    try (World w =
        World.open(
            WorldStores.load(five),
            DeviceStore.inFolder(five.resolve("devices")),
            new SecureRandom(),
            InstantSource.system())) {
      assertThat(w.epoch()).isEqualTo(2);
      for (String dc : new String[] {"NL", "CH", "SG", "IS"}) {
        assertThat(w.audit().trail(Jurisdiction.of(dc)))
            .hasSize(
                (int) number(tour, "The audit trails", dc.toLowerCase(Locale.ROOT) + "_entries"));
      }
      assertThat(w.audit().verify().ok()).isTrue();
    }

    // Chapter 6: the chat key's fingerprint and picture, and the stored row opens under the
    // chat key with x = 0 (textbook IGE and the MTProto 2.0 KDF, here on the JDK).
    byte[] chatKey = hex(tour, "bob accepts: g_b and the key", "chat_key");
    byte[] keySha1 = sha1(chatKey);
    assertThat(hex(tour, "bob accepts: g_b and the key", "key_fingerprint"))
        .isEqualTo(Arrays.copyOfRange(keySha1, 12, 20))
        .isEqualTo(ChatKey.copyOf(chatKey).fingerprint().toBytes().toByteArray());
    byte[] picture = concat(Arrays.copyOf(keySha1, 16), Arrays.copyOf(sha256(chatKey), 20));
    assertThat(text(tour, "The picture both users compare", "hex").replace(" ", ""))
        .isEqualTo(Hex.encode(picture));
    JsonArray grid = value(tour, "The picture both users compare", "picture").getAsJsonArray();
    KeyVisualization v = new KeyVisualization(org.mtlab.bytes.Bytes.copyOf(picture));
    for (int r = 0; r < 12; r++) {
      for (int c = 0; c < 12; c++) {
        int bit = 2 * (r * 12 + c);
        int expected = (picture[bit >>> 3] >>> (bit & 7)) & 3;
        assertThat(grid.get(r).getAsJsonArray().get(c).getAsInt())
            .isEqualTo(expected)
            .isEqualTo(v.cell(r, c));
      }
    }
    byte[] wire =
        blob(
            url(dir.resolve("chapter-6"), "storage-NL.db"),
            "SELECT body FROM message WHERE chat = 'secret:alice:bob' AND idx = 0");
    assertThat(Arrays.copyOf(wire, 8)).isEqualTo(Arrays.copyOfRange(keySha1, 12, 20));
    byte[] msgKey = Arrays.copyOfRange(wire, 8, 24);
    assertThat(hex(tour, "alice's message", "msg_key")).isEqualTo(msgKey);
    byte[][] keyIv = kdf2(chatKey, msgKey, 0);
    byte[] plain = igeDecrypt(keyIv[0], keyIv[1], Arrays.copyOfRange(wire, 24, wire.length));
    assertThat(new String(plain, StandardCharsets.ISO_8859_1))
        .contains(text(tour, "alice's message", "bob_reads"));
    assertThat(text(tour, "Orders from every jurisdiction", "outcome")).isEqualTo("SECRET_CHAT");
    assertThat(bool(tour, "Orders from every jurisdiction", "disclosed")).isFalse();
    assertThat(number(tour, "Orders from every jurisdiction", "messages_disclosed")).isZero();
    // What the storage data centre handed over is the stored row, byte for byte.
    assertThat(hex(tour, "Orders from every jurisdiction", "handed_over")).isEqualTo(wire);
  }

  @Test
  void sameSeed_sameBytes_otherSeed_otherKeys_sameOutcomes() {
    String a = Cli.run("tour", "--json", "--seed", "11").assertOk().stdout();
    String b = Cli.run("tour", "--json", "--seed", "11").assertOk().stdout();
    String c = Cli.run("tour", "--json", "--seed", "12").assertOk().stdout();
    assertThat(a).isEqualTo(b).doesNotContain("mtlab-tour-").contains("$WORLD/chapter-4");
    JsonObject eleven = Cli.run("tour", "--json", "--seed", "11").json();
    JsonObject twelve = com.google.gson.JsonParser.parseString(c).getAsJsonObject();
    for (String[] key :
        new String[][] {
          {"Two shares open everything", "master_key"},
          {"Two shares open everything", "data_key"},
          {"bob accepts: g_b and the key", "chat_key"},
          {"The picture both users compare", "hex"}
        }) {
      assertThat(value(eleven, key[0], key[1])).isNotEqualTo(value(twelve, key[0], key[1]));
    }
    assertThat(outcomes(eleven))
        .isEqualTo(outcomes(twelve))
        .containsExactly(
            "TOO_FEW_SHARES", "TOO_FEW_SHARES", "NO_CIPHERTEXT", "DISCLOSED", "SECRET_CHAT");
  }

  @Test
  void secrets_appearOnlyOnLinesThatLabelThem(@TempDir Path dir) throws Exception {
    String text = Cli.run("tour", "--no-color", "--keep", dir.toString()).assertOk().stdout();
    JsonObject json = Cli.run("tour", "--json").assertOk().json();
    List<byte[]> secrets = new ArrayList<>();
    for (String[] key :
        new String[][] {
          {"Two shares open everything", "master_key"},
          {"Two shares open everything", "data_key"},
          {"bob accepts: g_b and the key", "chat_key"}
        }) {
      secrets.add(hex(json, key[0], key[1]));
    }
    for (String chapter : new String[] {"chapter-4", "chapter-5", "chapter-6"}) {
      DeviceStore devices = DeviceStore.inFolder(dir.resolve(chapter).resolve("devices"));
      for (String user : USERS) {
        secrets.add(
            devices
                .load(UserId.of(user))
                .orElseThrow()
                .authKey()
                .reveal(SecretAccess.explicitly()));
      }
      List<ShamirShare> points = new ArrayList<>();
      for (String custodian : new String[] {"CH", "SG", "IS"}) {
        String url = url(dir.resolve(chapter), "custodian-" + custodian + ".db");
        for (byte[] body : blobs(url, "SELECT body FROM share")) {
          KeyShare s = KeyShare.decode(body);
          byte[] y = tail(s.encode(SecretAccess.explicitly()), s.length());
          secrets.add(y);
          points.add(ShamirShare.of(s.index(), y));
        }
      }
      secrets.add(
          new ShamirGf256()
              .combine(SecretAccess.explicitly(), points)); // this world's current master key
    }
    StringBuilder labelled = new StringBuilder();
    StringBuilder unlabelled = new StringBuilder();
    boolean inSecret = false;
    for (String line : Splitter.on('\n').split(text)) {
      if (line.startsWith("    ") && !line.startsWith("      ")) {
        inSecret = line.contains("(secret");
        (inSecret ? labelled : unlabelled).append(line).append('\n');
      } else if (line.startsWith("      ") && inSecret) {
        labelled.append(line).append('\n');
      } else {
        inSecret = false;
        unlabelled.append(line).append('\n');
      }
    }
    String shown = unlabelled.toString();
    for (byte[] secret : secrets) {
      String h = Hex.encode(secret);
      for (int i = 0; i + 16 <= h.length(); i += 2) {
        assertThat(shown)
            .as("an 8-byte window of a secret outside a labelled line")
            .doesNotContain(h.substring(i, i + 16));
      }
    }
    // The test can fail: the keys shown on purpose are there, on labelled lines.
    for (byte[] s : secrets.subList(0, 3)) {
      assertThat(labelled.toString()).contains(Hex.encode(s).substring(0, 64));
    }
  }

  @Test
  void keep_leavesTheWorldsAndSaysHowToLook_otherwiseTheyAreRemoved(@TempDir Path dir)
      throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<Path> before = tours(tmp);
    JsonObject json = Cli.run("tour", "--json", "--chapter", "4").assertOk().json();
    assertThat(tours(tmp)).isSubsetOf(before);
    assertThat(text(json, "The world as 'mtlab world show' prints it", "inspect"))
        .contains("--keep DIR");

    Path keep = dir.resolve("kept");
    JsonObject kept =
        Cli.run("tour", "--json", "--chapter", "4", "--keep", keep.toString()).assertOk().json();
    assertThat(keep.resolve("chapter-4").resolve("storage-NL.db")).isRegularFile();
    assertThat(keep.resolve("chapter-4").resolve(WorldStores.FILE_NAME)).isRegularFile();
    assertThat(text(kept, "The world as 'mtlab world show' prints it", "inspect"))
        .contains("sqlite3 " + keep + "/chapter-4/storage-NL.db")
        .contains("mtlab world show --dir " + keep + "/chapter-4");
    // A second run refuses to mix worlds in the same folder.
    Cli.Result again = Cli.run("tour", "--chapter", "4", "--keep", keep.toString());
    assertThat(again.exit()).isNotZero();
  }

  // --- helpers ----------------------------------------------------------------------

  private static Set<Path> tours(Path tmp) throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      Set<Path> out = new HashSet<>();
      s.filter(p -> p.getFileName().toString().startsWith("mtlab-tour-")).forEach(out::add);
      return out;
    }
  }

  private static List<String> outcomes(JsonObject tour) {
    List<String> out = new ArrayList<>();
    for (JsonElement c : tour.getAsJsonArray("chapters")) {
      for (JsonElement s : c.getAsJsonObject().getAsJsonArray("steps")) {
        JsonElement o = s.getAsJsonObject().getAsJsonObject("values").get("outcome");
        if (o != null) {
          out.add(o.getAsString());
        }
      }
    }
    return out;
  }

  /** docs/world.md's associated data, written out here from its description. */
  private static byte[] aad(String label, byte[] worldId, String name, long a, long b) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + l.length + 1 + worldId.length + 2 + n.length + 16)
        .order(ByteOrder.BIG_ENDIAN)
        .put((byte) l.length)
        .put(l)
        .put((byte) worldId.length)
        .put(worldId)
        .putShort((short) n.length)
        .put(n)
        .putLong(a)
        .putLong(b)
        .array();
  }

  private static byte[] gcmOpen(byte[] key, byte[] aad, byte[] sealed) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, Arrays.copyOf(sealed, 12)));
    c.updateAAD(aad);
    return c.doFinal(sealed, 12, sealed.length - 12);
  }

  private static byte[] tail(byte[] b, int n) {
    return Arrays.copyOfRange(b, b.length - n, b.length);
  }

  private static String url(Path folder, String file) {
    return "jdbc:sqlite:" + folder.resolve(file).toAbsolutePath();
  }

  private static List<byte[]> blobs(String url, String sql) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    }
    return out;
  }

  private static byte[] blob(String url, String sql) throws Exception {
    List<byte[]> all = blobs(url, sql);
    assertThat(all).as(sql).hasSize(1);
    return all.get(0);
  }

  private static long number(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }

  private static JsonObject step(JsonObject tour, String title) {
    for (JsonElement c : tour.getAsJsonArray("chapters")) {
      for (JsonElement s : c.getAsJsonObject().getAsJsonArray("steps")) {
        if (s.getAsJsonObject().get("title").getAsString().equals(title)) {
          return s.getAsJsonObject();
        }
      }
    }
    throw new AssertionError("no step titled " + title);
  }

  private static JsonElement value(JsonObject tour, String title, String name) {
    JsonElement v = step(tour, title).getAsJsonObject("values").get(name);
    assertThat(v).as("value %s of step %s", name, title).isNotNull();
    return v;
  }

  private static String text(JsonObject tour, String title, String name) {
    return value(tour, title, name).getAsString();
  }

  private static boolean bool(JsonObject tour, String title, String name) {
    return value(tour, title, name).getAsBoolean();
  }

  private static long number(JsonObject tour, String title, String name) {
    return value(tour, title, name).getAsLong();
  }

  private static byte[] hex(JsonObject tour, String title, String name) {
    String s = text(tour, title, name);
    assertThat(s).matches("[0-9a-f]+");
    return Hex.decode(s);
  }
}
