package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.keystore.Worlds.*;

import com.google.common.base.Splitter;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtlab.testing.MutableClock;

/**
 * A process killed in the middle of writing leaves the previous state whole (docs/security.md K14):
 * a child JVM writes in a loop and is killed ({@code destroyForcibly}, SIGKILL) at a random point;
 * the parent then opens the world, unseals it, reads every message the child reported committed,
 * and finds every audit chain intact.
 */
class CrashTest {
  @TempDir Path dir;

  private static String classPath() {
    Set<String> parts = new LinkedHashSet<>();
    parts.add(
        new File(CrashChild.class.getProtectionDomain().getCodeSource().getLocation().getPath())
            .getPath());
    for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
      for (String p :
          Splitter.on(Pattern.compile(File.pathSeparator)).split(System.getProperty(prop, ""))) {
        if (!p.isBlank()) {
          parts.add(p);
        }
      }
    }
    return String.join(File.pathSeparator, parts);
  }

  @ParameterizedTest
  @CsvSource({"send, 30, 3", "send, 45, 11", "rekey, 3, 5"})
  void killedMidWrite_previousStateWhole(String mode, int until, int delayMs) throws Exception {
    MutableClock clock = clock();
    try (World w = sqlite(dir, WorldConfig.of("NL", List.of("CH", "SG", "BR"), 2), clock)) {
      w.register(ALICE);
      w.register(BOB);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", classPath(), CrashChild.class.getName(), dir.toString(), mode)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long committed = 0;
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        List<String> f = Splitter.on(' ').splitToList(line);
        committed = Long.parseLong(f.get(f.size() - 1));
        long progress = mode.equals("send") ? committed : Long.parseLong(f.get(1));
        if (progress >= until) {
          Thread.sleep(delayMs); // land somewhere inside the next write
          p.destroyForcibly();
          break;
        }
      }
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines).as("the child wrote before it was killed").isNotEmpty();
    try (World w = reopen(dir, clock)) {
      w.server().unseal();
      List<ChatMessage> m = w.read(ALICE, ChatId.cloud(ALICE, BOB));
      assertThat((long) m.size()).isGreaterThanOrEqualTo(committed);
      for (int i = 0; i < m.size(); i++) {
        assertThat(m.get(i).text()).isEqualTo("crash " + i);
      }
      for (AuditReport.Trail t : w.audit().verify().trails()) {
        // A kill between a commit and its anchoring leaves an unanchored tail, nothing worse.
        assertThat(t.problem())
            .as("%s", t)
            .isIn(AuditReport.Problem.NONE, AuditReport.Problem.UNANCHORED);
      }
      assertThat(w.describe().dataCentres())
          .filteredOn(v -> v.role() == DataCentreRole.CUSTODIAN)
          .allMatch(v -> v.shareEpochs().equals(List.of(w.epoch())));
    }
  }
}
