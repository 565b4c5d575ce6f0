package org.mtlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Copies the committed fixture runs (see src/test/resources/fixtures/README.md). */
final class Fixtures {
  private Fixtures() {}

  /** Copies {@code fixtures/<name>/} (jmh.json, machine.json) into {@code dir/<name>}. */
  static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    Files.createDirectories(target);
    for (String file : new String[] {"jmh.json", "machine.json"}) {
      try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + "/" + file)) {
        if (in == null) {
          throw new IOException("missing fixture " + name + "/" + file);
        }
        Files.copy(in, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  /** The one line of {@code lines} that contains every one of {@code parts}. */
  static String line(List<String> lines, String... parts) {
    List<String> found =
        lines.stream()
            .filter(l -> Arrays.stream(parts).allMatch(l::contains))
            .collect(Collectors.toList());
    assertThat(found).as("lines containing %s", Arrays.toString(parts)).hasSize(1);
    return found.get(0);
  }

  /** The cells of one Markdown table row. */
  static String[] cells(String row) {
    String[] c = row.split(" \\| ");
    c[0] = c[0].replaceFirst("^\\| ", "");
    c[c.length - 1] = c[c.length - 1].replaceFirst(" \\|$", "");
    return c;
  }
}
