package org.mtlab.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the suite's ratios from one run's results, with their uncertainty.
 *
 * <p>For a numerator with throughput {@code a} and denominators with throughputs {@code s_i},
 * the denominators' times per op add: {@code T = sum(1 / s_i)}. A {@link Suite.RatioKind#SPEED}
 * ratio is {@code a * T} (the numerator's throughput over the denominators' combined
 * throughput), a {@link Suite.RatioKind#COST} ratio is its inverse {@code 1 / (a * T)}. With
 * one denominator these are simply {@code a / s} and {@code s / a}.
 *
 * <p>Errors are propagated to first order, treating the measurements as independent: the
 * relative error of the ratio is {@code sqrt(r_a^2 + (dT / T)^2)} with
 * {@code dT = sqrt(sum((r_i / s_i)^2))}, where {@code r} is a relative error. The inputs are
 * JMH's 99.9% half-widths, so the result is an approximate 99.9% half-width as well. A missing
 * error on any input leaves the ratio's error unknown.
 *
 * <p>A ratio is computed for every result of the numerator for which each denominator has
 * exactly one result whose parameters agree on every name both have. Stateless.
 */
public final class Ratios {
  private Ratios() {}

  /**
   * One ratio at one parameter combination.
   *
   * @param def the ratio
   * @param params the numerator's parameters
   * @param value the ratio with its error
   * @param numerator the numerator's result
   * @param denominators the denominators' results, in the definition's order
   */
  public record Point(
      Suite.RatioDef def,
      Map<String, String> params,
      Measurement value,
      JmhResult numerator,
      List<JmhResult> denominators) {
    /** Copies the collections. */
    public Point {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
      denominators = List.copyOf(denominators);
    }
  }

  /** Every point of every ratio of {@code suite} that {@code results} allow. */
  public static List<Point> compute(Suite suite, List<JmhResult> results) {
    List<Point> points = new ArrayList<>();
    for (Suite.RatioDef def : suite.ratios()) {
      points.addAll(compute(def, results));
    }
    return points;
  }

  /** The points of one ratio, in the order of the numerator's results. */
  public static List<Point> compute(Suite.RatioDef def, List<JmhResult> results) {
    List<Point> points = new ArrayList<>();
    for (JmhResult num : results) {
      if (!num.benchmark().equals(def.numerator())) {
        continue;
      }
      List<JmhResult> dens = new ArrayList<>();
      for (String d : def.denominators()) {
        JmhResult match = match(d, num.params(), results);
        if (match == null) {
          break;
        }
        dens.add(match);
      }
      if (dens.size() == def.denominators().size()) {
        points.add(new Point(def, num.params(), ratio(def.kind(), num, dens), num, dens));
      }
    }
    return points;
  }

  /** The ratio of {@code num} to {@code dens} with its propagated error. */
  static Measurement ratio(Suite.RatioKind kind, JmhResult num, List<JmhResult> dens) {
    Measurement a = num.opsPerSecond();
    double t = 0;
    double dt2 = 0;
    boolean errorsKnown = a.hasError();
    for (JmhResult d : dens) {
      Measurement s = d.opsPerSecond();
      double ti = 1 / s.value();
      t += ti;
      double dti = ti * s.relativeError();
      dt2 += dti * dti;
      errorsKnown &= s.hasError();
    }
    double speed = a.value() * t;
    double value = kind == Suite.RatioKind.SPEED ? speed : 1 / speed;
    double ra = a.relativeError();
    double rt = Math.sqrt(dt2) / t;
    double rel = Math.sqrt(ra * ra + rt * rt);
    return new Measurement(value, errorsKnown ? Math.abs(value) * rel : Double.NaN);
  }

  private static JmhResult match(String benchmark, Map<String, String> params,
      List<JmhResult> results) {
    JmhResult found = null;
    for (JmhResult r : results) {
      if (r.benchmark().equals(benchmark) && r.paramsAgreeWith(params)) {
        if (found != null) {
          return null; // ambiguous: the denominator has parameters the numerator lacks
        }
        found = r;
      }
    }
    return found;
  }
}
