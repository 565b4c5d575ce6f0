package org.mtlab.cli.tour;

import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.handshake.InMemoryHandshake;

/**
 * What a {@link Chapter} gets while it plays: its seeded random stream and a way to show
 * steps. One per chapter run; confined to one thread.
 */
public final class TourContext {
  private final long seed;
  private final int chapter;
  private final SecureRandom random;
  private final Narrator narrator;
  private int step;

  TourContext(long seed, int chapter, SecureRandom random, Narrator narrator) {
    this.seed = seed;
    this.chapter = chapter;
    this.random = Objects.requireNonNull(random, "random");
    this.narrator = Objects.requireNonNull(narrator, "narrator");
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
   * This chapter's deterministic random stream: it depends only on the seed and the chapter
   * number. Pass it wherever the library takes a {@code SecureRandom}.
   */
  public SecureRandom random() {
    return random;
  }

  /**
   * The auth key of chapter 2 for this tour's seed, for chapters that need a real key: both
   * sides' results of the same seeded handshake, run again (deterministic, so the key is the
   * same whether chapter 2 was played or not). The caller destroys the run when done.
   *
   * @throws CheckFailedException never for this honest pair
   */
  public InMemoryHandshake.Run handshake() throws CheckFailedException {
    return HandshakeChapter.handshake(seed);
  }

  /**
   * Shows one step: a title, a sentence or two explaining what was just made, and the values.
   * With {@code --pause} the tour waits for Enter before each step but the first.
   */
  public void step(String title, String text, Values values) {
    step++;
    narrator.step(chapter, step, title, text, values);
  }
}
