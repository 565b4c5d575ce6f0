package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Bytes;

/** The 36-byte visualization's renderings: hex text and the 12 x 12 colour grid. */
class KeyVisualizationTest {
  static final String HEX =
      "26d6ceeff1381295e06ab26f8ae7a271deb2631ccf3612ce6aec7e164aa1f06c69f44758";

  @Test
  void text_isHexInThreeLinesOfThreeGroups() {
    KeyVisualization v = new KeyVisualization(Bytes.fromHex(HEX));
    assertThat(v.toText())
        .isEqualTo(
            "26d6ceef f1381295 e06ab26f\n8ae7a271 deb2631c cf3612ce\n6aec7e16 4aa1f06c 69f44758");
  }

  @Test
  void grid_takesTwoBitsPerCellFromTheLowEnd() {
    KeyVisualization v = new KeyVisualization(Bytes.fromHex(HEX));
    // byte 0 = 0x26 = 00 10 01 10: cells 0..3 = 2, 1, 2, 0
    assertThat(v.cell(0, 0)).isEqualTo(2);
    assertThat(v.cell(0, 1)).isEqualTo(1);
    assertThat(v.cell(0, 2)).isEqualTo(2);
    assertThat(v.cell(0, 3)).isEqualTo(0);
    // last byte 0x58 = 01 01 10 00: cells 140..143 = 0, 2, 1, 1
    assertThat(v.cell(11, 8)).isEqualTo(0);
    assertThat(v.cell(11, 9)).isEqualTo(2);
    assertThat(v.cell(11, 10)).isEqualTo(1);
    assertThat(v.cell(11, 11)).isEqualTo(1);
    List<List<Integer>> grid = v.grid();
    assertThat(grid).hasSize(12).allSatisfy(row -> assertThat(row).hasSize(12));
    assertThat(grid.get(0).subList(0, 4)).containsExactly(2, 1, 2, 0);
    assertThat(grid.stream().flatMap(List::stream).distinct()).containsOnly(0, 1, 2, 3);
  }

  @Test
  void badInputs() {
    assertThatThrownBy(() -> new KeyVisualization(Bytes.fromHex("00")))
        .isInstanceOf(IllegalArgumentException.class);
    KeyVisualization v = new KeyVisualization(Bytes.fromHex(HEX));
    assertThatThrownBy(() -> v.cell(12, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
