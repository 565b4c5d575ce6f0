package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.CheckReason;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.MutableClock;

/** Missing, corrupted and foreign stores are named (docs/security.md K14, K6). */
class StoreCorruptionTest {
  @TempDir Path dir;
  MutableClock clock;

  @BeforeEach
  void setUp() throws Exception {
    clock = clock();
    try (World w = sqlite(dir, CONFIG, clock)) {
      w.register(ALICE);
      w.register(BOB);
      w.send(ALICE, BOB, "hello");
    }
  }

  private void assertCorrupted(String... named) {
    assertThat(reasonOf(() -> reopen(dir, clock))).isEqualTo(CheckReason.STORE_CORRUPTED);
    var t = assertThatThrownBy(() -> reopen(dir, clock));
    for (String n : named) {
      t.hasMessageContaining(n);
    }
  }

  @Test
  void garbageFile() throws Exception {
    byte[] junk = new byte[8192];
    Arrays.fill(junk, (byte) 0x42);
    Files.write(dir.resolve("custodian-SG.db"), junk);
    assertCorrupted("SG", "custodian-SG.db");
  }

  @Test
  void truncatedFile() throws Exception {
    Path f = dir.resolve("storage-NL.db");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length / 3));
    assertCorrupted("NL", "storage-NL.db");
  }

  @Test
  void missingFile() throws Exception {
    Files.delete(dir.resolve("custodian-BR.db"));
    assertCorrupted("BR", "custodian-BR.db", "missing");
    assertThat(dir.resolve("custodian-BR.db")).doesNotExist();
  }

  @Test
  void otherSchemaVersion() throws Exception {
    try (DataCentreStore s = DataCentreStore.open(IS, WorldStores.load(dir).url(IS), clock)) {
      s.write("downgrade", tx -> tx.update("UPDATE schema_version SET version = 99"));
    }
    assertCorrupted("IS", "custodian-IS.db", "schema version 99");
  }

  @Test
  void storeOfAnotherWorld() throws Exception {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    World.create(
            CONFIG,
            WorldStores.inFolder(other, CONFIG, java.util.Map.of()),
            DeviceStore.inMemory(),
            random("another world"),
            clock)
        .close();
    Files.copy(
        other.resolve("custodian-CH.db"),
        dir.resolve("custodian-CH.db"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertCorrupted("CH", "another world");
  }

  @Test
  void shareMovedFromAnotherCustodian_isRefusedWhenUnsealing() throws Exception {
    WorldStores stores = WorldStores.load(dir);
    byte[] chShare;
    try (DataCentreStore ch = DataCentreStore.open(CH, stores.url(CH), clock)) {
      chShare =
          ch.read(
              tx -> {
                try (var st = tx.connection().createStatement();
                    var rs = st.executeQuery("SELECT body FROM share")) {
                  rs.next();
                  return rs.getBytes(1);
                }
              });
    }
    try (DataCentreStore sg = DataCentreStore.open(SG, stores.url(SG), clock)) {
      sg.write("move", tx -> tx.update("UPDATE share SET body = ?", chShare));
    }
    // With t + 1 custodians online the server tells the bad one apart and still unseals.
    try (World w = reopen(dir, clock)) {
      w.server().unseal();
      assertThat(w.audit().trail(NL).get(w.audit().trail(NL).size() - 1).detail())
          .contains("refused: SG (SHARE_INTEGRITY)");
    }
    // With exactly t it cannot, and says which custodian was refused and why.
    try (World w = reopen(dir, clock)) {
      w.fail(IS);
      assertThatThrownBy(() -> w.server().unseal())
          .hasMessageContaining("INSUFFICIENT_SHARES")
          .hasMessageContaining("offline: [IS]; refused: SG (SHARE_INTEGRITY)");
      w.restore(IS);
    }
    // A flipped bit in a share is caught by its commitment.
    KeyShare s = KeyShare.decode(chShare);
    byte[] y = s.point().reveal(SecretAccess.explicitly());
    y[0] ^= 1;
    byte[] flipped =
        KeyShare.of(s.worldId(), s.epoch(), 2, SG, y).encode(SecretAccess.explicitly());
    try (DataCentreStore sg = DataCentreStore.open(SG, stores.url(SG), clock)) {
      sg.write("flip", tx -> tx.update("UPDATE share SET body = ?", flipped));
    }
    try (World w = reopen(dir, clock)) {
      w.fail(IS);
      assertThatThrownBy(() -> w.server().unseal())
          .hasMessageContaining("refused: SG (SHARE_INTEGRITY)");
    }
  }
}
