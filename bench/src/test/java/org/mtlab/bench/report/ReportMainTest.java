package org.mtlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, one-line errors, and the machine description it writes. */
class ReportMainTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ReportMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reportWritesReportMd() throws IOException {
    Path dir = Fixtures.copy("run-old", tmp);
    assertThat(run("report", dir.toString())).isZero();
    assertThat(dir.resolve("report.md")).exists();
    assertThat(dir.resolve("charts").resolve("IgeBench-throughput.svg")).exists();
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).startsWith("usage error: a command is required").endsWith("\n");
    assertThat(err().strip()).doesNotContain("\n");
    err.reset();
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err())
        .isEqualTo("usage error: unknown command 'frobnicate'" + System.lineSeparator());
    err.reset();
    assertThat(run("compare", "only-one")).isEqualTo(2);
    err.reset();
    assertThat(run("compare", "a", "b", "--floor", "lots")).isEqualTo(2);
    assertThat(err()).contains("--floor wants a fraction");
    err.reset();
    assertThat(run("report", "x", "--bogus")).isEqualTo(2);
  }

  @Test
  void aMissingResultFileExitsOneWithOneLine() {
    assertThat(run("report", tmp.resolve("nowhere").toString())).isEqualTo(1);
    assertThat(err()).startsWith("error: ");
    assertThat(err().strip()).doesNotContain("\n");
  }

  @Test
  void anEmptyResultFileSaysSo() throws IOException {
    Files.writeString(tmp.resolve("jmh.json"), "");
    assertThat(run("report", tmp.toString())).isEqualTo(1);
    assertThat(err()).contains("jmh.json").contains("empty");
  }

  @Test
  void machineDescribesThisJvmAndLoadAfterAddsTheLoad() throws IOException {
    assertThat(run("machine", tmp.toString(), "--profile", "quick", "--jmh-args", "-f 1")).isZero();
    var m = Machine.read(tmp);
    assertThat(m)
        .containsEntry("profile", "quick")
        .containsEntry("jmhArgs", "-f 1")
        .containsEntry("javaVersion", System.getProperty("java.version"))
        .containsEntry("javaVendor", System.getProperty("java.vendor"))
        .containsEntry(
            "jvmAvailableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()))
        .doesNotContainKey("loadAfter");
    assertThat(Files.readString(tmp.resolve("machine.md")))
        .contains("| JDK version | " + System.getProperty("java.version") + " |");
    assertThat(run("load-after", tmp.toString())).isZero();
    assertThat(Machine.read(tmp)).containsKey("loadAfter");
    assertThat(run("machine", tmp.toString(), "--load-before", "0.01 0.02 0.03")).isZero();
    assertThat(Machine.read(tmp)).containsEntry("loadBefore", "0.01 0.02 0.03");
  }

  @Test
  void jdkTagIsFolderSafe() {
    assertThat(run("jdk-tag")).isZero();
    String tag = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(tag)
        .matches("[a-z0-9]+-[A-Za-z0-9.+_-]+")
        .endsWith(System.getProperty("java.version"));
  }
}
