/**
 * Secret chats: the end-to-end layer between two clients (docs/protocol.md §8).
 *
 * <ul>
 *   <li>Key exchange: {@link org.mtlab.e2e.DhConfig} (the server's p and g, checked as in the
 *       handshake), {@link org.mtlab.e2e.ExchangeInitiator} (device A) and {@link
 *       org.mtlab.e2e.ExchangeResponder} (device B), giving both a {@link org.mtlab.e2e.ChatKey}.
 *   <li>Messages: {@link org.mtlab.e2e.SecretChat}, one device's side of one chat: {@code
 *       seal(text)} to wire bytes, {@code open(wire)} to a {@link org.mtlab.e2e.ChatOutcome}, with
 *       every receiver check, sequence numbers, resend requests and re-keying; its state can be
 *       saved and restored ({@code toState} / {@code fromState}).
 *   <li>The TL objects inside a message: {@link org.mtlab.e2e.DecryptedMessageLayer}, {@link
 *       org.mtlab.e2e.ChatMessage}, {@link org.mtlab.e2e.ChatAction}.
 *   <li>What the users compare: {@link org.mtlab.e2e.KeyVisualization}; the debugging id {@link
 *       org.mtlab.e2e.KeyFingerprint}.
 * </ul>
 *
 * <p>No I/O: the caller carries the wire bytes between the devices (through a server, a file, or a
 * test). Randomness and time are injected.
 */
package org.mtlab.e2e;
