package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.CheckReason;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.ChatOutcome;
import org.mtlab.e2e.ChatRole;
import org.mtlab.e2e.KeyFingerprint;
import org.mtlab.e2e.SecretChat;
import org.mtlab.handshake.DhGroup;
import org.mtlab.testing.MutableClock;
import org.mtlab.tl.TlReader;

/**
 * Secret chats in the world: the devices agree on a key with the server only relaying g_a and g_b,
 * the storage data centre keeps only end-to-end ciphertext, the devices decrypt, and no set of
 * orders discloses the chat (docs/security.md K11).
 */
class SecretChatsTest {
  static final String HELLO = "the drop is under the third bench";
  static final String REPLY = "understood, tuesday at noon";

  @TempDir Path dir;
  MutableClock clock;
  World world;
  DeviceChats devices;
  SecretChats chats;
  ChatId chat = ChatId.secret(ALICE, BOB);

  @BeforeEach
  void setUp() throws Exception {
    clock = clock();
    world = sqlite(dir, CONFIG, clock);
    world.register(ALICE);
    world.register(BOB);
    devices = DeviceChats.inFolder(dir.resolve("devices"));
    chats = new SecretChats(world, devices, random("chats"), clock);
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void send_startsTheExchange_andThePeerDecryptsOnItsDevice() throws Exception {
    SentMessage sent = chats.send(ALICE, BOB, HELLO);
    assertThat(sent.chat()).isEqualTo(chat);
    assertThat(sent.keyEpoch()).isZero();
    assertThat(chats.read(BOB, chat)).containsExactly(new SecretMessage(chat, 0, ALICE, HELLO));
    chats.send(BOB, ALICE, REPLY);
    assertThat(chats.read(ALICE, chat))
        .containsExactly(
            new SecretMessage(chat, 0, ALICE, HELLO), new SecretMessage(chat, 1, BOB, REPLY));
    // Reading again gives the same messages: each row is opened once, then kept on the device.
    assertThat(chats.read(BOB, chat)).hasSize(2);
    assertThat(chats.read(BOB, chat)).extracting(SecretMessage::text).containsExactly(HELLO, REPLY);
    assertThat(chats.visualization(ALICE, chat))
        .isPresent()
        .isEqualTo(chats.visualization(BOB, chat));
    assertThat(devices.holders()).containsOnlyKeys(chat);
    assertThat(devices.holders().get(chat)).containsExactly(ALICE, BOB);
  }

  @Test
  void theExchangeIsRelayedNotStored() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    WorldDescription.DataCentreView storage = world.describe().dataCentres().get(0);
    assertThat(storage.role()).isEqualTo(DataCentreRole.STORAGE);
    assertThat(storage.messages()).isEqualTo(1); // g_a and g_b left no row
    assertThat(storage.dataKeys()).isZero(); // and no data key was made for the chat
  }

  @Test
  void theStoredRowIsTheWireValue_whichTheServerCannotRead() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    List<ChatMessage> rows = world.read(BOB, chat);
    assertThat(rows).hasSize(1);
    byte[] wire = rows.get(0).body().toByteArray();
    assertThat(new String(wire, StandardCharsets.ISO_8859_1)).doesNotContain("third bench");
    // key_fingerprint (8) + msg_key (16) + whole blocks of ciphertext
    assertThat((wire.length - 24) % 16).isZero();
    assertThatThrownBy(() -> rows.get(0).text()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void compel_everyJurisdiction_onASecretChat_disclosesNothing_K11() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    chats.send(BOB, ALICE, REPLY);
    Disclosure d = world.compel(orders(chat, clock.instant(), "k11", NL, CH, SG, BR, IS));
    assertThat(d.disclosed()).isFalse();
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.SECRET_CHAT);
    assertThat(d.messages()).isEmpty();
    assertThat(d.ciphertextReleased()).isTrue();
    assertThat(d.sharesReleased()).isEqualTo(4);
    assertThat(d.why()).contains("no key any data centre holds opens it");
  }

  @Test
  void compel_onASecretChat_returnsTheStoredCiphertext_whichOnlyTheRecipientDeviceOpens()
      throws Exception {
    chats.send(ALICE, BOB, HELLO);
    chats.send(ALICE, BOB, REPLY);
    Disclosure d = world.compel(orders(chat, clock.instant(), "ct", NL, CH, SG, BR, IS));
    assertThat(d.disclosed()).isFalse();
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.SECRET_CHAT);
    assertThat(d.ciphertextReleased()).isTrue();
    // Exactly the rows of the storage database, read here on a connection of our own.
    List<byte[]> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("storage-NL.db"));
        PreparedStatement ps =
            c.prepareStatement("SELECT idx, body FROM message WHERE chat = ? ORDER BY idx")) {
      ps.setString(1, chat.text());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getLong(1)).isEqualTo(stored.size());
          stored.add(rs.getBytes(2));
        }
      }
    }
    assertThat(stored).hasSize(2);
    assertThat(d.ciphertext()).extracting(ChatMessage::index).containsExactly(0L, 1L);
    assertThat(d.ciphertext()).extracting(ChatMessage::from).containsOnly(ALICE);
    assertThat(d.ciphertext()).extracting(ChatMessage::chat).containsOnly(chat);
    for (int i = 0; i < stored.size(); i++) {
      assertThat(d.ciphertext().get(i).body().toByteArray()).isEqualTo(stored.get(i));
    }
    // Bob's device (which has not read yet) opens the released bytes themselves.
    DeviceChats.Chat bob = devices.load(BOB, chat, random("bob"), clock).orElseThrow();
    try {
      List<String> texts = new ArrayList<>();
      for (ChatMessage row : d.ciphertext()) {
        ChatOutcome opened = bob.e2e().open(row.body().toByteArray());
        assertThat(opened).isInstanceOf(ChatOutcome.Delivered.class);
        for (org.mtlab.e2e.ChatMessage m : ((ChatOutcome.Delivered) opened).messages()) {
          texts.add(((org.mtlab.e2e.ChatMessage.Text) m).text());
        }
      }
      assertThat(texts).containsExactly(HELLO, REPLY);
      // The wire value names Bob's chat key by its fingerprint...
      assertThat(KeyFingerprint.fromWire(stored.get(0), 0)).isEqualTo(bob.e2e().fingerprint());
    } finally {
      bob.destroy();
    }
    // ...and no key any data centre holds: used as the chat key, each fails the first check.
    List<byte[]> dcKeys = world.secretsForTest();
    assertThat(dcKeys).isNotEmpty();
    for (byte[] k : dcKeys) {
      byte[] asChatKey = Arrays.copyOf(k, ChatKey.LENGTH); // zero-padded where shorter
      SecretChat server =
          SecretChat.create(
              ChatRole.RESPONDER,
              ChatKey.copyOf(asChatKey),
              DhGroup.telegram(),
              random("dc"),
              clock);
      assertThat(reasonOf(() -> server.open(stored.get(0))))
          .isEqualTo(CheckReason.E2E_FINGERPRINT_MISMATCH);
    }
  }

  @Test
  void compel_onASecretChat_withoutTheStorageJurisdiction_returnsNoCiphertext() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    Disclosure d = world.compel(orders(chat, clock.instant(), "no-nl", CH, SG, BR, IS));
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.SECRET_CHAT);
    assertThat(d.ciphertextReleased()).isFalse();
    assertThat(d.ciphertext()).isEmpty();
  }

  @Test
  void noDataCentreHoldsTheChatKeyOrThePlaintexts() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    chats.read(BOB, chat);
    chats.send(BOB, ALICE, REPLY);
    chats.read(ALICE, chat);
    List<byte[]> secrets = new ArrayList<>(world.secretsForTest());
    for (UserId u : List.of(ALICE, BOB)) {
      DeviceChats.Chat side = devices.load(u, chat, random("scan"), clock).orElseThrow();
      secrets.add(chatKey(side.e2e().toState(SecretAccess.explicitly())));
      side.destroy();
    }
    assertThat(secrets.get(secrets.size() - 1)).isEqualTo(secrets.get(secrets.size() - 2));
    WorldStores stores = WorldStores.load(dir);
    // Every row of every data centre: no window of the chat key, a world key or a plaintext.
    LeakScan.assertNoLeaks(CONFIG, secrets, stores, null, List.of(HELLO, REPLY));
    // And every database file (WAL included); only the device files hold the chat key.
    Path onlyDatabases = Files.createDirectory(dir.resolve("scan"));
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (p.getFileName().toString().contains(".db")) {
          Files.copy(p, onlyDatabases.resolve(p.getFileName()));
        }
      }
    }
    try (var files = Files.list(onlyDatabases)) {
      assertThat(files.count()).isGreaterThanOrEqualTo(5);
    }
    LeakScan.assertNoLeaks(CONFIG, secrets, stores, onlyDatabases, List.of(HELLO, REPLY));
  }

  @Test
  void aChatSurvivesReopeningTheWorld() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    world.close();
    world = reopen(dir, clock);
    world.server().unseal();
    SecretChats again =
        new SecretChats(
            world, DeviceChats.inFolder(dir.resolve("devices")), random("again"), clock);
    again.send(BOB, ALICE, REPLY);
    assertThat(again.read(ALICE, chat))
        .extracting(SecretMessage::text)
        .containsExactly(HELLO, REPLY);
  }

  @Test
  void read_withoutAChat_orOfACloudChat_isACallerMistake() {
    assertThatThrownBy(() -> chats.read(BOB, chat))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no key");
    assertThatThrownBy(() -> chats.read(BOB, ChatId.cloud(ALICE, BOB)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a secret chat");
  }

  @Test
  void send_withTheStorageOffline_failsBeforeStoringAnything() throws Exception {
    chats.send(ALICE, BOB, HELLO);
    world.fail(NL);
    assertThatThrownBy(() -> chats.send(ALICE, BOB, REPLY))
        .isInstanceOf(DataCentreOfflineException.class);
    world.restore(NL);
    assertThat(chats.read(BOB, chat)).extracting(SecretMessage::text).containsExactly(HELLO);
  }

  /** The chat key inside a {@code SecretChat} state: magic, version, role, then TL bytes. */
  private static byte[] chatKey(byte[] state) throws Exception {
    TlReader r = new TlReader(state);
    r.readInt();
    r.readInt();
    r.readInt();
    byte[] key = r.readBytes();
    assertThat(key).hasSize(256);
    return key;
  }
}
