package org.mtlab.handshake;

/** Which kind of auth key a handshake creates (docs/protocol.md §6). Immutable. */
public enum KeyType {
  /** A permanent key: p_q_inner_data_dc. */
  PERMANENT,
  /** A temporary key that expires: p_q_inner_data_temp_dc with expires_in. */
  TEMPORARY
}
