package org.mtlab.cli.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.ChatKind;
import org.mtlab.keystore.ChatMessage;
import org.mtlab.keystore.SecretChats;
import org.mtlab.keystore.SecretMessage;
import org.mtlab.keystore.UserId;
import org.mtlab.keystore.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world read}: a user reads one of its chats on its own device. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    header = "A user reads a chat it is in, on its own device.",
    description = {
      "Cloud chat (--chat alice:bob): the server decrypts each stored message with the chat's",
      "data keys and delivers it sealed under the reader's auth key; the device opens it.",
      "Secret chat (--chat secret:alice:bob, or --secret): the server delivers the stored",
      "ciphertext as it is, and the reader's device decrypts it with the chat key that only",
      "the two devices hold.",
      "Exit 3 when a stored row was tampered with (AT_REST_INTEGRITY, or an end-to-end check).",
      "JSON keys: chat, user, messages (index, from, to, text); for a secret chat also",
      "key_visualization (hex: what both users compare)."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world read --dir /tmp/w --user bob --chat alice:bob",
      "  mtlab world read --dir /tmp/w --user bob --chat alice:bob --secret"
    })
final class ReadCommand extends WorldSubcommand {
  @Option(names = "--user", required = true, paramLabel = "USER", description = "The reader.")
  String user;

  @Option(
      names = "--chat",
      required = true,
      paramLabel = "A:B",
      description = "The chat: USER:USER (cloud) or secret:USER:USER.")
  String chat;

  @Option(names = "--secret", description = "Read the two users' secret chat.")
  boolean secret;

  @Override
  Output run(WorldFolder folder) throws Exception {
    UserId reader = UserId.of(user);
    ChatId id = ChatId.parse(chat);
    if (secret) {
      id = ChatId.secret(id.first(), id.second());
    }
    if (!id.includes(reader)) {
      throw new IllegalArgumentException("--user: " + reader + " is not in chat " + id);
    }
    try (World world = open(folder, true)) {
      if (!world.users().contains(reader)) {
        throw new IllegalArgumentException("--user: " + reader + " has no device here");
      }
      Output out = new Output().put("chat", id.text()).put("user", reader.name());
      List<Map<String, Object>> messages = new ArrayList<>();
      if (id.kind() == ChatKind.SECRET) {
        SecretChats chats = folder.secretChats(world, random());
        for (SecretMessage m : chats.read(reader, id)) {
          messages.add(message(m.index(), m.from(), id.peerOf(m.from()), m.text(), out));
        }
        String picture = chats.visualization(reader, id).orElseThrow().value().hex();
        out.put("messages", messages)
            .put("key_visualization", picture)
            .line("(decrypted on the device of " + reader + "; key visualization " + picture + ")");
      } else {
        for (ChatMessage m : world.read(reader, id)) {
          messages.add(message(m.index(), m.from(), m.to(), m.text(), out));
        }
        out.put("messages", messages);
      }
      if (messages.isEmpty()) {
        out.line("(no messages in " + id + ")");
      }
      return out;
    }
  }

  private static Map<String, Object> message(
      long index, UserId from, UserId to, String text, Output out) {
    out.line("#" + index + " " + from + " -> " + to + ": " + text);
    return object("index", index, "from", from.name(), "to", to.name(), "text", text);
  }
}
