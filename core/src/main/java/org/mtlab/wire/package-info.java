/**
 * The protocol's small value types that both the handshake and encrypted messages carry: {@link
 * org.mtlab.wire.MessageId} (and the one msg_id generator, {@link org.mtlab.wire.MessageIdClock}),
 * {@link org.mtlab.wire.ServerSalt} and {@link org.mtlab.wire.SessionId}. They sit below {@code
 * tl}, {@code message} and {@code handshake} so that none of those falls back to a raw {@code
 * long}.
 *
 * <p>Every type here is immutable and thread-safe except {@code MessageIdClock}, which is confined
 * to one thread.
 */
package org.mtlab.wire;
