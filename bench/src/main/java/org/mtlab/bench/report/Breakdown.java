package org.mtlab.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of a whole operation goes: a breakdown ratio's point (the whole over the sum of
 * its steps, {@link Suite.RatioDef#breakdown()}) seen step by step.
 *
 * <p>For a whole of time {@code W} and steps of times {@code t_i} counted {@code n_i} times, step i
 * takes {@code n_i t_i} of the whole, a share {@code n_i t_i / W}; the steps together take {@code S
 * = sum(n_i t_i)}, and the rest {@code W - S} is what the whole does besides its measured steps
 * (serialization, hashing, allocation, ... and the error of all the measurements). A negative rest
 * means the steps measured alone took longer than inside the whole, within or beyond their errors.
 *
 * <p>Errors are first-order, the measurements independent: a step's time has its own relative
 * error; a share {@code sqrt(r_i^2 + r_W^2)}; {@code S} and {@code W - S} add absolute errors in
 * quadrature; the rest's share is {@code 1 - S/W} with the error of {@code S/W}. Immutable.
 *
 * @param title the ratio's title
 * @param whole the whole operation's label and time
 * @param steps each step
 * @param sum the steps together: time and share of the whole
 * @param rest the whole minus its steps: time and share of the whole
 */
public record Breakdown(String title, Part whole, List<Part> steps, Part sum, Part rest) {
  /** Copies the list. */
  public Breakdown {
    steps = List.copyOf(steps);
  }

  /**
   * One row.
   *
   * @param label what it is
   * @param times how many times the step counts in the whole (1 for the totals)
   * @param perOp the step's own time per op in seconds (null for the totals)
   * @param seconds its time within the whole, in seconds ({@code times x perOp})
   * @param share that time over the whole's time (a fraction)
   */
  public record Part(
      String label, int times, Measurement perOp, Measurement seconds, Measurement share) {}

  /** The breakdown of one point of a breakdown ratio. */
  public static Breakdown of(Ratios.Point point, Suite suite) {
    Suite.RatioDef def = point.def();
    if (!def.breakdown()) {
      throw new IllegalArgumentException("ratio '" + def.id() + "' is not a breakdown");
    }
    Measurement w = Ratios.time(point.numerator(), def.numerator().times());
    List<Part> steps = new ArrayList<>();
    double sum = 0;
    double sumErr2 = 0;
    boolean errorsKnown = w.hasError();
    for (int i = 0; i < point.denominators().size(); i++) {
      JmhResult r = point.denominators().get(i);
      int times = def.denominators().get(i).times();
      Measurement perOp = r.secondsPerOp();
      Measurement t = perOp.times(times);
      sum += t.value();
      sumErr2 += t.error() * t.error();
      errorsKnown &= t.hasError();
      steps.add(new Part(label(suite, r), times, perOp, t, share(t, w)));
    }
    Measurement s = new Measurement(sum, errorsKnown ? Math.sqrt(sumErr2) : Double.NaN);
    Measurement sumShare = share(s, w);
    Measurement restTime =
        new Measurement(
            w.value() - sum, errorsKnown ? Math.sqrt(w.error() * w.error() + sumErr2) : Double.NaN);
    Measurement restShare = new Measurement(1 - sumShare.value(), sumShare.error());
    Part whole =
        new Part(
            label(suite, point.numerator()),
            def.numerator().times(),
            point.numerator().secondsPerOp(),
            w,
            new Measurement(1, 0));
    return new Breakdown(
        def.title(),
        whole,
        steps,
        new Part("sum of the steps", 1, null, s, sumShare),
        new Part("rest (whole minus steps)", 1, null, restTime, restShare));
  }

  /** {@code part / whole}, relative errors added in quadrature. */
  private static Measurement share(Measurement part, Measurement whole) {
    double v = part.value() / whole.value();
    double rp = part.relativeError();
    double rw = whole.relativeError();
    return new Measurement(v, Math.abs(v) * Math.sqrt(rp * rp + rw * rw));
  }

  private static String label(Suite suite, JmhResult r) {
    String p = r.paramsText();
    return suite.label(r.benchmark()) + (p.isEmpty() ? "" : " (" + p + ")");
  }
}
