package org.mtlab.message;

import java.security.SecureRandom;

/**
 * How many padding bytes the sealer adds after an inner message. MTProto 2.0 requires 12 &lt;= P
 * &lt;= 1024 and {@code (32 + L + P) mod 16 == 0} (docs/protocol.md §2.2) and leaves the choice
 * free; implementations differ (docs/protocol.md §11, finding 8). Three policies are provided:
 *
 * <ul>
 *   <li>{@link #minimal()}: the smallest legal padding, 12..24 bytes. Deterministic length; the
 *       message size is visible to the byte (modulo 16).
 *   <li>{@link #randomBlocks()}: the minimal padding plus 0..15 random whole blocks, as gotd does
 *       (Telegram Android adds 2..15). The length varies per message, but averaging many messages
 *       of one kind reveals their size.
 *   <li>{@link #sizeBuckets()} (the <b>default</b>): TDLib's approach: round the encrypted part up
 *       to the next size bucket of 64, 128, 192, 256, 384, 512, 768, 1024 or 1280 bytes, then to
 *       steps of 448 bytes. An observer learns only the bucket, however many messages are seen, so
 *       small service messages (acks, pings) all look alike; the overhead is bounded (at most one
 *       bucket step); and the length needs no randomness, so padding draws only content bytes from
 *       the injected {@link SecureRandom}.
 * </ul>
 *
 * <p>The padding bytes themselves are always random. Implementations must be stateless and
 * thread-safe; the sealer checks every length a policy returns and throws {@link
 * IllegalStateException} for an illegal one.
 */
@FunctionalInterface
public interface PaddingPolicy {
  /**
   * The padding length P for an inner message of {@code unpaddedLength = 32 + L} bytes ({@code L} a
   * multiple of 4).
   *
   * @param random the sealer's injected source, for policies that vary the length
   * @return P with {@code 12 <= P <= 1024} and {@code (unpaddedLength + P) % 16 == 0}
   */
  int paddingLength(int unpaddedLength, SecureRandom random);

  /** The smallest legal padding: 12..24 bytes. */
  static PaddingPolicy minimal() {
    return Policies.MINIMAL;
  }

  /** The minimal padding plus 0..15 random 16-byte blocks (gotd). */
  static PaddingPolicy randomBlocks() {
    return Policies.RANDOM_BLOCKS;
  }

  /** TDLib-style size buckets; the default. */
  static PaddingPolicy sizeBuckets() {
    return Policies.SIZE_BUCKETS;
  }

  /** The default policy: {@link #sizeBuckets()}. */
  static PaddingPolicy standard() {
    return sizeBuckets();
  }

  /** The smallest legal P for {@code unpaddedLength}: 12 plus what reaches a block boundary. */
  static int minimalPadding(int unpaddedLength) {
    return MessageSealer.MIN_PADDING
        + Math.floorMod(-(unpaddedLength + MessageSealer.MIN_PADDING), 16);
  }
}

/** The built-in policies. Stateless. */
enum Policies implements PaddingPolicy {
  MINIMAL {
    @Override
    public int paddingLength(int unpaddedLength, SecureRandom random) {
      return PaddingPolicy.minimalPadding(unpaddedLength);
    }
  },
  RANDOM_BLOCKS {
    @Override
    public int paddingLength(int unpaddedLength, SecureRandom random) {
      return PaddingPolicy.minimalPadding(unpaddedLength) + 16 * random.nextInt(16);
    }
  },
  SIZE_BUCKETS {
    @Override
    public int paddingLength(int unpaddedLength, SecureRandom random) {
      long needed = (long) unpaddedLength + MessageSealer.MIN_PADDING;
      for (int bucket : BUCKETS) {
        if (needed <= bucket) {
          return bucket - unpaddedLength;
        }
      }
      long last = BUCKETS[BUCKETS.length - 1];
      long steps = (needed - last + STEP - 1) / STEP;
      return (int) (last + steps * STEP - unpaddedLength);
    }
  };

  private static final int[] BUCKETS = {64, 128, 192, 256, 384, 512, 768, 1024, 1280};
  private static final int STEP = 448;
}
