package org.mtlab.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.wire.ServerSalt;

/**
 * The server side's salts for one session: the current salt, and the previous one while its grace
 * period lasts (docs/protocol.md §3.1, §4.3: the salt changes about every 30 minutes and the old
 * one stays accepted for 1800 more seconds). Time is passed in, never read here.
 *
 * <p>Not thread-safe: confine to the session's thread.
 */
public final class ServerSalts {
  private final Duration grace;
  private ServerSalt current;
  private Instant currentSince;
  private ServerSalt previous;
  private Instant previousValidUntil;

  /**
   * Starts with {@code initial} (for example the salt the handshake produced), current since {@code
   * since}.
   */
  public ServerSalts(ServerSalt initial, Instant since, Duration grace) {
    this.current = Objects.requireNonNull(initial, "initial");
    this.currentSince = Objects.requireNonNull(since, "since");
    this.grace = Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
  }

  /** The salt the server uses now and sends in bad_server_salt. */
  public ServerSalt current() {
    return current;
  }

  /** When the current salt was installed. */
  public Instant currentSince() {
    return currentSince;
  }

  /** The previous salt, while it is still remembered. */
  public Optional<ServerSalt> previous() {
    return Optional.ofNullable(previous);
  }

  /**
   * Installs {@code next} as the current salt at {@code now}; the old current salt stays accepted
   * until {@code now + grace} (inclusive).
   */
  public void rotate(ServerSalt next, Instant now) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(now, "now");
    previous = current;
    previousValidUntil = now.plus(grace);
    current = next;
    currentSince = now;
  }

  /** True when the current salt is at least {@code period} old at {@code now}. */
  public boolean isRotationDue(Instant now, Duration period) {
    return !now.isBefore(currentSince.plus(period));
  }

  /**
   * True when {@code salt} is the current salt, or the previous one and {@code now} is not after
   * the end of its grace period.
   */
  public boolean accepts(long salt, Instant now) {
    if (salt == current.value()) {
      return true;
    }
    return previous != null && salt == previous.value() && !now.isAfter(previousValidUntil);
  }

  @Override
  public String toString() {
    return "ServerSalts[current since " + currentSince + "]";
  }
}
