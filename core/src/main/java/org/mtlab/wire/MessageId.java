package org.mtlab.wire;

import java.time.Instant;
import java.util.Objects;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.key.Sender;

/**
 * A msg_id: a 64-bit value close to {@code unixtime * 2^32} (docs/protocol.md §4.1). The high 32
 * bits are the Unix time in seconds; the low 32 bits hold the fraction of the second and must not
 * be zero. The two lowest bits carry the direction:
 *
 * <ul>
 *   <li>from the client: {@code msg_id mod 4 == 0};
 *   <li>from the server: {@code msg_id mod 4 == 1} for a reply to a client message, {@code 3}
 *       otherwise.
 * </ul>
 *
 * <p>Ordering. TL carries msg_id as a signed long, but its time part is an unsigned 32-bit count of
 * seconds, so MTLab compares msg_ids as <b>unsigned</b> 64-bit numbers ({@link #compare}). Before
 * 2038 the two orders agree; after it only the unsigned one stays chronological.
 *
 * <p>Immutable.
 *
 * @param value the id as the signed long that TL carries
 */
public record MessageId(long value) implements Comparable<MessageId> {
  /** Wire length in bytes. */
  public static final int LENGTH = 8;

  /** The id from its 8 wire bytes {@code bytes[off, off + 8)} (little-endian). */
  public static MessageId fromWire(byte[] bytes, int off) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(off, LENGTH, bytes.length);
    return new MessageId(LittleEndian.getLong(bytes, off));
  }

  /** The Unix time in whole seconds: the high 32 bits, unsigned. */
  public long seconds() {
    return value >>> 32;
  }

  /** The low 32 bits (fraction of the second and direction bits), unsigned. */
  public long low32() {
    return value & 0xffff_ffffL;
  }

  /** The time the id encodes, to the precision of its fraction bits. */
  public Instant time() {
    long nanos = (low32() * 1_000_000_000L) >>> 32;
    return Instant.ofEpochSecond(seconds(), nanos);
  }

  /** True when the two low bits are right for a message from {@code sender}. */
  public boolean hasParityOf(Sender sender) {
    return Objects.requireNonNull(sender, "sender").isValidMsgIdParity(value);
  }

  /** True for a server msg_id that answers a client message ({@code msg_id mod 4 == 1}). */
  public boolean isServerReply() {
    return (value & 3) == 1;
  }

  /** Compares two msg_ids as unsigned 64-bit numbers (chronological order). */
  public static int compare(long a, long b) {
    return Long.compareUnsigned(a, b);
  }

  @Override
  public int compareTo(MessageId other) {
    return compare(value, other.value);
  }

  /** The 8 wire bytes. */
  public byte[] toWire() {
    return LittleEndian.longBytes(value);
  }

  /** The 8 wire bytes as hex. */
  public String hex() {
    return Hex.encode(toWire());
  }

  @Override
  public String toString() {
    return "MessageId[" + Long.toUnsignedString(value) + "]";
  }
}
