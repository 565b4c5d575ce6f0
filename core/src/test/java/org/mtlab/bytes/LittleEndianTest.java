package org.mtlab.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.testing.Seeds;

/** {@link LittleEndian}: TL's byte order for int and long. */
class LittleEndianTest {

  @Test
  void readsLeastSignificantByteFirst() {
    byte[] b = Hex.decode("0102030405060708");
    assertThat(LittleEndian.getInt(b, 0)).isEqualTo(0x04030201);
    assertThat(LittleEndian.getInt(b, 4)).isEqualTo(0x08070605);
    assertThat(LittleEndian.getInt(b, 1)).isEqualTo(0x05040302); // unaligned
    assertThat(LittleEndian.getLong(b, 0)).isEqualTo(0x0807060504030201L);
    assertThat(LittleEndian.getInt(Hex.decode("ffffffff"), 0)).isEqualTo(-1);
    assertThat(LittleEndian.getLong(Hex.decode("0000000000000080"), 0)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void tlConstructorIdsReadAsOnTheWire() {
    // req_pq_multi#be7e8ef1 is sent as f1 8e 7e be (MTProto's TL serialisation)
    assertThat(LittleEndian.getInt(Hex.decode("f18e7ebe"), 0)).isEqualTo(0xbe7e8ef1);
  }

  @Test
  void writesLeastSignificantByteFirst() {
    byte[] b = new byte[10];
    LittleEndian.putInt(b, 1, 0x0a0b0c0d);
    assertThat(Hex.encode(b)).isEqualTo("000d0c0b0a0000000000");
    LittleEndian.putLong(b, 2, 0x1122334455667788L);
    assertThat(Hex.encode(b)).isEqualTo("000d8877665544332211");
    assertThat(Hex.encode(LittleEndian.longBytes(-2L))).isEqualTo("feffffffffffffff");
  }

  @Test
  void agreesWithByteBufferInLittleEndianOrderOnRandomValuesAndOffsets() {
    SplittableRandom r =
        new SplittableRandom(Seeds.cases("little-endian", 1).findFirst().getAsLong());
    for (int i = 0; i < 2000; i++) {
      byte[] b = Seeds.bytes(r, 24);
      int off = r.nextInt(17);
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(LittleEndian.getLong(b, off)).isEqualTo(bb.getLong(off));
      assertThat(LittleEndian.getInt(b, off)).isEqualTo(bb.getInt(off));
      long v = r.nextLong();
      byte[] mine = new byte[24];
      LittleEndian.putLong(mine, off, v);
      byte[] theirs = new byte[24];
      ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN).putLong(off, v);
      assertThat(mine).isEqualTo(theirs);
      LittleEndian.putInt(mine, off, (int) v);
      ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN).putInt(off, (int) v);
      assertThat(mine).isEqualTo(theirs);
      assertThat(LittleEndian.longBytes(v))
          .isEqualTo(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
  }

  @Test
  void outOfRangeIsIndexOutOfBoundsAndWritesNothing() {
    byte[] b = new byte[8];
    assertThatThrownBy(() -> LittleEndian.getInt(b, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LittleEndian.getLong(b, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LittleEndian.getInt(b, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LittleEndian.putInt(b, 5, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LittleEndian.putLong(b, 1, -1L))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> LittleEndian.putLong(b, Integer.MAX_VALUE, -1L))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(b).containsOnly((byte) 0);
  }
}
