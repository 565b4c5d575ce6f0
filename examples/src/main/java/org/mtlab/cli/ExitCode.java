package org.mtlab.cli;

/** The exit codes of every {@code mtlab} command (docs/cli.md, "Conventions"). */
public final class ExitCode {
  /** Success. */
  public static final int OK = 0;

  /** An unexpected failure inside mtlab (a bug): one stderr line, never a stack trace. */
  public static final int INTERNAL = 1;

  /** Bad usage or malformed input: one stderr line naming the option and the problem. */
  public static final int USAGE = 2;

  /** Well-formed input rejected by a security check: one stderr line naming the check. */
  public static final int CHECK_FAILED = 3;

  private ExitCode() {}
}
