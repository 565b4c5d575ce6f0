package org.mtlab.net;

import org.mtlab.bytes.LittleEndian;

/**
 * Where an MTProto packet ends inside a frame that may carry padded intermediate's 0..15 padding
 * bytes (docs/protocol.md §7.1): a plain message states its length, an encrypted one is 24 bytes
 * plus whole 16-byte blocks.
 *
 * <p>Stateless; thread-safe.
 */
final class Packets {
  static final int AUTH_KEY_ID_LENGTH = 8;
  private static final int PLAIN_HEADER = 20;
  private static final int ENCRYPTED_HEADER = 24;

  private Packets() {}

  /** True for a plain (unencrypted) packet: auth_key_id is zero. */
  static boolean isPlain(byte[] packet) {
    return packet.length >= AUTH_KEY_ID_LENGTH && LittleEndian.getLong(packet, 0) == 0;
  }

  /**
   * {@code frame} without trailing padding: for a plain packet, the header and the length it states
   * (when the frame holds that many); for an encrypted one, 24 bytes plus the whole blocks. Frames
   * too short to tell are returned unchanged for the layers above to reject.
   */
  static byte[] withoutPadding(byte[] frame) {
    int end = frame.length;
    if (isPlain(frame)) {
      if (frame.length >= PLAIN_HEADER) {
        long stated = LittleEndian.getInt(frame, 16) & 0xffffffffL;
        if (PLAIN_HEADER + stated <= frame.length) {
          end = (int) (PLAIN_HEADER + stated);
        }
      }
    } else if (frame.length >= ENCRYPTED_HEADER) {
      end = ENCRYPTED_HEADER + (frame.length - ENCRYPTED_HEADER) / 16 * 16;
    }
    return end == frame.length ? frame : java.util.Arrays.copyOf(frame, end);
  }
}
