package org.mtlab.net;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.mtlab.handshake.AuthKeyRegistry;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.wire.ServerSalt;

/**
 * The auth keys a server holds, by auth_key_id, each with the salt its handshake agreed
 * (docs/protocol.md §5.10). Keys live in memory for the server's lifetime and are destroyed with
 * it.
 *
 * <p>Thread-safe: shared by all of a server's connections.
 */
public final class ServerKeys implements AuthKeyRegistry {
  /** A stored key and its first salt. */
  record Entry(AuthKey key, ServerSalt salt) {}

  private final ConcurrentMap<AuthKeyId, Entry> keys = new ConcurrentHashMap<>();
  private final int max;

  ServerKeys(int max) {
    this.max = max;
  }

  @Override
  public boolean contains(AuthKeyId id) {
    return keys.containsKey(Objects.requireNonNull(id, "id"));
  }

  /** How many keys are held. */
  public int size() {
    return keys.size();
  }

  /** True when no more keys may be added. */
  boolean isFull() {
    return keys.size() >= max;
  }

  Optional<Entry> get(AuthKeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** Adds a key made by a handshake; false if its id is taken (the handshake checked that). */
  boolean add(AuthKey key, ServerSalt salt) {
    return keys.putIfAbsent(key.id(), new Entry(key, salt)) == null;
  }

  /** Destroys every key. */
  void destroyAll() {
    keys.values().forEach(e -> e.key().destroy());
    keys.clear();
  }

  @Override
  public String toString() {
    return "ServerKeys[" + keys.size() + " keys]";
  }
}
