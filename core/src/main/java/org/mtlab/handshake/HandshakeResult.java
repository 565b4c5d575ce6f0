package org.mtlab.handshake;

import java.util.Objects;
import java.util.OptionalLong;
import javax.security.auth.Destroyable;
import org.mtlab.key.AuthKey;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.Sender;
import org.mtlab.wire.ServerSalt;

/**
 * What a finished handshake leaves one side with: the new auth key, the first server salt, and (on
 * the client) the clock offset to the server.
 *
 * <pre>
 *   server_salt  = new_nonce[0:8] xor server_nonce[0:8], as a little-endian long
 *   clock offset = server_time - local time (seconds), for the client's later msg_ids
 *   expires_at   = server_time + expires_in (temporary keys; the server's clock), both read as
 *                  unsigned 32-bit seconds, so the sum is at most 2^32 - 1 (2106-02-07)
 * </pre>
 *
 * <p>Holds the {@link AuthKey}, so it is no record: {@link #toString()} shows only the key's public
 * id (not the salt), and {@link #destroy()} / {@link #close()} destroy the key. Thread-safe.
 */
public final class HandshakeResult implements Destroyable, AutoCloseable {
  private final Sender side;
  private final AuthKey authKey;
  private final ServerSalt serverSalt;
  private final KeyType keyType;
  private final int dc;
  private final OptionalLong expiresAt;
  private final long clockOffsetSeconds;
  private final int retries;

  HandshakeResult(
      Sender side,
      AuthKey authKey,
      ServerSalt serverSalt,
      KeyType keyType,
      int dc,
      OptionalLong expiresAt,
      long clockOffsetSeconds,
      int retries) {
    this.side = Objects.requireNonNull(side, "side");
    this.authKey = Objects.requireNonNull(authKey, "authKey");
    this.serverSalt = Objects.requireNonNull(serverSalt, "serverSalt");
    this.keyType = Objects.requireNonNull(keyType, "keyType");
    this.dc = dc;
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.clockOffsetSeconds = clockOffsetSeconds;
    this.retries = retries;
  }

  /** The side this result belongs to. */
  public Sender side() {
    return side;
  }

  /** The new auth key (shared by both sides). */
  public AuthKey authKey() {
    return authKey;
  }

  /** Its public id. */
  public AuthKeyId authKeyId() {
    return authKey.id();
  }

  /** The first server salt. */
  public ServerSalt serverSalt() {
    return serverSalt;
  }

  /** Permanent or temporary. */
  public KeyType keyType() {
    return keyType;
  }

  /** The DC id named in the inner data (0 for the legacy inner data, which names none). */
  public int dc() {
    return dc;
  }

  /**
   * For a temporary key: when it expires (unix seconds, server clock; 0 to 2^32 - 1, the protocol's
   * unsigned 32-bit range, so past 2038 too).
   */
  public OptionalLong expiresAt() {
    return expiresAt;
  }

  /** Client: server_time minus local time in seconds. Server: 0. */
  public long clockOffsetSeconds() {
    return clockOffsetSeconds;
  }

  /** How many dh_gen_retry rounds it took. */
  public int retries() {
    return retries;
  }

  @Override
  public void destroy() {
    authKey.destroy();
  }

  /** {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return authKey.isDestroyed();
  }

  /** Public values only. */
  @Override
  public String toString() {
    return "HandshakeResult[" + side + ", " + keyType + ", " + authKey + ", dc=" + dc + "]";
  }
}
