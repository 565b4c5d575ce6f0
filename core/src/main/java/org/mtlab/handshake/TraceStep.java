package org.mtlab.handshake;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.key.Sender;

/**
 * One named step of a handshake, as a {@link HandshakeTrace} reports it: who did it, what it is
 * called, and the values it produced or checked.
 *
 * <p>Immutable and thread-safe.
 *
 * @param side the party that took the step
 * @param name the step's name, usually the spec's (for example {@code "resPQ"}, {@code "rsa_pad"},
 *     {@code "dh_gen_ok"})
 * @param values its values in order, as text (the generic view: the CLI's JSON keys)
 * @param event the same values typed (secret ones only in a trace with secrets): one record type
 *     per step, see {@link TraceEvent}
 */
public record TraceStep(Sender side, String name, List<TraceValue> values, TraceEvent event) {
  /** Copies the values. */
  public TraceStep {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    values = List.copyOf(values);
  }

  /**
   * The typed event, which must be of {@code type}.
   *
   * @throws IllegalStateException if the step's event is of another type
   */
  public <E extends TraceEvent> E event(Class<E> type) {
    if (!type.isInstance(event)) {
      throw new IllegalStateException("step " + name + " has no " + type.getSimpleName());
    }
    return type.cast(event);
  }

  /** The value called {@code valueName}, if the step has it. */
  public Optional<String> value(String valueName) {
    for (TraceValue v : values) {
      if (v.name().equals(valueName)) {
        return Optional.of(v.value());
      }
    }
    return Optional.empty();
  }

  /** {@code side name: a = ..., b = ...}; secret values show as {@code [secret]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(side.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(name);
    String sep = ": ";
    for (TraceValue v : values) {
      sb.append(sep).append(v);
      sep = ", ";
    }
    return sb.toString();
  }
}
