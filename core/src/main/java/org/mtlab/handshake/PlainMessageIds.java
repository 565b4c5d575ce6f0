package org.mtlab.handshake;

import java.time.Instant;
import org.mtlab.key.Sender;

/**
 * msg_ids for the handshake's plain messages: the time in seconds in the high 32 bits, the
 * fraction of the second (times 2^32) in the low 32 bits, the two low bits 0 for the client and
 * 1 for the server's replies, and strictly increasing (a repeat becomes the last id + 4).
 *
 * <pre>
 *   msg_id = seconds * 2^32 + (floor(nanos * 2^32 / 10^9) with the low 2 bits cleared) + parity
 * </pre>
 *
 * <p>Not thread-safe: one per handshake.
 */
final class PlainMessageIds {
  private final long parity;
  private long last;

  PlainMessageIds(Sender sender) {
    this.parity = sender == Sender.CLIENT ? 0 : 1;
  }

  long next(Instant now) {
    long fraction = ((long) now.getNano() << 32) / 1_000_000_000L;
    long id = (now.getEpochSecond() << 32) | (fraction & ~3L) | parity;
    if (id <= last) {
      id = last + 4;
    }
    last = id;
    return id;
  }
}
