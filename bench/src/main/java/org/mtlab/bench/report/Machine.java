package org.mtlab.bench.report;

import com.google.common.base.Splitter;
import com.google.common.collect.Iterables;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The description of the machine and JVM a run used, written as {@code machine.json} and {@code
 * machine.md} into the results folder: CPU model and the flags that matter for AES and SHA (aes,
 * vaes, sha_ni, avx2, ...), core count, memory, OS, the JDK of the JVM that runs this code (run it
 * with the same {@code java} as the benchmarks), the profile and JMH settings, and the load average
 * before and after the run.
 *
 * <p>On Linux the facts come from {@code /proc/cpuinfo}, {@code /proc/meminfo}, {@code
 * /proc/loadavg} and {@code /etc/os-release}; elsewhere those entries say "unknown". Stateless.
 */
public final class Machine {
  /** The file name of the JSON description. */
  public static final String JSON = "machine.json";

  /** The file name of the Markdown description. */
  public static final String MARKDOWN = "machine.md";

  /** CPU flags worth showing: AES, carry-less multiply, SHA, vector widths, VM. */
  static final List<String> INTERESTING_FLAGS =
      List.of(
          "aes",
          "vaes",
          "pclmulqdq",
          "vpclmulqdq",
          "sha_ni",
          "avx",
          "avx2",
          "avx512f",
          "avx512vl",
          "avx512bw",
          "bmi2",
          "adx",
          "hypervisor");

  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("date", "Date (UTC)");
    LABELS.put("profile", "Profile");
    LABELS.put("jmhArgs", "JMH options");
    LABELS.put("cpuModel", "CPU model");
    LABELS.put("cpuFlags", "CPU flags (of interest)");
    LABELS.put("cpuMHz", "CPU MHz (as reported)");
    LABELS.put("logicalCpus", "Logical CPUs");
    LABELS.put("coresPerSocket", "Cores per socket");
    LABELS.put("jvmAvailableProcessors", "JVM availableProcessors");
    LABELS.put("memory", "Memory");
    LABELS.put("os", "OS");
    LABELS.put("kernel", "Kernel");
    LABELS.put("arch", "Architecture");
    LABELS.put("javaVendor", "JDK vendor");
    LABELS.put("javaVersion", "JDK version");
    LABELS.put("javaRuntimeVersion", "JDK runtime version");
    LABELS.put("javaVm", "JVM");
    LABELS.put("javaHome", "JDK home");
    LABELS.put("loadBefore", "Load average before the build and run (1, 5, 15 min)");
    LABELS.put("loadAfter", "Load average after (1, 5, 15 min)");
  }

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private Machine() {}

  /** Describes this machine and this JVM now. */
  public static Map<String, String> collect(Instant now, String profile, String jmhArgs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("date", now.toString());
    m.put("profile", profile);
    m.put("jmhArgs", jmhArgs);
    List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
    m.put("cpuModel", first(cpuinfo, "model name"));
    String flags = first(cpuinfo, "flags");
    m.put("cpuFlags", interestingFlags(flags));
    m.put("cpuMHz", first(cpuinfo, "cpu MHz"));
    long processors = cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
    m.put("logicalCpus", processors == 0 ? "unknown" : Long.toString(processors));
    m.put("coresPerSocket", first(cpuinfo, "cpu cores"));
    m.put("jvmAvailableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("memory", memory(first(lines(Path.of("/proc/meminfo")), "MemTotal")));
    m.put("os", osRelease());
    m.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("arch", System.getProperty("os.arch"));
    m.put("javaVendor", System.getProperty("java.vendor"));
    m.put("javaVersion", System.getProperty("java.version"));
    m.put("javaRuntimeVersion", System.getProperty("java.runtime.version"));
    m.put(
        "javaVm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    m.put("javaHome", System.getProperty("java.home"));
    m.put("loadBefore", loadAverage());
    m.put("cpuFlagsAll", flags);
    return m;
  }

  /** The load average now, as {@code 0.12 0.30 0.25}, or "unknown". */
  public static String loadAverage() {
    List<String> l = lines(Path.of("/proc/loadavg"));
    if (l.isEmpty()) {
      return "unknown";
    }
    List<String> f = Splitter.on(Pattern.compile("\\s+")).splitToList(l.get(0).trim());
    return f.size() >= 3 ? f.get(0) + " " + f.get(1) + " " + f.get(2) : "unknown";
  }

  /**
   * A short tag for folder names: the JDK vendor's short name and the Java version, for example
   * {@code temurin-25.0.1} or {@code debian-17.0.15}.
   */
  public static String jdkTag() {
    String vendor = System.getProperty("java.vendor", "jdk").toLowerCase(Locale.ROOT);
    String v;
    if (vendor.contains("adoptium")) {
      v = "temurin";
    } else if (vendor.contains("oracle")) {
      v = "oracle";
    } else {
      v = Iterables.get(Splitter.on(Pattern.compile("[^a-z0-9]+")).split(vendor), 0);
      if (v.isEmpty()) {
        v = "jdk";
      }
    }
    return v + "-" + System.getProperty("java.version").replaceAll("[^A-Za-z0-9.+_-]", "_");
  }

  /** Writes {@code machine.json} and {@code machine.md} into {@code dir}. */
  public static void write(Path dir, Map<String, String> machine) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(JSON), GSON.toJson(machine) + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(MARKDOWN), markdown(machine), StandardCharsets.UTF_8);
  }

  /** Reads {@code machine.json} from {@code dir}; empty if there is none. */
  public static Map<String, String> read(Path dir) throws IOException {
    Path f = dir.resolve(JSON);
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(f)) {
      return m;
    }
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      JsonObject o = JsonParser.parseReader(r).getAsJsonObject();
      for (Map.Entry<String, JsonElement> e : o.entrySet()) {
        m.put(e.getKey(), e.getValue().isJsonNull() ? "" : e.getValue().getAsString());
      }
    }
    return m;
  }

  /** The description as a Markdown table (the full flag list is left to the JSON). */
  public static String markdown(Map<String, String> machine) {
    StringBuilder sb = new StringBuilder("# Machine and JVM\n\n| | |\n|---|---|\n");
    for (Map.Entry<String, String> e : LABELS.entrySet()) {
      String v = machine.get(e.getKey());
      if (v != null) {
        sb.append("| ").append(e.getValue()).append(" | ").append(Fmt.cell(v)).append(" |\n");
      }
    }
    return sb.toString();
  }

  /** The flags of {@link #INTERESTING_FLAGS} present in a cpuinfo flags line, in that order. */
  static String interestingFlags(String flags) {
    if (flags.equals("unknown")) {
      return flags;
    }
    Set<String> present = new TreeSet<>(List.of(flags.trim().split("\\s+")));
    List<String> out = new ArrayList<>();
    for (String f : INTERESTING_FLAGS) {
      if (present.contains(f)) {
        out.add(f);
      }
    }
    return out.isEmpty() ? "none of " + String.join(" ", INTERESTING_FLAGS) : String.join(" ", out);
  }

  private static String memory(String memTotal) {
    List<String> f = Splitter.on(Pattern.compile("\\s+")).splitToList(memTotal.trim());
    try {
      long kib = Long.parseLong(f.get(0));
      return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
    } catch (NumberFormatException e) {
      return memTotal;
    }
  }

  private static String osRelease() {
    for (String l : lines(Path.of("/etc/os-release"))) {
      if (l.startsWith("PRETTY_NAME=")) {
        return l.substring("PRETTY_NAME=".length()).replace("\"", "");
      }
    }
    return System.getProperty("os.name");
  }

  private static String first(List<String> lines, String key) {
    for (String l : lines) {
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().equals(key)) {
        return l.substring(colon + 1).trim();
      }
    }
    return "unknown";
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }
}
