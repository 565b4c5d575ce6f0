package org.mtlab.handshake;

import java.util.Objects;
import org.mtlab.bytes.SecretAccess;

/**
 * A secret value in a {@link TraceEvent} (new_nonce, a, b, tmp_aes_key, auth_key, server_salt,
 * retry_id...): present only in traces made with {@link HandshakeTrace#withSecrets}, never shown by
 * {@link #toString()}, and handed out only through the {@link SecretAccess} token.
 *
 * <p>The value is an immutable copy ({@code Bytes}, {@code BigInteger}, {@code Long}, {@code
 * ServerSalt}) made for the trace; it is not the handshake's own key material, which the handshake
 * wipes, and it cannot be wiped itself: keep a trace with secrets for teaching and tests only.
 * Equality is identity. Immutable and thread-safe.
 *
 * @param <T> the value's type
 */
public final class TraceSecret<T> {
  private final T value;

  TraceSecret(T value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The value; the token makes each use visible in review. */
  public T reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return value;
  }

  /** {@code [secret]}, never the value. */
  @Override
  public String toString() {
    return "[secret]";
  }
}
