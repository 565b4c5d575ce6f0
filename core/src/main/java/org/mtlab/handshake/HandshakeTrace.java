package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.Sender;

/**
 * Where a handshake reports its steps, for the CLI's {@code --trace}, the tour and tests. Each step
 * arrives as a {@link TraceStep} with its values, as text and as a typed {@link TraceEvent}.
 *
 * <p>Secrets are passed only deliberately: a trace made with {@link #publicValues} never receives
 * key material (the values marked secret are left out, and never even computed; the events' secret
 * components are empty), one made with {@link #withSecrets} receives it and needs the {@link
 * SecretAccess} token to be built, so that every such use is visible in review; its events hold the
 * secrets in {@link TraceSecret}s.
 *
 * <p>Immutable; thread-safe if the sink is. The sink runs on the handshake's thread.
 */
public final class HandshakeTrace {
  private static final HandshakeTrace NONE = new HandshakeTrace(null, false);

  private final Consumer<TraceStep> sink;
  private final boolean secrets;

  private HandshakeTrace(Consumer<TraceStep> sink, boolean secrets) {
    this.sink = sink;
    this.secrets = secrets;
  }

  /** No trace at all (the default). */
  public static HandshakeTrace none() {
    return NONE;
  }

  /** A trace that receives every step with its public values only. */
  public static HandshakeTrace publicValues(Consumer<TraceStep> sink) {
    return new HandshakeTrace(Objects.requireNonNull(sink, "sink"), false);
  }

  /** A trace that also receives secret values (new_nonce, a, b, tmp_aes_key, auth_key...). */
  public static HandshakeTrace withSecrets(SecretAccess access, Consumer<TraceStep> sink) {
    Objects.requireNonNull(access, "access");
    return new HandshakeTrace(Objects.requireNonNull(sink, "sink"), true);
  }

  /** True when secret values are included. */
  public boolean includesSecrets() {
    return secrets;
  }

  /** True unless this is {@link #none()}. */
  public boolean isEnabled() {
    return sink != null;
  }

  /**
   * A secret value for a typed event: computed and wrapped only when the trace includes secrets,
   * otherwise empty. Call it inside {@link Step#event}'s supplier.
   */
  <T> Optional<TraceSecret<T>> secret(Supplier<T> value) {
    return secrets ? Optional.of(new TraceSecret<>(value.get())) : Optional.empty();
  }

  /**
   * A fresh copy of secret bytes as {@link Bytes} for a {@link TraceSecret}; zeroes {@code fresh}.
   */
  static Bytes wiping(byte[] fresh) {
    Bytes copy = Bytes.copyOf(fresh);
    java.util.Arrays.fill(fresh, (byte) 0);
    return copy;
  }

  /** Starts a step; nothing is recorded unless the trace is enabled. */
  Step step(Sender side, String name) {
    return new Step(side, name);
  }

  /** Collects one step's values and hands the step to the sink. */
  final class Step {
    private final Sender side;
    private final String name;
    private final List<TraceValue> values;
    private TraceEvent event;

    private Step(Sender side, String name) {
      this.side = side;
      this.name = name;
      this.values = sink == null ? null : new ArrayList<>();
    }

    Step value(String valueName, String text) {
      if (values != null) {
        values.add(new TraceValue(valueName, text, false));
      }
      return this;
    }

    Step value(String valueName, long number) {
      return value(valueName, Long.toString(number));
    }

    Step hex(String valueName, byte[] bytes) {
      return values == null ? this : value(valueName, Hex.encode(bytes));
    }

    Step hex(String valueName, Bytes bytes) {
      return values == null ? this : value(valueName, bytes.hex());
    }

    Step hex(String valueName, BigInteger number) {
      return values == null ? this : value(valueName, number.toString(16));
    }

    /** A secret value, computed only when the trace includes secrets. */
    Step secret(String valueName, Supplier<String> text) {
      if (values != null && secrets) {
        values.add(new TraceValue(valueName, text.get(), true));
      }
      return this;
    }

    Step secretHex(String valueName, Supplier<byte[]> bytes) {
      return secret(valueName, () -> Hex.encode(bytes.get()));
    }

    /** The step's typed event, built only when the trace is enabled. */
    Step event(Supplier<TraceEvent> typed) {
      if (values != null) {
        event = typed.get();
      }
      return this;
    }

    /**
     * Hands the step to the sink.
     *
     * @throws IllegalStateException if the trace is enabled and the step has no typed event
     */
    void emit() {
      if (values != null) {
        if (event == null) {
          throw new IllegalStateException("step " + name + " has no typed event");
        }
        sink.accept(new TraceStep(side, name, values, event));
      }
    }
  }

  @Override
  public String toString() {
    return "HandshakeTrace[" + (sink == null ? "none" : secrets ? "with secrets" : "public") + "]";
  }
}
