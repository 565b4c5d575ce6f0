package org.mtlab.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtlab.bytes.Hex;

/**
 * The result of a value command: named values in a fixed order. With {@code --json} it is printed
 * as one JSON object whose keys are exactly the names (docs/cli.md's table); otherwise as aligned
 * {@code name value} lines. Binary values are lower-case hex; integers are decimal.
 *
 * <p>Not thread-safe; build, then print once.
 */
public final class Report {
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  /** Adds {@code bytes} as lower-case hex under {@code name}. */
  public Report hex(String name, byte[] bytes) {
    return put(name, Hex.encode(bytes));
  }

  /** Adds a string, number or boolean under {@code name}. */
  public Report put(String name, Object value) {
    if (values.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("duplicate report key " + name);
    }
    return this;
  }

  /** A remark shown after the value in plain output only (never in JSON). */
  public Report note(String name, String note) {
    notes.put(name, note);
    return this;
  }

  /** The values, in order (read-only). */
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Prints to {@code io.out()}: one JSON object, or aligned lines. */
  public void print(Io io, boolean json) {
    if (json) {
      io.out().println(Json.write(values));
    } else {
      int width = 0;
      for (String name : values.keySet()) {
        width = Math.max(width, name.length());
      }
      for (Map.Entry<String, Object> e : values.entrySet()) {
        StringBuilder line = new StringBuilder(e.getKey());
        while (line.length() < width + 2) {
          line.append(' ');
        }
        line.append(e.getValue());
        String note = notes.get(e.getKey());
        if (note != null) {
          line.append("  (").append(note).append(')');
        }
        io.out().println(line);
      }
    }
    io.out().flush();
  }
}
