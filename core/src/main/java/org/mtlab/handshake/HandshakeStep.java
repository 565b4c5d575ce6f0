package org.mtlab.handshake;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.UnencryptedMessage;

/**
 * What a handshake state machine says after each input, one of three cases:
 *
 * <ul>
 *   <li>{@link Send}: send this packet; more messages are expected.
 *   <li>{@link Done}: the key is made (a server also has its last packet, dh_gen_ok, to send).
 *   <li>{@link Failed}: this side has ended the run, for a reason; it may have a last packet (a
 *       server's dh_gen_fail) or a transport error code to send (-404 after a failed
 *       req_DH_params), and then nothing more: the caller closes the connection.
 * </ul>
 *
 * <p>Callers tell the cases apart with {@code instanceof} (Java 17 has no pattern switch). Every
 * case is immutable and thread-safe.
 */
public sealed interface HandshakeStep
    permits HandshakeStep.Send, HandshakeStep.Done, HandshakeStep.Failed {

  /** The transport error a server sends after a failed req_DH_params (docs/protocol.md §2). */
  int TRANSPORT_ERROR_NOT_FOUND = -404;

  /** The packet to send now, if any. */
  Optional<Send> toSend();

  /**
   * A packet to send: the handshake object, its msg_id, and the plain packet's bytes.
   *
   * @param message the object inside
   * @param msgId its msg_id
   * @param bytes the whole plain packet (auth_key_id 0, msg_id, length, the object)
   */
  record Send(HandshakeMessage message, long msgId, Bytes bytes) implements HandshakeStep {
    /** Checks the fields. */
    public Send {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(bytes, "bytes");
    }

    static Send of(HandshakeMessage message, long msgId) {
      return new Send(
          message, msgId, Bytes.copyOf(UnencryptedMessage.of(msgId, message).toByteArray()));
    }

    /** The same packet as an {@link UnencryptedMessage}. */
    public UnencryptedMessage packet() {
      return UnencryptedMessage.of(msgId, message);
    }

    @Override
    public Optional<Send> toSend() {
      return Optional.of(this);
    }

    /** The constructor's name only. */
    @Override
    public String toString() {
      return "Send[" + message.tlName() + "]";
    }
  }

  /**
   * The key is made.
   *
   * @param result the new key and what comes with it
   * @param last a server's dh_gen_ok, still to be sent; empty on the client
   */
  record Done(HandshakeResult result, Optional<Send> last) implements HandshakeStep {
    /** Checks the fields. */
    public Done {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(last, "last");
    }

    @Override
    public Optional<Send> toSend() {
      return last;
    }
  }

  /**
   * This side has ended the run.
   *
   * @param reason why
   * @param last a last packet to send (a server's dh_gen_fail), if any
   * @param transportError a transport error code to send instead of a packet (-404), if any
   */
  record Failed(CheckReason reason, Optional<Send> last, OptionalInt transportError)
      implements HandshakeStep {
    /** Checks the fields. */
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(last, "last");
      Objects.requireNonNull(transportError, "transportError");
    }

    static Failed of(CheckReason reason) {
      return new Failed(reason, Optional.empty(), OptionalInt.empty());
    }

    @Override
    public Optional<Send> toSend() {
      return last;
    }
  }
}
