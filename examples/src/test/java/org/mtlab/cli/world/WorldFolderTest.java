package org.mtlab.cli.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.cli.ExitCode;

/**
 * A folder that is not a world, is locked by another process or is of another version; bad input;
 * each one stderr line and exit 2 (docs/security.md C1, C2 for the world commands).
 */
class WorldFolderTest {
  @TempDir Path dir;

  @Test
  void notAWorldFolder_saysSo() throws Exception {
    WorldCli cli = new WorldCli(dir);
    cli.world("show").fails(ExitCode.USAGE, "is not a world folder");
    new WorldCli(dir.resolve("missing"))
        .world("audit")
        .fails(ExitCode.USAGE, "not a world folder (no such directory)");
    Files.writeString(dir.resolve("stores.properties"), "NL=jdbc:sqlite:x.db\n");
    cli.world("init").fails(ExitCode.USAGE, "already holds a world");
  }

  @Test
  void lockedByAnotherProcess_exit2_thenFreeAgain() throws Exception {
    WorldCli cli = new WorldCli(dir);
    cli.world("init", "--users", "alice").ok();
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("locked");
      cli.world("show").fails(ExitCode.USAGE, "is locked by another process");
      holder.getOutputStream().close();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroy();
    }
    cli.world("show").ok();
  }

  @Test
  void anotherVersion_saysSo() throws Exception {
    WorldCli cli = new WorldCli(dir);
    cli.world("init", "--users", "alice").ok();
    Files.writeString(dir.resolve(WorldFolder.MARKER), "format=2\n");
    cli.world("show").fails(ExitCode.USAGE, "of another version");
  }

  @Test
  void badInput_exit2_namingIt() throws Exception {
    WorldCli cli = new WorldCli(dir);
    cli.world("init", "--threshold", "1").fails(ExitCode.USAGE, "threshold");
    cli.world("init", "--custodians", "CH,CH", "--threshold", "2").fails(ExitCode.USAGE, "CH");
    cli.world("init", "--jdbc", "CH=postgres://x").fails(ExitCode.USAGE, "--jdbc");
    assertThat(Files.exists(dir.resolve(WorldFolder.MARKER))).isFalse();
    cli.world("init", "--users", "alice").ok();
    cli.world("send", "--from", "Alice!", "--to", "bob", "--text", "x")
        .fails(ExitCode.USAGE, "Alice!");
    cli.world("compel", "--jurisdictions", "nl", "--chat", "alice:bob").fails(ExitCode.USAGE, "nl");
    cli.world("compel", "--jurisdictions", "NL", "--chat", "alice").fails(ExitCode.USAGE, "alice");
    cli.world("fail", "--dc", "FR").fails(ExitCode.USAGE, "FR");
    cli.world("read", "--user", "bob", "--chat", "alice:bob")
        .fails(ExitCode.USAGE, "bob has no device");
    WorldCli.run("world").fails(ExitCode.USAGE, "missing subcommand");
    WorldCli.run("world", "show").fails(ExitCode.USAGE, "--dir");
  }
}
