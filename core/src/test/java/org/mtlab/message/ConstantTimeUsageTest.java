package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A bytecode gate in the style of Bouncy Castle's ConstantTimeUsageTest (SECURITY.md §3.8):
 * the classes that compare msg_key must call {@code MessageDigest.isEqual} and must not call
 * {@code Arrays.equals(byte[], byte[])}. A positive control proves the scan can fail.
 */
class ConstantTimeUsageTest {
  private static final String IS_EQUAL = "java/security/MessageDigest.isEqual([B[B)Z";
  private static final String ARRAYS_EQUALS = "java/util/Arrays.equals([B[B)Z";

  @Test
  void msgKeyComparison_usesMessageDigestIsEqual_only() throws IOException {
    Set<String> cipher = methodRefs(FrameCipher.class);
    assertThat(cipher).contains(IS_EQUAL).doesNotContain(ARRAYS_EQUALS);
    for (Class<?> c : new Class<?>[] {MessageOpener.class, MessageSealer.class,
        ReplayWindow.class}) {
      assertThat(methodRefs(c)).as(c.getSimpleName()).doesNotContain(ARRAYS_EQUALS);
    }
  }

  @Test
  void positiveControl_theScanFindsArraysEquals() throws IOException {
    assertThat(methodRefs(org.mtlab.bytes.Bytes.class)).contains(ARRAYS_EQUALS);
  }

  /** Every method referenced from {@code type}'s constant pool, as owner.name descriptor. */
  static Set<String> methodRefs(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream raw = type.getResourceAsStream(resource);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + resource);
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      Object[] pool = new Object[count];
      int[][] refs = new int[count][];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1: pool[i] = in.readUTF(); break;
          case 3: case 4: in.readInt(); break;
          case 5: case 6: in.readLong(); i++; break;
          case 7: case 8: case 16: case 19: case 20:
            refs[i] = new int[] {tag, in.readUnsignedShort()};
            break;
          case 9: case 10: case 11: case 12: case 17: case 18:
            refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
            break;
          case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
          default: throw new IOException("unknown constant pool tag " + tag);
        }
      }
      Set<String> out = new HashSet<>();
      for (int i = 1; i < count; i++) {
        if (refs[i] != null && (refs[i][0] == 10 || refs[i][0] == 11)) {
          String owner = (String) pool[refs[refs[i][1]][1]];
          int[] nameAndType = refs[refs[i][2]];
          out.add(owner + "." + pool[nameAndType[1]] + pool[nameAndType[2]]);
        }
      }
      return out;
    }
  }
}
