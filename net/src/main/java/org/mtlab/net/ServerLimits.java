package org.mtlab.net;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link MtprotoServer} lets its clients hold (docs/security.md, the denial-of-service
 * checks): how many handshakes may run at once before any key exists, how large a frame may be (the
 * most a connection makes the server buffer), how many sessions one connection may open, how long a
 * connection may stay silent, and how long it may take from its first byte to a key (a finished
 * handshake or a message that opens under a known key).
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxConcurrentHandshakes handshakes in progress across all connections; a connection that
 *     would start one more gets transport error -429 and is closed
 * @param maxFrameLength the largest frame payload a connection may send, in bytes
 * @param maxSessionsPerConnection sessions one connection may open
 * @param maxAuthKeys keys the server keeps; past it, a new handshake gets -429
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param handshakeTimeout a connection without a key this long after it opened is closed
 */
public record ServerLimits(
    int maxConcurrentHandshakes,
    int maxFrameLength,
    int maxSessionsPerConnection,
    int maxAuthKeys,
    Duration idleTimeout,
    Duration handshakeTimeout) {

  /** Checks every bound is positive. */
  public ServerLimits {
    positive(maxConcurrentHandshakes, "maxConcurrentHandshakes");
    if (maxFrameLength < 64 || maxFrameLength > (256 << 20)) {
      throw new IllegalArgumentException(
          "maxFrameLength must be in [64, 256 MiB], got " + maxFrameLength);
    }
    positive(maxSessionsPerConnection, "maxSessionsPerConnection");
    positive(maxAuthKeys, "maxAuthKeys");
    positive(idleTimeout, "idleTimeout");
    positive(handshakeTimeout, "handshakeTimeout");
  }

  /**
   * The defaults: 256 concurrent handshakes, frames up to 1 MiB, 16 sessions per connection, 100
   * 000 keys, 5 minutes idle, 30 seconds to a key.
   */
  public static ServerLimits defaults() {
    return new ServerLimits(
        256, 1 << 20, 16, 100_000, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  /** A copy with another handshake bound. */
  public ServerLimits withMaxConcurrentHandshakes(int n) {
    return new ServerLimits(
        n, maxFrameLength, maxSessionsPerConnection, maxAuthKeys, idleTimeout, handshakeTimeout);
  }

  /** A copy with another frame bound. */
  public ServerLimits withMaxFrameLength(int n) {
    return new ServerLimits(
        maxConcurrentHandshakes,
        n,
        maxSessionsPerConnection,
        maxAuthKeys,
        idleTimeout,
        handshakeTimeout);
  }

  /** A copy with other time-outs. */
  public ServerLimits withTimeouts(Duration idle, Duration handshake) {
    return new ServerLimits(
        maxConcurrentHandshakes,
        maxFrameLength,
        maxSessionsPerConnection,
        maxAuthKeys,
        idle,
        handshake);
  }

  private static void positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
