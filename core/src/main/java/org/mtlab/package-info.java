/**
 * MTLab: a reference implementation of MTProto 2.0 client-server encryption.
 *
 * <p>This package holds the failure vocabulary: {@link org.mtlab.CheckFailedException}, the one
 * checked exception for input that is well formed but rejected by a protocol or security check, and
 * {@link org.mtlab.CheckReason}, which names the check. Caller mistakes throw {@link
 * java.lang.IllegalArgumentException}, {@link java.lang.NullPointerException} or {@link
 * java.lang.IndexOutOfBoundsException} at once.
 *
 * <p>Reading order of the packages follows the data: {@code bytes} (byte strings), {@code crypto}
 * (AES-256-IGE and CTR), {@code key} (the auth key), {@code kdf} (msg_key and the key derivations),
 * {@code tl} (serialization), {@code message} (encrypted messages), {@code handshake} (creating an
 * auth key).
 */
package org.mtlab;
