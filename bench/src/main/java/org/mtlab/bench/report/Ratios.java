package org.mtlab.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the suite's ratios from one run's results, with their uncertainty.
 *
 * <p>Each term of a ratio is a benchmark counted {@code n} times ({@link Suite.Term}); its time is
 * {@code n / s} for a throughput {@code s}. For a numerator of time {@code A} and denominators
 * whose times add up to {@code T}, a {@link Suite.RatioKind#SPEED} ratio is {@code T / A} (the
 * numerator's throughput over the denominators' combined throughput), a {@link
 * Suite.RatioKind#COST} ratio is its inverse {@code A / T}. With one denominator counted once these
 * are simply {@code a / s} and {@code s / a}.
 *
 * <p>Errors are propagated to first order, treating the measurements as independent: the relative
 * error of the ratio is {@code sqrt(r_A^2 + (dT / T)^2)} with {@code dT = sqrt(sum((n_i r_i /
 * s_i)^2))}, where {@code r} is a relative error (a term counted {@code n} times is one measurement
 * scaled by {@code n}). The inputs are JMH's 99.9% half-widths, so the result is an approximate
 * 99.9% half-width as well. A missing error on any input leaves the ratio's error unknown.
 *
 * <p>A ratio is computed for every result of the numerator that has the numerator's pinned
 * parameters, when each denominator has exactly one result with its own pinned parameters whose
 * other parameters agree with the numerator's on every name both have. Stateless.
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
      if (!num.benchmark().equals(def.numerator().benchmark())
          || !def.numerator().pins(num.params())) {
        continue;
      }
      List<JmhResult> dens = new ArrayList<>();
      for (Suite.Term d : def.denominators()) {
        JmhResult match = match(d, num.params(), results);
        if (match == null) {
          break;
        }
        dens.add(match);
      }
      if (dens.size() == def.denominators().size()) {
        points.add(new Point(def, num.params(), ratio(def, num, dens), num, dens));
      }
    }
    return points;
  }

  /** The ratio of {@code num} to {@code dens} (in the definition's order) with its error. */
  static Measurement ratio(Suite.RatioDef def, JmhResult num, List<JmhResult> dens) {
    Measurement a = time(num, def.numerator().times());
    double t = 0;
    double dt2 = 0;
    boolean errorsKnown = a.hasError();
    for (int i = 0; i < dens.size(); i++) {
      Measurement ti = time(dens.get(i), def.denominators().get(i).times());
      t += ti.value();
      dt2 += ti.error() * ti.error();
      errorsKnown &= ti.hasError();
    }
    double cost = a.value() / t;
    double value = def.kind() == Suite.RatioKind.COST ? cost : 1 / cost;
    double ra = a.relativeError();
    double rt = Math.sqrt(dt2) / t;
    double rel = Math.sqrt(ra * ra + rt * rt);
    return new Measurement(value, errorsKnown ? Math.abs(value) * rel : Double.NaN);
  }

  /** {@code times} operations of {@code r}, in seconds, with the same relative error. */
  static Measurement time(JmhResult r, int times) {
    return r.secondsPerOp().times(times);
  }

  /**
   * The one result of {@code term} with the term's pinned parameters whose other parameters agree
   * with {@code params}, or null if there is none or more than one.
   */
  private static JmhResult match(
      Suite.Term term, Map<String, String> params, List<JmhResult> results) {
    Map<String, String> wanted = new TreeMap<>(params);
    wanted.putAll(term.params());
    JmhResult found = null;
    for (JmhResult r : results) {
      if (r.benchmark().equals(term.benchmark())
          && term.pins(r.params())
          && r.paramsAgreeWith(wanted)) {
        if (found != null) {
          return null; // ambiguous: the denominator has parameters the numerator lacks
        }
        found = r;
      }
    }
    return found;
  }
}
