package org.mtlab.keystore;

import java.io.IOException;
import java.util.Objects;

/**
 * A data centre's database could not be used: the driver failed, the server is unreachable, a write
 * was refused. The message names the data centre and its (password-free) location. The previous
 * state is whole: every write is one transaction.
 *
 * <p>Immutable.
 */
public class StoreException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Jurisdiction dataCentre;

  /** A failure of data centre {@code dataCentre}. */
  public StoreException(Jurisdiction dataCentre, String message, Throwable cause) {
    super(
        "data centre " + Objects.requireNonNull(dataCentre, "dataCentre") + ": " + message, cause);
    this.dataCentre = dataCentre;
  }

  /** The data centre that failed. */
  public Jurisdiction dataCentre() {
    return dataCentre;
  }
}
