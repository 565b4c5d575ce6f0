package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An application that does not resolve {@code jdk.incubator.vector} (this module's test JVM, like
 * {@code java -jar mtlab.jar}) gets the scalar kernels, and they load and work: core's own tests
 * run with the module, so this is where the library is used the default way.
 */
class WithoutVectorModuleTest {
  @Test
  void theFastPathRunsItsScalarKernelsAndMatchesTheReference() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
    SplittableRandom r = new SplittableRandom(0x7363616c6172L);
    for (int len : new int[] {16, 48, 1024, 4096 + 48, 3 * 4096}) {
      ScalarKernels.assertScalarRoundTrip(r, len);
    }
  }
}
