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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts with XChart, each as PNG and SVG, headless.
 *
 * <ul>
 *   <li>{@code <Class>-throughput}: MB/s by size (log scale), one line per benchmark that has
 *       a size, with JMH's error as bars.
 *   <li>{@code <Class>-ops}: operations per second of the benchmarks without parameters, as
 *       bars on a log scale.
 *   <li>{@code <Class>-ratios}: each ratio by size (log scale), with a parity line at 1.
 * </ul>
 *
 * <p>Log scales are drawn as log10 of the values on a linear axis whose tick labels show the
 * values themselves (XChart's own log axis misdraws error bars). Error bars are symmetric on
 * that axis: half the log-width of {@code [value - error, value + error]}, the lower end clipped
 * at 1% of the value; the tables give the exact errors. Stateless.
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
      Path dir, String simpleName, Suite suite, List<JmhResult> results,
      List<Ratios.Point> ratios) throws IOException {
    Files.createDirectories(dir);
    List<Written> written = new ArrayList<>();

    Map<String, List<JmhResult>> sized = new LinkedHashMap<>();
    Map<String, JmhResult> unsized = new LinkedHashMap<>();
    for (JmhResult r : results) {
      if (r.bytesPerOp() > 0) {
        sized.computeIfAbsent(r.benchmark(), k -> new ArrayList<>()).add(r);
      } else if (r.params().isEmpty()) {
        unsized.put(r.benchmark(), r);
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
      String title = simpleName + ": operations per second (log scale)";
      CategoryChart chart =
          new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
              .xAxisTitle("benchmark").yAxisTitle("ops/s").build();
      style(chart.getStyler());
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setErrorBarsColorSeriesColor(false);
      chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
      chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<Double> errors = new ArrayList<>();
      double lowest = Double.MAX_VALUE;
      for (Map.Entry<String, JmhResult> e : unsized.entrySet()) {
        names.add(suite.label(e.getKey()));
        Measurement ops = e.getValue().opsPerSecond();
        values.add(Math.log10(ops.value()));
        errors.add(logHalfWidth(ops));
        lowest = Math.min(lowest, Math.log10(ops.value()) - logHalfWidth(ops));
      }
      chart.getStyler().setYAxisMin(Math.floor(lowest) - 1);
      chart.addSeries("ops/s", names, values, errors);
      written.add(save(dir, simpleName + "-ops", title, chart));
    }

    Map<String, Map<Long, Measurement>> sizedRatios = new LinkedHashMap<>();
    TreeSet<Long> ratioSizes = new TreeSet<>();
    for (Ratios.Point p : ratios) {
      long size = p.numerator().bytesPerOp();
      if (size > 0) {
        sizedRatios.computeIfAbsent(p.def().title(), k -> new LinkedHashMap<>())
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
      parity.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
          10f, new float[] {6f, 4f}, 0f));
      written.add(save(dir, simpleName + "-ratios", title, chart));
    }
    return written;
  }

  private static CategoryChart lineChart(String title, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("bytes per operation").yAxisTitle(yTitle).build();
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
   * The half-width of {@code [v - e, v + e]} on a log10 axis, as a symmetric bar. The lower end
   * is clipped at 1% of the value.
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
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return new Written(name, title);
  }
}
