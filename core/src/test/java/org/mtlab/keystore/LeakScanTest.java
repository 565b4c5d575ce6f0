package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.testing.MutableClock;

/**
 * K16 on SQLite: after sends, a rekey (two master keys, two data keys per chat) and a disclosure,
 * no file of the world's folder (databases, WAL and journal files included) and no table row holds
 * an 8-byte window of a key, a plaintext, or a share outside its custodian.
 */
class LeakScanTest {
  @TempDir Path dir;

  @Test
  void noKeyShareOrPlaintextWhereItDoesNotBelong_K16() throws Exception {
    MutableClock clock = clock();
    List<String> texts =
        List.of(
            "Qz1 the vault code is 4417 Lm8",
            "Yt5 meet under the bridge Pc2",
            "Hw3 after the rekey we talk Ds6");
    List<byte[]> secrets = new ArrayList<>();
    WorldStores stores;
    try (World w = sqlite(dir, CONFIG, clock)) {
      stores = WorldStores.load(dir);
      w.register(ALICE);
      w.register(BOB);
      w.send(ALICE, BOB, texts.get(0));
      w.send(BOB, ALICE, texts.get(1));
      secrets.addAll(w.secretsForTest()); // epoch 1's master key and data keys
      w.rekey();
      w.send(ALICE, BOB, texts.get(2));
      assertThat(
              w.compel(orders(ChatId.cloud(ALICE, BOB), clock.instant(), "k16", NL, CH, SG, BR))
                  .disclosed())
          .isTrue();
      secrets.addAll(w.secretsForTest());
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.endsWith("-wal")); // WAL files exist while the world is open
      }
      LeakScan.assertNoLeaks(CONFIG, secrets, stores, dir, texts);
    }
    LeakScan.assertNoLeaks(CONFIG, secrets, stores, dir, texts);
    // The scan can fail: 8 bytes of the master key in any file are found.
    byte[] planted = java.util.Arrays.copyOfRange(secrets.get(0), 11, 19);
    Files.write(dir.resolve("planted.bin"), planted);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LeakScan.assertNoLeaks(CONFIG, secrets, stores, dir, texts))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("planted.bin");
  }
}
