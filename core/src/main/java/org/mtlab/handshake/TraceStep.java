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
 * @param event the same public values typed, for the steps that have one
 */
public record TraceStep(
    Sender side, String name, List<TraceValue> values, Optional<TraceEvent> event) {
  /** Copies the values. */
  public TraceStep {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    values = List.copyOf(values);
  }

  /** A step without a typed event. */
  public TraceStep(Sender side, String name, List<TraceValue> values) {
    this(side, name, values, Optional.empty());
  }

  /**
   * The typed event, which must be of {@code type}.
   *
   * @throws IllegalStateException if the step has no event of that type
   */
  public <E extends TraceEvent> E event(Class<E> type) {
    return event
        .filter(type::isInstance)
        .map(type::cast)
        .orElseThrow(
            () -> new IllegalStateException("step " + name + " has no " + type.getSimpleName()));
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
