/**
 * MTProto's TCP transports as I/O-free codecs (docs/protocol.md §7): the four framings, the
 * obfuscated2 layer under them, and a server's detection of both from a connection's first bytes.
 * Sockets live elsewhere (the {@code net} module); everything here takes and returns bytes.
 *
 * <h2>Types</h2>
 *
 * <ul>
 *   <li>{@link org.mtlab.transport.Framing}: the four framings, each with its start marker,
 *       obfuscation tag, encoder and decoder per direction ({@link org.mtlab.key.Sender} is who
 *       sends the frames).
 *   <li>{@link org.mtlab.transport.FrameEncoder} and {@link org.mtlab.transport.FrameDecoder}: one
 *       framing, one direction. The decoder returns {@link org.mtlab.transport.TransportEvent}s:
 *       frames, quick acks and transport errors.
 *   <li>{@link org.mtlab.transport.Obfuscated2}: the 64-byte init and the two AES-256-CTR streams
 *       ({@link org.mtlab.crypto.AesCtr}); {@link org.mtlab.transport.ProxySecret} for MTProxy's
 *       key mixing.
 *   <li>{@link org.mtlab.transport.TransportCodec}: all of the above for one side of one
 *       connection; {@link org.mtlab.transport.TransportDetector} builds a server's.
 * </ul>
 *
 * <h2>Framings (all integers little-endian unless stated)</h2>
 *
 * <ul>
 *   <li><b>Abridged.</b> A client starts with {@code ef} once. Each frame: one byte {@code n =
 *       length / 4} when {@code n < 0x7f}, else {@code 7f} and {@code n} in 3 bytes; then the
 *       payload, so lengths are whole words up to {@code 4 * (2^24 - 1)}. A client asks for a quick
 *       ack with bit 7 of the first byte. A server's quick ack is the 4-byte token in big-endian
 *       order (its first byte is {@code 0x80} or more, which no length byte from a server is).
 *   <li><b>Intermediate.</b> A client starts with {@code eeeeeeee} once. Each frame: a 4-byte
 *       length, then the payload; the length must be a multiple of 4. Bit 31 of a client's length
 *       asks for a quick ack; a server's 4-byte word with bit 31 set is a quick ack (the token,
 *       little-endian) and nothing follows it.
 *   <li><b>Padded intermediate.</b> As intermediate with marker {@code dddddddd}, but the length
 *       counts the payload plus 0..15 random padding bytes, so it need not be a multiple of 4, and
 *       a decoded frame includes the padding (the framing cannot tell it from the payload; MTProto
 *       messages carry their own length). Meant for use under obfuscation, where it hides length
 *       fingerprints.
 *   <li><b>Full.</b> No marker. Each frame: total length ({@code payload + 12}, a multiple of 4, at
 *       least 12), seq_no (0 for each direction's first frame, then counting up), the payload, and
 *       the CRC32 (zlib polynomial) of all preceding bytes of the frame. The decoder checks the CRC
 *       first, then the seq_no. Quick acks work as in intermediate (bit 31 of the length; a bare
 *       4-byte token from the server, which takes no seq_no).
 * </ul>
 *
 * <p>Transport errors (-404, -429, -444, ...) are a server's frame whose payload is the 4-byte
 * negative code (padded intermediate: 4..19 bytes, the code first, since no MTProto message is
 * shorter than 20 bytes); the decoder of a server's frames reports them as {@link
 * org.mtlab.transport.TransportEvent.TransportError}. Empty payloads are valid framing (the
 * published vectors include them); the MTProto layer rejects them.
 *
 * <h2>Bounds</h2>
 *
 * <p>Every length is checked before anything is allocated: a decoder reads the length field,
 * rejects it ({@code TRANSPORT_FRAME_TOO_LONG}) if the payload would exceed its maximum, and only
 * then allocates the one frame buffer. The default maximum is 1 MiB ({@link
 * org.mtlab.transport.FrameDecoder#DEFAULT_MAX_FRAME_LENGTH}), configurable from 64 bytes to 256
 * MiB. Why 1 MiB: the bound is what one connection can make a receiver hold before anything is
 * authenticated, so a server with many connections wants it small; yet it must cover real traffic,
 * whose largest routine payloads are file parts of at most 512 KiB plus their TL and encryption
 * headers. Telegram's own framings allow far more (abridged up to 64 MiB, the others 2 GiB) and an
 * encrypted message may carry up to 2^24 bytes of data; a deployment that moves 1 MiB {@code
 * upload.getFile} chunks or larger messages raises the limit accordingly. A stream that stops
 * mid-frame holds at most that one buffer and never hangs a caller: the decoder simply returns null
 * until more bytes come.
 *
 * <h2>Failures</h2>
 *
 * <p>Bad bytes from the peer throw {@link org.mtlab.CheckFailedException} with a {@code
 * TRANSPORT_*} or {@code OBFUSCATED2_*} reason; after one, a decoder, codec or detector throws the
 * same exception on every call, and the caller closes the connection. No other exception escapes a
 * decoder for any input (Jazzer targets check this). Caller mistakes (a payload not a multiple of
 * 4, a quick ack requested by a server) throw {@link IllegalArgumentException}.
 *
 * <p>Thread safety: {@code Framing}, the events and {@code ProxySecret} are immutable or
 * thread-safe; encoders, decoders, codecs, obfuscation and detectors are confined to one thread
 * each.
 */
package org.mtlab.transport;
