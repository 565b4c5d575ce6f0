package org.mtlab.crypto;

/** Which way a cipher runs. */
public enum CipherDirection {
  /** Plaintext in, ciphertext out. */
  ENCRYPT,
  /** Ciphertext in, plaintext out. */
  DECRYPT
}
