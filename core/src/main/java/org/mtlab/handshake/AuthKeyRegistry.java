package org.mtlab.handshake;

import org.mtlab.key.AuthKeyId;

/**
 * The server's view of the keys it already holds, so that a new key whose auth_key_id collides with
 * one of them is refused (dh_gen_retry, then dh_gen_fail). The server only asks; storing the new
 * key is the caller's business.
 *
 * <p>Implementations state their own thread safety.
 */
@FunctionalInterface
public interface AuthKeyRegistry {
  /** True when a key with this id already exists. */
  boolean contains(AuthKeyId id);

  /** A registry that holds no keys. */
  static AuthKeyRegistry empty() {
    return id -> false;
  }
}
