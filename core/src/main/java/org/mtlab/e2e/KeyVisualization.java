package org.mtlab.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.mtlab.bytes.Bytes;

/**
 * The key visualization both users compare (docs/protocol.md §8.4): 36 bytes,
 *
 * <pre>
 *   SHA1(original key)[0:16] + SHA256(key in use when the chat moved to layer 46)[0:20]
 * </pre>
 *
 * <p>A chat that began at layer 46 or later (every MTLab chat: it speaks layer {@value
 * SecretChat#LAYER}) takes both parts from its original key. The value is fixed when the chat is
 * created and kept across re-keying. key_fingerprint plays no part in it.
 *
 * <p>Two renderings: {@link #toText()} (hex in groups, for a terminal) and {@link #grid()}, a plain
 * 12 x 12 model of coloured squares: the 288 bits give 144 cells of 2 bits each, a colour index
 * 0..3, cell {@code i} from bits {@code 2i} and {@code 2i + 1} counted from the least significant
 * bit of byte 0 (MTLab's layout; the official apps draw a similar grid with their own bit order and
 * palette, so compare like with like). Rendering the colours (ANSI, images) is left to the caller.
 *
 * <p>Immutable. Public: the value is shown to users and derived by one-way hashes.
 *
 * @param value the 36 bytes
 */
public record KeyVisualization(Bytes value) {
  /** Length in bytes. */
  public static final int LENGTH = 36;

  /** Cells per side of the grid. */
  public static final int GRID_SIZE = 12;

  /** Number of colours a cell can have. */
  public static final int COLOURS = 4;

  /** Validates the length. */
  public KeyVisualization {
    Objects.requireNonNull(value, "value");
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException(
          "key visualization must be " + LENGTH + " bytes, got " + value.length());
    }
  }

  /** The visualization of a chat that started at layer 46 or later: both parts from {@code key}. */
  public static KeyVisualization of(ChatKey key) {
    return of(key, key);
  }

  /**
   * The visualization from the chat's original key and the key in use when the chat moved to layer
   * 46.
   */
  public static KeyVisualization of(ChatKey originalKey, ChatKey keyAtLayer46) {
    Objects.requireNonNull(originalKey, "originalKey");
    Objects.requireNonNull(keyAtLayer46, "keyAtLayer46");
    byte[] a = originalKey.sha1Prefix();
    byte[] b = keyAtLayer46.sha256Prefix();
    byte[] out = Arrays.copyOf(a, LENGTH);
    System.arraycopy(b, 0, out, a.length, b.length);
    return new KeyVisualization(Bytes.copyOf(out));
  }

  /** The colour index (0..3) of the cell in {@code row}, {@code column} (each 0..11). */
  public int cell(int row, int column) {
    Objects.checkIndex(row, GRID_SIZE);
    Objects.checkIndex(column, GRID_SIZE);
    int bit = 2 * (row * GRID_SIZE + column);
    return (value.get(bit >>> 3) >>> (bit & 7)) & 3;
  }

  /** The whole grid: {@code grid().get(row).get(column)} is {@link #cell(int, int)}. */
  public List<List<Integer>> grid() {
    List<List<Integer>> rows = new ArrayList<>(GRID_SIZE);
    for (int r = 0; r < GRID_SIZE; r++) {
      Integer[] row = new Integer[GRID_SIZE];
      for (int c = 0; c < GRID_SIZE; c++) {
        row[c] = cell(r, c);
      }
      rows.add(List.of(row));
    }
    return List.copyOf(rows);
  }

  /**
   * The 36 bytes as hex in three lines of three 4-byte groups, e.g. {@code "26d6ceef f1381295
   * e06ab26f\n..."}: what two users can read out to each other.
   */
  public String toText() {
    String hex = value.hex();
    StringBuilder sb = new StringBuilder(hex.length() + 12);
    for (int g = 0; g < LENGTH / 4; g++) {
      if (g > 0) {
        sb.append(g % 3 == 0 ? '\n' : ' ');
      }
      sb.append(hex, 8 * g, 8 * g + 8);
    }
    return sb.toString();
  }

  /** The hex text on one line. */
  @Override
  public String toString() {
    return "KeyVisualization[" + value.hex() + "]";
  }
}
