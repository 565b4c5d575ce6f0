package org.mtlab.cli.tour;

/**
 * ANSI colours for the tour's text output, or none. Colour is used only when stdout is a terminal
 * and {@code --no-color} (or the {@code NO_COLOR} variable) is absent.
 *
 * <p>Immutable and thread-safe.
 */
public final class Palette {
  private static final String RESET = "\u001b[0m";

  private final boolean on;

  private Palette(boolean on) {
    this.on = on;
  }

  /** Colours when {@code on}, plain text otherwise. */
  public static Palette of(boolean on) {
    return new Palette(on);
  }

  /** Chapter and step titles. */
  public String title(String s) {
    return paint("1;36", s);
  }

  /** Value names. */
  public String name(String s) {
    return paint("36", s);
  }

  /** Public values. */
  public String value(String s) {
    return paint("33", s);
  }

  /** Key material. */
  public String secret(String s) {
    return paint("35", s);
  }

  /** Notes and hints. */
  public String dim(String s) {
    return paint("2", s);
  }

  /** A yes/no outcome: green for true, red for false. */
  public String flag(boolean ok, String s) {
    return paint(ok ? "1;32" : "1;31", s);
  }

  /**
   * One cell of a key picture, colour {@code colour} (0..3, light to dark): two coloured spaces, or
   * without colour two characters from light to dark ({@code " "}, {@code ".."}, {@code "xx"},
   * {@code "##"}).
   */
  public String cell(int colour) {
    if (colour < 0 || colour > 3) {
      throw new IllegalArgumentException("a cell's colour is 0..3, got " + colour);
    }
    if (!on) {
      return new String[] {"  ", "..", "xx", "##"}[colour];
    }
    return "\u001b[48;5;" + new int[] {255, 117, 33, 18}[colour] + "m  " + RESET;
  }

  private String paint(String code, String s) {
    return on ? "\u001b[" + code + "m" + s + RESET : s;
  }
}
