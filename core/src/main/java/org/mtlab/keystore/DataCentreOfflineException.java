package org.mtlab.keystore;

/**
 * A data centre the operation needs is offline ({@link World#fail}). Nothing was changed.
 *
 * <p>Immutable.
 */
public final class DataCentreOfflineException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** Data centre {@code dataCentre} is offline; {@code what} says what needed it. */
  public DataCentreOfflineException(Jurisdiction dataCentre, String what) {
    super(dataCentre, "offline: " + what, null);
  }
}
