package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtlab.bytes.SecretAccess;

/**
 * The 8-byte-window scan (docs/security.md K16): no file of the world's folder and no row of any
 * data centre's tables holds any 8-byte window of the master key, a data key, an auth key, a
 * plaintext, or a share outside its own custodian.
 */
final class LeakScan {
  private LeakScan() {}

  private static void addWindows(Set<Long> into, byte[] secret) {
    for (int i = 0; i + 8 <= secret.length; i++) {
      into.add(window(secret, i));
    }
  }

  private static long window(byte[] b, int i) {
    long v = 0;
    for (int k = 0; k < 8; k++) {
      v = (v << 8) | (b[i + k] & 0xFF);
    }
    return v;
  }

  private static String find(byte[] haystack, Set<Long> windows) {
    for (int i = 0; i + 8 <= haystack.length; i++) {
      if (windows.contains(window(haystack, i))) {
        return "offset " + i;
      }
    }
    return null;
  }

  /** Every table's rows of one data centre, as bytes (blobs raw, other columns as UTF-8). */
  static byte[] tableBytes(DataCentreStore s) throws Exception {
    return s.read(
        tx -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          List<String> tables = new ArrayList<>();
          try (ResultSet rs =
              tx.connection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
              tables.add(rs.getString("TABLE_NAME"));
            }
          }
          assertThat(tables).contains("audit", "message", "share");
          for (String t : tables) {
            try (Statement st = tx.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
              ResultSetMetaData md = rs.getMetaData();
              while (rs.next()) {
                for (int c = 1; c <= md.getColumnCount(); c++) {
                  Object o = rs.getObject(c);
                  byte[] b =
                      o instanceof byte[] x
                          ? x
                          : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
                  out.write(b, 0, b.length);
                  out.write(0);
                }
              }
            }
          }
          return out.toByteArray();
        });
  }

  /**
   * Scans {@code folder} (recursively) and every table of every data centre of {@code world}.
   * Device files may hold auth keys; a custodian's own file and rows may hold its own share.
   */
  static void assertNoLeaks(World world, WorldStores stores, Path folder, List<String> texts)
      throws Exception {
    assertNoLeaks(world.config(), world.secretsForTest(), stores, folder, texts);
  }

  /** As above, with the world's keys taken earlier ({@link World#secretsForTest}). */
  static void assertNoLeaks(
      WorldConfig config, List<byte[]> secrets, WorldStores stores, Path folder, List<String> texts)
      throws Exception {
    Set<Long> keys = new HashSet<>(); // master, data keys, server copies of auth keys
    for (byte[] k : secrets) {
      addWindows(keys, k);
    }
    Set<Long> plain = new HashSet<>();
    for (String t : texts) {
      addWindows(plain, t.getBytes(StandardCharsets.UTF_8));
    }
    Map<Jurisdiction, Set<Long>> shares = new HashMap<>();
    Map<Jurisdiction, byte[]> rows = new HashMap<>();
    for (Jurisdiction j : config.dataCentres()) {
      try (DataCentreStore s = DataCentreStore.open(j, stores.url(j), java.time.Instant::now)) {
        rows.put(j, tableBytes(s));
        Set<Long> w = new HashSet<>();
        s.read(
            tx -> {
              try (Statement st = tx.connection().createStatement();
                  ResultSet rs = st.executeQuery("SELECT body FROM share")) {
                while (rs.next()) {
                  try {
                    addWindows(
                        w,
                        KeyShare.decode(rs.getBytes(1)).point().reveal(SecretAccess.explicitly()));
                  } catch (org.mtlab.CheckFailedException e) {
                    throw new AssertionError("a stored share does not decode", e);
                  }
                }
              }
              return null;
            });
        shares.put(j, w);
      }
    }
    assertThat(keys).isNotEmpty();
    assertThat(plain).isNotEmpty();
    for (Map.Entry<Jurisdiction, byte[]> e : rows.entrySet()) {
      check("rows of " + e.getKey(), e.getValue(), keys, plain, shares, e.getKey());
    }
    if (folder != null && Files.isDirectory(folder)) {
      try (var walk = Files.walk(folder)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          String name = p.getFileName().toString();
          Jurisdiction own = null;
          for (Jurisdiction j : config.dataCentres()) {
            if (name.startsWith("custodian-" + j.code() + ".db")) {
              own = j;
            }
          }
          boolean device = name.endsWith(".device");
          byte[] b = Files.readAllBytes(p);
          check("file " + p, b, device ? Set.of() : keys, plain, shares, own);
        }
      }
    }
  }

  private static void check(
      String where,
      byte[] b,
      Set<Long> keys,
      Set<Long> plain,
      Map<Jurisdiction, Set<Long>> shares,
      Jurisdiction own) {
    assertThat(find(b, keys)).as("key bytes in %s", where).isNull();
    assertThat(find(b, plain)).as("plaintext in %s", where).isNull();
    for (Map.Entry<Jurisdiction, Set<Long>> e : shares.entrySet()) {
      if (!e.getKey().equals(own)) {
        assertThat(find(b, e.getValue())).as("share of %s in %s", e.getKey(), where).isNull();
      }
    }
  }
}
