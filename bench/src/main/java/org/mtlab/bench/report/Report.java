package org.mtlab.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code report.md} and its charts for one results folder: the run's settings and machine,
 * the targets of issues 3-5 as MET / NOT MET / NOT MEASURED, and per benchmark class a table of
 * throughput (ops/s, time per op, MB/s) and allocation per op, the ratios of its subjects to their
 * baselines, and charts (PNG and SVG).
 *
 * <p>Stateless; {@link #write} touches only {@code report.md} and {@code charts/} in the folder.
 */
public final class Report {
  /** The report's file name. */
  public static final String FILE = "report.md";

  /** The charts' folder name. */
  public static final String CHARTS = "charts";

  /** The JMH result file that run.sh writes. */
  public static final String JMH_JSON = "jmh.json";

  private Report() {}

  /**
   * Reads {@code dir/jmh.json} and {@code dir/machine.json} and writes {@code dir/report.md} and
   * {@code dir/charts/}.
   *
   * @return the report's path
   */
  public static Path write(Path dir, Suite suite) throws IOException {
    List<JmhResult> results = JmhJson.read(dir.resolve(JMH_JSON));
    Map<String, String> machine = Machine.read(dir);
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    String md = render(dir, name, suite, results, machine);
    Path out = dir.resolve(FILE);
    Files.writeString(out, md, StandardCharsets.UTF_8);
    return out;
  }

  /** Renders the report (and draws its charts into {@code dir/charts}). */
  static String render(
      Path dir, String runName, Suite suite, List<JmhResult> results, Map<String, String> machine)
      throws IOException {
    List<Ratios.Point> ratios = Ratios.compute(suite, results);
    List<Targets.Verdict> verdicts = Targets.evaluate(suite, results, ratios);
    StringBuilder sb = new StringBuilder();
    sb.append("# MTLab benchmark report: ").append(runName).append("\n\n");
    header(sb, results, machine);
    howToRead(sb);
    targets(sb, verdicts);
    for (String cls : classOrder(suite, results)) {
      List<JmhResult> rs = new ArrayList<>();
      for (JmhResult r : results) {
        if (r.className().equals(cls)) {
          rs.add(r);
        }
      }
      rs.sort(resultOrder(suite));
      List<Ratios.Point> rps = new ArrayList<>();
      for (Ratios.Point p : ratios) {
        if (p.def().className().equals(cls)) {
          rps.add(p);
        }
      }
      classSection(sb, dir, cls, suite, rs, rps);
    }
    sb.append("## Files\n\n");
    sb.append("- `jmh.json`: JMH's raw results (`-rf json`); `jmh.log`: JMH's console output\n");
    sb.append("- `machine.json`, `machine.md`: the machine and JVM description\n");
    sb.append("- `charts/`: every chart as PNG and SVG\n");
    sb.append("\nRe-render with `java -cp bench/target/benchmarks.jar ")
        .append("org.mtlab.bench.report.ReportMain report <this folder>`.\n");
    return sb.toString();
  }

  private static void header(StringBuilder sb, List<JmhResult> results, Map<String, String> m) {
    sb.append("| | |\n|---|---|\n");
    row(sb, "Date (UTC)", m.getOrDefault("date", "unknown (no machine.json)"));
    row(sb, "Profile", m.getOrDefault("profile", "unknown"));
    Set<String> jvms = new LinkedHashSet<>();
    Set<String> settings = new LinkedHashSet<>();
    Set<String> jmh = new LinkedHashSet<>();
    for (JmhResult r : results) {
      jvms.add(r.jvm().jvmSummary());
      settings.add(r.jvm().jmhSummary());
      jmh.add(r.jvm().jmhVersion());
    }
    row(sb, "JVM benchmarked (from jmh.json)", String.join("; ", jvms));
    row(
        sb,
        "JDK vendor",
        m.getOrDefault("javaVendor", "unknown") + " " + m.getOrDefault("javaRuntimeVersion", ""));
    row(
        sb,
        "JMH " + String.join(", ", jmh),
        String.join("; ", settings)
            + (m.containsKey("jmhArgs") ? " (options: `" + m.get("jmhArgs") + "`)" : ""));
    row(
        sb,
        "CPU",
        m.getOrDefault("cpuModel", "unknown")
            + ", "
            + m.getOrDefault("logicalCpus", "?")
            + " logical CPUs; flags: "
            + m.getOrDefault("cpuFlags", "unknown"));
    row(sb, "Memory", m.getOrDefault("memory", "unknown"));
    row(
        sb,
        "OS",
        m.getOrDefault("os", "unknown")
            + " ("
            + m.getOrDefault("kernel", "")
            + ", "
            + m.getOrDefault("arch", "")
            + ")");
    row(
        sb,
        "Load average before / after",
        m.getOrDefault("loadBefore", "unknown") + " / " + m.getOrDefault("loadAfter", "unknown"));
    sb.append(
        "\nFull description: [machine.md](machine.md). Raw results: [jmh.json](jmh.json).\n\n");
  }

  private static void howToRead(StringBuilder sb) {
    sb.append("How to read: `±` is JMH's 99.9% confidence half-width over all measured ")
        .append("iterations of all forks (`?`: one iteration, no estimate). MB/s is 10^6 bytes ")
        .append("a second; sizes are binary (1 KiB = 1024 B). A ratio is the subject's ")
        .append("throughput over its baseline's (`speed`, higher is faster) or its time over ")
        .append("the baselines' summed time (`cost`, lower is cheaper); its `±` is propagated ")
        .append("to first order from both errors. Allocation is `-prof gc`'s ")
        .append("`gc.alloc.rate.norm`: it includes JMH's own background allocation spread over ")
        .append("the ops, so slow ops (1 MiB) show several B/op that no op allocated; one ")
        .append("allocation per op would show at least 16 B/op. Allocation targets are therefore ")
        .append("judged at the small sizes. A class run in a time-based mode (AverageTime) ")
        .append("lists time per op first; ops/s is its inverse with the same relative error. A ")
        .append("breakdown sets a whole operation against its steps measured alone: each step's ")
        .append("time (times how often the whole makes it) as a share of the whole, and the rest ")
        .append("the whole spends elsewhere.\n\n");
  }

  private static void targets(StringBuilder sb, List<Targets.Verdict> verdicts) {
    sb.append("## Targets\n\n");
    int met = 0;
    int notMet = 0;
    int none = 0;
    for (Targets.Verdict v : verdicts) {
      switch (v.status()) {
        case MET -> met++;
        case NOT_MET -> notMet++;
        default -> none++;
      }
    }
    sb.append(met)
        .append(" met, ")
        .append(notMet)
        .append(" not met, ")
        .append(none)
        .append(" not measured. Each is judged on the point estimate; *marginal* means the ")
        .append("threshold lies within the error, so another run may decide it the other way.")
        .append("\n\n");
    sb.append("| issue | target | measured on | measured | threshold | verdict |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Targets.Verdict v : verdicts) {
      Suite.TargetDef d = v.def();
      String unit = " " + d.unit();
      String measured = v.measured() == null ? "-" : Fmt.pm(v.measured()) + unit;
      String verdict =
          "**"
              + v.status().text()
              + "**"
              + (v.marginal() ? " (marginal)" : "")
              + (v.measured() != null && !v.measured().hasError() ? " (no error estimate)" : "");
      sb.append("| ")
          .append(d.issue())
          .append(" | ")
          .append(Fmt.cell(d.text()))
          .append(" | ")
          .append(Fmt.cell(v.where()))
          .append(" | ")
          .append(measured)
          .append(" | ")
          .append(d.op())
          .append(' ')
          .append(Fmt.plain(d.threshold()))
          .append(unit)
          .append(" | ")
          .append(verdict)
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static void classSection(
      StringBuilder sb,
      Path dir,
      String cls,
      Suite suite,
      List<JmhResult> rs,
      List<Ratios.Point> ratios)
      throws IOException {
    String simple = cls.substring(cls.lastIndexOf('.') + 1);
    Suite.ClassInfo info = suite.classInfo(cls).orElse(null);
    sb.append("## ").append(simple);
    if (info != null && !info.title().equals(simple)) {
      sb.append(": ").append(info.title());
    }
    sb.append("\n\n");
    if (info != null && !info.question().isEmpty()) {
      sb.append(info.question()).append("\n\n");
    }
    // A class measured in a time-based mode (AverageTime, ...) measures time per op: that
    // column comes first.
    boolean timeFirst = !rs.isEmpty() && rs.stream().allMatch(JmhResult::isTimeMode);
    sb.append("| benchmark | role | params | ")
        .append(timeFirst ? "time/op | ops/s" : "ops/s | time/op")
        .append(" | MB/s | alloc B/op |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (JmhResult r : rs) {
      String role =
          suite
              .benchmarkInfo(r.benchmark())
              .map(b -> b.role().name().toLowerCase(java.util.Locale.ROOT))
              .orElse("-");
      Measurement mb = r.megabytesPerSecond();
      String ops = Fmt.pm(r.opsPerSecond());
      String time = Fmt.time(r.secondsPerOp());
      sb.append("| ")
          .append(Fmt.cell(suite.label(r.benchmark())))
          .append(" (`")
          .append(r.method())
          .append("`) | ")
          .append(role)
          .append(" | ")
          .append(r.params().isEmpty() ? "-" : Fmt.cell(r.paramsText()))
          .append(" | ")
          .append(timeFirst ? time : ops)
          .append(" | ")
          .append(timeFirst ? ops : time)
          .append(" | ");
      sb.append(mb == null ? "-" : Fmt.pm(mb))
          .append(" | ")
          .append(r.allocPerOp() == null ? "-" : Fmt.pm(r.allocPerOp()))
          .append(" |\n");
    }
    sb.append('\n');
    if (!ratios.isEmpty()) {
      sb.append("Ratios:\n\n| ratio | kind | params | value (x) |\n|---|---|---|---|\n");
      for (Ratios.Point p : ratios) {
        sb.append("| ")
            .append(Fmt.cell(p.def().title()))
            .append(" | ")
            .append(p.def().kind().name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(p.params().isEmpty() ? "-" : Fmt.cell(Fmt.params(p.params())))
            .append(" | ")
            .append(Fmt.pm(p.value()))
            .append(" |\n");
      }
      sb.append('\n');
    }
    for (Ratios.Point p : ratios) {
      if (p.def().breakdown()) {
        breakdown(sb, Breakdown.of(p, suite), p.params());
      }
    }
    for (Charts.Written w : Charts.drawClass(dir.resolve(CHARTS), simple, suite, rs, ratios)) {
      sb.append("![")
          .append(w.title())
          .append("](")
          .append(CHARTS)
          .append('/')
          .append(w.name())
          .append(".png) ([SVG](")
          .append(CHARTS)
          .append('/')
          .append(w.name())
          .append(".svg))\n\n");
    }
  }

  /** The "where the time goes" table of one breakdown point. */
  private static void breakdown(StringBuilder sb, Breakdown b, Map<String, String> params) {
    sb.append("Where the time goes (")
        .append(Fmt.cell(b.title()))
        .append(params.isEmpty() ? "" : " @ " + Fmt.cell(Fmt.params(params)))
        .append("):\n\n");
    String unit = Fmt.timeUnit(b.whole().seconds().value());
    sb.append("| part | time/op alone | times | time in the whole | share of the whole |\n");
    sb.append("|---|---|---|---|---|\n");
    for (Breakdown.Part p : b.steps()) {
      breakdownRow(sb, p, unit);
    }
    breakdownRow(sb, b.sum(), unit);
    breakdownRow(sb, b.rest(), unit);
    sb.append("| **")
        .append(Fmt.cell(b.whole().label()))
        .append("** | ")
        .append(Fmt.time(b.whole().perOp(), unit))
        .append(" | ")
        .append(b.whole().times())
        .append(" | ")
        .append(Fmt.time(b.whole().seconds(), unit))
        .append(" | 100 % |\n\n");
  }

  private static void breakdownRow(StringBuilder sb, Breakdown.Part p, String unit) {
    sb.append("| ")
        .append(Fmt.cell(p.label()))
        .append(" | ")
        .append(p.perOp() == null ? "" : Fmt.time(p.perOp()))
        .append(" | ")
        .append(p.perOp() == null ? "" : String.valueOf(p.times()))
        .append(" | ")
        .append(Fmt.time(p.seconds(), unit))
        .append(" | ")
        .append(Fmt.percent(p.share()))
        .append(" |\n");
  }

  private static List<String> classOrder(Suite suite, List<JmhResult> results) {
    Set<String> present = new TreeSet<>();
    for (JmhResult r : results) {
      present.add(r.className());
    }
    List<String> order = new ArrayList<>();
    for (Suite.ClassInfo c : suite.classes()) {
      if (present.remove(c.className())) {
        order.add(c.className());
      }
    }
    order.addAll(present);
    return order;
  }

  /** Suite order of methods, then size, then parameter text. */
  static Comparator<JmhResult> resultOrder(Suite suite) {
    Map<String, Integer> rank = new LinkedHashMap<>();
    for (Suite.ClassInfo c : suite.classes()) {
      for (Suite.BenchmarkInfo b : c.benchmarks()) {
        rank.putIfAbsent(b.benchmark(), rank.size());
      }
    }
    return Comparator.<JmhResult>comparingInt(r -> rank.getOrDefault(r.benchmark(), 1 << 20))
        .thenComparing(JmhResult::benchmark)
        .thenComparingLong(JmhResult::bytesPerOp)
        .thenComparing(JmhResult::paramsText);
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("| ").append(k).append(" | ").append(Fmt.cell(v)).append(" |\n");
  }
}
