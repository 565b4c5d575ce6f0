package org.mtlab.cli.tour;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.InMemoryHandshake;

/**
 * What a {@link Chapter} gets while it plays: its seeded random stream and a way to show steps. One
 * per chapter run; confined to one thread.
 */
public final class TourContext {
  private final long seed;
  private final int chapter;
  private final SecureRandom random;
  private final Narrator narrator;
  private final WorldFolder folder;
  private int step;

  TourContext(long seed, int chapter, SecureRandom random, Narrator narrator, WorldFolder folder) {
    this.seed = seed;
    this.chapter = chapter;
    this.random = Objects.requireNonNull(random, "random");
    this.narrator = Objects.requireNonNull(narrator, "narrator");
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  /**
   * A new, empty folder for this chapter's world ({@code chapter-K} inside the tour's world
   * folder): temporary and removed when the tour ends, or kept with {@code --keep DIR}.
   *
   * @throws IOException if it cannot be made, or already holds files
   */
  public Path worldFolder() throws IOException {
    return folder.chapter(chapter);
  }

  /**
   * {@code path} (inside the tour's world folder) as the tour prints it: under the {@code --keep}
   * folder as given, or under {@code $WORLD} for the temporary folder, whose name changes from run
   * to run and so is never printed.
   */
  public String shown(Path path) {
    return folder.shown(path);
  }

  /** True when the world folder is kept ({@code --keep DIR}) for inspection after the tour. */
  public boolean keepsWorld() {
    return folder.kept();
  }

  /** The tour's {@code --seed}. */
  public long seed() {
    return seed;
  }

  /** This chapter's number (1-based). */
  public int chapter() {
    return chapter;
  }

  /**
   * This chapter's deterministic random stream: it depends only on the seed and the chapter number.
   * Pass it wherever the library takes a {@code SecureRandom}.
   */
  public SecureRandom random() {
    return random;
  }

  /**
   * The auth key of chapter 2 for this tour's seed, for chapters that need a real key: both sides'
   * results of the same seeded handshake, run again (deterministic, so the key is the same whether
   * chapter 2 was played or not). The caller destroys the run when done.
   *
   * @throws CheckFailedException never for this honest pair
   */
  public InMemoryHandshake.Run handshake() throws CheckFailedException {
    return HandshakeChapter.handshake(seed);
  }

  /**
   * Shows one step: a title, a sentence or two explaining what was just made, and the values. With
   * {@code --pause} the tour waits for Enter before each step but the first.
   */
  public void step(String title, String text, Values values) {
    step++;
    narrator.step(chapter, step, title, text, values);
  }
}
