/**
 * Auth-key creation: the Diffie-Hellman handshake between a client and a server (docs/protocol.md
 * sections 5 and 6).
 *
 * <ul>
 *   <li>{@link org.mtlab.handshake.ClientHandshake} and {@link
 *       org.mtlab.handshake.ServerHandshake}: I/O-free state machines (a message in, the message to
 *       send next or the result out), with randomness and time injected and an optional {@link
 *       org.mtlab.handshake.HandshakeTrace}; {@link org.mtlab.handshake.InMemoryHandshake} drives a
 *       pair of them.
 *   <li>The steps' building blocks: {@link org.mtlab.handshake.PqFactorizer} (the proof of work),
 *       {@link org.mtlab.handshake.RsaPad}, {@link org.mtlab.handshake.ServerRsaKey} and {@link
 *       org.mtlab.handshake.ServerRsaKeyPair}, {@link org.mtlab.handshake.DhChecks} with {@link
 *       org.mtlab.handshake.KnownPrimes}.
 *   <li>Temporary keys and their binding: {@link org.mtlab.handshake.TempKeyBinding}.
 *   <li>The trace: every step either side takes arrives as a {@link org.mtlab.handshake.TraceStep}
 *       with a string view (for printing) and a typed {@link org.mtlab.handshake.TraceEvent} (for
 *       programs: the tour reads only these). Secret values travel as {@link
 *       org.mtlab.handshake.TraceSecret}s, present only in a trace made with {@link
 *       org.mtlab.handshake.HandshakeTrace#withSecrets} and readable only with the {@code
 *       SecretAccess} token.
 * </ul>
 */
package org.mtlab.handshake;
