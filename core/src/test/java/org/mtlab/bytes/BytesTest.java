package org.mtlab.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** {@link Bytes}: an immutable value, copied in and out, equal by content. */
class BytesTest {

  @Test
  void copiesInSoLaterChangesToTheSourceDoNotShow() {
    byte[] source = {1, 2, 3};
    Bytes b = Bytes.copyOf(source);
    source[0] = 9;
    assertThat(b.toByteArray()).containsExactly(1, 2, 3);
    byte[] framed = {7, 1, 2, 3, 7};
    Bytes part = Bytes.copyOf(framed, 1, 3);
    framed[2] = 9;
    assertThat(part).isEqualTo(b);
  }

  @Test
  void copiesOutSoChangingAReturnedArrayDoesNotShow() {
    Bytes b = Bytes.fromHex("010203");
    byte[] out = b.toByteArray();
    out[0] = 9;
    assertThat(b.hex()).isEqualTo("010203");
    assertThat(b.toByteArray()).isNotSameAs(b.toByteArray());
  }

  @Test
  void equalsAndHashCodeAreByContent() {
    Bytes a = Bytes.fromHex("00ff10");
    Bytes b = Bytes.copyOf(new byte[] {0, (byte) 0xff, 0x10});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Bytes.fromHex("00ff11"));
    assertThat(a).isNotEqualTo(Bytes.fromHex("00ff"));
    assertThat(a).isNotEqualTo(Bytes.fromHex("00ff1000"));
    assertThat((Object) a).isNotEqualTo(new byte[] {0, (byte) 0xff, 0x10});
    assertThat(a.constantTimeEquals(b)).isTrue();
    assertThat(a.constantTimeEquals(Bytes.fromHex("00ff11"))).isFalse();
    assertThat(a.constantTimeEquals(Bytes.fromHex("00ff"))).isFalse();
  }

  @Test
  void accessorsReadTheRightBytes() {
    Bytes b = Bytes.fromHex("a0b1c2d3");
    assertThat(b.length()).isEqualTo(4);
    assertThat(b.isEmpty()).isFalse();
    assertThat(b.get(0)).isEqualTo((byte) 0xa0);
    assertThat(b.get(3)).isEqualTo((byte) 0xd3);
    assertThat(b.slice(1, 3).hex()).isEqualTo("b1c2");
    assertThat(b.slice(2, 2).isEmpty()).isTrue();
    assertThat(b.concat(Bytes.fromHex("e4")).hex()).isEqualTo("a0b1c2d3e4");
    assertThat(b.concat(Bytes.empty())).isEqualTo(b);
    assertThat(b.toString()).isEqualTo("a0b1c2d3");
    byte[] dst = new byte[6];
    b.copyTo(dst, 1);
    assertThat(dst).containsExactly(0, 0xa0, 0xb1, 0xc2, 0xd3, 0);
  }

  @Test
  void emptyIsEmpty() {
    assertThat(Bytes.empty().length()).isZero();
    assertThat(Bytes.empty().isEmpty()).isTrue();
    assertThat(Bytes.empty().hex()).isEmpty();
    assertThat(Bytes.empty()).isEqualTo(Bytes.copyOf(new byte[0])).isEqualTo(Bytes.fromHex(""));
  }

  @Test
  void readOnlyBufferShowsTheBytesButCannotChangeThem() {
    Bytes b = Bytes.fromHex("0102");
    ByteBuffer buf = b.asReadOnlyBuffer();
    assertThat(buf.isReadOnly()).isTrue();
    assertThat(buf.remaining()).isEqualTo(2);
    assertThatThrownBy(() -> buf.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
    assertThat(buf.hasArray()).isFalse();
    buf.get();
    assertThat(b.asReadOnlyBuffer().position()).isZero();
    assertThat(b.hex()).isEqualTo("0102");
  }

  @Test
  void outOfRangeIsIndexOutOfBounds() {
    Bytes b = Bytes.fromHex("01020304");
    assertThatThrownBy(() -> b.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.slice(3, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.slice(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> b.copyTo(new byte[4], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Bytes.copyOf(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Bytes.copyOf(new byte[4], 1, Integer.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Bytes.copyOf(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void nullsAreNpes() {
    assertThatNullPointerException()
        .isThrownBy(() -> Bytes.copyOf(null))
        .withMessageContaining("bytes");
    assertThatNullPointerException()
        .isThrownBy(() -> Bytes.copyOf(null, 0, 0))
        .withMessageContaining("bytes");
    assertThatNullPointerException()
        .isThrownBy(() -> Bytes.fromHex(null))
        .withMessageContaining("hex");
  }

  @Test
  void badHexIsRejected() {
    assertThatThrownBy(() -> Bytes.fromHex("0z"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 1");
  }
}
