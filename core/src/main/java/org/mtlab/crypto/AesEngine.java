package org.mtlab.crypto;

/**
 * Which AES implementation sits under an {@link IgeCipher}.
 *
 * <ul>
 *   <li>{@link #JCE} (the default): the JDK's AES, which HotSpot runs on the AES-NI (or ARMv8 AES)
 *       instructions. Encryption runs IGE as one CBC pass over pre-XORed blocks.
 *   <li>{@link #BOUNCY_CASTLE}: Bouncy Castle's table-free {@code AESEngine}, block by block,
 *       exactly as the older Java MTProto clients do. A baseline for benchmarks and an independent
 *       implementation for cross-tests.
 * </ul>
 */
public enum AesEngine {
  /** The JDK's AES (hardware accelerated where available). */
  JCE,
  /** Bouncy Castle's lightweight {@code AESEngine}, one block at a time. */
  BOUNCY_CASTLE
}
