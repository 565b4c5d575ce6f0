package org.mtlab.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.PieStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts with XChart, each as PNG and SVG, headless.
 *
 * <ul>
 *   <li>{@code <Class>-throughput}: MB/s by size (log scale), one line per benchmark that has a
 *       size, with JMH's error as bars.
 *   <li>{@code <Class>-ops}: operations per second of the benchmarks without a size (one bar per
 *       benchmark and parameter combination), on a log scale; {@code <Class>-time} instead when all
 *       of them ran in a time-based mode: time per operation, on a log scale.
 *   <li>{@code <Class>-ratios}: each ratio by size (log scale), with a parity line at 1.
 *   <li>{@code <Class>-breakdown}: for a breakdown ratio, a pie of where the whole operation's time
 *       goes (its steps and the rest).
 * </ul>
 *
 * <p>Log scales are drawn as log10 of the values on a linear axis whose tick labels show the values
 * themselves (XChart's own log axis misdraws error bars). Error bars are symmetric on that axis:
 * half the log-width of {@code [value - error, value + error]}, the lower end clipped at 1% of the
 * value; the tables give the exact errors. Stateless.
 */
public final class Charts {
  static final int WIDTH = 960;
  static final int HEIGHT = 720;

  private Charts() {}

  /**
   * One chart, written as {@code <name>.png} and {@code <name>.svg}.
   *
   * @param name the file name without extension
   * @param title the chart's title
   */
  public record Written(String name, String title) {}

  /** Draws the charts of one benchmark class into {@code dir}; returns what it wrote. */
  public static List<Written> drawClass(
      Path dir, String simpleName, Suite suite, List<JmhResult> results, List<Ratios.Point> ratios)
      throws IOException {
    Files.createDirectories(dir);
    List<Written> written = new ArrayList<>();

    Map<String, List<JmhResult>> sized = new LinkedHashMap<>();
    List<JmhResult> unsized = new ArrayList<>();
    for (JmhResult r : results) {
      if (r.bytesPerOp() > 0) {
        sized.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r);
      } else {
        unsized.add(r);
      }
    }
    if (!sized.isEmpty()) {
      String title = simpleName + ": throughput by size (MB/s, log scale)";
      CategoryChart chart = lineChart(title, "MB/s");
      List<Long> sizes = sizes(results);
      for (Map.Entry<String, List<JmhResult>> e : sized.entrySet()) {
        Map<Long, Measurement> bySize = new LinkedHashMap<>();
        for (JmhResult r : e.getValue()) {
          bySize.put(r.bytesPerOp(), r.megabytesPerSecond());
        }
        addSeries(chart, suite.label(e.getKey()), sizes, bySize);
      }
      written.add(save(dir, simpleName + "-throughput", title, chart));
    }
    if (!unsized.isEmpty()) {
      written.add(unsizedChart(dir, simpleName, suite, unsized));
    }

    Map<String, Map<Long, Measurement>> sizedRatios = new LinkedHashMap<>();
    TreeSet<Long> ratioSizes = new TreeSet<>();
    for (Ratios.Point p : ratios) {
      long size = p.numerator().bytesPerOp();
      if (size > 0) {
        sizedRatios
            .computeIfAbsent(p.def().title(), k -> new LinkedHashMap<>())
            .put(size, p.value());
        ratioSizes.add(size);
      }
    }
    if (!sizedRatios.isEmpty()) {
      String title = simpleName + ": ratios to baselines by size (log scale; 1 = parity)";
      CategoryChart chart = lineChart(title, "ratio (x)");
      List<Long> sizes = new ArrayList<>(ratioSizes);
      for (Map.Entry<String, Map<Long, Measurement>> e : sizedRatios.entrySet()) {
        addSeries(chart, e.getKey(), sizes, e.getValue());
      }
      Map<Long, Measurement> one = new LinkedHashMap<>();
      for (Long size : sizes) {
        one.put(size, new Measurement(1, 0));
      }
      CategorySeries parity = addSeries(chart, "parity (1.0)", sizes, one);
      parity.setMarker(SeriesMarkers.NONE);
      parity.setLineColor(Color.GRAY);
      parity.setLineStyle(
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      written.add(save(dir, simpleName + "-ratios", title, chart));
    }
    for (Ratios.Point p : ratios) {
      if (p.def().breakdown()) {
        String suffix =
            p.params().isEmpty()
                ? ""
                : "-" + Fmt.params(p.params()).replaceAll("[^A-Za-z0-9=]+", "_");
        written.add(
            breakdownChart(dir, simpleName + "-breakdown" + suffix, Breakdown.of(p, suite)));
      }
    }
    return written;
  }

  /**
   * One bar per benchmark and parameter combination without a size, on a log scale: time per op
   * when every one of them ran in a time-based mode (AverageTime, ...), else ops/s.
   */
  private static Written unsizedChart(
      Path dir, String simpleName, Suite suite, List<JmhResult> unsized) throws IOException {
    boolean time = unsized.stream().allMatch(JmhResult::isTimeMode);
    String unit = "ops/s";
    double scale = 1;
    if (time) {
      double[] seconds =
          unsized.stream().mapToDouble(r -> r.secondsPerOp().value()).sorted().toArray();
      unit = Fmt.timeUnit(seconds[seconds.length / 2]);
      scale = 1 / Fmt.secondsPerUnit(unit);
    }
    String title =
        time
            ? simpleName + ": time per operation (" + unit + ", log scale)"
            : simpleName + ": operations per second (log scale)";
    // One series per bar in a single category: the legend names them, however long the
    // labels, and colours tell them apart.
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("")
            .yAxisTitle(time ? unit + " per op" : "ops/s")
            .build();
    style(chart.getStyler());
    chart.getStyler().setErrorBarsColorSeriesColor(false);
    chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
    chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
    chart.getStyler().setXAxisTicksVisible(false);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    double lowest = Double.MAX_VALUE;
    for (JmhResult r : unsized) {
      Measurement m = time ? r.secondsPerOp().times(scale) : r.opsPerSecond();
      lowest = Math.min(lowest, Math.log10(m.value()) - logHalfWidth(m));
    }
    chart.getStyler().setYAxisMin(Math.floor(lowest) - 1);
    for (JmhResult r : unsized) {
      String p = r.paramsText();
      Measurement m = time ? r.secondsPerOp().times(scale) : r.opsPerSecond();
      String label =
          suite.label(r.benchmark())
              + (p.isEmpty() ? "" : " (" + p + ")")
              + ": "
              + (time ? Fmt.time(r.secondsPerOp()) : Fmt.num(m.value()) + " ops/s");
      String n = label;
      for (int i = 2; chart.getSeries(n) != null; i++) {
        n = label + " (" + i + ")";
      }
      chart.addSeries(n, List.of(" "), List.of(Math.log10(m.value())), List.of(logHalfWidth(m)));
    }
    return save(dir, simpleName + (time ? "-time" : "-ops"), title, chart);
  }

  /**
   * A pie of the whole operation's time: each step (counted as often as the whole makes it) and,
   * when positive, the rest. A negative rest (the steps alone took longer than the whole) is left
   * out and said so in the title; the report's table has the numbers.
   */
  private static Written breakdownChart(Path dir, String name, Breakdown b) throws IOException {
    boolean restShown = b.rest().seconds().value() > 0;
    String title =
        "Where the time of one "
            + b.whole().label()
            + " goes"
            + (restShown ? "" : " (steps only: their sum exceeds the whole)");
    PieChart chart = new PieChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
    style(chart.getStyler());
    chart.getStyler().setLabelType(PieStyler.LabelType.Percentage);
    chart.getStyler().setDecimalPattern("#0.0");
    chart.getStyler().setLabelsDistance(1.12);
    chart.getStyler().setPlotContentSize(0.8);
    String unit = Fmt.timeUnit(b.whole().seconds().value());
    double scale = 1 / Fmt.secondsPerUnit(unit);
    for (Breakdown.Part p : b.steps()) {
      String label =
          (p.times() > 1 ? p.times() + " x " : "")
              + p.label()
              + ": "
              + Fmt.num(p.seconds().value() * scale)
              + " "
              + unit;
      chart.addSeries(uniqueName(chart, label), Math.max(0, p.seconds().value() * scale));
    }
    if (restShown) {
      chart.addSeries(
          uniqueName(
              chart,
              b.rest().label() + ": " + Fmt.num(b.rest().seconds().value() * scale) + " " + unit),
          b.rest().seconds().value() * scale);
    }
    return save(dir, name, title, chart);
  }

  private static String uniqueName(PieChart chart, String name) {
    String n = name;
    for (int i = 2; chart.getSeries(n) != null; i++) {
      n = name + " (" + i + ")";
    }
    return n;
  }

  private static CategoryChart lineChart(String title, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("bytes per operation")
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    return chart;
  }

  private static CategorySeries addSeries(
      CategoryChart chart, String name, List<Long> sizes, Map<Long, Measurement> bySize) {
    List<String> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> err = new ArrayList<>();
    for (Long size : sizes) {
      Measurement m = bySize.get(size);
      x.add(Fmt.size(size));
      y.add(m == null ? null : Math.log10(m.value()));
      err.add(m == null ? 0.0 : logHalfWidth(m));
    }
    String n = name;
    for (int i = 2; chart.getSeries(n) != null; i++) {
      n = name + " (" + i + ")";
    }
    return chart.addSeries(n, x, y, err);
  }

  private static List<Long> sizes(List<JmhResult> results) {
    TreeSet<Long> sizes = new TreeSet<>();
    for (JmhResult r : results) {
      if (r.bytesPerOp() > 0) {
        sizes.add(r.bytesPerOp());
      }
    }
    return new ArrayList<>(sizes);
  }

  /** A tick label for a log10 axis value: 10^v, three significant digits. */
  static String tick(double v) {
    double x = Math.pow(10, v);
    double r = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", x));
    return Fmt.num(r);
  }

  /**
   * The half-width of {@code [v - e, v + e]} on a log10 axis, as a symmetric bar. The lower end is
   * clipped at 1% of the value.
   */
  static double logHalfWidth(Measurement m) {
    if (!m.hasError() || m.value() <= 0) {
      return 0;
    }
    double hi = Math.log10(m.value() + m.error());
    double lo = Math.log10(Math.max(m.value() - m.error(), 0.01 * m.value()));
    return (hi - lo) / 2;
  }

  private static void style(Styler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static Written save(Path dir, String name, String title, Chart<?, ?> chart)
      throws IOException {
    // XChart adds the ".png" and ".svg" extensions to the path it is given.
    String base = dir.resolve(name).toString();
    ChartEncoder.saveChart(chart, base, "png");
    ChartEncoder.saveChart(chart, base, "svg");
    return new Written(name, title);
  }
}
