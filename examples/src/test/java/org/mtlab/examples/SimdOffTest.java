package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code simd-off} Surefire execution (examples/pom.xml): the JVM resolves {@code
 * jdk.incubator.vector}, but {@code -Dmtlab.simd=off} keeps MTLab on its scalar loops.
 */
class SimdOffTest {
  @Test
  void theSystemPropertyTurnsTheKernelsOffEvenWithTheModule() {
    assumeTrue("off".equals(System.getProperty("mtlab.simd")), "only in the simd-off execution");
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    SplittableRandom r = new SplittableRandom(0x6f6666L);
    for (int len : new int[] {16, 4096 + 48}) {
      ScalarKernels.assertScalarRoundTrip(r, len);
    }
  }
}
