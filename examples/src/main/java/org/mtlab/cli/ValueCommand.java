package org.mtlab.cli;

import picocli.CommandLine.Option;

/**
 * A command that computes a few named values and prints them: aligned text by default, one JSON
 * object with {@code --json} (keys exactly as in docs/cli.md's table). Subclasses only parse their
 * options (with {@link HexArg}) and fill a {@link Report}.
 */
public abstract class ValueCommand extends CliCommand {
  /** {@code --json}: one JSON object on stdout. */
  @Option(
      names = "--json",
      description = "Print exactly one JSON object (lower-case hex values) instead of text.")
  protected boolean json;

  /** Computes the values; throws {@link UsageException} for malformed input. */
  protected abstract Report compute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    compute().print(io(), json);
    return ExitCode.OK;
  }
}
