package org.mtlab.cli.world;

import org.mtlab.keystore.SentMessage;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world send}: one message, cloud or secret, along the whole path. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    header = "Send a message from one user's device to another's through the server.",
    description = {
      "The server unseals (t custodians release their shares), then the sender's device seals",
      "the text on its MTProto session, the server opens it with every check and the storage",
      "data centre commits it. A cloud message is encrypted at rest under the chat's data key.",
      "With --secret it is a secret-chat message: the devices agree on a key first if they",
      "have none (the server only relays g_a and g_b), the sender's device encrypts end to",
      "end, and the storage data centre keeps only that ciphertext.",
      "A user named for the first time registers a device (a real handshake).",
      "Exit 3 when the storage data centre is offline or too few custodians are online.",
      "JSON keys: chat, index, key_epoch (0 for a secret chat), secret."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world send --dir /tmp/w --from alice --to bob --text 'meet at nine'",
      "  mtlab world send --dir /tmp/w --from alice --to bob --text 'just us' --secret"
    })
final class SendCommand extends WorldSubcommand {
  @Option(names = "--from", required = true, paramLabel = "USER", description = "The sender.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "USER", description = "The recipient.")
  String to;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The message.")
  String text;

  @Option(
      names = "--secret",
      description = "Send in the two users' secret chat (end to end) instead of the cloud chat.")
  boolean secret;

  @Override
  Output run(WorldFolder folder) throws Exception {
    UserId sender = UserId.of(from);
    UserId recipient = UserId.of(to);
    try (World world = open(folder, true)) {
      for (UserId u : new UserId[] {sender, recipient}) {
        if (!world.users().contains(u)) {
          world.register(u);
        }
      }
      SentMessage sent =
          secret
              ? folder.secretChats(world, random()).send(sender, recipient, text)
              : world.send(sender, recipient, text);
      return new Output()
          .put("chat", sent.chat().text())
          .put("index", sent.index())
          .put("key_epoch", sent.keyEpoch())
          .put("secret", secret)
          .line(
              "stored "
                  + sent.chat()
                  + "#"
                  + sent.index()
                  + (secret
                      ? " as end-to-end ciphertext (no data-centre key opens it)"
                      : " encrypted at rest under its data key of epoch " + sent.keyEpoch()));
    }
  }
}
