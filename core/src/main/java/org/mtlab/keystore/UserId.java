package org.mtlab.keystore;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user of the world, by name: 1 to 32 characters of lower-case letters, digits, '_' and '-',
 * starting with a letter (so it is also a safe file name for the user's device file).
 *
 * <p>Immutable.
 *
 * @param name the name
 */
public record UserId(String name) implements Comparable<UserId> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException naming it if it is not 1..32 of [a-z0-9_-]
   */
  public UserId {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "user name '"
              + name
              + "' is not 1..32 lower-case letters, digits, '_' or '-'"
              + " starting with a letter");
    }
  }

  /** The user called {@code name}. */
  public static UserId of(String name) {
    return new UserId(name);
  }

  @Override
  public int compareTo(UserId o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
