package org.mtlab.bench;

/**
 * JVM options the benchmark classes give their forks (compile-time constants for {@code @Fork}).
 */
public final class ForkArgs {
  /**
   * Resolves the incubating Vector API, so that MTLab's fast IGE path runs its vector kernels (see
   * {@code org.mtlab.crypto.IgeCipher#vectorized()}), as an application started with the same
   * option would.
   */
  public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** Turns MTLab's vector kernels off (for the scalar-kernel baselines). */
  public static final String SIMD_OFF = "-Dmtlab.simd=off";

  private ForkArgs() {}

  /**
   * False if this JVM's {@code mtlab.simd} turns the kernels off, by MTLab's rule: {@code off} or
   * {@code false}, in any case, blanks ignored.
   */
  public static boolean vectorKernelWanted() {
    String mode = System.getProperty("mtlab.simd");
    if (mode == null) {
      return true;
    }
    mode = mode.trim().toLowerCase(java.util.Locale.ROOT);
    return !(mode.equals("off") || mode.equals("false"));
  }
}
