package org.mtlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The noise rule of {@code compare}, first on plain numbers, then on the two committed fixture runs
 * (run-new has HotSpot's AES intrinsics switched off: the JDK's AES and MTLab's fast path slow
 * down, Bouncy Castle does not).
 */
class CompareTest {
  // run-new's scores and errors (ops/s), copied from run-new/jmh.json.
  static final double NEW_FAST_DEC = 9410.974350065437;
  static final double NEW_FAST_DEC_ERR = 7837.9662448137415;
  static final double NEW_BC_DEC = 9407.966220997929;
  static final double NEW_BC_DEC_ERR = 2589.4367126644834;
  static final double NEW_CBC = 8365.0271538549;
  static final double NEW_CBC_ERR = 6729.686990308882;

  @TempDir Path tmp;

  // --- the rule ------------------------------------------------------------------------------

  @Test
  void aChangeBeyondTheCombinedErrorIsFlagged() {
    // noise = sqrt(3^2 + 4^2) = 5; a change of 10 is beyond it, a change of 4 is not
    Compare.Row up = Compare.row("x", new Measurement(100, 3), new Measurement(110, 4), true, 0);
    assertThat(up.noise()).isEqualTo(5.0);
    assertThat(up.flag()).isEqualTo(Compare.Flag.BETTER);
    assertThat(up.change()).isEqualTo(0.10);
    assertThat(Compare.row("x", new Measurement(100, 3), new Measurement(104, 4), true, 0).flag())
        .isEqualTo(Compare.Flag.WITHIN_NOISE);
    assertThat(Compare.row("x", new Measurement(100, 3), new Measurement(94.9, 4), true, 0).flag())
        .isEqualTo(Compare.Flag.WORSE);
    // exactly at the noise is not beyond it
    assertThat(Compare.row("x", new Measurement(100, 3), new Measurement(105, 4), true, 0).flag())
        .isEqualTo(Compare.Flag.WITHIN_NOISE);
  }

  @Test
  void forCostsHigherIsWorse() {
    assertThat(
            Compare.row("x", new Measurement(1.0, 0.01), new Measurement(1.2, 0.01), false, 0)
                .flag())
        .isEqualTo(Compare.Flag.WORSE);
    assertThat(
            Compare.row("x", new Measurement(1.2, 0.01), new Measurement(1.0, 0.01), false, 0)
                .flag())
        .isEqualTo(Compare.Flag.BETTER);
  }

  @Test
  void theFloorRaisesTheBar() {
    // noise sqrt(0.5^2 + 0.5^2) = 0.71, change 4: flagged without a floor, not with 5%
    Measurement a = new Measurement(100, 0.5);
    Measurement b = new Measurement(104, 0.5);
    assertThat(Compare.row("x", a, b, true, 0).flag()).isEqualTo(Compare.Flag.BETTER);
    assertThat(Compare.row("x", a, b, true, 0.05).flag()).isEqualTo(Compare.Flag.WITHIN_NOISE);
    assertThat(Compare.row("x", a, new Measurement(106, 0.5), true, 0.05).flag())
        .isEqualTo(Compare.Flag.BETTER);
  }

  @Test
  void withoutErrorEstimatesOnlyTheFloorDecides() {
    Measurement a = new Measurement(100, Double.NaN);
    Measurement b = new Measurement(110, 1);
    Compare.Row unknown = Compare.row("x", a, b, true, 0);
    assertThat(unknown.flag()).isEqualTo(Compare.Flag.UNKNOWN);
    assertThat(unknown.noise()).isNaN();
    assertThat(Compare.row("x", a, b, true, 0.05).flag()).isEqualTo(Compare.Flag.BETTER);
    assertThat(Compare.row("x", a, b, true, 0.2).flag()).isEqualTo(Compare.Flag.WITHIN_NOISE);
  }

  // --- the fixtures --------------------------------------------------------------------------

  private Compare.Comparison compareFixtures(double floor) throws IOException {
    Path oldDir = Fixtures.copy("run-old", tmp);
    Path newDir = Fixtures.copy("run-new", tmp);
    return Compare.compare(oldDir, newDir, Suite.load(), floor);
  }

  private static Compare.Row row(List<Compare.Row> rows, String key) {
    List<Compare.Row> found =
        rows.stream().filter(r -> r.key().equals(key)).collect(Collectors.toList());
    assertThat(found).as(key).hasSize(1);
    return found.get(0);
  }

  @Test
  void theFixturesLineUpRatiosAndFlagTheOnesThatMoved() throws IOException {
    Compare.Comparison c = compareFixtures(0);
    assertThat(c.ratios())
        .extracting(Compare.Row::key)
        .containsExactly(
            "fast encrypt / JDK CBC encrypt @ size=16 KiB",
            "fast decrypt / JDK CBC encrypt @ size=16 KiB",
            "fast encrypt / BC encrypt @ size=16 KiB",
            "fast decrypt / BC decrypt @ size=16 KiB",
            "fast derive / reference derive");

    // fast decrypt / BC decrypt: OLD 3.8024 ± 2.1445, NEW 1.0003 ± 0.8771
    double oldR = ReportTest.FAST_DEC / ReportTest.BC_DEC;
    double oldE =
        oldR
            * Math.hypot(
                ReportTest.FAST_DEC_ERR / ReportTest.FAST_DEC,
                ReportTest.BC_DEC_ERR / ReportTest.BC_DEC);
    double newR = NEW_FAST_DEC / NEW_BC_DEC;
    double newE = newR * Math.hypot(NEW_FAST_DEC_ERR / NEW_FAST_DEC, NEW_BC_DEC_ERR / NEW_BC_DEC);
    Compare.Row decBc = row(c.ratios(), "fast decrypt / BC decrypt @ size=16 KiB");
    assertThat(decBc.oldValue().value()).isCloseTo(oldR, within(1e-12));
    assertThat(decBc.newValue().value()).isCloseTo(newR, within(1e-12));
    assertThat(decBc.noise()).isCloseTo(Math.hypot(oldE, newE), within(1e-12));
    // |1.0003 - 3.8024| = 2.80 > sqrt(2.1445^2 + 0.8771^2) = 2.32: moved, for the worse
    assertThat(Math.abs(newR - oldR)).isGreaterThan(Math.hypot(oldE, newE));
    assertThat(decBc.flag()).isEqualTo(Compare.Flag.WORSE);

    // fast encrypt / CBC: both slowed down; 0.841 ± 1.594 -> 0.950 ± 0.933, within the noise
    assertThat(row(c.ratios(), "fast encrypt / JDK CBC encrypt @ size=16 KiB").flag())
        .isEqualTo(Compare.Flag.WITHIN_NOISE);
    assertThat(
            c.ratios().stream()
                .filter(r -> r.flag() == Compare.Flag.WORSE || r.flag() == Compare.Flag.BETTER)
                .count())
        .isEqualTo(1);

    assertThat(c.markdown())
        .contains(
            "| fast decrypt / BC decrypt @ size=16 KiB | 3.80 ± 2.14 | 1.00 ± 0.88 | -73.7% |",
            "1 of 5 ratios moved beyond the noise.");
  }

  @Test
  void theFixturesLineUpThroughputAndTargets() throws IOException {
    Compare.Comparison c = compareFixtures(0);
    // CBC: 52,821 ± 9,394 -> 8,365 ± 6,730; |diff| = 44,456 > sqrt(9394^2 + 6730^2) = 11,556
    Compare.Row cbc = row(c.throughput(), "IgeBench.cbcEncrypt @ size=16 KiB");
    assertThat(cbc.noise()).isCloseTo(Math.hypot(ReportTest.CBC_ERR, NEW_CBC_ERR), within(1e-9));
    assertThat(cbc.flag()).isEqualTo(Compare.Flag.WORSE);
    // Bouncy Castle does not use the intrinsics: 9,228 ± 1,888 -> 9,408 ± 2,589, within noise
    assertThat(row(c.throughput(), "IgeBench.bcDecrypt @ size=16 KiB").flag())
        .isEqualTo(Compare.Flag.WITHIN_NOISE);
    assertThat(c.onlyOld()).isEmpty();
    assertThat(c.onlyNew()).isEmpty();
    assertThat(c.markdown())
        .contains(
            "| IgeBench.cbcEncrypt @ size=16 KiB | 52,821 ± 9,394 | 8,365 ± 6,730 | -84.2% "
                + "| ±21.9% | **moved: worse** |");
    // The 0.85x CBC target flips from NOT MET (0.841) to MET (0.950)
    assertThat(c.markdown())
        .contains(
            "| fast IGE encryption >= 0.85x JDK AES/CBC encryption (vector kernels: --add-modules"
                + " jdk.incubator.vector) @ size=16 KiB "
                + "| NOT MET (0.841 ± 1.594 x) | MET (0.950 ± 0.933 x) | **changed** |");
  }

  @Test
  void aFloorAboveTheChangesFlagsNothing() throws IOException {
    // The largest change in the fixtures is CBC's -84.2%; with a 90% floor nothing moves
    Compare.Comparison c = compareFixtures(0.9);
    assertThat(c.throughput()).allMatch(r -> r.flag() == Compare.Flag.WITHIN_NOISE);
    assertThat(c.ratios()).allMatch(r -> r.flag() == Compare.Flag.WITHIN_NOISE);
    assertThat(c.markdown()).contains("and also exceeds 90.0% of OLD (`--floor`)");
  }

  @Test
  void theCommandLineWritesCompareMdIntoNew() throws IOException {
    Path oldDir = Fixtures.copy("run-old", tmp);
    Path newDir = Fixtures.copy("run-new", tmp);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ReportMain.run(
            new String[] {"compare", oldDir.toString(), newDir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("compare.md (1 of 5 ratios moved beyond the noise)");
    assertThat(Files.readString(newDir.resolve("compare.md"), StandardCharsets.UTF_8))
        .startsWith("# MTLab benchmark comparison");
  }
}
