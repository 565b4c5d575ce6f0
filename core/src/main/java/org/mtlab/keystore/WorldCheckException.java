package org.mtlab.keystore;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;

/**
 * A failed check of the world, carrying beside its {@link CheckReason} a detail that names what
 * failed: the data centre and its file or URL for {@link CheckReason#STORE_CORRUPTED}, the missing
 * custodians for {@link CheckReason#INSUFFICIENT_SHARES}, the first broken entry for {@link
 * CheckReason#AUDIT_CHAIN_BROKEN}. The detail never contains a secret.
 *
 * <p>Immutable.
 */
public final class WorldCheckException extends CheckFailedException {
  private static final long serialVersionUID = 1L;

  private final String detail;

  /** A failure for {@code reason} with a secret-free {@code detail}. */
  public WorldCheckException(CheckReason reason, String detail) {
    super(reason);
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** What failed, in words. */
  public String detail() {
    return detail;
  }

  @Override
  public String getMessage() {
    return super.getMessage() + ": " + detail;
  }
}
