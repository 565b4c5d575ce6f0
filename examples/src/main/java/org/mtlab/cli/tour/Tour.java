package org.mtlab.cli.tour;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mtlab.cli.SeededRandom;

/**
 * The tour's table of contents and its player. To add a chapter, implement {@link Chapter} and
 * append it to {@link #chapters()}; its number is its position.
 *
 * <p>Stateless and thread-safe.
 */
public final class Tour {
  private Tour() {}

  /** The chapters in order: chapter K is element K - 1. */
  public static List<Chapter> chapters() {
    return List.of(
        new PrimitivesChapter(),
        new HandshakeChapter(),
        new MessagesChapter(),
        new AtRestChapter(),
        new LegalOrdersChapter(),
        new SecretChatChapter(),
        new WhatItShowsChapter());
  }

  /**
   * Plays chapter {@code only} (1-based), or every chapter when {@code only} is 0.
   *
   * @throws IllegalArgumentException if {@code only} is out of range
   */
  public static void play(List<Chapter> chapters, int only, long seed, Narrator narrator)
      throws Exception {
    play(chapters, only, seed, narrator, null);
  }

  /**
   * As {@link #play(List, int, long, Narrator)}; the worlds of the chapters that build one live in
   * {@code keep} and stay there, or in a temporary folder removed at the end when {@code keep} is
   * null.
   *
   * @throws IllegalArgumentException if {@code only} is out of range
   * @throws IOException if the folder cannot be made
   */
  public static void play(List<Chapter> chapters, int only, long seed, Narrator narrator, Path keep)
      throws Exception {
    if (only < 0 || only > chapters.size()) {
      throw new IllegalArgumentException("chapter must be 1.." + chapters.size() + ", got " + only);
    }
    try (WorldFolder folder = WorldFolder.of(keep)) {
      narrator.start(seed, chapters.size(), only == 0);
      for (int i = 1; i <= chapters.size(); i++) {
        if (only != 0 && only != i) {
          continue;
        }
        Chapter chapter = chapters.get(i - 1);
        narrator.chapter(i, chapter);
        chapter.play(
            new TourContext(
                seed, i, SeededRandom.of(seed, "mtlab tour chapter " + i), narrator, folder));
      }
      narrator.finish(only == 0 || only == chapters.size());
    }
  }
}
