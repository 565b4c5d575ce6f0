package org.mtlab.keystore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.CheckReason;

/**
 * The result of verifying every data centre's audit trail: per data centre, how many entries, and
 * the first broken entry if any.
 *
 * <p>Immutable.
 *
 * @param trails one line per data centre, storage first
 */
public record AuditReport(List<Trail> trails) {
  /** What is wrong with a trail. */
  public enum Problem {
    /** Nothing. */
    NONE,
    /** Not checked: the data centre is offline. */
    OFFLINE,
    /** An entry was edited, deleted, reordered or forged inside the chain. */
    CHAIN_BROKEN,
    /** The trail is shorter than, or differs from, what another data centre anchored. */
    TRUNCATED,
    /**
     * Entries past every anchor: appended without the other data centres seeing them (a forged
     * append, or a crash between a commit and its anchoring).
     */
    UNANCHORED
  }

  /**
   * One data centre's trail. Immutable.
   *
   * @param dataCentre the data centre
   * @param entries how many entries it holds
   * @param problem what is wrong, or NONE
   * @param firstBroken the first broken entry's seq (0 when none)
   * @param detail in words
   */
  public record Trail(
      Jurisdiction dataCentre, long entries, Problem problem, long firstBroken, String detail) {
    /** Checks for nulls. */
    public Trail {
      Objects.requireNonNull(dataCentre, "dataCentre");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Copies the list. */
  public AuditReport {
    trails = List.copyOf(trails);
  }

  /** True when every online trail verifies (offline ones are not counted as broken). */
  public boolean ok() {
    return trails.stream()
        .allMatch(t -> t.problem() == Problem.NONE || t.problem() == Problem.OFFLINE);
  }

  /** The first broken trail, if any. */
  public Optional<Trail> firstBroken() {
    return trails.stream()
        .filter(t -> t.problem() != Problem.NONE && t.problem() != Problem.OFFLINE)
        .findFirst();
  }

  /**
   * Throws unless {@link #ok()}.
   *
   * @throws WorldCheckException {@link CheckReason#AUDIT_CHAIN_BROKEN} naming the data centre and
   *     its first broken entry
   */
  public void throwIfBroken() throws WorldCheckException {
    Optional<Trail> t = firstBroken();
    if (t.isPresent()) {
      throw new WorldCheckException(
          CheckReason.AUDIT_CHAIN_BROKEN,
          "data centre "
              + t.get().dataCentre()
              + ", entry "
              + t.get().firstBroken()
              + ": "
              + t.get().detail());
    }
  }
}
