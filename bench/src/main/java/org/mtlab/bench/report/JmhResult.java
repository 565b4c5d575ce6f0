package org.mtlab.bench.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of JMH's JSON result file: a benchmark method at one combination of parameters, with
 * its score converted to operations per second, and its allocation per operation if the run used
 * {@code -prof gc}.
 *
 * @param benchmark the fully qualified benchmark name ({@code package.Class.method})
 * @param mode JMH's mode ({@code thrpt}, {@code avgt}, {@code sample} or {@code ss})
 * @param params the {@code @Param} values, sorted by name
 * @param score the primary score as JMH reported it
 * @param scoreUnit the primary score's unit (for example {@code ops/s} or {@code us/op})
 * @param opsPerSecond the score as operations per second
 * @param allocPerOp {@code gc.alloc.rate.norm} in bytes per operation, or null
 * @param jvm how and where it ran
 */
public record JmhResult(
    String benchmark,
    String mode,
    Map<String, String> params,
    Measurement score,
    String scoreUnit,
    Measurement opsPerSecond,
    Measurement allocPerOp,
    RunSettings jvm) {

  /** The JMH parameter that gives the bytes processed per operation. */
  public static final String SIZE_PARAM = "size";

  /** Copies {@code params}. */
  public JmhResult {
    Objects.requireNonNull(benchmark, "benchmark");
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /**
   * The JVM and JMH settings of one result, as JMH recorded them.
   *
   * @param jmhVersion JMH's version
   * @param jvm the java executable
   * @param jvmArgs the forked JVM's arguments
   * @param jdkVersion {@code java.version} of the forked JVM
   * @param vmName the VM's name
   * @param vmVersion the VM's full version
   * @param forks forks
   * @param threads threads
   * @param warmupIterations warm-up iterations per fork
   * @param warmupTime time per warm-up iteration, as JMH prints it
   * @param measurementIterations measured iterations per fork
   * @param measurementTime time per measured iteration
   */
  public record RunSettings(
      String jmhVersion,
      String jvm,
      List<String> jvmArgs,
      String jdkVersion,
      String vmName,
      String vmVersion,
      int forks,
      int threads,
      int warmupIterations,
      String warmupTime,
      int measurementIterations,
      String measurementTime) {

    /** Copies {@code jvmArgs}. */
    public RunSettings {
      jvmArgs = List.copyOf(jvmArgs);
    }

    /** A one-line summary of the JMH settings (not the JVM). */
    public String jmhSummary() {
      return "forks "
          + forks
          + ", warm-up "
          + warmupIterations
          + " x "
          + warmupTime
          + ", measurement "
          + measurementIterations
          + " x "
          + measurementTime
          + ", threads "
          + threads;
    }

    /** A one-line summary of the JVM. */
    public String jvmSummary() {
      return vmName
          + " "
          + vmVersion
          + " (java.version "
          + jdkVersion
          + ", "
          + jvm
          + ")"
          + (jvmArgs.isEmpty() ? "" : ", args " + String.join(" ", jvmArgs));
    }
  }

  /** The class part of the benchmark name ({@code package.Class}). */
  public String className() {
    return benchmark.substring(0, benchmark.lastIndexOf('.'));
  }

  /** The class's simple name. */
  public String simpleClassName() {
    String c = className();
    return c.substring(c.lastIndexOf('.') + 1);
  }

  /** The method part of the benchmark name. */
  public String method() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /** Bytes processed per operation (the {@code size} parameter), or -1 if there is none. */
  public long bytesPerOp() {
    String s = params.get(SIZE_PARAM);
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Throughput in MB/s (10^6 bytes a second), or null if the op size is unknown. */
  public Measurement megabytesPerSecond() {
    long bytes = bytesPerOp();
    return bytes < 0 ? null : opsPerSecond.times(bytes / 1e6);
  }

  /**
   * True for JMH's time-based modes (AverageTime, SampleTime, SingleShotTime), whose primary score
   * is a time per operation ({@code ms/op}, ...) rather than a throughput.
   */
  public boolean isTimeMode() {
    return scoreUnit != null && scoreUnit.endsWith("/op");
  }

  /** Seconds per operation, with the same relative error as the throughput. */
  public Measurement secondsPerOp() {
    return opsPerSecond.reciprocal();
  }

  /** True if this result's parameters agree with {@code other} on every name both have. */
  public boolean paramsAgreeWith(Map<String, String> other) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      String v = other.get(e.getKey());
      if (v != null && !v.equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The parameters as {@code a=1, b=2} (empty if none). */
  public String paramsText() {
    return Fmt.params(params);
  }
}
