package org.mtlab.keystore;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;

/**
 * Jazzer targets over the key store's readers (docs/security.md §3.5): share decoding, manifest
 * decoding, and opening a data centre's store from arbitrary file bytes. Under {@code mvn verify}
 * they run in regression mode over the seeds in {@code
 * src/test/resources/org/mtlab/keystore/KeystoreFuzzTestInputs/<method>/}. Only the typed failures
 * may come out.
 */
class KeystoreFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decodeShare(byte[] input) {
    try {
      KeyShare s = KeyShare.decode(input);
      // What decodes encodes back to the same bytes.
      if (!java.util.Arrays.equals(s.encodeInternal(), input)) {
        throw new AssertionError("a decoded share does not re-encode to its input");
      }
    } catch (CheckFailedException e) {
      if (e.reason() != CheckReason.SHARE_MALFORMED) {
        throw new AssertionError("unexpected reason " + e.reason());
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void decodeManifest(byte[] input) {
    try {
      SplitManifest m = SplitManifest.decode(input, CheckReason.STORE_CORRUPTED);
      if (!java.util.Arrays.equals(m.encode(), input)) {
        throw new AssertionError("a decoded manifest does not re-encode to its input");
      }
    } catch (CheckFailedException e) {
      if (e.reason() != CheckReason.STORE_CORRUPTED) {
        throw new AssertionError("unexpected reason " + e.reason());
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void openStore(byte[] input) throws Exception {
    Path dir = Files.createTempDirectory("mtlab-fuzz");
    Path file = dir.resolve("custodian-CH.db");
    try {
      Files.write(file, input);
      try (DataCentreStore s =
          DataCentreStore.open(Worlds.CH, "jdbc:sqlite:" + file, java.time.Instant::now)) {
        s.auditEntries();
        s.anchors();
      } catch (WorldCheckException e) {
        if (e.reason() != CheckReason.STORE_CORRUPTED || !e.getMessage().contains("CH")) {
          throw new AssertionError("unexpected failure " + e.getMessage());
        }
      } catch (StoreException e) {
        // the driver refused the file: typed, names the data centre
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
