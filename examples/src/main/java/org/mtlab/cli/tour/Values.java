package org.mtlab.cli.tour;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mtlab.bytes.Hex;

/**
 * The named values shown by one tour step, in order. Text output shows each value with an optional
 * note; JSON output has every value in full (hex for bytes), keyed by its name. Names are JSON
 * keys: lower case with underscores.
 *
 * <p>Not thread-safe; build one per step.
 */
public final class Values {
  /**
   * One value.
   *
   * @param name the JSON key and the label in text output
   * @param json the value as JSON (String, Long, Boolean; 64-bit identifiers as decimal String)
   * @param shown the value as text output shows it (possibly shortened)
   * @param kind how text output colours it
   * @param note a remark for text output, or null
   */
  public record Entry(String name, Object json, String shown, Kind kind, String note) {}

  /** How a value is coloured in text output. */
  public enum Kind {
    /** Public bytes or numbers. */
    PUBLIC,
    /** Key material revealed for teaching. */
    SECRET,
    /** A yes/no outcome. */
    FLAG,
    /** A grid of colour indices (0..3), drawn as coloured cells. */
    GRID
  }

  private final List<Entry> entries = new ArrayList<>();

  private Values() {}

  /** No values yet. */
  public static Values of() {
    return new Values();
  }

  /** Public bytes, shown in full. */
  public Values hex(String name, byte[] bytes) {
    return add(name, Hex.encode(bytes), Hex.encode(bytes), Kind.PUBLIC, size(bytes.length));
  }

  /** Key material (revealed with {@code SecretAccess.explicitly()}), shown in full, marked. */
  public Values secret(String name, byte[] bytes) {
    return add(
        name, Hex.encode(bytes), Hex.encode(bytes), Kind.SECRET, "secret, " + size(bytes.length));
  }

  /** Public bytes of which text output shows only the first {@code shown}; JSON has all. */
  public Values preview(String name, byte[] bytes, int shown) {
    if (bytes.length <= shown) {
      return hex(name, bytes);
    }
    return add(
        name,
        Hex.encode(bytes),
        Hex.encode(bytes, 0, shown) + "...",
        Kind.PUBLIC,
        "first " + shown + " of " + bytes.length + " bytes");
  }

  /** An integer. */
  public Values number(String name, long value) {
    return add(name, value, Long.toString(value), Kind.PUBLIC, null);
  }

  /**
   * A 64-bit identifier (msg_id, ping_id, retry_id, ...), unsigned: a decimal string in JSON, since
   * JSON readers such as jq and JavaScript round integers above 2^53.
   */
  public Values id(String name, long value) {
    String decimal = Long.toUnsignedString(value);
    return add(name, decimal, decimal, Kind.PUBLIC, null);
  }

  /** A short text. */
  public Values text(String name, String value) {
    return add(name, value, value, Kind.PUBLIC, null);
  }

  /** A yes/no outcome. */
  public Values flag(String name, boolean value) {
    return add(name, value, Boolean.toString(value), Kind.FLAG, null);
  }

  /**
   * A picture: rows of colour indices 0..3 (a key visualization), drawn in colour in text output
   * (or with plain characters), an array of arrays of numbers in JSON.
   */
  public Values grid(String name, List<List<Integer>> rows) {
    List<Object> json = new ArrayList<>(rows.size());
    StringBuilder shown = new StringBuilder();
    for (List<Integer> row : rows) {
      List<Object> r = new ArrayList<>(row.size());
      for (int cell : row) {
        if (cell < 0 || cell > 3) {
          throw new IllegalArgumentException("a cell's colour is 0..3, got " + cell);
        }
        r.add((long) cell);
        shown.append((char) ('0' + cell));
      }
      json.add(r);
      shown.append('/');
    }
    return add(name, json, shown.toString(), Kind.GRID, null);
  }

  /** Replaces the note of the last value added. */
  public Values note(String note) {
    Entry last = entries.remove(entries.size() - 1);
    entries.add(new Entry(last.name(), last.json(), last.shown(), last.kind(), note));
    return this;
  }

  /** The entries, in order (read-only). */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  private Values add(String name, Object json, String shown, Kind kind, String note) {
    for (Entry e : entries) {
      if (e.name().equals(name)) {
        throw new IllegalArgumentException("duplicate value name " + name);
      }
    }
    entries.add(new Entry(name, json, shown, kind, note));
    return this;
  }

  private static String size(int n) {
    return n == 1 ? "1 byte" : n + " bytes";
  }
}
