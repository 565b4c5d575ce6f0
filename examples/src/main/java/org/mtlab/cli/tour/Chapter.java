package org.mtlab.cli.tour;

/**
 * One chapter of {@code mtlab tour}: a short story that makes values and shows each one with a
 * sentence explaining it. Chapters are listed in {@link Tour#chapters()}; each gets its own seeded
 * random stream (see {@link TourContext#random()}), so it prints the same values whether it runs
 * alone ({@code --chapter K}) or after the others.
 *
 * <p>Implementations should be stateless: the tour may play a chapter more than once.
 */
public interface Chapter {
  /** A few words, shown as "Chapter K: title". */
  String title();

  /** One or two sentences saying what the chapter shows and why it matters. */
  String intro();

  /**
   * Plays the chapter: makes its values from {@code tour.random()} and shows each step with {@link
   * TourContext#step}.
   */
  void play(TourContext tour) throws Exception;
}
