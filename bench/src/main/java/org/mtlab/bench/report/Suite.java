package org.mtlab.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the report knows about the benchmarks beyond JMH's numbers: a title and question per
 * benchmark class, a label and role per method, the ratios of subjects to their baselines, and the
 * targets named in the issues. All of it is data, read from {@code suite.json} beside this class,
 * so that a new benchmark class adds entries there and no code.
 *
 * <p>Benchmarks that the suite does not name still appear in the report, with their method name as
 * label. Immutable.
 *
 * @param classes the benchmark classes in report order
 * @param ratios every ratio, in report order
 * @param targets every target, in report order
 */
public record Suite(List<ClassInfo> classes, List<RatioDef> ratios, List<TargetDef> targets) {
  /** The suite definition shipped in benchmarks.jar. */
  public static final String RESOURCE = "suite.json";

  /** Copies the lists and checks that every target names a known ratio. */
  public Suite {
    classes = List.copyOf(classes);
    ratios = List.copyOf(ratios);
    targets = List.copyOf(targets);
    Set<String> ids = new HashSet<>();
    for (RatioDef r : ratios) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("ratio id '" + r.id() + "' is defined twice");
      }
    }
    Set<String> targetIds = new HashSet<>();
    for (TargetDef t : targets) {
      if (!targetIds.add(t.id())) {
        throw new IllegalArgumentException("target id '" + t.id() + "' is defined twice");
      }
      if (t.type() == TargetType.RATIO && !ids.contains(t.ratio())) {
        throw new IllegalArgumentException(
            "target '" + t.id() + "' names unknown ratio '" + t.ratio() + "'");
      }
    }
  }

  /** Whether a benchmark is the thing under study or something to read it against. */
  public enum Role {
    /** MTLab code under study. */
    SUBJECT,
    /** Something to compare with (the JDK, Bouncy Castle, a reference path). */
    BASELINE
  }

  /** How a ratio reads. */
  public enum RatioKind {
    /**
     * Throughput of the numerator over the combined throughput of the denominators: higher is
     * faster. With several denominators their times per op add (they run one after another).
     */
    SPEED,
    /** Time per op of the numerator over the summed time per op of the denominators. */
    COST
  }

  /** What a target measures. */
  public enum TargetType {
    /** A ratio (by id) compared with a threshold. */
    RATIO,
    /** Operations per second of a benchmark. */
    THROUGHPUT,
    /** Time per operation of a benchmark, in the target's unit. */
    TIME,
    /** Bytes allocated per operation ({@code -prof gc}'s gc.alloc.rate.norm). */
    ALLOC
  }

  /**
   * One benchmark class.
   *
   * @param className the fully qualified class name
   * @param title a short title
   * @param question the question the class answers
   * @param benchmarks its methods in report order
   */
  public record ClassInfo(
      String className, String title, String question, List<BenchmarkInfo> benchmarks) {
    /** Copies the list. */
    public ClassInfo {
      benchmarks = List.copyOf(benchmarks);
    }

    /** The simple class name. */
    public String simpleName() {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }

  /**
   * One benchmark method.
   *
   * @param benchmark the fully qualified benchmark name
   * @param label what the report calls it
   * @param role subject or baseline
   */
  public record BenchmarkInfo(String benchmark, String label, Role role) {}

  /**
   * One term of a ratio: a benchmark, optionally pinned to some parameter values, counted {@code
   * times} (its time per op is multiplied by that many).
   *
   * @param benchmark the fully qualified benchmark name
   * @param params parameter values the result must have (empty: any that agree with the
   *     numerator's)
   * @param times how many times the operation counts, at least 1
   */
  public record Term(String benchmark, Map<String, String> params, int times) {
    /** Copies the parameters and checks {@code times}. */
    public Term {
      Objects.requireNonNull(benchmark, "benchmark");
      params = Collections.unmodifiableMap(new TreeMap<>(params));
      if (times < 1) {
        throw new IllegalArgumentException(
            "term '" + benchmark + "': times must be at least 1, got " + times);
      }
    }

    /** A term counted once, with no pinned parameters. */
    public static Term of(String benchmark) {
      return new Term(benchmark, Map.of(), 1);
    }

    /** True if the result has every pinned parameter with its pinned value. */
    public boolean pins(Map<String, String> resultParams) {
      for (Map.Entry<String, String> e : params.entrySet()) {
        if (!e.getValue().equals(resultParams.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A ratio of a subject to its baseline(s), computed at every parameter combination where all of
   * them were measured.
   *
   * @param id a unique id, named by targets
   * @param title what the report calls it
   * @param className the class whose section shows it
   * @param numerator the subject
   * @param denominators the baselines (their times add, each multiplied by its count)
   * @param kind speed (higher is faster) or cost (lower is cheaper)
   * @param breakdown true to also show, for a cost ratio of a whole operation to its steps, where
   *     the whole's time goes: each step's share and the rest
   */
  public record RatioDef(
      String id,
      String title,
      String className,
      Term numerator,
      List<Term> denominators,
      RatioKind kind,
      boolean breakdown) {
    /** Copies the list and checks the breakdown's kind. */
    public RatioDef {
      Objects.requireNonNull(numerator, "numerator");
      denominators = List.copyOf(denominators);
      if (denominators.isEmpty()) {
        throw new IllegalArgumentException("ratio '" + id + "' has no denominator");
      }
      if (breakdown && kind != RatioKind.COST) {
        throw new IllegalArgumentException(
            "ratio '" + id + "': a breakdown needs kind 'cost' (the whole over its steps)");
      }
    }
  }

  /**
   * A target from an issue.
   *
   * @param id a unique id
   * @param issue the issue that names it
   * @param text the target in words
   * @param type what is measured
   * @param ratio the ratio id (type RATIO), else null
   * @param benchmarks the benchmarks (other types), else empty
   * @param params which parameter values it applies to (empty: all)
   * @param op the comparison: {@code >=}, {@code >}, {@code <=} or {@code <}
   * @param threshold the bound, in {@code unit}
   * @param unit the unit of the threshold and of the measured value
   * @param worstOnly true to report one row with the worst of all matching points instead of a row
   *     per point
   */
  public record TargetDef(
      String id,
      int issue,
      String text,
      TargetType type,
      String ratio,
      List<String> benchmarks,
      Map<String, List<String>> params,
      String op,
      double threshold,
      String unit,
      boolean worstOnly) {
    /** Copies the collections and checks the comparison. */
    public TargetDef {
      benchmarks = List.copyOf(benchmarks);
      params = Map.copyOf(params);
      if (!List.of(">=", ">", "<=", "<").contains(op)) {
        throw new IllegalArgumentException("target '" + id + "': unknown comparison '" + op + "'");
      }
      if (type != TargetType.RATIO && benchmarks.isEmpty()) {
        throw new IllegalArgumentException("target '" + id + "' names no benchmark");
      }
    }

    /** True if {@code value} meets the target. */
    public boolean isMetBy(double value) {
      return switch (op) {
        case ">=" -> value >= threshold;
        case ">" -> value > threshold;
        case "<=" -> value <= threshold;
        default -> value < threshold;
      };
    }

    /** True if higher values are better. */
    public boolean higherIsBetter() {
      return op.startsWith(">");
    }

    /**
     * True if the target applies to results with these parameters: for every parameter the target
     * lists and the result has, the result's value is one of those listed. A parameter the result
     * does not have does not exclude it (an allocation target at some sizes still covers a
     * benchmark without a size).
     */
    public boolean appliesTo(Map<String, String> resultParams) {
      for (Map.Entry<String, List<String>> e : params.entrySet()) {
        String v = resultParams.get(e.getKey());
        if (v != null && !e.getValue().contains(v)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The class entry for {@code className}, if the suite names it. */
  public Optional<ClassInfo> classInfo(String className) {
    return classes.stream().filter(c -> c.className().equals(className)).findFirst();
  }

  /** The entry for a fully qualified benchmark name, if the suite names it. */
  public Optional<BenchmarkInfo> benchmarkInfo(String benchmark) {
    return classes.stream()
        .flatMap(c -> c.benchmarks().stream())
        .filter(b -> b.benchmark().equals(benchmark))
        .findFirst();
  }

  /** The label of a benchmark: the suite's, or its method name. */
  public String label(String benchmark) {
    return benchmarkInfo(benchmark)
        .map(BenchmarkInfo::label)
        .orElse(benchmark.substring(benchmark.lastIndexOf('.') + 1));
  }

  /** The ratio with this id. */
  public Optional<RatioDef> ratio(String id) {
    return ratios.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The suite shipped with the benchmarks. */
  public static Suite load() {
    try (InputStream in = Suite.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a suite definition.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  public static Suite parse(Reader reader) {
    JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
    List<ClassInfo> classes = new ArrayList<>();
    List<RatioDef> ratios = new ArrayList<>();
    for (JsonElement ce : array(root, "classes")) {
      JsonObject c = ce.getAsJsonObject();
      String className = required(c, "class");
      List<BenchmarkInfo> benchmarks = new ArrayList<>();
      for (JsonElement be : array(c, "benchmarks")) {
        JsonObject b = be.getAsJsonObject();
        String method = required(b, "method");
        benchmarks.add(
            new BenchmarkInfo(
                qualify(className, method),
                optional(b, "label", method),
                Role.valueOf(optional(b, "role", "subject").toUpperCase(java.util.Locale.ROOT))));
      }
      classes.add(
          new ClassInfo(
              className,
              optional(c, "title", className.substring(className.lastIndexOf('.') + 1)),
              optional(c, "question", ""),
              benchmarks));
      for (JsonElement re : array(c, "ratios")) {
        JsonObject r = re.getAsJsonObject();
        String id = required(r, "id");
        if (!r.has("numerator")) {
          throw new IllegalArgumentException("suite entry lacks 'numerator': " + r);
        }
        List<Term> den = new ArrayList<>();
        if (r.has("denominator")) {
          JsonElement d = r.get("denominator");
          if (d.isJsonArray()) {
            for (JsonElement x : d.getAsJsonArray()) {
              den.add(term(className, x));
            }
          } else {
            den.add(term(className, d));
          }
        }
        ratios.add(
            new RatioDef(
                id,
                optional(r, "title", id),
                className,
                term(className, r.get("numerator")),
                den,
                RatioKind.valueOf(optional(r, "kind", "speed").toUpperCase(java.util.Locale.ROOT)),
                r.has("breakdown") && r.get("breakdown").getAsBoolean()));
      }
    }
    List<TargetDef> targets = new ArrayList<>();
    for (JsonElement te : array(root, "targets")) {
      JsonObject t = te.getAsJsonObject();
      String id = required(t, "id");
      TargetType type = TargetType.valueOf(required(t, "type").toUpperCase(java.util.Locale.ROOT));
      Map<String, List<String>> params = new LinkedHashMap<>();
      if (t.has("params")) {
        for (Map.Entry<String, JsonElement> p : t.getAsJsonObject("params").entrySet()) {
          params.put(p.getKey(), strings(t.getAsJsonObject("params"), p.getKey()));
        }
      }
      List<String> benchmarks = new ArrayList<>(strings(t, "benchmark"));
      benchmarks.addAll(strings(t, "benchmarks"));
      String defaultUnit =
          type == TargetType.RATIO
              ? "x"
              : type == TargetType.THROUGHPUT ? "ops/s" : type == TargetType.ALLOC ? "B/op" : "ms";
      String unit = optional(t, "unit", defaultUnit);
      if (type == TargetType.TIME) {
        Fmt.secondsPerUnit(unit); // validates
      }
      targets.add(
          new TargetDef(
              id,
              t.has("issue") ? t.get("issue").getAsInt() : 0,
              optional(t, "text", id),
              type,
              type == TargetType.RATIO ? required(t, "ratio") : null,
              benchmarks,
              params,
              required(t, "op"),
              t.get("threshold").getAsDouble(),
              unit,
              "worst".equals(optional(t, "aggregate", "each"))));
    }
    return new Suite(classes, ratios, targets);
  }

  /**
   * A ratio term: a method name, or {@code {"method": ..., "params": {name: value}, "times": n}}.
   */
  private static Term term(String className, JsonElement e) {
    if (e.isJsonPrimitive()) {
      return Term.of(qualify(className, e.getAsString()));
    }
    JsonObject o = e.getAsJsonObject();
    Map<String, String> params = new TreeMap<>();
    if (o.has("params")) {
      for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
        params.put(p.getKey(), p.getValue().getAsString());
      }
    }
    int times = o.has("times") ? o.get("times").getAsInt() : 1;
    return new Term(qualify(className, required(o, "method")), params, times);
  }

  private static String qualify(String className, String name) {
    return name.contains(".") ? name : className + "." + name;
  }

  private static JsonArray array(JsonObject o, String name) {
    return o.has(name) ? o.getAsJsonArray(name) : new JsonArray();
  }

  private static List<String> strings(JsonObject o, String name) {
    List<String> out = new ArrayList<>();
    if (!o.has(name)) {
      return out;
    }
    JsonElement e = o.get(name);
    if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        out.add(x.getAsString());
      }
    } else {
      out.add(e.getAsString());
    }
    return out;
  }

  private static String required(JsonObject o, String name) {
    if (!o.has(name) || o.get(name).isJsonNull()) {
      throw new IllegalArgumentException("suite entry lacks '" + name + "': " + o);
    }
    return o.get(name).getAsString();
  }

  private static String optional(JsonObject o, String name, String fallback) {
    return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : fallback;
  }
}
