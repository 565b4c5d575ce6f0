package org.mtlab.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether MTLab's optional vector kernels are on, decided once when this class loads.
 *
 * <p>The kernels use the JDK's incubating Vector API ({@code jdk.incubator.vector}), which a JVM
 * resolves only when asked: start it with {@code --add-modules jdk.incubator.vector} (the JVM then
 * prints a one-line warning that an incubator module is in use). Without that module, or with the
 * system property {@code mtlab.simd=off}, every path runs its scalar code, which gives the same
 * bytes. Any other value of {@code mtlab.simd} (default {@code auto}) means: use the kernels when
 * the module is there and the CPU runs 128-bit vectors.
 *
 * <p>Not exported. Holds only constants.
 */
public final class Simd {
  /** The name of the system property that turns the kernels off ({@code off}). */
  public static final String PROPERTY = "mtlab.simd";

  /** The incubating module the kernels need. */
  public static final String MODULE = "jdk.incubator.vector";

  /** True if {@code IgeCipher} on the JDK's AES uses the kernels of {@link VectorIge}. */
  public static final boolean IGE = detect();

  private Simd() {}

  private static boolean detect() {
    String property;
    try {
      property = System.getProperty(PROPERTY);
    } catch (SecurityException e) {
      return false; // a security manager that hides the property: stay on the scalar loops
    }
    if (!wanted(property)) {
      return false;
    }
    Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
    if (vector.isEmpty() || !Simd.class.getModule().canRead(vector.get())) {
      return false;
    }
    try {
      return VectorIge.hardwareSupported();
    } catch (LinkageError | RuntimeException e) {
      // A JVM whose incubator module does not match what this code was compiled against.
      return false;
    }
  }

  /**
   * False if the value of {@link #PROPERTY} turns the kernels off: {@code off} or {@code false}, in
   * any case, surrounding blanks ignored. Anything else, and no value, means {@code auto}.
   */
  static boolean wanted(String property) {
    if (property == null) {
      return true;
    }
    String mode = property.trim().toLowerCase(Locale.ROOT);
    return !(mode.equals("off") || mode.equals("false"));
  }
}
