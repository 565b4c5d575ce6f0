package org.mtlab.bench;

/** JVM options the benchmark classes give their forks (compile-time constants for {@code @Fork}). */
public final class ForkArgs {
  /**
   * Resolves the incubating Vector API, so that MTLab's IGE decryption runs its vector kernel
   * (see {@code org.mtlab.crypto.IgeCipher#vectorized()}), as an application started with the
   * same option would.
   */
  public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** Turns MTLab's vector kernels off (for the scalar-kernel baselines). */
  public static final String SIMD_OFF = "-Dmtlab.simd=off";

  private ForkArgs() {}

  /** True unless this JVM was started with {@link #SIMD_OFF}. */
  public static boolean vectorKernelWanted() {
    return !"off".equals(System.getProperty("mtlab.simd"));
  }
}
