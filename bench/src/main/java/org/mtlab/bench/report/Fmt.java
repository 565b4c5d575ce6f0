package org.mtlab.bench.report;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Number formatting for the report, independent of the default locale: thousands grouped with
 * commas, three significant digits below 100 (whole numbers above), and errors printed with the
 * same number of decimals as their value. Stateless.
 */
public final class Fmt {
  private Fmt() {}

  /** Decimals used for {@code x}: 0 from 100 up, 1 from 10, 2 from 1, else 3 significant. */
  public static int decimals(double x) {
    double a = Math.abs(x);
    if (Double.isNaN(a) || Double.isInfinite(a) || a >= 100 || a == 0) {
      return 0;
    }
    if (a >= 10) {
      return 1;
    }
    if (a >= 1) {
      return 2;
    }
    int d = 2 - (int) Math.floor(Math.log10(a));
    return Math.min(d, 12);
  }

  /** {@code x} with {@link #decimals(double)} decimals and comma grouping. */
  public static String num(double x) {
    return num(x, decimals(x));
  }

  /** {@code x} with {@code decimals} decimals and comma grouping. */
  public static String num(double x, int decimals) {
    if (Double.isNaN(x)) {
      return "n/a";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", x);
  }

  /**
   * A threshold as written: no trailing zeros, thousands grouped ({@code 0.85}, {@code 5}, {@code
   * 1,500,000}).
   */
  public static String plain(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /** {@code value ± error}, the error with the value's decimals, or {@code value ± ?}. */
  public static String pm(Measurement m) {
    if (m == null) {
      return "-";
    }
    int d = decimals(m.value());
    return num(m.value(), d) + " ± " + (m.hasError() ? num(m.error(), d) : "?");
  }

  /** A size in bytes as {@code 64 B}, {@code 16 KiB} or {@code 1 MiB} when exact. */
  public static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }

  /** Seconds in the unit {@code ns}, {@code us}, {@code ms} or {@code s}. */
  public static double secondsPerUnit(String unit) {
    return switch (unit) {
      case "ns" -> 1e-9;
      case "us", "µs" -> 1e-6;
      case "ms" -> 1e-3;
      case "s" -> 1;
      default -> throw new IllegalArgumentException("unknown time unit '" + unit + "'");
    };
  }

  /** A time per operation, in the largest unit that keeps the value at least 1. */
  public static String time(Measurement secondsPerOp) {
    return time(secondsPerOp, timeUnit(secondsPerOp.value()));
  }

  /** A time per operation in {@code unit} ({@code ns}, {@code µs}, {@code ms} or {@code s}). */
  public static String time(Measurement secondsPerOp, String unit) {
    return pm(secondsPerOp.times(1 / secondsPerUnit(unit))) + " " + unit;
  }

  /** The largest unit of s, ms, µs and ns in which {@code seconds} is at least 1. */
  public static String timeUnit(double seconds) {
    double s = Math.abs(seconds);
    return s >= 1 ? "s" : s >= 1e-3 ? "ms" : s >= 1e-6 ? "µs" : "ns";
  }

  /** A share of a whole as a percentage with its error: {@code 77.2 ± 3.1 %}. */
  public static String percent(Measurement fraction) {
    return pm(fraction.times(100)) + " %";
  }

  /** Parameters as {@code size=16 KiB, n=2}; sizes in bytes are shown with units. */
  public static String params(Map<String, String> params) {
    StringJoiner j = new StringJoiner(", ");
    for (Map.Entry<String, String> e : params.entrySet()) {
      j.add(e.getKey() + "=" + paramValue(e.getKey(), e.getValue()));
    }
    return j.toString();
  }

  /** One parameter value; the {@code size} parameter is shown with a unit. */
  public static String paramValue(String name, String value) {
    if (JmhResult.SIZE_PARAM.equals(name)) {
      try {
        return size(Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  /** Escapes a table cell's pipes. */
  public static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
