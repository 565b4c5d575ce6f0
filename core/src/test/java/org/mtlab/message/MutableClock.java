package org.mtlab.message;

import java.time.Instant;
import java.time.InstantSource;

/** A test clock that moves only when told to. */
final class MutableClock implements InstantSource {
  private Instant now;

  MutableClock(long epochSeconds) {
    this.now = Instant.ofEpochSecond(epochSeconds);
  }

  @Override
  public Instant instant() {
    return now;
  }

  void set(long epochSeconds) {
    now = Instant.ofEpochSecond(epochSeconds);
  }

  void advance(long seconds) {
    now = now.plusSeconds(seconds);
  }
}
