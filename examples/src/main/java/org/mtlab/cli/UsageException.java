package org.mtlab.cli;

/**
 * Bad usage or malformed input (wrong hex, wrong length, unreadable file): exit code 2. The message
 * is one line that names the option or input and says what is wrong, for example {@code --key: must
 * be 32 bytes (64 hex digits), got 31 bytes}.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A usage error with a one-line message naming the option. */
  public UsageException(String message) {
    super(message);
  }

  /** A usage error for {@code option}: "{@code option}: {@code problem}". */
  public static UsageException of(String option, String problem) {
    return new UsageException(option + ": " + problem);
  }
}
