package org.mtlab.bench.report;

import com.google.common.base.Splitter;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JSON that JMH writes with {@code -rf json}.
 *
 * <p>Scores are converted to operations per second whatever the mode: throughput units ({@code
 * ops/s}, {@code ops/ms}, ...) are scaled, time-per-operation units ({@code ns/op}, ...) are
 * inverted with the same relative error. JMH writes an unknown error as the string {@code "NaN"};
 * it is read as {@link Double#NaN}. Stateless.
 */
public final class JmhJson {
  /** The secondary metric that {@code -prof gc} writes: bytes allocated per operation. */
  public static final String ALLOC_NORM = "gc.alloc.rate.norm";

  private JmhJson() {}

  /** Reads a JMH result file. */
  public static List<JmhResult> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (IllegalArgumentException | com.google.gson.JsonParseException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads JMH results from {@code reader}.
   *
   * @throws IllegalArgumentException if the text is not a JMH result array
   */
  public static List<JmhResult> read(Reader reader) {
    JsonElement root = JsonParser.parseReader(reader);
    if (root.isJsonNull()) {
      throw new IllegalArgumentException("empty (did the JMH run fail?)");
    }
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException("not a JMH result file: the top level is not an array");
    }
    List<JmhResult> results = new ArrayList<>();
    for (JsonElement e : root.getAsJsonArray()) {
      results.add(parse(e.getAsJsonObject()));
    }
    return results;
  }

  private static JmhResult parse(JsonObject o) {
    String benchmark = string(o, "benchmark");
    String mode = string(o, "mode");
    Map<String, String> params = new TreeMap<>();
    if (o.has("params") && o.get("params").isJsonObject()) {
      for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
        params.put(p.getKey(), p.getValue().getAsString());
      }
    }
    JsonObject primary = o.getAsJsonObject("primaryMetric");
    Measurement score = metric(primary);
    String unit = string(primary, "scoreUnit");
    Measurement alloc = null;
    if (o.has("secondaryMetrics") && o.getAsJsonObject("secondaryMetrics").has(ALLOC_NORM)) {
      alloc = metric(o.getAsJsonObject("secondaryMetrics").getAsJsonObject(ALLOC_NORM));
    }
    List<String> jvmArgs = new ArrayList<>();
    if (o.has("jvmArgs") && o.get("jvmArgs").isJsonArray()) {
      for (JsonElement a : o.getAsJsonArray("jvmArgs")) {
        jvmArgs.add(a.getAsString());
      }
    }
    JmhResult.RunSettings settings =
        new JmhResult.RunSettings(
            string(o, "jmhVersion"),
            string(o, "jvm"),
            jvmArgs,
            string(o, "jdkVersion"),
            string(o, "vmName"),
            string(o, "vmVersion"),
            integer(o, "forks"),
            integer(o, "threads"),
            integer(o, "warmupIterations"),
            string(o, "warmupTime"),
            integer(o, "measurementIterations"),
            string(o, "measurementTime"));
    return new JmhResult(
        benchmark,
        mode,
        params,
        score,
        unit,
        toOpsPerSecond(score, unit, benchmark),
        alloc,
        settings);
  }

  /**
   * Converts a JMH score in {@code unit} to operations per second.
   *
   * @throws IllegalArgumentException for a unit JMH does not write
   */
  static Measurement toOpsPerSecond(Measurement score, String unit, String benchmark) {
    List<String> parts = Splitter.on('/').splitToList(unit);
    if (parts.size() == 2 && parts.get(0).equals("ops")) {
      return score.times(1 / seconds(parts.get(1), unit, benchmark));
    }
    if (parts.size() == 2 && parts.get(1).equals("op")) {
      return score.times(seconds(parts.get(0), unit, benchmark)).reciprocal();
    }
    throw new IllegalArgumentException("unknown JMH unit '" + unit + "' in " + benchmark);
  }

  private static double seconds(String timeUnit, String unit, String benchmark) {
    return switch (timeUnit) {
      case "ns" -> 1e-9;
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      case "s" -> 1;
      case "min" -> 60;
      case "hr" -> 3600;
      case "day" -> 86400;
      default ->
          throw new IllegalArgumentException("unknown JMH unit '" + unit + "' in " + benchmark);
    };
  }

  private static Measurement metric(JsonObject m) {
    return new Measurement(number(m.get("score")), number(m.get("scoreError")));
  }

  private static double number(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return Double.NaN;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isNumber()) {
      return p.getAsDouble();
    }
    try {
      return Double.parseDouble(p.getAsString());
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  private static String string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  private static int integer(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? 0 : e.getAsInt();
  }
}
