package org.mtlab.keystore;

import java.util.List;
import java.util.Objects;
import org.mtlab.bytes.Bytes;

/**
 * What each data centre holds, never a secret: for {@code world show}.
 *
 * <p>Immutable.
 *
 * @param worldId the world's id
 * @param config its shape
 * @param epoch the current key epoch
 * @param unsealed whether the server holds the master key now
 * @param dataCentres one line per data centre, storage first
 * @param users the users with a registered device
 */
public record WorldDescription(
    Bytes worldId,
    WorldConfig config,
    long epoch,
    boolean unsealed,
    List<DataCentreView> dataCentres,
    List<UserId> users) {
  /**
   * One data centre. Immutable.
   *
   * @param jurisdiction its jurisdiction (its name)
   * @param role storage or custodian
   * @param location its database, without credentials
   * @param online whether it is up
   * @param chats chats with rows stored (storage)
   * @param messages messages stored (storage)
   * @param dataKeys wrapped data keys (storage)
   * @param deviceKeys wrapped device auth keys (storage)
   * @param shareEpochs epochs of the shares it holds (custodian)
   * @param auditEntries entries in its audit trail
   */
  public record DataCentreView(
      Jurisdiction jurisdiction,
      DataCentreRole role,
      String location,
      boolean online,
      long chats,
      long messages,
      long dataKeys,
      long deviceKeys,
      List<Long> shareEpochs,
      long auditEntries) {
    /** Copies the list. */
    public DataCentreView {
      Objects.requireNonNull(jurisdiction, "jurisdiction");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(location, "location");
      shareEpochs = List.copyOf(shareEpochs);
    }
  }

  /** Copies the lists. */
  public WorldDescription {
    Objects.requireNonNull(worldId, "worldId");
    Objects.requireNonNull(config, "config");
    dataCentres = List.copyOf(dataCentres);
    users = List.copyOf(users);
  }
}
