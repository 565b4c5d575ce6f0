package org.mtlab.keystore;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where each data centre's database lives: one JDBC URL per jurisdiction, so that data centres can
 * sit on separate hosts. The default ({@link #inFolder}) is one SQLite file per data centre in the
 * world's folder: {@code storage-NL.db} for the storage data centre and {@code custodian-CH.db} for
 * each custodian; any of them can be replaced by another URL (PostgreSQL, say). {@link #save} and
 * {@link #load} keep the map in the folder's {@value #FILE_NAME}.
 *
 * <p>Immutable.
 *
 * @param urls the JDBC URL of each data centre
 */
public record WorldStores(Map<Jurisdiction, String> urls) {
  /** The file in a world's folder that lists its data centres' URLs. */
  public static final String FILE_NAME = "stores.properties";

  /** Copies the map. */
  public WorldStores {
    urls = Map.copyOf(Objects.requireNonNull(urls, "urls"));
  }

  /**
   * SQLite files in {@code folder} for every data centre of {@code config}, except those that
   * {@code overrides} puts elsewhere.
   *
   * @throws IllegalArgumentException if an override names a jurisdiction with no data centre
   */
  public static WorldStores inFolder(
      Path folder, WorldConfig config, Map<Jurisdiction, String> overrides) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(overrides, "overrides");
    for (Jurisdiction j : overrides.keySet()) {
      if (!config.dataCentres().contains(j)) {
        throw new IllegalArgumentException("no data centre in jurisdiction " + j);
      }
    }
    Map<Jurisdiction, String> urls = new LinkedHashMap<>();
    for (Jurisdiction j : config.dataCentres()) {
      String file = (j.equals(config.storage()) ? "storage-" : "custodian-") + j.code() + ".db";
      urls.put(
          j, overrides.getOrDefault(j, "jdbc:sqlite:" + folder.toAbsolutePath().resolve(file)));
    }
    return new WorldStores(urls);
  }

  /** The URL of {@code j}'s data centre. */
  public String url(Jurisdiction j) {
    String url = urls.get(j);
    if (url == null) {
      throw new IllegalArgumentException("no store is given for data centre " + j);
    }
    return url;
  }

  /** Writes the map to {@code folder}/{@value #FILE_NAME}, atomically (temp file, then move). */
  public void save(Path folder) throws IOException {
    Properties p = new Properties();
    new TreeMap<>(urls).forEach((j, u) -> p.setProperty(j.code(), u));
    Path tmp = folder.resolve(FILE_NAME + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "MTLab world: the JDBC URL of each data centre");
    }
    Files.move(
        tmp,
        folder.resolve(FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads {@code folder}/{@value #FILE_NAME}.
   *
   * @throws IOException if it is missing or unreadable, or names a bad jurisdiction
   */
  public static WorldStores load(Path folder) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(folder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<Jurisdiction, String> urls = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      try {
        urls.put(Jurisdiction.of(k), p.getProperty(k));
      } catch (IllegalArgumentException e) {
        throw new IOException(folder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
      }
    }
    return new WorldStores(urls);
  }

  /** {@code url} without user, password or parameters: what error messages show. */
  public static String redact(String url) {
    String u = url;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    int at = u.indexOf('@');
    int scheme = u.indexOf("//");
    if (at >= 0 && scheme >= 0 && at > scheme) {
      u = u.substring(0, scheme + 2) + u.substring(at + 1);
    }
    return u;
  }

  /** The file of a {@code jdbc:sqlite:} URL, or null for an in-memory database. */
  static Path sqlitePath(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:")) {
      return null;
    }
    return Path.of(rest);
  }
}
