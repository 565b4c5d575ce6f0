package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A14's structural half: the handshake's classes (and the TL records) take randomness only from an
 * injected SecureRandom and time only from an injected InstantSource. The class files are scanned
 * for constant-pool entries naming other sources (a CONSTANT_Utf8 entry is the tag 1, a two-byte
 * length and the text, so a whole entry is matched, not a substring of a method descriptor such as
 * BigInteger.probablePrime's {@code (ILjava/util/Random;)}); a positive control shows that the scan
 * can fail.
 */
class HandshakeArchitectureTest {
  private static final List<String> FORBIDDEN =
      List.of(
          "java/util/Random",
          "java/util/concurrent/ThreadLocalRandom",
          "java/util/SplittableRandom",
          "currentTimeMillis",
          "nanoTime",
          "java/time/Clock");

  private static List<Path> classFiles(Class<?> anchor) throws Exception {
    Path dir =
        Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(anchor.getPackageName().replace('.', '/'));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
  }

  @Test
  void noHiddenRandomnessOrClock() throws Exception {
    List<Path> files = classFiles(ClientHandshake.class);
    files.addAll(classFiles(org.mtlab.tl.HandshakeMessage.class));
    assertThat(files).hasSizeGreaterThan(20);
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String bad : FORBIDDEN) {
        assertThat(text)
            .as("%s references %s", f.getFileName(), bad)
            .doesNotContain(utf8Entry(bad));
      }
    }
  }

  private static String utf8Entry(String text) {
    return "\u0001" + (char) (text.length() >> 8) + (char) (text.length() & 0xff) + text;
  }

  @Test
  void positiveControl_theScanSeesTheseReferences() throws IOException {
    try (InputStream in = PqFactorizerTest.class.getResourceAsStream("PqFactorizerTest.class")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
          .contains(utf8Entry("java/util/SplittableRandom"));
    }
  }
}
