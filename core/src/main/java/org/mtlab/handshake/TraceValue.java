package org.mtlab.handshake;

import java.util.Objects;

/**
 * One named value of a {@link TraceStep}: hex for bytes and big numbers, decimal for integers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the spec's name of the value, for example {@code "server_nonce"}
 * @param value its text
 * @param secret true for key material (new_nonce, a, b, tmp_aes_key, auth_key...), present only in
 *     traces made with {@link HandshakeTrace#withSecrets}
 */
public record TraceValue(String name, String value, boolean secret) {
  /** Checks that name and value are present. */
  public TraceValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** {@code name = value}, or {@code name = [secret]} for secret values. */
  @Override
  public String toString() {
    return name + " = " + (secret ? "[secret]" : value);
  }
}
