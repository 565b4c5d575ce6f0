package org.mtlab.cli.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.DataCentreRole;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldDescription;
import org.mtlab.keystore.WorldDescription.DataCentreView;
import picocli.CommandLine.Command;

/** {@code mtlab world show}: which data centre holds what; never a secret. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Show which data centre, in which jurisdiction, holds what (never a secret).",
    description = {
      "Per data centre: its role, its database (without credentials), online or not, and",
      "counts: chats, messages (ciphertext), wrapped data keys and device keys (storage),",
      "share epochs (custodians), audit entries. Secret chats are listed with where their",
      "keys are: on the two users' devices, in no data centre. The server stays sealed.",
      "JSON keys: world_id, epoch, storage, custodians, threshold, users, data_centres",
      "(jurisdiction, role, location, online, chats, messages, data_keys, device_keys,",
      "share_epochs, audit_entries), secret_chats (chat, key_on_devices,",
      "key_in_data_centres)."
    },
    footerHeading = "%nExample:%n",
    footer = {"  mtlab world show --dir /tmp/w --json"})
final class ShowCommand extends WorldSubcommand {
  @Override
  Output run(WorldFolder folder) throws Exception {
    try (World world = open(folder, false)) {
      WorldDescription d = world.describe();
      Output out =
          new Output()
              .put("world_id", d.worldId().hex())
              .put("epoch", d.epoch())
              .put("storage", d.config().storage().code())
              .put("custodians", d.config().custodians().stream().map(j -> j.code()).toList())
              .put("threshold", d.config().threshold())
              .put("users", d.users().stream().map(UserId::name).toList());
      out.line(
              "world "
                  + d.worldId().hex()
                  + ", key epoch "
                  + d.epoch()
                  + ", "
                  + d.config().threshold()
                  + " of "
                  + d.config().custodianCount()
                  + " custodians needed")
          .line("users " + d.users());
      List<Map<String, Object>> centres = new ArrayList<>();
      for (DataCentreView v : d.dataCentres()) {
        centres.add(
            object(
                "jurisdiction",
                v.jurisdiction().code(),
                "role",
                v.role().name().toLowerCase(java.util.Locale.ROOT),
                "location",
                v.location(),
                "online",
                v.online(),
                "chats",
                v.chats(),
                "messages",
                v.messages(),
                "data_keys",
                v.dataKeys(),
                "device_keys",
                v.deviceKeys(),
                "share_epochs",
                v.shareEpochs(),
                "audit_entries",
                v.auditEntries()));
        out.line(
            String.format(
                    "%-6s %-9s %-7s %s",
                    v.jurisdiction(),
                    v.role(),
                    v.online() ? "online" : "OFFLINE",
                    v.role() == DataCentreRole.STORAGE
                        ? v.chats()
                            + " chat(s), "
                            + v.messages()
                            + " message(s) of ciphertext, "
                            + v.dataKeys()
                            + " wrapped data key(s), "
                            + v.deviceKeys()
                            + " wrapped device key(s)"
                        : "share of epoch(s) " + v.shareEpochs())
                + ", "
                + v.auditEntries()
                + " audit entries");
      }
      out.put("data_centres", centres);
      List<Map<String, Object>> secret = new ArrayList<>();
      for (Map.Entry<ChatId, List<UserId>> e : folder.chats().holders().entrySet()) {
        List<String> devices = e.getValue().stream().map(UserId::name).toList();
        secret.add(
            object(
                "chat",
                e.getKey().text(),
                "key_on_devices",
                devices,
                "key_in_data_centres",
                List.of()));
        out.line(
            "secret chat "
                + e.getKey()
                + ": key on the devices of "
                + devices
                + " only; no data centre holds it");
      }
      return out.put("secret_chats", secret);
    }
  }
}
