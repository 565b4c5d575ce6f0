package org.mtlab.cli.tour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the tour's worlds live: one {@code chapter-K} folder per chapter that builds a world,
 * inside a temporary folder that {@link #close()} removes, or inside the {@code --keep} folder,
 * which stays. Paths are printed relative to it ({@link #shown}), so the output does not depend on
 * the temporary folder's random name.
 *
 * <p>Confined to one thread.
 */
final class WorldFolder implements AutoCloseable {
  /** How the temporary folder is named in the output. */
  static final String TEMPORARY = "$WORLD";

  private final Path root;
  private final String shownRoot;
  private final boolean kept;

  private WorldFolder(Path root, String shownRoot, boolean kept) {
    this.root = root;
    this.shownRoot = shownRoot;
    this.kept = kept;
  }

  /** The folder {@code keep} (made if missing), or a new temporary one when it is null. */
  static WorldFolder of(Path keep) throws IOException {
    if (keep == null) {
      return new WorldFolder(Files.createTempDirectory("mtlab-tour-"), TEMPORARY, false);
    }
    Files.createDirectories(keep);
    return new WorldFolder(keep, keep.toString(), true);
  }

  boolean kept() {
    return kept;
  }

  /** A new, empty {@code chapter-K} folder. */
  Path chapter(int k) throws IOException {
    Path dir = root.resolve("chapter-" + k);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.findAny().isPresent()) {
          throw new IOException(
              dir + " is not empty: a world is there already; choose an" + " empty --keep folder");
        }
      }
    }
    return Files.createDirectories(dir);
  }

  String shown(Path path) {
    Path relative = root.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize());
    return shownRoot + "/" + relative.toString().replace('\\', '/');
  }

  /** Removes the temporary folder and everything in it; a kept folder stays. */
  @Override
  public void close() throws IOException {
    if (kept) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
