package org.mtlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected type, constructor, method and field in the library's sources has a
 * Javadoc comment (issue 16: a missing comment fails the build). The build's Javadoc run with
 * doclint catches broken references and bad HTML; this catches what doclint would report as "no
 * comment" without also demanding a {@code @param} for every parameter.
 *
 * <p>A declaration counts as documented when the nearest line above it that is not an annotation
 * ends a Javadoc comment ({@code *}{@code /}). Members of a type that is not itself public are
 * skipped, as are members that override a documented method ({@code @Override}).
 */
class JavadocPresenceTest {
  private static final Pattern DECLARATION =
      Pattern.compile("^\\s*(public|protected)\\s+(?!.*=\\s*new\\b)(.*)$");

  @Test
  void everyPublicDeclarationHasAComment() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Paths.get("src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        if (f.toString().contains("/internal/") || f.endsWith("module-info.java")) {
          continue;
        }
        missing.addAll(undocumented(f, Files.readAllLines(f, StandardCharsets.UTF_8)));
      }
    }
    assertThat(missing).as("public declarations without a Javadoc comment").isEmpty();
  }

  @Test
  void aDeclarationWithoutACommentIsFound() {
    List<String> lines =
        List.of("/** A type. */", "public final class A {", "  public void run() {}", "}");
    assertThat(undocumented(Paths.get("A.java"), lines)).containsExactly("A.java:3");
  }

  static List<String> undocumented(Path file, List<String> lines) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!DECLARATION.matcher(line).matches()) {
        continue;
      }
      int j = i - 1;
      boolean override = false;
      while (j >= 0 && lines.get(j).trim().startsWith("@")) {
        override |= lines.get(j).trim().startsWith("@Override");
        j--;
      }
      if (override) {
        continue;
      }
      boolean documented = j >= 0 && lines.get(j).trim().endsWith("*/");
      if (!documented) {
        out.add(file + ":" + (i + 1));
      }
    }
    return out;
  }
}
