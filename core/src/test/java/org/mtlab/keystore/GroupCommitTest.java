package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.testing.MutableClock;

/**
 * The send path's group commit: a batch is one transaction with one {@code STORED} audit entry that
 * commits to every stored row by its SHA-256, and a batch that cannot commit stores nothing and
 * leaves the world able to send again.
 */
class GroupCommitTest {
  @TempDir Path dir;
  MutableClock clock;
  World world;
  ChatId ab = ChatId.cloud(ALICE, BOB);
  ChatId ac = ChatId.cloud(ALICE, CAROL);

  @BeforeEach
  void setUp() throws Exception {
    clock = clock();
    world = sqlite(dir, CONFIG, clock);
    world.register(ALICE);
    world.register(BOB);
    world.register(CAROL);
    world.send(ALICE, BOB, "Hx3 first Lp7");
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  private DataCentreStore storageFile() throws Exception {
    return storageFile(dir);
  }

  private DataCentreStore storageFile(Path folder) throws Exception {
    return DataCentreStore.open(NL, WorldStores.load(folder).url(NL), clock);
  }

  /** The message rows as the batch inserted them: ordered by insertion (rowid). */
  private List<Object[]> rows(String where) throws Exception {
    return rows(dir, where);
  }

  private List<Object[]> rows(Path folder, String where) throws Exception {
    try (DataCentreStore s = storageFile(folder)) {
      return s.read(
          tx -> {
            List<Object[]> out = new ArrayList<>();
            try (PreparedStatement ps =
                    tx.connection()
                        .prepareStatement(
                            "SELECT chat, idx, sender,"
                                + " recipient, key_epoch, stored_at, body FROM message WHERE "
                                + where
                                + " ORDER BY rowid");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Object[] {
                      rs.getString(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getLong(5),
                      rs.getLong(6),
                      rs.getBytes(7)
                    });
              }
            }
            return out;
          });
    }
  }

  private List<AuditEntry> stored() throws Exception {
    return world.audit().trail(NL).stream().filter(e -> e.action().equals("STORED")).toList();
  }

  @Test
  void aBatchIsOneAuditEntryThatCommitsToEveryRow() throws Exception {
    int before = stored().size();
    world.sendAll(
        List.of(
            new World.Outgoing(BOB, ALICE, "Qz1 two Wm5"),
            new World.Outgoing(ALICE, CAROL, "Rt2 three Vn6"),
            new World.Outgoing(ALICE, BOB, "Ks8 four Jd4")));
    List<AuditEntry> entries = stored();
    assertThat(entries).hasSize(before + 1);
    AuditEntry batch = entries.get(entries.size() - 1);
    assertThat(batch.subject()).isEqualTo("alice:bob#1..2, alice:carol#0");
    assertThat(batch.detail()).startsWith("3 message(s), ").contains("key epoch 1");
    List<Object[]> rows = rows("NOT (chat = 'alice:bob' AND idx = 0)");
    assertThat(rows).hasSize(3);
    assertThat(batch.detail()).endsWith("; rows SHA-256 " + World.rowsDigest(rows));
    // The first message was its own batch of one.
    assertThat(entries.get(entries.size() - 2).subject()).isEqualTo("alice:bob#0");
    assertThat(entries.get(entries.size() - 2).detail())
        .endsWith("; rows SHA-256 " + World.rowsDigest(rows("chat = 'alice:bob' AND idx = 0")));
    assertThat(world.audit().verify().ok()).isTrue();
    assertThat(world.read(ALICE, ab))
        .extracting(ChatMessage::text)
        .containsExactly("Hx3 first Lp7", "Qz1 two Wm5", "Ks8 four Jd4");
  }

  @Test
  void everyCustodianHoldsTheStorageHeadWhenSendAllReturns() throws Exception {
    world.sendAll(
        List.of(
            new World.Outgoing(BOB, ALICE, "Ab1 anchored Cd2"),
            new World.Outgoing(ALICE, BOB, "Ef3 anchored Gh4")));
    List<AuditEntry> trail = world.audit().trail(NL);
    AuditEntry head = trail.get(trail.size() - 1);
    assertThat(head.action()).isEqualTo("STORED");
    for (Jurisdiction c : CONFIG.custodians()) {
      assertThat(world.audit().anchors(c))
          .as("anchors held by %s", c)
          .filteredOn(a -> a.of().equals(NL))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.seq()).isEqualTo(head.seq());
                assertThat(a.hash()).isEqualTo(head.hash());
              });
    }
    assertThat(world.audit().verify().ok()).isTrue();
  }

  @Test
  void theDigestChangesWithAnyStoredByte() throws Exception {
    List<Object[]> rows = rows("1 = 1");
    String digest = World.rowsDigest(rows);
    byte[] body = ((byte[]) rows.get(0)[6]).clone();
    body[body.length - 1] ^= 1;
    List<Object[]> altered = new ArrayList<>(rows);
    Object[] row = rows.get(0).clone();
    row[6] = body;
    altered.set(0, row);
    assertThat(World.rowsDigest(altered)).isNotEqualTo(digest);
    Object[] moved = rows.get(0).clone();
    moved[1] = 5L;
    assertThat(World.rowsDigest(List.<Object[]>of(moved))).isNotEqualTo(digest);
    Object[] other = rows.get(0).clone();
    other[2] = "mallory";
    assertThat(World.rowsDigest(List.<Object[]>of(other))).isNotEqualTo(digest);
  }

  @Test
  void aBatchThatCannotCommitStoresNothing_andTheNextOneDoes() throws Exception {
    // A row squatting the index the batch's second alice:bob message will take.
    try (DataCentreStore s = storageFile()) {
      s.write(
          "squat",
          tx ->
              tx.update(
                  "INSERT INTO message (chat, idx, sender, recipient,"
                      + " key_epoch, stored_at, body) VALUES ('alice:bob', 2, 'x', 'y', 1, 0, X'00')"));
    }
    int before = stored().size();
    assertThatThrownBy(
            () ->
                world.sendAll(
                    List.of(
                        new World.Outgoing(ALICE, BOB, "a"),
                        new World.Outgoing(ALICE, CAROL, "b"),
                        new World.Outgoing(BOB, ALICE, "c"))))
        .isInstanceOf(StoreException.class);
    assertThat(stored()).hasSize(before);
    assertThat(rows("chat = 'alice:carol'")).isEmpty();
    assertThat(rows("chat = 'alice:bob'")).hasSize(2); // the first message and the squatter
    try (DataCentreStore s = storageFile()) {
      s.write("unsquat", tx -> tx.update("DELETE FROM message WHERE sender = 'x'"));
    }
    List<SentMessage> r =
        world.sendAll(
            List.of(
                new World.Outgoing(ALICE, BOB, "Pp2 again Ss3"),
                new World.Outgoing(ALICE, CAROL, "Cc4 again Dd5")));
    assertThat(r).extracting(SentMessage::index).containsExactly(1L, 0L);
    assertThat(world.read(CAROL, ac))
        .extracting(ChatMessage::text)
        .containsExactly("Cc4 again Dd5");
    assertThat(world.audit().verify().ok()).isTrue();
  }

  @Test
  void manySendersInOneBatch_theSameSeedStoresTheSameBytes(@TempDir Path twinDir) throws Exception {
    // Three senders: their uploads and deliveries run side by side on the session workers, yet
    // every draw from the world's generator (the at-rest nonces) happens in batch order.
    List<World.Outgoing> batch = new ArrayList<>();
    UserId[] users = {ALICE, BOB, CAROL};
    for (int i = 0; i < 60; i++) {
      UserId from = users[i % 3];
      UserId to = users[(i + 1 + i / 3 % 2) % 3];
      batch.add(new World.Outgoing(from, to, "Tw" + i + " batch " + from.name()));
    }
    world.sendAll(batch);
    world.sendAll(batch);
    try (World twin = sqlite(twinDir, CONFIG, clock())) {
      twin.register(ALICE);
      twin.register(BOB);
      twin.register(CAROL);
      twin.send(ALICE, BOB, "Hx3 first Lp7");
      twin.sendAll(batch);
      twin.sendAll(batch);
      assertThat(twin.read(CAROL, ac))
          .extracting(ChatMessage::text)
          .isEqualTo(world.read(CAROL, ac).stream().map(ChatMessage::text).toList());
    }
    List<Object[]> mine = rows("1 = 1");
    List<Object[]> theirs = rows(twinDir, "1 = 1");
    assertThat(mine).hasSize(121);
    assertThat(theirs).hasSize(mine.size());
    for (int i = 0; i < mine.size(); i++) {
      assertThat(theirs.get(i)).as("row %d", i).isEqualTo(mine.get(i));
    }
    assertThat(world.read(ALICE, ab))
        .extracting(ChatMessage::text)
        .startsWith("Hx3 first Lp7", "Tw0 batch alice", "Tw4 batch bob", "Tw6 batch alice");
  }

  private static List<World.Outgoing> aliceAndBob(int n, String tag) {
    List<World.Outgoing> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          i % 2 == 0
              ? new World.Outgoing(ALICE, BOB, tag + i)
              : new World.Outgoing(BOB, ALICE, tag + i));
    }
    return out;
  }

  @Test
  void sendGrouped_commitsEachGroupAsOneTransaction_andDeliversEverything() throws Exception {
    int before = stored().size();
    List<World.Outgoing> batch = aliceAndBob(250, "Gp");
    batch.set(7, new World.Outgoing(CAROL, ALICE, "Gp7 from carol"));
    List<SentMessage> receipts = world.sendGrouped(batch, 100);
    assertThat(receipts).hasSize(250);
    assertThat(receipts.get(0).index()).isEqualTo(1); // after the set-up's message
    assertThat(receipts.get(249).index()).isEqualTo(249);
    assertThat(receipts.get(7)).isEqualTo(new SentMessage(ac, 0, 1));
    List<AuditEntry> entries = stored();
    assertThat(entries).hasSize(before + 3);
    assertThat(entries.subList(before, before + 3))
        .extracting(e -> e.detail().substring(0, e.detail().indexOf(' ')))
        .containsExactly("100", "100", "50");
    assertThat(entries.get(before).subject()).isEqualTo("alice:bob#1..99, alice:carol#0");
    List<String> expected = new ArrayList<>();
    expected.add("Hx3 first Lp7");
    for (int i = 0; i < 250; i++) {
      if (i != 7) {
        expected.add("Gp" + i);
      }
    }
    assertThat(world.read(BOB, ab)).extracting(ChatMessage::text).isEqualTo(expected);
    assertThat(world.read(CAROL, ac))
        .extracting(ChatMessage::text)
        .containsExactly("Gp7 from carol");
    // One anchoring at the end: every custodian holds the final head.
    List<AuditEntry> trail = world.audit().trail(NL);
    AuditEntry head = trail.get(trail.size() - 1);
    for (Jurisdiction c : CONFIG.custodians()) {
      assertThat(world.audit().anchors(c))
          .filteredOn(a -> a.of().equals(NL))
          .singleElement()
          .satisfies(a -> assertThat(a.seq()).isEqualTo(head.seq()));
    }
    assertThat(world.audit().verify().ok()).isTrue();
  }

  @Test
  void sendGrouped_aGroupThatCannotCommit_keepsTheGroupsBefore_andStoresNothingAfter()
      throws Exception {
    // Squat the index the second group's first alice:bob message takes (1 + 100).
    try (DataCentreStore s = storageFile()) {
      s.write(
          "squat",
          tx ->
              tx.update(
                  "INSERT INTO message (chat, idx, sender, recipient,"
                      + " key_epoch, stored_at, body) VALUES ('alice:bob', 101, 'x', 'y', 1, 0,"
                      + " X'00')"));
    }
    int before = stored().size();
    assertThatThrownBy(() -> world.sendGrouped(aliceAndBob(300, "Fl"), 100))
        .isInstanceOf(StoreException.class);
    assertThat(stored()).hasSize(before + 1);
    assertThat(rows("chat = 'alice:bob' AND sender <> 'x'")).hasSize(101);
    try (DataCentreStore s = storageFile()) {
      s.write("unsquat", tx -> tx.update("DELETE FROM message WHERE sender = 'x'"));
    }
    assertThat(world.sendGrouped(aliceAndBob(3, "Ok"), 2))
        .extracting(SentMessage::index)
        .containsExactly(101L, 102L, 103L);
    assertThat(world.read(ALICE, ab)).hasSize(104);
    assertThat(world.audit().verify().ok()).isTrue();
  }

  @Test
  void sendGrouped_refusesABadGroupSize() {
    assertThatThrownBy(() -> world.sendGrouped(aliceAndBob(2, "x"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupSize");
    assertThatThrownBy(() -> world.sendGrouped(aliceAndBob(2, "x"), World.MAX_COMMIT_GROUP + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
