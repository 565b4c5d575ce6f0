package org.mtlab.handshake;

import java.util.Objects;
import java.util.Optional;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.UnencryptedMessage;

/**
 * What a handshake state machine says after each input: the packet to send next (if any), and
 * whether the run goes on, has succeeded (with its {@link HandshakeResult}) or has failed (a
 * server that answers dh_gen_fail sends that packet and fails).
 *
 * <p>Immutable; thread-safe.
 */
public final class HandshakeStep {
  /** Where the run stands after this step. */
  public enum Status {
    /** More messages are expected. */
    CONTINUE,
    /** The key is made: {@link #result()} holds it. */
    DONE,
    /** This side gave up (after sending {@link #packet()}, if present). */
    FAILED
  }

  private final HandshakeMessage message;
  private final UnencryptedMessage packet;
  private final Status status;
  private final HandshakeResult result;

  private HandshakeStep(
      HandshakeMessage message, UnencryptedMessage packet, Status status, HandshakeResult result) {
    this.message = message;
    this.packet = packet;
    this.status = Objects.requireNonNull(status, "status");
    this.result = result;
  }

  static HandshakeStep send(HandshakeMessage message, long msgId) {
    return new HandshakeStep(
        message, UnencryptedMessage.of(msgId, message), Status.CONTINUE, null);
  }

  static HandshakeStep sendAndFinish(HandshakeMessage message, long msgId, HandshakeResult result) {
    return new HandshakeStep(message, UnencryptedMessage.of(msgId, message), Status.DONE, result);
  }

  static HandshakeStep sendAndFail(HandshakeMessage message, long msgId) {
    return new HandshakeStep(message, UnencryptedMessage.of(msgId, message), Status.FAILED, null);
  }

  static HandshakeStep finish(HandshakeResult result) {
    return new HandshakeStep(null, null, Status.DONE, Objects.requireNonNull(result, "result"));
  }

  /** The object to send next, if any. */
  public Optional<HandshakeMessage> message() {
    return Optional.ofNullable(message);
  }

  /** The same object wrapped as a plain packet with its msg_id, if any. */
  public Optional<UnencryptedMessage> packet() {
    return Optional.ofNullable(packet);
  }

  /** Where the run stands. */
  public Status status() {
    return status;
  }

  /** True when the key is made. */
  public boolean isDone() {
    return status == Status.DONE;
  }

  /** The result, once {@link Status#DONE}. */
  public Optional<HandshakeResult> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public String toString() {
    return "HandshakeStep[" + status + (message == null ? "" : ", send " + message.tlName()) + "]";
  }
}
