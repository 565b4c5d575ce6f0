package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Hex;

/**
 * The project's one seeded-random recipe: these first bytes are pinned here and, for the core
 * tests' {@code Seeds.secureRandom}, in core's {@code HandshakeHardeningTest}; a change to either
 * copy of the recipe fails one of the two.
 */
class SeededRandomTest {
  @Test
  void firstBytesForSeed1_arePinned() {
    byte[] first = new byte[16];
    SeededRandom.of(1, "client").nextBytes(first);
    assertThat(Hex.encode(first)).isEqualTo("840026562fdd29383f521ce09bb3f2a3");
  }

  @Test
  void labelsGiveIndependentStreams_andTheDefaultLabelIsEmpty() {
    byte[] a = new byte[16];
    byte[] b = new byte[16];
    byte[] c = new byte[16];
    SeededRandom.of(1, "server").nextBytes(a);
    SeededRandom.of(1, "").nextBytes(b);
    SeededRandom.of(1).nextBytes(c);
    assertThat(Hex.encode(a)).isNotEqualTo("840026562fdd29383f521ce09bb3f2a3");
    assertThat(b).isEqualTo(c).isNotEqualTo(a);
  }
}
