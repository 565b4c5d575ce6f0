package org.mtlab.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
}
