package org.mtlab.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.mtlab.CheckFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mtlab} entry point. {@link #main} only wires the process's streams to {@link
 * #run(String[], Io)} and exits with its code; tests call {@code run} in-process.
 *
 * <p>Every failure ends in exactly one line on stderr and a non-zero exit code, never a stack
 * trace: {@link ExitCode#USAGE} (2) for picocli's parse errors and {@link UsageException}, {@link
 * ExitCode#CHECK_FAILED} (3) for {@link CheckFailedException}, naming the check, and {@link
 * ExitCode#INTERNAL} (1) for anything unexpected.
 *
 * <p>Stateless and thread-safe; each run builds its own command tree.
 */
public final class Main {
  private Main() {}

  /** Runs {@code mtlab} on the process's streams and exits with its code. */
  public static void main(String[] args) {
    boolean terminal = consoleIsTerminal();
    boolean colour =
        terminal && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    Io io = new Io(System.in, System.out, System.err, colour, terminal);
    int code = run(args, io);
    System.out.flush();
    System.exit(code);
  }

  /**
   * True when the process's console is a terminal. Up to JDK 21, {@code System.console()} is null
   * exactly when it is not; from JDK 22 on, it returns a console for redirected streams as well,
   * and {@code Console.isTerminal()} (JDK 22, looked up by reflection as Java 17 lacks it) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is the answer before JDK 22, see above
  private static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22: a console exists only on a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Runs {@code mtlab args} on the given streams (not a terminal) and returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
    return run(args, Io.plain(in, out, err));
  }

  /** Runs {@code mtlab args} on {@code io} and returns the exit code. */
  public static int run(String[] args, Io io) {
    return execute(commandLine(io), args, io);
  }

  /**
   * The configured command tree for one run: help to {@code io.out()}, colour only when {@code
   * io.colour()}, no {@code @file} expansion, and the exit-code mapping installed on every
   * subcommand. Tests may add subcommands before calling {@link #execute}.
   */
  public static CommandLine commandLine(Io io) {
    CommandLine cl = new CommandLine(new MtlabCommand(io));
    configure(cl, io);
    return cl;
  }

  /**
   * Re-applies the settings of {@link #commandLine} to the whole tree (needed after adding
   * subcommands, since picocli copies settings only to the subcommands present at the time).
   */
  public static void configure(CommandLine cl, Io io) {
    cl.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
    cl.setColorScheme(Help.defaultColorScheme(io.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
    cl.setExpandAtFiles(false); // "@/dev/zero" must not be read as an argument file
    cl.setUsageHelpAutoWidth(false);
    // "-hex" must be an unknown option (exit 2), not "-h -e -x", which prints help and exits 0.
    cl.setPosixClusteredShortOptionsAllowed(false);
    cl.setParameterExceptionHandler((ex, args) -> parameterError(ex, io));
    cl.setExecutionExceptionHandler((ex, sub, parseResult) -> failure(ex, sub, io));
    giveEveryCommandTheVersion(cl, cl.getCommandSpec().versionProvider());
  }

  /** Every subcommand's --version (from mixinStandardHelpOptions) prints the tool's version. */
  private static void giveEveryCommandTheVersion(
      CommandLine cl, CommandLine.IVersionProvider version) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(version);
      }
      giveEveryCommandTheVersion(sub, version);
    }
  }

  /** Runs {@code args} on {@code cl}; never throws and never prints a stack trace. */
  public static int execute(CommandLine cl, String[] args, Io io) {
    int code;
    try {
      code = cl.execute(args == null ? new String[0] : args);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      code = internal(cl.getCommandName(), e, io);
    }
    // PrintStream swallows write errors (full disk, closed pipe): ask it, or a lost result
    // would exit 0. checkError also flushes.
    if (io.out().checkError() && code == ExitCode.OK) {
      io.err()
          .println(
              cl.getCommandName()
                  + ": cannot write standard output (disk full or pipe closed?); the result is lost");
      code = ExitCode.USAGE;
    }
    io.err().flush();
    return code;
  }

  private static int parameterError(ParameterException ex, Io io) {
    CommandLine where = ex.getCommandLine();
    String name = where == null ? "mtlab" : where.getCommandSpec().qualifiedName();
    StringBuilder line = new StringBuilder(name).append(": ");
    if (!(ex instanceof UnmatchedArgumentException)
        && where != null
        && !where.getUnmatchedArguments().isEmpty()) {
      // picocli checks required options before reporting unknown ones; a mistyped option
      // name is the likelier cause, so name it first.
      line.append("unknown option or argument '")
          .append(oneLine(where.getUnmatchedArguments().get(0)))
          .append("'; ");
    }
    line.append(oneLine(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
    }
    line.append(" (see '").append(name).append(" --help')");
    io.err().println(line);
    return ExitCode.USAGE;
  }

  private static int failure(Exception ex, CommandLine where, Io io) {
    String name = where.getCommandSpec().qualifiedName();
    if (ex instanceof UsageException) {
      io.err().println(name + ": " + oneLine(ex.getMessage()));
      return ExitCode.USAGE;
    }
    if (ex instanceof CheckFailedException c) {
      io.err()
          .println(
              name + ": rejected by check " + c.reason().name() + ": " + c.reason().description());
      return ExitCode.CHECK_FAILED;
    }
    if (ex instanceof ParameterException p) {
      return parameterError(p, io);
    }
    if (ex instanceof IllegalArgumentException) {
      // A library caller-mistake check that the command did not catch first: still the
      // user's input, so exit 2 with the library's own message.
      io.err().println(name + ": " + oneLine(ex.getMessage()));
      return ExitCode.USAGE;
    }
    return internal(name, ex, io);
  }

  private static int internal(String name, Throwable e, Io io) {
    io.err()
        .println(
            name
                + ": internal error ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
                + "); please report it");
    return ExitCode.INTERNAL;
  }

  /** {@code message} on one line (null becomes a placeholder). */
  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "invalid input";
    }
    String line = message.strip().replaceAll("\\s*[\\r\\n\\u2028\\u2029]+\\s*", "; ");
    // Other control characters (ESC, vertical tab, ...) from user input would reach the
    // terminal raw: show them as escapes.
    StringBuilder sb = new StringBuilder(line.length());
    line.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }
}
