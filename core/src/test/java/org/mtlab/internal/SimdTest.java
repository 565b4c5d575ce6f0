package org.mtlab.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** When the vector kernels are on (the JVM-wide decision itself is checked in IgeKernelTest). */
class SimdTest {
  @ParameterizedTest
  @ValueSource(strings = {"off", "OFF", " off ", "false", "False"})
  void offOrFalseTurnsTheKernelsOff(String value) {
    assertThat(Simd.wanted(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "on", "true", "", "yes", "0ff"})
  void anyOtherValueMeansAuto(String value) {
    assertThat(Simd.wanted(value)).isTrue();
  }

  @Test
  void noValueMeansAuto() {
    assertThat(Simd.wanted(null)).isTrue();
  }

  /**
   * VectorIge must run one vector shape only (see its B128 field): a second shape in MTLab's own
   * code would make HotSpot 17 box every vector of the kernels (measured: 96 B a block). The class
   * file names each species field it reads; only SPECIES_128 may be used for vectors, and
   * SPECIES_PREFERRED only to ask for the hardware's width.
   */
  @Test
  void theVectorKernelsUseOnly128BitVectors() throws IOException {
    String classFile;
    try (InputStream in = VectorIge.class.getResourceAsStream("VectorIge.class")) {
      assertThat(in).isNotNull();
      classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    assertThat(classFile).contains("SPECIES_128");
    for (String other : new String[] {"SPECIES_64", "SPECIES_256", "SPECIES_512", "SPECIES_MAX"}) {
      assertThat(classFile).doesNotContain(other);
    }
    assertThat(classFile.split("SPECIES_PREFERRED", -1)).hasSize(2);
  }

  @Test
  void thisTestJvmResolvedTheModuleSoTheKernelsAreOn() {
    assertThat(ModuleLayer.boot().findModule(Simd.MODULE)).isPresent();
    assumeTrue(VectorIge.hardwareSupported(), "this JVM or CPU has no 128-bit vectors");
    assertThat(Simd.IGE).isTrue();
  }
}
