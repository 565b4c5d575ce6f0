package org.mtlab;

/**
 * Which protocol or security check failed. Each constant has a stable name (used by the CLI and in
 * JSON) and a one-line description that never contains secret material.
 *
 * <p>Receiver-side rule: every failure that can happen before the msg_key comparison is reported as
 * {@link #MSG_KEY_MISMATCH}, so that nothing more than the protocol allows is revealed about which
 * step failed. Public framing checks (lengths and auth_key_id, which an observer can see anyway)
 * keep their own reasons.
 */
public enum CheckReason {
  // --- framing and TL ---
  /** The frame's public layout is wrong: too short, not whole blocks, or too large. */
  FRAME_MALFORMED("frame is malformed (length or block alignment)"),
  /** The frame names another auth key. */
  AUTH_KEY_ID_MISMATCH("auth_key_id does not match the key in use"),
  /** TL data is truncated, has a bad length prefix or an unknown constructor. */
  TL_MALFORMED("TL data is malformed"),

  // --- message receiver checks, in the order they run ---
  /** The recomputed msg_key differs from the received one (or anything failed before it). */
  MSG_KEY_MISMATCH("msg_key does not match the decrypted message"),
  /** message_data_length is negative, not a multiple of 4, or past the plaintext. */
  LENGTH_FIELD("message_data_length is invalid"),
  /** The padding is outside 12..1024 bytes. */
  PADDING_LENGTH("padding length is outside 12..1024 bytes"),
  /** session_id is not the active session. */
  SESSION_ID_MISMATCH("session_id is not the active session"),
  /** msg_id has the wrong low bits for the sender's direction. */
  MSG_ID_PARITY("msg_id has the wrong parity for the sender"),
  /** msg_id has zero low 32 bits or is otherwise not a valid id. */
  MSG_ID_MALFORMED("msg_id is malformed"),
  /** msg_id is more than the allowed time in the future. */
  MSG_ID_TOO_NEW("msg_id is too far in the future"),
  /** msg_id is more than the allowed time in the past. */
  MSG_ID_TOO_OLD("msg_id is too far in the past"),
  /** msg_id was seen before, or is lower than every remembered id. */
  MSG_ID_REPLAYED("msg_id was already received or is below the replay window"),
  /** Strict ordering: msg_id is not greater than the last accepted one. */
  MSG_ID_OUT_OF_ORDER("msg_id is not greater than the last accepted msg_id"),
  /** Server side: the salt is neither current nor within its grace period. */
  BAD_SERVER_SALT("server salt is unknown or expired"),
  /** A container or service message breaks the protocol's limits. */
  CONTAINER_INVALID("message container is invalid"),

  // --- handshake ---
  /** A nonce or server_nonce differs from the one of this run. */
  NONCE_MISMATCH("nonce or server_nonce does not match this handshake"),
  /** None of the server's key fingerprints is a key we trust. */
  UNKNOWN_RSA_KEY("no known RSA key fingerprint"),
  /** pq is not a product of two distinct odd primes below 2^32. */
  PQ_INVALID("pq is not a valid product of two primes"),
  /** Server side: p, q do not match pq, or are not canonically encoded. */
  PQ_MISMATCH("p and q do not match pq"),
  /** Server side: the RSA_PAD ciphertext did not decode and verify. */
  RSA_PAD_INVALID("encrypted_data is invalid"),
  /** encrypted_answer (or encrypted_data) is not whole blocks or too short. */
  ANSWER_MALFORMED("encrypted answer is malformed"),
  /** The SHA-1 of answer_with_hash (or data_with_hash) does not match. */
  ANSWER_HASH_MISMATCH("hash of the decrypted answer does not match"),
  /** dh_prime is not a safe 2048-bit prime. */
  DH_PRIME_INVALID("dh_prime is not a safe 2048-bit prime"),
  /** g is not in 2..7 or not a quadratic residue modulo dh_prime. */
  DH_G_INVALID("g is not a valid generator for dh_prime"),
  /** g_a is outside the allowed range. */
  DH_G_A_OUT_OF_RANGE("g_a is out of range"),
  /** g_b is outside the allowed range. */
  DH_G_B_OUT_OF_RANGE("g_b is out of range"),
  /** new_nonce_hash1/2/3 does not match. */
  NEW_NONCE_HASH_MISMATCH("new_nonce_hash does not match"),
  /** The server answered dh_gen_fail or server_DH_params_fail. */
  DH_GEN_FAILED("the server reported that key generation failed"),
  /** dh_gen_retry was answered more often than allowed. */
  TOO_MANY_RETRIES("too many dh_gen_retry answers"),
  /** A message arrived that the protocol does not allow at this point. */
  UNEXPECTED_MESSAGE("message not expected at this point of the protocol"),
  /** The server refused the request's DC id or key type. */
  DC_MISMATCH("dc id does not match this server"),
  /** The new key's id collides with a key the server already holds. */
  AUTH_KEY_ID_COLLISION("auth_key_id collides with an existing key"),
  /** A temporary-key binding message failed one of its checks. */
  BIND_INVALID("auth.bindTempAuthKey message is invalid"),

  // --- transport: TCP framings, obfuscated2 and detection (org.mtlab.transport) ---
  /**
   * A framing's length field is impossible: not a multiple of 4 where the framing needs one, below
   * the full transport's 12-byte minimum, or zero with a quick ack requested.
   */
  TRANSPORT_LENGTH_INVALID("transport frame length is invalid for its framing"),
  /** A frame announces more bytes than the configured maximum (rejected before allocating). */
  TRANSPORT_FRAME_TOO_LONG("transport frame is longer than the configured maximum"),
  /** A full-transport frame's CRC32 does not match its bytes. */
  TRANSPORT_CRC_MISMATCH("full transport frame has a wrong CRC32"),
  /** A full-transport frame carries another seq_no than the next one expected. */
  TRANSPORT_SEQ_MISMATCH("full transport frame has an unexpected seq_no"),
  /** A connection starts like HTTP or TLS, which this library does not serve. */
  TRANSPORT_UNSUPPORTED("the connection does not start with a supported transport"),
  /** An obfuscated2 init starts with bytes a client must never send (a forbidden first word). */
  OBFUSCATED2_INIT_FORBIDDEN("obfuscated2 init starts with forbidden bytes"),
  /** An obfuscated2 init decrypts to no known protocol tag. */
  OBFUSCATED2_TAG_UNKNOWN("obfuscated2 init carries an unknown protocol tag"),
  // --- secret chats (org.mtlab.e2e) ---
  /** The message's key_fingerprint does not name the chat's current key. */
  E2E_FINGERPRINT_MISMATCH("key_fingerprint does not name this chat's key"),
  /** Key exchange or re-keying: the peer's key_fingerprint differs from the key computed here. */
  E2E_KEY_CONFIRMATION_FAILED("the peer's key_fingerprint differs from the key computed here"),
  /** The decrypted message announces a layer this library does not speak. */
  E2E_LAYER_UNSUPPORTED("the message's layer is not supported"),
  /** in_seq_no or out_seq_no has the wrong parity for the sender, or is negative. */
  E2E_SEQ_NO_PARITY("seq_no has the wrong parity for the sender"),
  /** in_seq_no decreased, or acknowledges more messages than were sent. */
  E2E_IN_SEQ_NO_INVALID("in_seq_no decreased or acknowledges messages never sent"),
  /** Too many messages are missing before this one to queue it. */
  E2E_GAP_TOO_LARGE("too many messages are missing before this one"),
  /** A re-keying message does not fit the exchange in progress. */
  E2E_REKEY_INVALID("re-keying message does not fit the exchange in progress"),
  // --- keystore: the split-jurisdiction world (docs/security.md K1-K16) ---
  /** Fewer shares (jurisdictions) than the threshold; refused before any interpolation. */
  INSUFFICIENT_SHARES("fewer shares than the threshold"),
  /** Two shares with one index, or two from one jurisdiction. */
  DUPLICATE_SHARE("duplicate share"),
  /** A share index of 0 or above 255, or one the split never assigned. */
  INVALID_SHARE_INDEX("share index is invalid"),
  /** A share does not match the commitment recorded for its custodian, epoch and world. */
  SHARE_INTEGRITY("share does not match its commitment"),
  /** A share is truncated, of the wrong length, or does not decode. */
  SHARE_MALFORMED("share is malformed"),
  /** Shares from different key epochs, or from an epoch that is not the current one. */
  SHARE_EPOCH_MISMATCH("share is from another key epoch"),
  /** The combined key fails its key-check value. */
  RECONSTRUCTION_FAILED("reconstructed key fails its key-check value"),
  /** A legal order was refused (wrong jurisdiction, replayed, expired, or not valid). */
  ORDER_REJECTED("legal order rejected"),
  /** An audit trail's hash chain or its anchors do not verify. */
  AUDIT_CHAIN_BROKEN("audit trail is broken"),
  /** An audit entry could not be written, so the action it records was refused. */
  AUDIT_APPEND_FAILED("audit entry could not be written"),
  /** A data centre's store is missing, corrupted, or of another schema version. */
  STORE_CORRUPTED("data centre store is missing or corrupted"),
  /** A row stored at rest does not authenticate under its key and binding. */
  AT_REST_INTEGRITY("stored data does not authenticate"),
  // --- handshake hardening (issue 13) ---
  /**
   * server_time, or the expiry it gives a temporary key, does not fit the protocol's unsigned
   * 32-bit seconds (after 2106-02-07).
   */
  SERVER_TIME_INVALID("server_time or the key's expiry is outside unsigned 32-bit seconds");

  private final String description;

  CheckReason(String description) {
    this.description = description;
  }

  /** A one-line, human-readable description, free of secrets. */
  public String description() {
    return description;
  }
}
