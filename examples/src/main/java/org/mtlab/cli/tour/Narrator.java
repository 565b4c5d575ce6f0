package org.mtlab.cli.tour;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mtlab.cli.Io;
import org.mtlab.cli.Json;

/**
 * Prints the tour as it is played: readable text (wrapped, optionally coloured, optionally pausing
 * for Enter between steps), or, with {@code --json}, one JSON object printed at the end: {@code
 * {"seed":N,"chapters":[{"number","title","intro","steps":[{"number","title",
 * "text","values":{...}}]}]}}.
 *
 * <p>Confined to one thread.
 */
public final class Narrator {
  private static final int WIDTH = 78;
  private static final int HEX_ROW = 64;

  private final Io io;
  private final boolean json;
  private final Palette palette;
  private final boolean pause;
  private final Map<String, Object> root = new LinkedHashMap<>();
  private final List<Object> chapters = new ArrayList<>();
  private List<Object> steps;
  private boolean firstStep = true;
  private boolean inputClosed;

  /**
   * A narrator writing to {@code io}.
   *
   * @param json one JSON object instead of text (then colour and pausing are off)
   * @param colour ANSI colour in text output
   * @param pause wait for Enter between steps; only when {@code io.interactive()}, and never again
   *     once stdin reaches its end
   */
  public Narrator(Io io, boolean json, boolean colour, boolean pause) {
    this.io = io;
    this.json = json;
    this.palette = Palette.of(colour && !json);
    this.pause = pause && !json && io.interactive();
  }

  void start(long seed, int chapterCount, boolean all) {
    if (json) {
      root.put("seed", seed);
      root.put("chapters", chapters);
      return;
    }
    out()
        .println(
            palette.title("MTLab tour")
                + palette.dim(
                    "  (seed "
                        + seed
                        + ": the same seed always prints the same values; "
                        + (all
                            ? chapterCount + (chapterCount == 1 ? " chapter" : " chapters")
                            : "one chapter")
                        + ")"));
  }

  void chapter(int number, Chapter chapter) {
    if (json) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("number", (long) number);
      c.put("title", chapter.title());
      c.put("intro", chapter.intro());
      steps = new ArrayList<>();
      c.put("steps", steps);
      chapters.add(c);
      return;
    }
    out().println();
    out().println(palette.title("=== Chapter " + number + ": " + chapter.title() + " ==="));
    wrap(chapter.intro(), "");
  }

  void step(int chapter, int number, String title, String text, Values values) {
    if (json) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("number", (long) number);
      s.put("title", title);
      s.put("text", text);
      Map<String, Object> v = new LinkedHashMap<>();
      for (Values.Entry e : values.entries()) {
        v.put(e.name(), e.json());
      }
      s.put("values", v);
      steps.add(s);
      return;
    }
    if (!firstStep) {
      waitForEnter();
    }
    firstStep = false;
    out().println();
    out().println(palette.title("[" + chapter + "." + number + "] " + title));
    wrap(text, "  ");
    out().println();
    for (Values.Entry e : values.entries()) {
      value(e);
    }
    out().flush();
  }

  void finish(boolean last) {
    if (json) {
      out().println(Json.write(root));
    } else {
      out().println();
      out()
          .println(
              palette.dim(
                  last
                      ? "End of the tour. Try another --seed: every value changes, every check holds."
                      : "End of the chapter."));
    }
    out().flush();
  }

  private void value(Values.Entry e) {
    if (e.kind() == Values.Kind.GRID) {
      grid(e);
      return;
    }
    String plainNote = e.note() == null ? "" : "  (" + e.note() + ")";
    String note = e.note() == null ? "" : "  " + palette.dim("(" + e.note() + ")");
    if (4 + e.name().length() + 3 + e.shown().length() + plainNote.length() <= WIDTH) {
      out().println("    " + palette.name(e.name()) + " = " + paint(e, e.shown()) + note);
      return;
    }
    // Too long for one line: the name and note, then the value in rows: text at word
    // boundaries, hex in rows of 32 bytes.
    out().println("    " + palette.name(e.name()) + note);
    String shown = e.shown();
    if (shown.indexOf(' ') >= 0) {
      for (String row : rows(shown, WIDTH - 6)) {
        out().println("      " + paint(e, row));
      }
      return;
    }
    String tail = "";
    if (shown.endsWith("...")) {
      shown = shown.substring(0, shown.length() - 3);
      tail = "...";
    }
    for (int i = 0; i < shown.length(); i += HEX_ROW) {
      int end = Math.min(shown.length(), i + HEX_ROW);
      out()
          .println(
              "      " + paint(e, shown.substring(i, end)) + (end == shown.length() ? tail : ""));
    }
  }

  /** A picture: the name and note, then the cells inside a frame. */
  private void grid(Values.Entry e) {
    out()
        .println(
            "    "
                + palette.name(e.name())
                + (e.note() == null ? "" : "  " + palette.dim("(" + e.note() + ")")));
    List<String> rows = Splitter.on('/').splitToList(e.shown());
    String edge = "      +" + "-".repeat(2 * rows.get(0).length()) + "+";
    out().println(edge);
    for (String row : rows) {
      StringBuilder line = new StringBuilder("      |");
      for (int i = 0; i < row.length(); i++) {
        line.append(palette.cell(row.charAt(i) - '0'));
      }
      out().println(line.append('|'));
    }
    out().println(edge);
  }

  private String paint(Values.Entry e, String s) {
    return switch (e.kind()) {
      case SECRET -> palette.secret(s);
      case FLAG -> palette.flag(Boolean.TRUE.equals(e.json()), s);
      default -> palette.value(s);
    };
  }

  private void wrap(String text, String indent) {
    for (String row : rows(text, WIDTH - indent.length())) {
      out().println(indent + row);
    }
  }

  /**
   * Splits {@code text} at whitespace into rows of at most {@code width} characters; a word longer
   * than that gets a row of its own.
   */
  static List<String> rows(String text, int width) {
    List<String> rows = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : Splitter.on(Pattern.compile("\\s+")).split(text.trim())) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        rows.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      rows.add(line.toString());
    }
    return rows;
  }

  /** Waits for Enter (prompt on stderr); stops pausing for good at the end of stdin. */
  private void waitForEnter() {
    if (!pause || inputClosed) {
      return;
    }
    io.err().print(palette.dim("-- Enter: next step --"));
    io.err().flush();
    try {
      int c;
      do {
        c = io.in().read();
      } while (c != -1 && c != '\n');
      if (c == -1) {
        inputClosed = true;
        io.err().println();
      }
    } catch (IOException e) {
      inputClosed = true;
      io.err().println();
    }
  }

  private PrintStream out() {
    return io.out();
  }
}
