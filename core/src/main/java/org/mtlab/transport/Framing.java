package org.mtlab.transport;

import java.security.SecureRandom;
import java.util.Objects;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.Sender;

/**
 * The four MTProto framings over TCP (docs/protocol.md §7.1). Each constant names its start marker,
 * its obfuscated2 protocol tag, and builds the encoder and decoder for one direction of a
 * connection. The layouts are in the {@link org.mtlab.transport package} documentation.
 *
 * <p>Immutable and thread-safe (the codecs it builds are not).
 */
public enum Framing {
  /** One byte of length in words (or {@code 7f} + 3 bytes), then the payload. */
  ABRIDGED("ef", "efefefef"),
  /** A 4-byte little-endian length, then the payload. */
  INTERMEDIATE("eeeeeeee", "eeeeeeee"),
  /** A 4-byte little-endian length of payload plus 0..15 random padding bytes. */
  PADDED_INTERMEDIATE("dddddddd", "dddddddd"),
  /** Length, seq_no, payload, CRC32; no start marker and no obfuscation tag. */
  FULL("", null);

  // Bytes is immutable (copied in, copied out) but carries no @Immutable annotation to prove it
  @SuppressWarnings("ImmutableEnumChecker")
  private final Bytes marker;

  @SuppressWarnings("ImmutableEnumChecker") // as above
  private final Bytes tag;

  Framing(String marker, String tag) {
    this.marker = Bytes.fromHex(marker);
    this.tag = tag == null ? null : Bytes.fromHex(tag);
  }

  /**
   * The bytes a client sends once, before its first frame, on a connection without obfuscation:
   * {@code ef}, {@code eeeeeeee}, {@code dddddddd}, or nothing for {@link #FULL}. The server never
   * sends it, and an obfuscated connection carries {@link #obfuscationTag()} inside its init
   * instead.
   */
  public Bytes marker() {
    return marker;
  }

  /** True for every framing except {@link #FULL}, which obfuscated2 cannot carry. */
  public boolean supportsObfuscation() {
    return tag != null;
  }

  /**
   * The 4-byte protocol tag written at offset 56 of an obfuscated2 init.
   *
   * @throws IllegalArgumentException for {@link #FULL}, which has none
   */
  public Bytes obfuscationTag() {
    if (tag == null) {
      throw new IllegalArgumentException(this + " cannot be obfuscated");
    }
    return tag;
  }

  /** The framing whose obfuscation tag is {@code tag} (little-endian int), or null. */
  static Framing forTag(int tag) {
    return switch (tag) {
      case 0xefefefef -> ABRIDGED;
      case 0xeeeeeeee -> INTERMEDIATE;
      case 0xdddddddd -> PADDED_INTERMEDIATE;
      default -> null;
    };
  }

  /**
   * An encoder for frames sent by {@code sender} (a client encodes with {@link Sender#CLIENT}, a
   * server with {@link Sender#SERVER}). {@code random} draws the padding of {@link
   * #PADDED_INTERMEDIATE}; the other framings never use it.
   */
  public FrameEncoder encoder(Sender sender, SecureRandom random) {
    return new FrameEncoder(
        this, Objects.requireNonNull(sender, "sender"), Objects.requireNonNull(random, "random"));
  }

  /**
   * A decoder for frames sent by {@code sender} (a server decodes with {@link Sender#CLIENT}, a
   * client with {@link Sender#SERVER}) that rejects any frame announcing more than {@code
   * maxFrameLength} payload bytes.
   *
   * @throws IllegalArgumentException unless {@code maxFrameLength} is within {@link
   *     FrameDecoder#MIN_MAX_FRAME_LENGTH}..{@link FrameDecoder#MAX_MAX_FRAME_LENGTH}
   */
  public FrameDecoder decoder(Sender sender, int maxFrameLength) {
    return new FrameDecoder(this, Objects.requireNonNull(sender, "sender"), maxFrameLength);
  }

  /**
   * A decoder for frames sent by {@code sender}, with the default maximum of {@link
   * FrameDecoder#DEFAULT_MAX_FRAME_LENGTH} (1 MiB).
   */
  public FrameDecoder decoder(Sender sender) {
    return decoder(sender, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
  }
}
