package org.mtlab.bench.world;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for one benchmark trial, started the way the keystore's tests
 * start theirs: {@code initdb} into a temporary folder, then {@code pg_ctl start} on a free local
 * port. The binaries are PostgreSQL's own ({@code -Dmtlab.pgbin=DIR}, else the newest {@code
 * /usr/lib/postgresql/VERSION/bin}). PostgreSQL refuses to run as root, so under root the folder
 * belongs to {@code nobody} and every server command runs through {@code setpriv --reuid=65534
 * --regid=65534 --clear-groups}.
 *
 * <p>The server keeps PostgreSQL's durable defaults ({@code fsync=on}, {@code
 * synchronous_commit=on}, {@code wal_sync_method} as the platform chooses): a commit is on disk
 * before it returns, as SQLite's {@code synchronous=FULL} is. Only {@code initdb} runs with {@code
 * --no-sync} (the empty cluster need not survive a crash).
 *
 * <p>Not thread-safe; one per trial.
 */
final class PostgresServer implements AutoCloseable {
  private static final int NOBODY = 65534;

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final boolean root;

  private PostgresServer(Path bin, Path base, Path data, int port, boolean root) {
    this.bin = bin;
    this.base = base;
    this.data = data;
    this.port = port;
    this.root = root;
  }

  /** Initialises a cluster in a new temporary folder and starts a server on it. */
  static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    Path base = Files.createTempDirectory("mtlab-bench-pg");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (root) {
      run(List.of("chown", NOBODY + ":" + NOBODY, base.toString()), false, 30);
    }
    Path data = base.resolve("data");
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"),
        root,
        180);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(bin, base, data, port, root);
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              base.resolve("server.log").toString(),
              "-w",
              "-t",
              "120",
              "-o",
              "-p " + port + " -h 127.0.0.1 -k " + base,
              "start"),
          root,
          150);
    } catch (IOException | InterruptedException | RuntimeException e) {
      deleteQuietly(base);
      throw e;
    }
    return server;
  }

  private static Path binaries() throws IOException {
    String chosen = System.getProperty("mtlab.pgbin");
    if (chosen != null) {
      return Path.of(chosen);
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      throw new IOException(
          "no PostgreSQL under /usr/lib/postgresql; install it or pass"
              + " -Dmtlab.pgbin=DIR (a folder with initdb and pg_ctl)");
    }
    try (Stream<Path> s = Files.list(lib)) {
      return s.map(p -> p.resolve("bin"))
          .filter(p -> Files.isExecutable(p.resolve("initdb")))
          .max((a, b) -> Integer.compare(major(a), major(b)))
          .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
    }
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A new database on this server, as a JDBC URL. */
  String newDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  private static void run(List<String> command, boolean asNobody, int seconds)
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
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd)
              + " exited "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      run(List.of("rm", "-rf", dir.toString()), false, 120);
    } catch (IOException e) {
      // a temporary folder left behind
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a temporary folder left behind; the caller sees why
    }
  }

  /**
   * Stops the server at once and deletes its folder. Interrupted, it restores the thread's
   * interrupt flag and throws an {@link IOException} (the server may be left running).
   */
  @Override
  public void close() throws IOException {
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
          root,
          120);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL in " + base, e);
    } finally {
      deleteQuietly(base);
    }
  }
}
