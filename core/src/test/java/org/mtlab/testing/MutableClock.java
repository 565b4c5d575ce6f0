package org.mtlab.testing;

import java.time.Instant;
import java.time.InstantSource;

/** A test clock that moves only when told to. */
/** A settable {@link InstantSource} for tests; one thread. */
public final class MutableClock implements InstantSource {
  private Instant now;

  public MutableClock(long epochSeconds) {
    this.now = Instant.ofEpochSecond(epochSeconds);
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void set(long epochSeconds) {
    now = Instant.ofEpochSecond(epochSeconds);
  }

  public void advance(long seconds) {
    now = now.plusSeconds(seconds);
  }
}
