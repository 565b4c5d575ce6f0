package org.mtlab.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark report tool, run from benchmarks.jar by {@code bench/run.sh}:
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.mtlab.bench.report.ReportMain report DIR
 *   java -cp bench/target/benchmarks.jar org.mtlab.bench.report.ReportMain compare OLD NEW
 *       [--out FILE] [--floor FRACTION]
 *   java -cp bench/target/benchmarks.jar org.mtlab.bench.report.ReportMain machine DIR
 *       --profile NAME --jmh-args "ARGS" [--load-before "L1 L5 L15"]
 *   java -cp bench/target/benchmarks.jar org.mtlab.bench.report.ReportMain load-after DIR
 *   java -cp bench/target/benchmarks.jar org.mtlab.bench.report.ReportMain jdk-tag
 * </pre>
 *
 * <p>{@code report} reads DIR/jmh.json and DIR/machine.json and writes DIR/report.md and
 * DIR/charts/. {@code compare} writes NEW/compare.md unless {@code --out} says otherwise. {@code
 * machine} describes this machine and the JVM running it into DIR/machine.json and DIR/machine.md
 * ({@code --load-before} records a load average taken earlier, for example before the build);
 * {@code load-after} adds the load average after the run. {@code jdk-tag} prints a short name of
 * this JVM for folder names. Every command takes {@code --suite FILE} to use another suite
 * definition than the one in the jar.
 *
 * <p>Exit codes: 0 done, 1 an input could not be read or an output written, 2 usage error. Errors
 * are one line on standard error. Runs headless.
 */
public final class ReportMain {
  private ReportMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    System.setProperty("java.awt.headless", "true");
    try {
      return dispatch(args, out);
    } catch (UsageException e) {
      err.println("usage error: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int dispatch(String[] args, PrintStream out) throws IOException {
    if (args.length == 0) {
      throw new UsageException(
          "a command is required: report, compare, machine, load-after or " + "jdk-tag");
    }
    Options o = Options.parse(args);
    switch (args[0]) {
      case "report" -> {
        o.expectPositional(1, "report DIR");
        Path dir = Path.of(o.positional.get(0));
        Path report = Report.write(dir, suite(o));
        out.println("wrote " + report);
        return 0;
      }
      case "compare" -> {
        o.expectPositional(2, "compare OLD NEW [--out FILE] [--floor FRACTION]");
        Path oldDir = Path.of(o.positional.get(0));
        Path newDir = Path.of(o.positional.get(1));
        Path file = o.out != null ? Path.of(o.out) : newDir.resolve(Compare.FILE);
        Compare.Comparison c = Compare.write(oldDir, newDir, file, suite(o), o.floor);
        long moved =
            c.ratios().stream()
                .filter(r -> r.flag() == Compare.Flag.BETTER || r.flag() == Compare.Flag.WORSE)
                .count();
        out.println(
            "wrote "
                + file
                + " ("
                + moved
                + " of "
                + c.ratios().size()
                + " ratios moved beyond the noise)");
        return 0;
      }
      case "machine" -> {
        o.expectPositional(1, "machine DIR --profile NAME --jmh-args ARGS");
        Path dir = Path.of(o.positional.get(0));
        Map<String, String> m = Machine.collect(Instant.now(), o.profile, o.jmhArgs);
        if (o.loadBefore != null) {
          m.put("loadBefore", o.loadBefore);
        }
        Machine.write(dir, m);
        out.println("wrote " + dir.resolve(Machine.JSON));
        return 0;
      }
      case "load-after" -> {
        o.expectPositional(1, "load-after DIR");
        Path dir = Path.of(o.positional.get(0));
        Map<String, String> m = Machine.read(dir);
        m.put("loadAfter", Machine.loadAverage());
        Machine.write(dir, m);
        return 0;
      }
      case "jdk-tag" -> {
        out.println(Machine.jdkTag());
        return 0;
      }
      default -> throw new UsageException("unknown command '" + args[0] + "'");
    }
  }

  private static Suite suite(Options o) throws IOException {
    if (o.suite == null) {
      return Suite.load();
    }
    try (Reader r = Files.newBufferedReader(Path.of(o.suite), StandardCharsets.UTF_8)) {
      return Suite.parse(r);
    }
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static final class Options {
    final List<String> positional = new ArrayList<>();
    String out;
    String suite;
    String profile = "custom";
    String jmhArgs = "";
    String loadBefore;
    double floor;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--out" -> o.out = value(args, ++i, a);
          case "--suite" -> o.suite = value(args, ++i, a);
          case "--profile" -> o.profile = value(args, ++i, a);
          case "--jmh-args" -> o.jmhArgs = value(args, ++i, a);
          case "--load-before" -> o.loadBefore = value(args, ++i, a);
          case "--floor" -> {
            String f = value(args, ++i, a);
            try {
              o.floor = Double.parseDouble(f);
            } catch (NumberFormatException e) {
              throw new UsageException("--floor wants a fraction such as 0.05, got '" + f + "'");
            }
            if (!(o.floor >= 0 && o.floor < 1)) {
              throw new UsageException("--floor must be in [0, 1), got " + f);
            }
          }
          default -> {
            if (a.startsWith("--")) {
              throw new UsageException("unknown option '" + a + "'");
            }
            o.positional.add(a);
          }
        }
      }
      return o;
    }

    void expectPositional(int n, String usage) {
      if (positional.size() != n) {
        throw new UsageException(usage);
      }
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      return args[i];
    }
  }
}
