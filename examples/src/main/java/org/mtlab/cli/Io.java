package org.mtlab.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The streams a command talks to, and what is known about the terminal behind them. {@link
 * Main#main} builds it from {@code System.in/out/err}; tests build it from byte buffers, so every
 * command runs in-process exactly as it does from the shell.
 *
 * <p>Immutable (the streams themselves are not); use from one thread.
 *
 * @param in standard input (data for {@code ige}, Enter presses for {@code tour --pause})
 * @param out standard output: results only (plain text, one JSON object, or raw bytes)
 * @param err standard error: at most one line per failure, and {@code --pause} prompts
 * @param colour true when standard output is a terminal that may get ANSI colour
 * @param interactive true when standard input is a terminal a person can press Enter on
 */
public record Io(
    InputStream in, PrintStream out, PrintStream err, boolean colour, boolean interactive) {

  /** Checks that no stream is null. */
  public Io {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** Streams that are not a terminal: no colour, no pausing. */
  public static Io plain(InputStream in, PrintStream out, PrintStream err) {
    return new Io(in, out, err, false, false);
  }
}
