package org.mtlab.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.testing.Seeds;

/** {@link ConstantTime}: right answers (timing is not asserted in unit tests). */
class ConstantTimeTest {
  private final SplittableRandom random =
      new SplittableRandom(Seeds.cases("constant-time", 1).findFirst().getAsLong());

  @Test
  void wholeArraysAreEqualOnlyWithTheSameLengthAndEveryByte() {
    byte[] a = Seeds.bytes(random, 32);
    assertThat(ConstantTime.equals(a, a.clone())).isTrue();
    assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
    assertThat(ConstantTime.equals(a, java.util.Arrays.copyOf(a, 31))).isFalse();
    assertThat(ConstantTime.equals(a, java.util.Arrays.copyOf(a, 33))).isFalse();
    for (int i = 0; i < a.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] b = a.clone();
        b[i] ^= (byte) (1 << bit);
        assertThat(ConstantTime.equals(a, b)).as("byte %d bit %d", i, bit).isFalse();
      }
    }
  }

  @Test
  void rangesCompareOnlyTheGivenBytes() {
    byte[] a = Seeds.bytes(random, 40);
    byte[] b = Seeds.bytes(random, 50);
    System.arraycopy(a, 5, b, 17, 20);
    assertThat(ConstantTime.equals(a, 5, b, 17, 20)).isTrue();
    assertThat(ConstantTime.equals(a, 4, b, 16, 22)).isEqualTo(a[4] == b[16] && a[25] == b[37]);
    assertThat(ConstantTime.equals(a, 0, b, 0, 0)).isTrue();
    assertThat(ConstantTime.equals(a, 40, b, 50, 0)).isTrue();
    for (int i = 0; i < 20; i++) {
      byte[] c = b.clone();
      c[17 + i] ^= 0x40;
      assertThat(ConstantTime.equals(a, 5, c, 17, 20)).as("differs at %d", i).isFalse();
    }
  }

  @Test
  void rangeErrorsAndNullsAreCallerErrors() {
    byte[] a = new byte[16];
    assertThatThrownBy(() -> ConstantTime.equals(a, 1, a, 0, 16))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ConstantTime.equals(a, 0, a, 1, 16))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ConstantTime.equals(a, 8, a, 0, Integer.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ConstantTime.equals(a, 0, a, 0, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatNullPointerException()
        .isThrownBy(() -> ConstantTime.equals(null, a))
        .withMessageContaining("a");
    assertThatNullPointerException()
        .isThrownBy(() -> ConstantTime.equals(a, null))
        .withMessageContaining("b");
    assertThatNullPointerException().isThrownBy(() -> ConstantTime.equals(null, 0, a, 0, 0));
    assertThatNullPointerException().isThrownBy(() -> ConstantTime.equals(a, 0, null, 0, 0));
  }
}
