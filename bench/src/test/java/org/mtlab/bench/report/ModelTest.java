package org.mtlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JMH JSON parsing, unit conversion, suite validation, ratios, targets and formatting. */
class ModelTest {
  private static String entry(
      String benchmark, String mode, String params, String score, String error, String unit) {
    return "{\"jmhVersion\":\"1.37\",\"benchmark\":\""
        + benchmark
        + "\",\"mode\":\""
        + mode
        + "\",\"threads\":1,\"forks\":1,\"jvm\":\"java\",\"jvmArgs\":[],\"jdkVersion\":\"17\","
        + "\"vmName\":\"VM\",\"vmVersion\":\"17\",\"warmupIterations\":1,\"warmupTime\":\"1 s\","
        + "\"measurementIterations\":2,\"measurementTime\":\"1 s\","
        + params
        + "\"primaryMetric\":{\"score\":"
        + score
        + ",\"scoreError\":"
        + error
        + ",\"scoreUnit\":\""
        + unit
        + "\"},\"secondaryMetrics\":{}}";
  }

  private static List<JmhResult> parse(String... entries) {
    return JmhJson.read(new StringReader("[" + String.join(",", entries) + "]"));
  }

  @Test
  void scoresBecomeOpsPerSecondWhateverTheUnit() {
    List<JmhResult> r =
        parse(
            entry("a.B.thrptMs", "thrpt", "", "3", "0.3", "ops/ms"),
            entry("a.B.avgtMs", "avgt", "", "2.0", "0.1", "ms/op"),
            entry("a.B.avgtNs", "avgt", "", "250", "\"NaN\"", "ns/op"));
    assertThat(r.get(0).opsPerSecond().value()).isCloseTo(3000, within(1e-9));
    assertThat(r.get(0).opsPerSecond().error()).isCloseTo(300, within(1e-9));
    // 2 ms/op = 500 ops/s; relative error 0.1 / 2 = 5% -> 25 ops/s
    assertThat(r.get(1).opsPerSecond().value()).isCloseTo(500, within(1e-9));
    assertThat(r.get(1).opsPerSecond().error()).isCloseTo(25, within(1e-9));
    assertThat(r.get(1).secondsPerOp().value()).isCloseTo(0.002, within(1e-15));
    // JMH writes an unknown error as the string "NaN"
    assertThat(r.get(2).opsPerSecond().value()).isCloseTo(4e6, within(1e-6));
    assertThat(r.get(2).opsPerSecond().hasError()).isFalse();
    assertThat(r.get(2).allocPerOp()).isNull();
    assertThat(r.get(2).bytesPerOp()).isEqualTo(-1);
    assertThat(r.get(2).megabytesPerSecond()).isNull();
    assertThatThrownBy(() -> parse(entry("a.B.c", "thrpt", "", "1", "0", "widgets/s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("widgets/s");
    assertThatThrownBy(() -> JmhJson.read(new StringReader("{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final String SUITE =
      "{\"classes\":[{\"class\":\"m.MessageBench\",\"benchmarks\":["
          + "{\"method\":\"open\",\"label\":\"open\"},"
          + "{\"method\":\"decrypt\",\"role\":\"baseline\"},{\"method\":\"sha\",\"role\":\"baseline\"}],"
          + "\"ratios\":[{\"id\":\"open/parts\",\"kind\":\"cost\",\"numerator\":\"open\","
          + "\"denominator\":[\"decrypt\",\"sha\"]}]}],"
          + "\"targets\":[{\"id\":\"t\",\"issue\":4,\"type\":\"ratio\",\"ratio\":\"open/parts\","
          + "\"params\":{\"size\":[\"1024\",\"2048\"]},\"op\":\"<=\",\"threshold\":1.3},"
          + "{\"id\":\"fast\",\"type\":\"throughput\",\"benchmark\":\"m.MessageBench.open\","
          + "\"params\":{\"size\":[\"1024\"]},\"op\":\">=\",\"threshold\":150},"
          + "{\"id\":\"time\",\"type\":\"time\",\"benchmark\":\"m.MessageBench.open\","
          + "\"op\":\"<\",\"threshold\":5,\"unit\":\"ms\"}]}";

  @Test
  void aCostRatioAddsTheDenominatorsTimes() {
    Suite suite = Suite.parse(new StringReader(SUITE));
    String p = "\"params\":{\"size\":\"1024\"},";
    List<JmhResult> r =
        parse(
            entry("m.MessageBench.open", "thrpt", p, "100", "1", "ops/s"),
            entry("m.MessageBench.decrypt", "thrpt", p, "300", "3", "ops/s"),
            entry("m.MessageBench.sha", "thrpt", p, "600", "6", "ops/s"));
    List<Ratios.Point> points = Ratios.compute(suite, r);
    assertThat(points).hasSize(1);
    // open takes 10 ms, decrypt + sha take 3.33 + 1.67 = 5 ms: cost 2.0
    Measurement cost = points.get(0).value();
    assertThat(cost.value()).isCloseTo(2.0, within(1e-12));
    // relative errors: open 1%; parts dT = sqrt((3.33e-3 * 1%)^2 + (1.67e-3 * 1%)^2) / 5e-3
    double rt = Math.hypot(0.01 / 300, 0.01 / 600) / (1.0 / 200);
    assertThat(cost.error()).isCloseTo(2.0 * Math.hypot(0.01, rt), within(1e-12));

    List<Targets.Verdict> v = Targets.evaluate(suite, r, points);
    // cost target: 2.0 > 1.3 at 1024, and 2048 was not run
    assertThat(v.get(0).status()).isEqualTo(Targets.Status.NOT_MET);
    assertThat(v.get(0).marginal()).isFalse();
    assertThat(v.get(1).status()).isEqualTo(Targets.Status.NOT_MEASURED);
    assertThat(v.get(1).where()).contains("size=2 KiB").contains("not in this run");
    // throughput target: 100 < 150
    assertThat(v.get(2).status()).isEqualTo(Targets.Status.NOT_MET);
    // time target: 10 ms per open, not < 5 ms
    assertThat(v.get(3).measured().value()).isCloseTo(10, within(1e-9));
    assertThat(v.get(3).status()).isEqualTo(Targets.Status.NOT_MET);
  }

  @Test
  void aRatioNeedsExactlyOneMatchingDenominator() {
    Suite suite = Suite.parse(new StringReader(SUITE));
    List<JmhResult> r =
        parse(
            entry(
                "m.MessageBench.open",
                "thrpt",
                "\"params\":{\"size\":\"1024\"},",
                "100",
                "1",
                "ops/s"),
            entry(
                "m.MessageBench.decrypt",
                "thrpt",
                "\"params\":{\"size\":\"2048\"},",
                "300",
                "3",
                "ops/s"),
            entry(
                "m.MessageBench.sha",
                "thrpt",
                "\"params\":{\"size\":\"1024\"},",
                "600",
                "6",
                "ops/s"));
    assertThat(Ratios.compute(suite, r)).isEmpty();
  }

  private static final String STEPS_SUITE =
      "{\"classes\":[{\"class\":\"h.Bench\",\"ratios\":[{\"id\":\"whole/steps\","
          + "\"kind\":\"cost\",\"breakdown\":true,\"numerator\":\"whole\",\"denominator\":["
          + "{\"method\":\"modPow\",\"times\":4},"
          + "{\"method\":\"pq\",\"params\":{\"bits\":\"62\"}}]}]}]}";

  @Test
  void ratioTermsCountTimesAndPinParameters() {
    Suite suite = Suite.parse(new StringReader(STEPS_SUITE));
    Suite.RatioDef def = suite.ratio("whole/steps").orElseThrow();
    assertThat(def.breakdown()).isTrue();
    assertThat(def.numerator()).isEqualTo(Suite.Term.of("h.Bench.whole"));
    assertThat(def.denominators())
        .containsExactly(
            new Suite.Term("h.Bench.modPow", Map.of(), 4),
            new Suite.Term("h.Bench.pq", Map.of("bits", "62"), 1));
    List<JmhResult> r =
        parse(
            entry("h.Bench.whole", "avgt", "", "20", "2", "ms/op"),
            entry("h.Bench.modPow", "avgt", "", "4", "0.4", "ms/op"),
            entry("h.Bench.pq", "avgt", "\"params\":{\"bits\":\"40\"},", "10", "1", "us/op"),
            entry("h.Bench.pq", "avgt", "\"params\":{\"bits\":\"62\"},", "500", "50", "us/op"),
            entry("h.Bench.pq", "avgt", "\"params\":{\"bits\":\"63\"},", "600", "60", "us/op"));
    List<Ratios.Point> points = Ratios.compute(suite, r);
    // Without the pin, three pq results would match and the ratio would be ambiguous.
    assertThat(points).hasSize(1);
    Ratios.Point p = points.get(0);
    assertThat(p.denominators().get(1).params()).containsEntry("bits", "62");
    // whole 20 ms over 4 x 4 ms + 0.5 ms = 16.5 ms
    assertThat(p.value().value()).isCloseTo(20 / 16.5, within(1e-12));
    // each relative error is 10%: dT = sqrt(1.6^2 + 0.05^2) ms; the 4 x modPow term is one
    // measurement scaled by 4, not four independent ones
    double rt = Math.hypot(1.6, 0.05) / 16.5;
    assertThat(p.value().error()).isCloseTo(20 / 16.5 * Math.hypot(0.1, rt), within(1e-12));

    Breakdown b = Breakdown.of(p, suite);
    assertThat(b.steps()).extracting(Breakdown.Part::times).containsExactly(4, 1);
    assertThat(b.steps().get(0).seconds().value()).isCloseTo(0.016, within(1e-15));
    assertThat(b.steps().get(0).share().value()).isCloseTo(0.8, within(1e-12));
    assertThat(b.steps().get(0).share().error())
        .isCloseTo(0.8 * Math.hypot(0.1, 0.1), within(1e-12));
    assertThat(b.steps().get(1).label()).isEqualTo("pq (bits=62)");
    assertThat(b.sum().seconds().value()).isCloseTo(0.0165, within(1e-15));
    // rest 3.5 ms ± hypot(2, 1.6, 0.05) ms; share 1 - 0.825 with the error of 0.825
    assertThat(b.rest().seconds().value()).isCloseTo(0.0035, within(1e-15));
    assertThat(b.rest().seconds().error())
        .isCloseTo(Math.sqrt(4 + 2.56 + 0.0025) * 1e-3, within(1e-15));
    assertThat(b.rest().share().value()).isCloseTo(0.175, within(1e-12));
    assertThat(b.rest().share().error()).isCloseTo(b.sum().share().error(), within(1e-15));

    // A breakdown must be a cost ratio; a term counts at least once.
    assertThatThrownBy(
            () -> Suite.parse(new StringReader(STEPS_SUITE.replace("\"cost\"", "\"speed\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("breakdown");
    assertThatThrownBy(
            () -> Suite.parse(new StringReader(STEPS_SUITE.replace("\"times\":4", "\"times\":0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("times");
  }

  @Test
  void theShippedSuiteIsConsistentAndBadSuitesAreRejected() {
    Suite suite = Suite.load();
    assertThat(suite.targets()).extracting(Suite.TargetDef::issue).contains(3, 4, 5);
    assertThat(suite.classInfo("org.mtlab.bench.ige.IgeBench")).isPresent();
    assertThat(suite.label("org.mtlab.bench.ige.IgeBench.cbcEncrypt"))
        .isEqualTo("JDK AES/CBC encrypt");
    assertThat(suite.label("x.Y.unknownMethod")).isEqualTo("unknownMethod");
    assertThatThrownBy(
            () ->
                Suite.parse(
                    new StringReader(
                        "{\"targets\":[{\"id\":\"t\",\"type\":\"ratio\",\"ratio\":\"nope\",\"op\":\">=\","
                            + "\"threshold\":1}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                Suite.parse(
                    new StringReader(
                        "{\"targets\":[{\"id\":\"t\",\"type\":\"throughput\",\"benchmark\":\"a.B.c\","
                            + "\"op\":\"=>\",\"threshold\":1}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("=>");
    assertThatThrownBy(
            () ->
                Suite.parse(
                    new StringReader(
                        "{\"targets\":[{\"id\":\"t\",\"type\":\"time\",\"benchmark\":\"a.B.c\","
                            + "\"op\":\"<\",\"threshold\":1,\"unit\":\"fortnights\"}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fortnights");
  }

  @Test
  void targetCombinationsCoverEveryListedValue() {
    assertThat(Targets.combinations(Map.of("b", List.of("1", "2"), "a", List.of("x"))))
        .containsExactly(Map.of("a", "x", "b", "1"), Map.of("a", "x", "b", "2"));
    assertThat(Targets.combinations(Map.of())).containsExactly(Map.of());
  }

  @Test
  void formatting() {
    assertThat(Fmt.size(64)).isEqualTo("64 B");
    assertThat(Fmt.size(1024)).isEqualTo("1 KiB");
    assertThat(Fmt.size(16384)).isEqualTo("16 KiB");
    assertThat(Fmt.size(1048576)).isEqualTo("1 MiB");
    assertThat(Fmt.size(1000)).isEqualTo("1000 B");
    assertThat(Fmt.num(1234567.89)).isEqualTo("1,234,568");
    assertThat(Fmt.num(12.345)).isEqualTo("12.3");
    assertThat(Fmt.num(1.2345)).isEqualTo("1.23");
    assertThat(Fmt.num(0.012345)).isEqualTo("0.0123");
    assertThat(Fmt.pm(new Measurement(0.5, Double.NaN))).isEqualTo("0.500 ± ?");
    assertThat(Fmt.plain(0.85)).isEqualTo("0.85");
    assertThat(Fmt.plain(1.5e6)).isEqualTo("1,500,000");
    assertThat(Fmt.time(new Measurement(2.5e-5, 1e-6))).isEqualTo("25.0 ± 1.0 µs");
    assertThat(Fmt.params(Map.of("size", "16384"))).isEqualTo("size=16 KiB");
  }

  @Test
  void cpuFlagsOfInterestAreKeptInOrder() {
    assertThat(Machine.interestingFlags("fpu sha_ni sse2 avx2 aes hypervisor"))
        .isEqualTo("aes sha_ni avx2 hypervisor");
    assertThat(Machine.interestingFlags("fpu sse2")).startsWith("none of aes");
    assertThat(Machine.markdown(Map.of("cpuModel", "Some CPU", "cpuFlagsAll", "long list")))
        .contains("| CPU model | Some CPU |")
        .doesNotContain("long list");
  }
}
