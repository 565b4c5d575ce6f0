package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.CheckReason;
import org.mtlab.testing.MutableClock;
import org.mtlab.testing.TestPostgres;

/**
 * The store on real PostgreSQL servers that the test starts itself ({@link TestPostgres}): a world
 * with every data centre on its own server, and one with a single data centre moved off SQLite, as
 * {@code world init --jdbc J=URL} does.
 */
class PostgresWorldTest {
  private static final WorldConfig SMALL = WorldConfig.of("NL", List.of("CH", "SG", "BR"), 2);

  @TempDir Path dir;

  @Test
  void everyDataCentreOnItsOwnServer() throws Exception {
    MutableClock clock = clock();
    List<TestPostgres> servers = new ArrayList<>();
    try {
      Map<Jurisdiction, String> urls = new LinkedHashMap<>();
      for (Jurisdiction j : SMALL.dataCentres()) {
        TestPostgres pg = TestPostgres.start();
        servers.add(pg);
        urls.put(j, pg.newDatabase("dc_" + j.code().toLowerCase(java.util.Locale.ROOT)));
      }
      WorldStores stores = new WorldStores(urls);
      DeviceStore devices = DeviceStore.inFolder(dir.resolve("devices"));
      ChatId ab = ChatId.cloud(ALICE, BOB);
      try (World w = World.create(SMALL, stores, devices, random("pg"), clock)) {
        w.register(ALICE);
        w.register(BOB);
        w.sendAll(
            List.of(
                new World.Outgoing(ALICE, BOB, "Zq7 over postgres Wx2"),
                new World.Outgoing(BOB, ALICE, "Kp4 each server apart Rt9")));
        assertThat(w.read(BOB, ab))
            .extracting(ChatMessage::text)
            .containsExactly("Zq7 over postgres Wx2", "Kp4 each server apart Rt9");
        Disclosure few = w.compel(orders(ab, clock.instant(), "p1", NL, CH));
        assertThat(few.outcome()).isEqualTo(Disclosure.Outcome.TOO_FEW_SHARES);
        w.rekey();
        w.send(ALICE, BOB, "Vb8 after the rekey Hn3");
        Disclosure d = w.compel(orders(ab, clock.instant(), "p2", NL, SG, BR));
        assertThat(d.disclosed()).isTrue();
        assertThat(d.messages()).hasSize(3);
        assertThat(w.audit().verify().ok()).isTrue();
        LeakScan.assertNoLeaks(
            w,
            stores,
            dir,
            List.of(
                "Zq7 over postgres Wx2", "Kp4 each server apart Rt9", "Vb8 after the rekey Hn3"));
      }
      try (World w = World.open(stores, devices, random("pg2"), clock)) {
        w.fail(CH); // n - t = 1
        w.server().unseal();
        assertThat(w.read(ALICE, ab)).hasSize(3);
        assertThat(w.describe().epoch()).isEqualTo(2);
      }
      // The same checks as on SQLite: a tampered trail, a store of another schema version.
      try (DataCentreStore s = DataCentreStore.open(SG, urls.get(SG), clock)) {
        s.write("tamper", tx -> tx.update("UPDATE audit SET detail = 'x' WHERE seq = 2"));
      }
      try (World w = World.open(stores, devices, random("pg3"), clock)) {
        AuditReport r = w.audit().verify();
        assertThat(r.firstBroken().orElseThrow().dataCentre()).isEqualTo(SG);
        assertThat(r.firstBroken().orElseThrow().firstBroken()).isEqualTo(2);
      }
      try (DataCentreStore s = DataCentreStore.open(BR, urls.get(BR), clock)) {
        s.write("downgrade", tx -> tx.update("UPDATE schema_version SET version = 7"));
      }
      assertThat(reasonOf(() -> World.open(stores, devices, random("pg4"), clock)))
          .isEqualTo(CheckReason.STORE_CORRUPTED);
      assertThatThrownBy(() -> World.open(stores, devices, random("pg4"), clock))
          .hasMessageContaining("BR")
          .hasMessageContaining("/dc_br")
          .hasMessageNotContaining("user=");
    } finally {
      for (TestPostgres pg : servers) {
        pg.close();
      }
    }
  }

  @Test
  void oneDataCentreMovedToPostgres_auditAppendFailureRefusesRelease() throws Exception {
    MutableClock clock = clock();
    try (TestPostgres pg = TestPostgres.start()) {
      WorldStores stores = WorldStores.inFolder(dir, SMALL, Map.of(SG, pg.newDatabase("sg")));
      ChatId ab = ChatId.cloud(ALICE, BOB);
      try (World w = World.create(SMALL, stores, DeviceStore.inMemory(), random("mixed"), clock)) {
        w.register(ALICE);
        w.register(BOB);
        w.send(ALICE, BOB, "mixed stores");
        try (DataCentreStore s = DataCentreStore.open(SG, stores.url(SG), clock)) {
          s.write(
              "sabotage",
              tx -> {
                tx.update(
                    "CREATE FUNCTION full_disk() RETURNS trigger AS $$ BEGIN"
                        + " RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql");
                tx.update(
                    "CREATE TRIGGER full_disk BEFORE INSERT ON audit FOR EACH ROW EXECUTE"
                        + " FUNCTION full_disk()");
                return null;
              });
        }
        Disclosure d = w.compel(orders(ab, clock.instant(), "m", NL, SG, BR));
        assertThat(d.releasedBy()).containsExactly(BR);
        assertThat(d.refused())
            .extracting(Disclosure.Refusal::reason)
            .containsExactly(CheckReason.AUDIT_APPEND_FAILED);
        assertThat(d.disclosed()).isFalse();
      }
    }
  }
}
