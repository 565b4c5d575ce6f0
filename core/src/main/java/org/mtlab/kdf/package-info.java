/**
 * Turning keys and hashes into keys: MTProto 2.0 {@link org.mtlab.kdf.MsgKey} and {@link
 * org.mtlab.kdf.MessageKdf} (fast and reference paths), the legacy 1.0 {@link
 * org.mtlab.kdf.LegacyMessageKdf}, and the handshake's {@link org.mtlab.kdf.HandshakeKdf} and
 * {@link org.mtlab.kdf.NewNonceHash}.
 */
package org.mtlab.kdf;
