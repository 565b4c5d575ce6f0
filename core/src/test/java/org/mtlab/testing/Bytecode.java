package org.mtlab.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's one bytecode scanner for structural gates (docs/security.md §3.8, in the style of
 * Bouncy Castle's ConstantTimeUsageTest): it reads a class file and lists, <b>per method</b>, every
 * method each one invokes, as {@code owner.name(descriptor)}. A gate then says, for each method
 * that compares a secret, which constant-time call it must make and that it makes no variable-time
 * one ({@link #constantTimeViolations}).
 *
 * <p>Reading per method, not the whole constant pool, matters: a class whose one method uses {@code
 * MessageDigest.isEqual} could otherwise hide an {@code Arrays.equals} in another, and a check for
 * a bare string (say "isEqual") passes on any mention anywhere in the file.
 */
public final class Bytecode {
  /** {@code MessageDigest.isEqual(byte[], byte[])}. */
  public static final String IS_EQUAL = "java/security/MessageDigest.isEqual([B[B)Z";

  /** MTLab's {@code ConstantTime.equals(byte[], byte[])}. */
  public static final String CONSTANT_TIME_EQUALS = "org/mtlab/bytes/ConstantTime.equals([B[B)Z";

  /** MTLab's {@code Bytes.constantTimeEquals(Bytes)}. */
  public static final String BYTES_CONSTANT_TIME_EQUALS =
      "org/mtlab/bytes/Bytes.constantTimeEquals(Lorg/mtlab/bytes/Bytes;)Z";

  /** Variable-time comparisons of byte strings, forbidden where a secret is compared. */
  public static final List<String> VARIABLE_TIME =
      List.of(
          "java/util/Arrays.equals([B[B)Z",
          "java/util/Arrays.equals([BII[BII)Z",
          "java/util/Arrays.mismatch([B[B)I",
          "java/util/Arrays.compare([B[B)I",
          "org/mtlab/bytes/Bytes.equals(Ljava/lang/Object;)Z");

  private Bytecode() {}

  /**
   * For each method of {@code type} (keyed {@code name(descriptor)}, lambdas included under their
   * synthetic names), the methods it invokes, in order of first appearance.
   */
  public static Map<String, Set<String>> invocationsByMethod(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream raw = type.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IOException("no class file " + resource);
      }
      return parse(new DataInputStream(raw), resource);
    }
  }

  /** Every method {@code type}'s methods invoke. */
  public static Set<String> invocations(Class<?> type) throws IOException {
    Set<String> all = new LinkedHashSet<>();
    invocationsByMethod(type).values().forEach(all::addAll);
    return all;
  }

  /**
   * What is wrong with {@code type}'s methods called {@code methodName} (every overload, and any
   * lambda declared in them): empty when at least one of them calls {@code required} and none calls
   * a {@link #VARIABLE_TIME} comparison; else one line per problem.
   */
  public static List<String> constantTimeViolations(
      Class<?> type, String methodName, String required) throws IOException {
    Map<String, Set<String>> methods = invocationsByMethod(type);
    List<String> problems = new ArrayList<>();
    boolean found = false;
    boolean calls = false;
    for (Map.Entry<String, Set<String>> m : methods.entrySet()) {
      String key = m.getKey();
      boolean named =
          key.startsWith(methodName + "(") || key.startsWith("lambda$" + methodName + "$");
      if (!named) {
        continue;
      }
      found = true;
      calls |= m.getValue().contains(required);
      for (String bad : VARIABLE_TIME) {
        if (m.getValue().contains(bad)) {
          problems.add(type.getSimpleName() + "." + key + " calls " + bad);
        }
      }
    }
    if (!found) {
      problems.add(type.getSimpleName() + " has no method " + methodName);
    } else if (!calls) {
      problems.add(type.getSimpleName() + "." + methodName + " does not call " + required);
    }
    return problems;
  }

  // --- the class file format (JVMS 4) -------------------------------------------------------

  private static Map<String, Set<String>> parse(DataInputStream in, String name)
      throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file: " + name);
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    Object[] utf8 = new Object[count];
    int[][] refs = new int[count][];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> refs[i] = new int[] {tag, in.readUnsignedShort()};
        case 9, 10, 11, 12, 17, 18 ->
            refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " in " + name);
      }
    }
    in.readUnsignedShort(); // access
    in.readUnsignedShort(); // this
    in.readUnsignedShort(); // super
    int interfaces = in.readUnsignedShort();
    for (int i = 0; i < interfaces; i++) {
      in.readUnsignedShort();
    }
    int fields = in.readUnsignedShort();
    for (int i = 0; i < fields; i++) {
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      skipAttributes(in);
    }
    Map<String, Set<String>> out = new LinkedHashMap<>();
    int methods = in.readUnsignedShort();
    for (int i = 0; i < methods; i++) {
      in.readUnsignedShort();
      String key = utf8[in.readUnsignedShort()] + "" + utf8[in.readUnsignedShort()];
      Set<String> calls = new LinkedHashSet<>();
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = (String) utf8[in.readUnsignedShort()];
        byte[] body = in.readNBytes(in.readInt());
        if (attribute.equals("Code")) {
          DataInputStream code = new DataInputStream(new java.io.ByteArrayInputStream(body));
          code.readUnsignedShort(); // max_stack
          code.readUnsignedShort(); // max_locals
          byte[] bytecode = code.readNBytes(code.readInt());
          scan(bytecode, utf8, refs, calls);
        }
      }
      out.merge(
          key,
          calls,
          (x, y) -> {
            x.addAll(y);
            return x;
          });
    }
    return out;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipNBytes(in.readInt());
    }
  }

  /** Walks the instructions and records each invoke's target. */
  private static void scan(byte[] code, Object[] utf8, int[][] refs, Set<String> calls) {
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xff;
      if (op >= 0xb6 && op <= 0xb9) { // invokevirtual, special, static, interface
        int index = ((code[pc + 1] & 0xff) << 8) | (code[pc + 2] & 0xff);
        int[] ref = refs[index];
        String owner = (String) utf8[refs[ref[1]][1]];
        int[] nameAndType = refs[ref[2]];
        calls.add(owner + "." + utf8[nameAndType[1]] + utf8[nameAndType[2]]);
      }
      pc += length(code, pc, op);
    }
  }

  private static int length(byte[] code, int pc, int op) {
    if (op == 0xaa) { // tableswitch
      int p = (pc + 4) & ~3;
      int low = readInt(code, p + 4);
      int high = readInt(code, p + 8);
      return p + 12 + 4 * (high - low + 1) - pc;
    }
    if (op == 0xab) { // lookupswitch
      int p = (pc + 4) & ~3;
      return p + 8 + 8 * readInt(code, p + 4) - pc;
    }
    if (op == 0xc4) { // wide
      return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
    }
    if (op == 0x10
        || op == 0x12
        || (op >= 0x15 && op <= 0x19)
        || (op >= 0x36 && op <= 0x3a)
        || op == 0xa9
        || op == 0xbc) {
      return 2;
    }
    if (op == 0x11
        || op == 0x13
        || op == 0x14
        || op == 0x84
        || (op >= 0x99 && op <= 0xa8)
        || (op >= 0xb2 && op <= 0xb8)
        || op == 0xbb
        || op == 0xbd
        || op == 0xc0
        || op == 0xc1
        || op == 0xc6
        || op == 0xc7) {
      return 3;
    }
    if (op == 0xc5) {
      return 4;
    }
    if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) {
      return 5;
    }
    return 1;
  }

  private static int readInt(byte[] b, int p) {
    return ((b[p] & 0xff) << 24)
        | ((b[p + 1] & 0xff) << 16)
        | ((b[p + 2] & 0xff) << 8)
        | (b[p + 3] & 0xff);
  }
}
