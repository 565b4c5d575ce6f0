package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.CheckReason;
import org.mtlab.testing.MutableClock;

/** Audit trails: hash chains, anchors, fail-closed releases (docs/security.md K12, K13). */
class AuditTest {
  @TempDir Path dir;
  MutableClock clock;
  World world;
  ChatId ab = ChatId.cloud(ALICE, BOB);

  @BeforeEach
  void setUp() throws Exception {
    clock = clock();
    world = sqlite(dir, CONFIG, clock);
    world.register(ALICE);
    world.register(BOB);
    world.send(ALICE, BOB, "one");
    world.send(BOB, ALICE, "two");
    world.compel(orders(ab, clock.instant(), "a", NL, CH));
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  private void sql(Jurisdiction dc, String sql) throws Exception {
    try (DataCentreStore s = DataCentreStore.open(dc, WorldStores.load(dir).url(dc), clock)) {
      s.write(
          "tamper",
          tx -> {
            tx.update(sql);
            return null;
          });
    }
  }

  private AuditReport.Trail trail(Jurisdiction dc) throws Exception {
    return world.audit().verify().trails().stream()
        .filter(t -> t.dataCentre().equals(dc))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void untouched_verifies_andRecordsWhatWasStoredAndReleased() throws Exception {
    AuditReport r = world.audit().verify();
    assertThat(r.ok()).as("%s", r).isTrue();
    assertThat(r.trails()).hasSize(5);
    assertThat(world.audit().trail(NL))
        .extracting(AuditEntry::action)
        .contains("CREATED", "KEY_SPLIT", "DEVICE_REGISTERED", "STORED", "RELEASED_CIPHERTEXT");
    assertThat(world.audit().trail(CH))
        .extracting(AuditEntry::action)
        .contains("SHARE_STORED", "RELEASED_SHARE");
    assertThat(world.audit().anchors(SG)).extracting(AuditAnchor::of).contains(NL, CH, BR, IS);
    r.throwIfBroken();
  }

  @Test
  void editedEntry_isNamed() throws Exception {
    sql(NL, "UPDATE audit SET detail = 'nothing happened' WHERE seq = 3");
    AuditReport.Trail t = trail(NL);
    assertThat(t.problem()).isEqualTo(AuditReport.Problem.CHAIN_BROKEN);
    assertThat(t.firstBroken()).isEqualTo(3);
    assertThat(reasonOf(() -> world.audit().verify().throwIfBroken()))
        .isEqualTo(CheckReason.AUDIT_CHAIN_BROKEN);
    assertThatThrownBy(() -> world.audit().verify().throwIfBroken())
        .hasMessageContaining("data centre NL, entry 3");
  }

  @Test
  void deletedEntry_isNamed() throws Exception {
    sql(CH, "DELETE FROM audit WHERE seq = 2");
    assertThat(trail(CH).problem()).isEqualTo(AuditReport.Problem.CHAIN_BROKEN);
    assertThat(trail(CH).firstBroken()).isEqualTo(2);
  }

  @Test
  void swappedEntries_areNamed() throws Exception {
    sql(NL, "UPDATE audit SET seq = -1 WHERE seq = 2");
    sql(NL, "UPDATE audit SET seq = 2 WHERE seq = 3");
    sql(NL, "UPDATE audit SET seq = 3 WHERE seq = -1");
    assertThat(trail(NL).problem()).isEqualTo(AuditReport.Problem.CHAIN_BROKEN);
    assertThat(trail(NL).firstBroken()).isEqualTo(2);
  }

  @Test
  void truncatedTail_isCaughtByTheAnchors() throws Exception {
    long head = world.audit().trail(CH).size();
    sql(CH, "DELETE FROM audit WHERE seq = " + head);
    AuditReport.Trail t = trail(CH);
    assertThat(t.problem()).isEqualTo(AuditReport.Problem.TRUNCATED);
    assertThat(t.firstBroken()).isEqualTo(head);
  }

  @Test
  void forgedAppend_withAValidHash_isUnanchored() throws Exception {
    List<AuditEntry> entries = world.audit().trail(SG);
    AuditEntry last = entries.get(entries.size() - 1);
    long seq = last.seq() + 1;
    var at = clock.instant();
    var h = AuditEntry.computeHash(last.hash(), seq, at, SG, "NOTHING", "", "forged");
    sql(
        SG,
        "INSERT INTO audit VALUES ("
            + seq
            + ", "
            + at.toEpochMilli()
            + ", 'NOTHING', '', 'forged', X'"
            + last.hash().hex()
            + "', X'"
            + h.hex()
            + "')");
    AuditReport.Trail t = trail(SG);
    assertThat(t.problem()).isEqualTo(AuditReport.Problem.UNANCHORED);
    assertThat(t.firstBroken()).isEqualTo(seq);
  }

  @Test
  void auditAppendFails_releaseIsRefused_K13() throws Exception {
    sql(
        SG,
        "CREATE TRIGGER full_disk BEFORE INSERT ON audit BEGIN"
            + " SELECT RAISE(ABORT, 'disk full'); END");
    long before = world.audit().trail(SG).size();
    Disclosure d = world.compel(orders(ab, clock.instant(), "k13", NL, SG, BR, IS));
    assertThat(d.releasedBy()).containsExactly(BR, IS);
    assertThat(d.disclosed()).isFalse();
    assertThat(d.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(CheckReason.AUDIT_APPEND_FAILED);
              assertThat(r.order().servedOn()).isEqualTo(SG);
            });
    assertThat(world.audit().trail(SG)).hasSize((int) before);
    // Once the trail can be written again the same order is obeyed: nothing was recorded.
    sql(SG, "DROP TRIGGER full_disk");
    Disclosure again = world.compel(List.of(LegalOrder.of(SG, ab, "k13-SG", clock.instant())));
    assertThat(again.releasedBy()).containsExactly(SG);
  }
}
