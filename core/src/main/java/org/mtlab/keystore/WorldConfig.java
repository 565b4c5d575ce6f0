package org.mtlab.keystore;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a world: the jurisdiction of its one storage data centre, the jurisdictions of its
 * {@code n} key-custodian data centres, and the threshold {@code t} of custodians whose shares open
 * the master key. One data centre per jurisdiction, and none of the custodians in the storage
 * jurisdiction, so the threshold counts jurisdictions (docs/security.md K1, K2).
 *
 * <p>Immutable; validated on construction.
 *
 * @param storage the storage data centre's jurisdiction
 * @param custodians the custodians' jurisdictions, in share-index order (index 1 first)
 * @param threshold how many custodians' shares open the master key
 */
public record WorldConfig(Jurisdiction storage, List<Jurisdiction> custodians, int threshold) {
  /**
   * Validates the rules: {@code 2 <= t <= n <= 255}, no jurisdiction twice, the storage
   * jurisdiction not among the custodians.
   *
   * @throws IllegalArgumentException naming the rule broken
   */
  public WorldConfig {
    Objects.requireNonNull(storage, "storage");
    custodians = List.copyOf(Objects.requireNonNull(custodians, "custodians"));
    int n = custodians.size();
    if (threshold < 2) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is below 2: with one share the share is the key");
    }
    if (n > SecretSharing.MAX_SHARES) {
      throw new IllegalArgumentException(n + " custodians: at most 255 shares exist over GF(2^8)");
    }
    if (threshold > n) {
      throw new IllegalArgumentException(
          "threshold " + threshold + " is above the number of custodians " + n);
    }
    Set<Jurisdiction> seen = new HashSet<>();
    for (Jurisdiction j : custodians) {
      if (j.equals(storage)) {
        throw new IllegalArgumentException(
            "custodian "
                + j
                + " is in the storage jurisdiction: the storage jurisdiction"
                + " must hold no share");
      }
      if (!seen.add(j)) {
        throw new IllegalArgumentException(
            "jurisdiction "
                + j
                + " appears twice: one data centre (and one share) per"
                + " jurisdiction, so no jurisdiction can count twice toward the threshold");
      }
    }
  }

  /** Convenience: {@code WorldConfig.of("NL", List.of("CH", "SG", "BR"), 2)}. */
  public static WorldConfig of(String storage, List<String> custodians, int threshold) {
    return new WorldConfig(
        Jurisdiction.of(storage), custodians.stream().map(Jurisdiction::of).toList(), threshold);
  }

  /** The number of custodians, {@code n}. */
  public int custodianCount() {
    return custodians.size();
  }

  /** Every data centre's jurisdiction: the storage one first, then the custodians. */
  public List<Jurisdiction> dataCentres() {
    java.util.ArrayList<Jurisdiction> all = new java.util.ArrayList<>(custodians.size() + 1);
    all.add(storage);
    all.addAll(custodians);
    return List.copyOf(all);
  }

  /** The share index (1..n) of custodian {@code j}, or -1 when it is not a custodian. */
  public int shareIndexOf(Jurisdiction j) {
    int i = custodians.indexOf(j);
    return i < 0 ? -1 : i + 1;
  }
}
