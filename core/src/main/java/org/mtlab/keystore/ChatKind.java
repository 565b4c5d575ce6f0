package org.mtlab.keystore;

/**
 * What kind of chat: whether the operator can read it.
 *
 * <p>Immutable.
 */
public enum ChatKind {
  /**
   * A cloud chat: the server sees the plaintext, stores it encrypted at rest under a data key that
   * the master key wraps, so the operator (and t custodian orders plus the storage jurisdiction's)
   * can read it.
   */
  CLOUD,
  /**
   * A secret chat: the two devices encrypt end to end; the server stores their opaque wire bytes,
   * which no data-centre key opens. No set of orders discloses it.
   */
  SECRET;

  /** The kind's number inside the world's simulated send request: 0 cloud, 1 secret. */
  int code() {
    return switch (this) {
      case CLOUD -> 0;
      case SECRET -> 1;
    };
  }
}
