package org.mtlab;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The one checked exception of MTLab: well-formed input that a protocol or security check rejected.
 * It carries the {@link CheckReason}; its message is the reason's fixed text, so two failures with
 * the same reason are indistinguishable (same type, reason and message, no cause, no
 * stack-dependent text).
 *
 * <p>Caller mistakes (a wrong length, a null argument) are not checks: they throw {@link
 * IllegalArgumentException} or {@link NullPointerException} at once.
 *
 * <p>Immutable.
 */
public class CheckFailedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final CheckReason reason;

  /** A failure for {@code reason}, with the reason's fixed message and no cause. */
  public CheckFailedException(CheckReason reason) {
    super(Objects.requireNonNull(reason, "reason").name() + ": " + reason.description());
    this.reason = reason;
  }

  /** Which check failed. */
  public CheckReason reason() {
    return reason;
  }

  /**
   * Stack traces of check failures are not filled: they cost time on the rejection path, and a
   * rejection is an expected outcome, not a bug.
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
