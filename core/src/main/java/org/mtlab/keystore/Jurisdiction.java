package org.mtlab.keystore;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A legal jurisdiction, by its short code ({@code "NL"}, {@code "SG"}, {@code "US-CA"}): 1 to 16
 * characters of upper-case letters, digits and '-', starting with a letter. A data centre is named
 * by its jurisdiction's code (one data centre per jurisdiction).
 *
 * <p>Immutable.
 *
 * @param code the code
 */
public record Jurisdiction(String code) implements Comparable<Jurisdiction> {
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9-]{0,15}");

  /**
   * Checks the code.
   *
   * @throws IllegalArgumentException naming the code if it is not 1..16 of [A-Z0-9-]
   */
  public Jurisdiction {
    Objects.requireNonNull(code, "code");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "jurisdiction code '"
              + code
              + "' is not 1..16 upper-case letters, digits or '-'"
              + " starting with a letter");
    }
  }

  /** The jurisdiction with {@code code}. */
  public static Jurisdiction of(String code) {
    return new Jurisdiction(code);
  }

  @Override
  public int compareTo(Jurisdiction o) {
    return code.compareTo(o.code);
  }

  @Override
  public String toString() {
    return code;
  }
}
