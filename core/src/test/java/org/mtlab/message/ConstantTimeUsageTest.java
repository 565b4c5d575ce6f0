package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtlab.testing.Bytecode;

/**
 * A bytecode gate in the style of Bouncy Castle's ConstantTimeUsageTest (docs/security.md §3.8):
 * the classes that compare msg_key must call {@code MessageDigest.isEqual} and must not call {@code
 * Arrays.equals(byte[], byte[])}. A positive control proves the scan can fail. The class-file
 * reading is the shared {@link Bytecode} scanner (the handshake's gate uses it too).
 */
class ConstantTimeUsageTest {
  private static final String IS_EQUAL = Bytecode.IS_EQUAL;
  private static final String ARRAYS_EQUALS = "java/util/Arrays.equals([B[B)Z";

  @Test
  void msgKeyComparison_usesMessageDigestIsEqual_only() throws IOException {
    Set<String> cipher = Bytecode.invocations(FrameCipher.class);
    assertThat(cipher).contains(IS_EQUAL).doesNotContain(ARRAYS_EQUALS);
    for (Class<?> c :
        new Class<?>[] {MessageOpener.class, MessageSealer.class, ReplayWindow.class}) {
      assertThat(Bytecode.invocations(c)).as(c.getSimpleName()).doesNotContain(ARRAYS_EQUALS);
    }
  }

  @Test
  void positiveControl_theScanFindsArraysEquals() throws IOException {
    assertThat(Bytecode.invocations(org.mtlab.bytes.Bytes.class)).contains(ARRAYS_EQUALS);
  }
}
