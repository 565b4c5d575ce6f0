/**
 * MTProto 2.0 encrypted messages (docs/protocol.md §2-4): the inner message and the encrypted frame
 * as values, sealing ({@link org.mtlab.message.MessageSealer}) and opening with every receiver
 * check in docs/security.md's order ({@link org.mtlab.message.MessageOpener}), the replay window,
 * seq_no, server salts, and a {@link org.mtlab.message.Session} that ties them together for one
 * side of one connection.
 *
 * <p>Reading order: {@link org.mtlab.message.InnerMessage} and {@link
 * org.mtlab.message.EncryptedFrame} (the layouts), {@link org.mtlab.message.MessageSealer}
 * (sending), {@link org.mtlab.message.MessageOpener} (receiving), {@link
 * org.mtlab.message.ReplayWindow}, {@link org.mtlab.wire.MessageIdClock}, {@link
 * org.mtlab.message.Session}.
 */
package org.mtlab.message;
