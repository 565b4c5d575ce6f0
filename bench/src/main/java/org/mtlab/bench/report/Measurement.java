package org.mtlab.bench.report;

/**
 * A measured value with its uncertainty: JMH's score and score error, or a quantity derived from
 * them.
 *
 * <p>{@code error} is the half-width of JMH's 99.9% confidence interval (Student's t over all
 * measured iterations of all forks), or {@link Double#NaN} when JMH could not estimate one (a
 * single measured iteration). Derived quantities carry the error propagated to first order.
 *
 * @param value the point estimate
 * @param error the 99.9% half-width, or NaN if unknown
 */
public record Measurement(double value, double error) {
  /** True if an error estimate is known. */
  public boolean hasError() {
    return !Double.isNaN(error);
  }

  /** The relative error {@code error / |value|} (NaN if unknown or if value is zero). */
  public double relativeError() {
    return value == 0 ? Double.NaN : Math.abs(error / value);
  }

  /** {@code value * factor}, with the error scaled alike. */
  public Measurement times(double factor) {
    return new Measurement(value * factor, Math.abs(error * factor));
  }

  /** {@code 1 / value}, with the same relative error. */
  public Measurement reciprocal() {
    double v = 1 / value;
    return new Measurement(v, Math.abs(v) * relativeError());
  }
}
