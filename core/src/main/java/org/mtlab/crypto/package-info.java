/**
 * Block-cipher modes: AES-256-IGE, the mode MTProto encrypts messages with, as a fast path ({@link
 * org.mtlab.crypto.IgeCipher}) and a textbook reference path ({@link
 * org.mtlab.crypto.IgeReference}) that tests hold to the same answers; and AES-256-CTR ({@link
 * org.mtlab.crypto.AesCtr}) for the obfuscated transports. Keys and IVs are the dedicated types
 * {@link org.mtlab.crypto.Aes256Key} and {@link org.mtlab.crypto.IgeIv}.
 */
package org.mtlab.crypto;
