package org.mtlab.net;

import java.util.concurrent.ScheduledFuture;

/**
 * What a connection's handlers share: whether it has proved a key yet (a finished handshake or a
 * message opened under a stored key), which ends the handshake deadline.
 *
 * <p>Confined to the connection's event-loop thread.
 */
final class ConnectionState {
  private boolean keyed;
  private ScheduledFuture<?> deadline;

  boolean isKeyed() {
    return keyed;
  }

  /** The connection has a key: the handshake deadline no longer applies. */
  void markKeyed() {
    keyed = true;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  void setDeadline(ScheduledFuture<?> deadline) {
    this.deadline = deadline;
  }

  void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
