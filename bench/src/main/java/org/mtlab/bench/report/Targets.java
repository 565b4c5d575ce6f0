package org.mtlab.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates the suite's targets against one run: each target becomes one or more {@link Verdict}s,
 * MET, NOT MET or NOT MEASURED, each with the value measured in that run.
 *
 * <p>The verdict compares the point estimate with the threshold. When the threshold lies within the
 * value's error ({@code |value - threshold| <= error}) the verdict is marked marginal: another run
 * may well decide it the other way. Stateless.
 */
public final class Targets {
  private Targets() {}

  /** A target's outcome. */
  public enum Status {
    /** The measured value meets the threshold. */
    MET,
    /** The measured value misses the threshold. */
    NOT_MET,
    /** The run has no result for it (benchmark absent, filtered out, or no -prof gc). */
    NOT_MEASURED;

    /** As printed: {@code MET}, {@code NOT MET}, {@code NOT MEASURED}. */
    public String text() {
      return name().replace('_', ' ');
    }
  }

  /**
   * One row of the targets table.
   *
   * @param def the target
   * @param where what was measured (benchmark or ratio, and parameters), or why nothing was
   * @param params the parameters of the measured point (empty if not measured)
   * @param measured the value in the target's unit, or null if not measured
   * @param status the outcome
   * @param marginal true if the threshold lies within the error
   */
  public record Verdict(
      Suite.TargetDef def,
      String where,
      Map<String, String> params,
      Measurement measured,
      Status status,
      boolean marginal) {
    /** Copies the parameters. */
    public Verdict {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** A key that identifies this row across runs: target id and parameters. */
    public String key() {
      return def.worstOnly() ? def.id() : def.id() + " " + Fmt.params(params);
    }
  }

  private record Candidate(String where, Map<String, String> params, Measurement value) {}

  /** The verdicts of every target, in the suite's order. */
  public static List<Verdict> evaluate(
      Suite suite, List<JmhResult> results, List<Ratios.Point> ratios) {
    List<Verdict> out = new ArrayList<>();
    for (Suite.TargetDef def : suite.targets()) {
      out.addAll(evaluate(def, suite, results, ratios));
    }
    return out;
  }

  private static List<Verdict> evaluate(
      Suite.TargetDef def, Suite suite, List<JmhResult> results, List<Ratios.Point> ratios) {
    List<Candidate> candidates = new ArrayList<>();
    boolean sawResultWithoutAlloc = false;
    if (def.type() == Suite.TargetType.RATIO) {
      for (Ratios.Point p : ratios) {
        if (p.def().id().equals(def.ratio()) && def.appliesTo(p.params())) {
          candidates.add(new Candidate(p.def().title(), p.params(), p.value()));
        }
      }
    } else {
      for (String b : def.benchmarks()) {
        for (JmhResult r : results) {
          if (!r.benchmark().equals(b) || !def.appliesTo(r.params())) {
            continue;
          }
          Measurement v = value(def, r);
          if (v == null) {
            sawResultWithoutAlloc = true;
          } else {
            candidates.add(new Candidate(suite.label(b), r.params(), v));
          }
        }
      }
    }
    List<Verdict> out = new ArrayList<>();
    String why = sawResultWithoutAlloc ? "run without -prof gc" : "not in this run";
    if (def.worstOnly() || def.params().isEmpty()) {
      if (candidates.isEmpty()) {
        out.add(notMeasured(def, scope(def, suite, def.params()), why, Map.of()));
      } else if (def.worstOnly()) {
        Candidate worst = candidates.get(0);
        for (Candidate c : candidates) {
          boolean worse =
              def.higherIsBetter()
                  ? c.value().value() < worst.value().value()
                  : c.value().value() > worst.value().value();
          if (worse) {
            worst = c;
          }
        }
        out.add(verdict(def, "worst of " + candidates.size() + ": " + describe(worst), worst));
      } else {
        for (Candidate c : candidates) {
          out.add(verdict(def, describe(c), c));
        }
      }
      return out;
    }
    // A target restricted to parameter values gets a row for every combination it names, so
    // that a value the run left out shows as NOT MEASURED rather than silently missing.
    for (Map<String, String> combo : combinations(def.params())) {
      boolean found = false;
      for (Candidate c : candidates) {
        if (agree(combo, c.params())) {
          out.add(verdict(def, describe(c), c));
          found = true;
        }
      }
      if (!found) {
        Map<String, List<String>> one = new TreeMap<>();
        for (Map.Entry<String, String> e : combo.entrySet()) {
          one.put(e.getKey(), List.of(e.getValue()));
        }
        out.add(notMeasured(def, scope(def, suite, one), why, combo));
      }
    }
    return out;
  }

  private static Verdict notMeasured(
      Suite.TargetDef def, String scope, String why, Map<String, String> params) {
    return new Verdict(def, scope + ": " + why, params, null, Status.NOT_MEASURED, false);
  }

  private static boolean agree(Map<String, String> combo, Map<String, String> params) {
    for (Map.Entry<String, String> e : combo.entrySet()) {
      if (!e.getValue().equals(params.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Every combination of the listed values, parameters in name order. */
  static List<Map<String, String>> combinations(Map<String, List<String>> params) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new TreeMap<>());
    for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String v : e.getValue()) {
          Map<String, String> m = new TreeMap<>(partial);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }

  private static String scope(Suite.TargetDef def, Suite suite, Map<String, List<String>> params) {
    StringBuilder s = new StringBuilder();
    if (def.type() == Suite.TargetType.RATIO) {
      s.append(suite.ratio(def.ratio()).map(Suite.RatioDef::title).orElse(def.ratio()));
    } else {
      List<String> labels = new ArrayList<>();
      for (String b : def.benchmarks()) {
        labels.add(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1));
      }
      s.append(String.join(", ", labels));
    }
    if (!params.isEmpty()) {
      List<String> ps = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
        List<String> vs = new ArrayList<>();
        for (String v : e.getValue()) {
          vs.add(Fmt.paramValue(e.getKey(), v));
        }
        ps.add(e.getKey() + "=" + String.join(" or ", vs));
      }
      s.append(" @ ").append(String.join(", ", ps));
    }
    return s.toString();
  }

  private static String describe(Candidate c) {
    String p = Fmt.params(c.params());
    return p.isEmpty() ? c.where() : c.where() + " @ " + p;
  }

  private static Verdict verdict(Suite.TargetDef def, String where, Candidate c) {
    Measurement v = c.value();
    boolean met = def.isMetBy(v.value());
    boolean marginal = v.hasError() && Math.abs(v.value() - def.threshold()) <= v.error();
    return new Verdict(
        def, where, new TreeMap<>(c.params()), v, met ? Status.MET : Status.NOT_MET, marginal);
  }

  /** The value a non-ratio target reads from one result, in the target's unit (null: none). */
  static Measurement value(Suite.TargetDef def, JmhResult r) {
    return switch (def.type()) {
      case THROUGHPUT -> r.opsPerSecond();
      case TIME -> r.secondsPerOp().times(1 / Fmt.secondsPerUnit(def.unit()));
      case ALLOC -> r.allocPerOp();
      default -> throw new IllegalArgumentException("not a benchmark target: " + def.type());
    };
  }
}
