package org.mtlab.keystore;

/**
 * What a data centre does in the world.
 *
 * <p>Immutable.
 */
public enum DataCentreRole {
  /** Holds the chats' ciphertext, the wrapped data keys and wrapped device keys. */
  STORAGE,
  /** Holds one share of the master key. */
  CUSTODIAN
}
