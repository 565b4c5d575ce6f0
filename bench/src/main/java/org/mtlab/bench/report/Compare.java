package org.mtlab.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lines up two runs (OLD and NEW results folders) and writes {@code compare.md}: the same benchmark
 * at the same parameters, the same ratio, the same target, side by side, with every change larger
 * than the run-to-run noise flagged.
 *
 * <p><b>The noise rule.</b> Each run gives a value {@code v} with JMH's 99.9% half-width {@code e}
 * (for ratios, the propagated half-width). The change {@code v_new - v_old} is flagged when {@code
 * |v_new - v_old| > sqrt(e_old^2 + e_new^2)}, and also exceeds {@code floor * |v_old|} when a floor
 * is given. Combining the half-widths in quadrature treats the runs as independent; the result is
 * then approximately a 99.9% half-width of the difference, so an unflagged change cannot be told
 * from noise. JMH's error only sees the spread within one run (its iterations and forks); on a
 * shared machine, runs drift more than that, which the floor guards against. When either run has no
 * error estimate (one iteration), only the floor can decide; with no floor the row says so.
 * Stateless.
 */
public final class Compare {
  /** The default output file name. */
  public static final String FILE = "compare.md";

  private Compare() {}

  /** How a change compares with the noise. */
  public enum Flag {
    /** Within the noise. */
    WITHIN_NOISE,
    /** Moved beyond the noise, for the better. */
    BETTER,
    /** Moved beyond the noise, for the worse. */
    WORSE,
    /** No error estimate and no floor: cannot say. */
    UNKNOWN;

    /** As printed. */
    public String text() {
      return switch (this) {
        case BETTER -> "**moved: better**";
        case WORSE -> "**moved: worse**";
        case UNKNOWN -> "? (no error estimate)";
        default -> "within noise";
      };
    }
  }

  /**
   * One lined-up value.
   *
   * @param key what it is (benchmark or ratio, and parameters)
   * @param oldValue OLD's value
   * @param newValue NEW's value
   * @param noise the combined half-width {@code sqrt(e_old^2 + e_new^2)} (NaN if unknown)
   * @param flag the verdict
   */
  public record Row(
      String key, Measurement oldValue, Measurement newValue, double noise, Flag flag) {
    /** The relative change {@code (new - old) / |old|}. */
    public double change() {
      return (newValue.value() - oldValue.value()) / Math.abs(oldValue.value());
    }
  }

  /**
   * Decides whether a change is beyond the noise.
   *
   * @param higherIsBetter the direction that counts as better
   * @param floor a minimum relative change to flag (0 for none)
   */
  public static Row row(
      String key,
      Measurement oldValue,
      Measurement newValue,
      boolean higherIsBetter,
      double floor) {
    double diff = newValue.value() - oldValue.value();
    double floorAbs = floor * Math.abs(oldValue.value());
    double noise = Double.NaN;
    Flag flag;
    if (oldValue.hasError() && newValue.hasError()) {
      noise = Math.hypot(oldValue.error(), newValue.error());
      flag =
          Math.abs(diff) > Math.max(noise, floorAbs)
              ? direction(diff, higherIsBetter)
              : Flag.WITHIN_NOISE;
    } else if (floor > 0) {
      flag = Math.abs(diff) > floorAbs ? direction(diff, higherIsBetter) : Flag.WITHIN_NOISE;
    } else {
      flag = Flag.UNKNOWN;
    }
    return new Row(key, oldValue, newValue, noise, flag);
  }

  private static Flag direction(double diff, boolean higherIsBetter) {
    return (diff > 0) == higherIsBetter ? Flag.BETTER : Flag.WORSE;
  }

  /** The full comparison of two results folders. */
  public record Comparison(
      List<Row> throughput,
      List<Row> ratios,
      List<String[]> targets,
      List<String> onlyOld,
      List<String> onlyNew,
      String markdown) {}

  /** Compares the folders and writes the Markdown to {@code out}. */
  public static Comparison write(Path oldDir, Path newDir, Path out, Suite suite, double floor)
      throws IOException {
    Comparison c = compare(oldDir, newDir, suite, floor);
    Files.writeString(out, c.markdown(), StandardCharsets.UTF_8);
    return c;
  }

  /** Compares two results folders (each with jmh.json, optionally machine.json). */
  public static Comparison compare(Path oldDir, Path newDir, Suite suite, double floor)
      throws IOException {
    List<JmhResult> oldResults = JmhJson.read(oldDir.resolve(Report.JMH_JSON));
    List<JmhResult> newResults = JmhJson.read(newDir.resolve(Report.JMH_JSON));
    return compare(
        name(oldDir),
        Machine.read(oldDir),
        oldResults,
        name(newDir),
        Machine.read(newDir),
        newResults,
        suite,
        floor);
  }

  static Comparison compare(
      String oldName,
      Map<String, String> oldMachine,
      List<JmhResult> oldResults,
      String newName,
      Map<String, String> newMachine,
      List<JmhResult> newResults,
      Suite suite,
      double floor) {
    Map<String, JmhResult> olds = byKey(oldResults);
    Map<String, JmhResult> news = byKey(newResults);
    List<Row> throughput = new ArrayList<>();
    List<String> onlyOld = new ArrayList<>();
    List<String> onlyNew = new ArrayList<>();
    for (Map.Entry<String, JmhResult> e : olds.entrySet()) {
      JmhResult n = news.get(e.getKey());
      if (n == null) {
        onlyOld.add(e.getKey());
      } else {
        throughput.add(row(e.getKey(), e.getValue().opsPerSecond(), n.opsPerSecond(), true, floor));
      }
    }
    for (String k : news.keySet()) {
      if (!olds.containsKey(k)) {
        onlyNew.add(k);
      }
    }
    Map<String, Ratios.Point> oldRatios = ratioMap(Ratios.compute(suite, oldResults));
    Map<String, Ratios.Point> newRatios = ratioMap(Ratios.compute(suite, newResults));
    List<Row> ratios = new ArrayList<>();
    for (Map.Entry<String, Ratios.Point> e : oldRatios.entrySet()) {
      Ratios.Point n = newRatios.get(e.getKey());
      if (n != null) {
        boolean higherIsBetter = n.def().kind() == Suite.RatioKind.SPEED;
        ratios.add(row(e.getKey(), e.getValue().value(), n.value(), higherIsBetter, floor));
      }
    }
    List<String[]> targets = new ArrayList<>();
    Map<String, Targets.Verdict> oldVerdicts = verdictMap(suite, oldResults);
    Map<String, Targets.Verdict> newVerdicts = verdictMap(suite, newResults);
    Set<String> keys = new LinkedHashSet<>(oldVerdicts.keySet());
    keys.addAll(newVerdicts.keySet());
    for (String k : keys) {
      Targets.Verdict o = oldVerdicts.get(k);
      Targets.Verdict n = newVerdicts.get(k);
      if (o == null && n == null) {
        continue;
      }
      Targets.Verdict any = o != null ? o : n;
      if (any.status() == Targets.Status.NOT_MEASURED
          && (o == null || o.status() == Targets.Status.NOT_MEASURED)
          && (n == null || n.status() == Targets.Status.NOT_MEASURED)) {
        continue;
      }
      targets.add(
          new String[] {
            any.def().text() + (any.params().isEmpty() ? "" : " @ " + Fmt.params(any.params())),
            verdictText(o),
            verdictText(n),
            (o == null ? null : o.status()) == (n == null ? null : n.status()) ? "" : "**changed**"
          });
    }
    String md =
        markdown(
            oldName,
            oldMachine,
            oldResults,
            newName,
            newMachine,
            newResults,
            throughput,
            ratios,
            targets,
            onlyOld,
            onlyNew,
            floor);
    return new Comparison(throughput, ratios, targets, onlyOld, onlyNew, md);
  }

  private static String verdictText(Targets.Verdict v) {
    if (v == null || v.measured() == null) {
      return v == null ? "-" : v.status().text();
    }
    return v.status().text() + " (" + Fmt.pm(v.measured()) + " " + v.def().unit() + ")";
  }

  private static String markdown(
      String oldName,
      Map<String, String> oldMachine,
      List<JmhResult> oldResults,
      String newName,
      Map<String, String> newMachine,
      List<JmhResult> newResults,
      List<Row> throughput,
      List<Row> ratios,
      List<String[]> targets,
      List<String> onlyOld,
      List<String> onlyNew,
      double floor) {
    StringBuilder sb = new StringBuilder("# MTLab benchmark comparison\n\n");
    sb.append("| | OLD | NEW |\n|---|---|---|\n");
    sb.append("| Run | ")
        .append(Fmt.cell(oldName))
        .append(" | ")
        .append(Fmt.cell(newName))
        .append(" |\n");
    String[][] facts = {
      {"Date (UTC)", "date"}, {"Profile", "profile"}, {"JDK vendor", "javaVendor"},
      {"JDK version", "javaRuntimeVersion"}, {"CPU", "cpuModel"}, {"CPU flags", "cpuFlags"},
      {"Load before / after", "loadBefore"}
    };
    for (String[] f : facts) {
      String o = oldMachine.getOrDefault(f[1], "unknown");
      String n = newMachine.getOrDefault(f[1], "unknown");
      if (f[1].equals("loadBefore")) {
        o = o + " / " + oldMachine.getOrDefault("loadAfter", "unknown");
        n = n + " / " + newMachine.getOrDefault("loadAfter", "unknown");
      }
      sb.append("| ")
          .append(f[0])
          .append(" | ")
          .append(Fmt.cell(o))
          .append(" | ")
          .append(Fmt.cell(n))
          .append(" |\n");
    }
    sb.append("| JVM benchmarked | ")
        .append(Fmt.cell(jvms(oldResults)))
        .append(" | ")
        .append(Fmt.cell(jvms(newResults)))
        .append(" |\n");
    sb.append("| JMH settings | ")
        .append(Fmt.cell(settings(oldResults)))
        .append(" | ")
        .append(Fmt.cell(settings(newResults)))
        .append(" |\n\n");
    if (!jvms(oldResults).equals(jvms(newResults))) {
      sb.append("Note: the runs used different JVMs, so a change may come from the JVM rather ")
          .append("than from the code.\n\n");
    }
    if (!oldMachine.getOrDefault("cpuModel", "").equals(newMachine.getOrDefault("cpuModel", ""))) {
      sb.append("Note: the runs report different CPUs.\n\n");
    }
    sb.append("Rule: a change is flagged when |NEW - OLD| > sqrt(e_OLD^2 + e_NEW^2), where e is ")
        .append("each run's 99.9% confidence half-width from JMH (propagated for ratios)");
    if (floor > 0) {
      sb.append(", and also exceeds ")
          .append(String.format(Locale.ROOT, "%.1f%%", floor * 100))
          .append(" of OLD (`--floor`)");
    }
    sb.append(". Adding the half-widths in quadrature treats the runs as independent; JMH's ")
        .append("error only covers the spread within one run, so runs with one fork or on a ")
        .append("busy machine understate the noise (use `--floor`).\n\n");

    long moved =
        ratios.stream().filter(r -> r.flag() == Flag.BETTER || r.flag() == Flag.WORSE).count();
    sb.append("## Ratios\n\n")
        .append(moved)
        .append(" of ")
        .append(ratios.size())
        .append(" ratios moved beyond the noise.\n\n");
    table(sb, "ratio @ params", "x", ratios);
    long movedT =
        throughput.stream().filter(r -> r.flag() == Flag.BETTER || r.flag() == Flag.WORSE).count();
    sb.append("## Throughput\n\n")
        .append(movedT)
        .append(" of ")
        .append(throughput.size())
        .append(" results moved beyond the noise.\n\n");
    table(sb, "benchmark @ params", "ops/s", throughput);
    sb.append("## Targets\n\n");
    if (targets.isEmpty()) {
      sb.append("No target was measured in either run.\n\n");
    } else {
      sb.append("| target | OLD | NEW | |\n|---|---|---|---|\n");
      for (String[] t : targets) {
        sb.append("| ")
            .append(Fmt.cell(t[0]))
            .append(" | ")
            .append(Fmt.cell(t[1]))
            .append(" | ")
            .append(Fmt.cell(t[2]))
            .append(" | ")
            .append(t[3])
            .append(" |\n");
      }
      sb.append('\n');
    }
    if (!onlyOld.isEmpty() || !onlyNew.isEmpty()) {
      sb.append("## Not in both runs\n\n");
      for (String k : onlyOld) {
        sb.append("- only in OLD: ").append(k).append('\n');
      }
      for (String k : onlyNew) {
        sb.append("- only in NEW: ").append(k).append('\n');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, String what, String unit, List<Row> rows) {
    sb.append("| ")
        .append(what)
        .append(" | OLD (")
        .append(unit)
        .append(") | NEW (")
        .append(unit)
        .append(") | change | noise | flag |\n|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(Fmt.cell(r.key()))
          .append(" | ")
          .append(Fmt.pm(r.oldValue()))
          .append(" | ")
          .append(Fmt.pm(r.newValue()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%+.1f%%", r.change() * 100))
          .append(" | ")
          .append(
              Double.isNaN(r.noise())
                  ? "?"
                  : String.format(
                      Locale.ROOT, "±%.1f%%", r.noise() / Math.abs(r.oldValue().value()) * 100))
          .append(" | ")
          .append(r.flag().text())
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static String jvms(List<JmhResult> results) {
    Set<String> s = new LinkedHashSet<>();
    for (JmhResult r : results) {
      s.add(r.jvm().vmName() + " " + r.jvm().vmVersion());
    }
    return String.join("; ", s);
  }

  private static String settings(List<JmhResult> results) {
    Set<String> s = new LinkedHashSet<>();
    for (JmhResult r : results) {
      s.add(r.jvm().jmhSummary());
    }
    return String.join("; ", s);
  }

  private static Map<String, JmhResult> byKey(List<JmhResult> results) {
    Map<String, JmhResult> m = new LinkedHashMap<>();
    for (JmhResult r : results) {
      m.put(
          key(
              r.benchmark()
                  .substring(
                      r.benchmark().lastIndexOf('.', r.benchmark().lastIndexOf('.') - 1) + 1),
              r.params()),
          r);
    }
    return m;
  }

  private static Map<String, Ratios.Point> ratioMap(List<Ratios.Point> points) {
    Map<String, Ratios.Point> m = new LinkedHashMap<>();
    for (Ratios.Point p : points) {
      m.put(key(p.def().title(), p.params()), p);
    }
    return m;
  }

  private static Map<String, Targets.Verdict> verdictMap(Suite suite, List<JmhResult> results) {
    Map<String, Targets.Verdict> m = new LinkedHashMap<>();
    for (Targets.Verdict v : Targets.evaluate(suite, results, Ratios.compute(suite, results))) {
      m.put(v.key(), v);
    }
    return m;
  }

  private static String key(String name, Map<String, String> params) {
    return params.isEmpty() ? name : name + " @ " + Fmt.params(params);
  }

  private static String name(Path dir) {
    return dir.toAbsolutePath().normalize().getFileName().toString();
  }
}
