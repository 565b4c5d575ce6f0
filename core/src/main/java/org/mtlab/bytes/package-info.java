/**
 * Byte strings and encodings: the immutable public {@link org.mtlab.bytes.Bytes}, strict {@link
 * org.mtlab.bytes.Hex}, {@link org.mtlab.bytes.LittleEndian} reads and writes, and {@link
 * org.mtlab.bytes.ConstantTime} comparison.
 */
package org.mtlab.bytes;
