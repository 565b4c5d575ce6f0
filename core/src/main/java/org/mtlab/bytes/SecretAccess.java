package org.mtlab.bytes;

/**
 * A token that must be passed to every method that hands out raw secret bytes. It grants nothing by
 * itself; it makes each such use deliberate and easy to find in review: grep for {@code
 * SecretAccess.explicitly()}. The tours, the CLI and persistence need it; a prototype that only
 * seals and opens messages never does.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** The token. Call it where secret bytes really must leave their type. */
  public static SecretAccess explicitly() {
    return INSTANCE;
  }
}
