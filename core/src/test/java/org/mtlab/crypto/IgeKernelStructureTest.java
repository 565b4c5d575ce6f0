package org.mtlab.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One kernel per class: {@link IgeCipher} holds exactly one {@link IgeKernel}, chosen once, and no
 * engine, scratch or chaining state of its own; each kernel class holds only what its way of
 * running IGE needs (no nullable fields); and {@code process} on {@code byte[]} stays
 * allocation-free for the scalar and Bouncy Castle kernels.
 */
class IgeKernelStructureTest {

  @Test
  void theCipherDelegatesToExactlyOneKernel() {
    List<String> fields = new ArrayList<>();
    for (Field f : IgeCipher.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.add(f.getType().getSimpleName() + " " + f.getName());
      }
    }
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "CipherDirection direction",
            "AesEngine engine",
            "IgeKernel kernel",
            "byte[] bufferScratch",
            "boolean keyed");
  }

  @Test
  void eachEngineDirectionAndKernelHasItsOwnClass() throws Exception {
    byte[] k = new byte[32];
    Aes256Key key = Aes256Key.copyOf(k);
    IgeIv iv = IgeIv.copyOf(k);
    assertThat(kernelOf(IgeCipher.create(key, iv, CipherDirection.ENCRYPT, AesEngine.JCE, false)))
        .isInstanceOf(ScalarCbcEncryptKernel.class);
    assertThat(kernelOf(IgeCipher.create(key, iv, CipherDirection.DECRYPT, AesEngine.JCE, false)))
        .isInstanceOf(EcbDecryptKernel.class);
    for (CipherDirection d : CipherDirection.values()) {
      assertThat(kernelOf(IgeCipher.create(key, iv, d, AesEngine.BOUNCY_CASTLE, true)))
          .isInstanceOf(BlockKernel.class);
      IgeCipher jce = IgeCipher.create(key, iv, d, AesEngine.JCE, true);
      assertThat(kernelOf(jce).vectorized()).isEqualTo(jce.vectorized());
      if (jce.vectorized()) { // the tests run with the Vector API resolved
        assertThat(kernelOf(jce))
            .isInstanceOf(
                d == CipherDirection.ENCRYPT
                    ? VectorCbcEncryptKernel.class
                    : VectorDecryptKernel.class);
      }
    }
    for (Class<?> c :
        List.of(
            ScalarCbcEncryptKernel.class,
            VectorCbcEncryptKernel.class,
            EcbDecryptKernel.class,
            VectorDecryptKernel.class,
            BlockKernel.class)) {
      assertThat(Modifier.isFinal(c.getModifiers())).as(c.getSimpleName()).isTrue();
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getSimpleName()).isFalse();
    }
  }

  /** Keeps the probe's control allocation alive. */
  private static volatile byte[] sink;

  @Test
  void processAllocatesNothing_onEveryKernel() throws Exception {
    assertThat(allocatedBy(() -> sink = new byte[4096]))
        .as("the probe sees allocation")
        .isGreaterThanOrEqualTo(4096);
    SplittableRandom r = new SplittableRandom(10);
    byte[] k = new byte[32];
    r.nextBytes(k);
    byte[] data = new byte[3 * IgeCipher.CHUNK + 48];
    r.nextBytes(data);
    byte[] out = new byte[data.length];
    // The scalar and Bouncy Castle kernels. The vector kernels allocate (boxed vectors) until
    // C2 has compiled them, which a unit test cannot wait for deterministically; their
    // steady state is measured with JMH's -prof gc in bench (IgeBench).
    for (AesEngine engine : AesEngine.values()) {
      for (CipherDirection d : CipherDirection.values()) {
        for (boolean vector : new boolean[] {false}) {
          IgeCipher c = IgeCipher.create(Aes256Key.copyOf(k), IgeIv.copyOf(k), d, engine, vector);
          Runnable work =
              () -> {
                for (int i = 0; i < 50; i++) {
                  c.process(data, 0, data.length, out, 0);
                  c.process(out, 0, 64, out, 0); // in place
                }
              };
          assertThat(allocatedBy(work)).as("%s %s vector=%s", engine, d, vector).isZero();
        }
      }
    }
  }

  /** Bytes the current thread allocates in {@code work} after a warm-up, less the probe's own. */
  static long allocatedBy(Runnable work) throws Exception {
    // by reflection: the tests are patched into org.mtlab.core, which does not read
    // java.management (core reflection needs no readability)
    Object bean =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocated =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 20; i++) {
      work.run();
    }
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5 && best > 0; attempt++) {
      long a = (long) allocated.invoke(bean, id);
      long b = (long) allocated.invoke(bean, id);
      work.run();
      long c = (long) allocated.invoke(bean, id);
      best = Math.min(best, Math.max(0, (c - b) - (b - a)));
    }
    return best;
  }

  private static IgeKernel kernelOf(IgeCipher c) throws Exception {
    Field f = IgeCipher.class.getDeclaredField("kernel");
    f.setAccessible(true);
    return (IgeKernel) f.get(c);
  }
}
