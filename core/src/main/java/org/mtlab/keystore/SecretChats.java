package org.mtlab.keystore;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.ChatOutcome;
import org.mtlab.e2e.ChatRole;
import org.mtlab.e2e.DhConfig;
import org.mtlab.e2e.ExchangeInitiator;
import org.mtlab.e2e.ExchangeInitiator.AcceptEncryption;
import org.mtlab.e2e.ExchangeInitiator.RequestEncryption;
import org.mtlab.e2e.ExchangeResponder;
import org.mtlab.e2e.KeyFingerprint;
import org.mtlab.e2e.KeyVisualization;
import org.mtlab.e2e.SecretChat;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * Secret chats in the world (docs/world.md, "Secret chats"): the users' devices run the end-to-end
 * layer ({@link org.mtlab.e2e}) and the {@link World}'s server only relays and stores wire values.
 *
 * <ul>
 *   <li><b>Key exchange.</b> The first {@link #send} between two users starts it: the sender's
 *       device draws a and sends g_a, the server {@link World#relay relays} it to the peer's
 *       device, which draws b, computes the key and answers g_b with the key's fingerprint, relayed
 *       back; the sender's device computes the key and checks the fingerprint (docs/protocol.md
 *       §8.1). The server sees g_a and g_b only, and stores neither.
 *   <li><b>Messages.</b> The sender's device seals the text ({@link SecretChat#seal}); the server
 *       stores the wire bytes as they are ({@link World#sendSecret}).
 *   <li><b>Reading.</b> {@link #read} fetches the chat's rows through the server and opens the
 *       peer's new ones on the reader's own device.
 * </ul>
 *
 * <p>Each device keeps its side of each chat, key included, in its own file ({@link DeviceChats});
 * no data centre holds a key that opens the rows, so no set of legal orders discloses them
 * (docs/security.md K11). Both devices are reachable whenever the server is: the model has no
 * offline queue for the exchange.
 *
 * <p>Thread-safe: every public method locks this object (and the world locks itself).
 */
public final class SecretChats {
  private static final int REQUEST = 0x6d74_6531; // the relayed requestEncryption: g_a
  private static final int ACCEPT = 0x6d74_6532; // the relayed acceptEncryption: g_b, fingerprint

  private final World world;
  private final DeviceChats devices;
  private final SecureRandom random;
  private final InstantSource clock;

  /** Secret chats of {@code world}'s users, their sides kept in {@code devices}. */
  public SecretChats(World world, DeviceChats devices, SecureRandom random, InstantSource clock) {
    this.world = Objects.requireNonNull(world, "world");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code from}'s device sends {@code text} to {@code to} in their secret chat, starting the chat
   * with a key exchange if there is none yet. The storage data centre keeps only the end-to-end
   * ciphertext.
   *
   * @throws CheckFailedException if the key exchange or the transport fails a check
   * @throws IOException if a device file cannot be read or written, or a data centre cannot
   * @throws IllegalArgumentException if a user has no registered device, or {@code from} is {@code
   *     to}
   * @throws IllegalStateException if the server is sealed
   */
  public synchronized SentMessage send(UserId from, UserId to, String text)
      throws IOException, CheckFailedException {
    Objects.requireNonNull(text, "text");
    ChatId chat = ChatId.secret(from, to);
    DeviceChats.Chat mine = load(from, chat).orElse(null);
    if (mine == null) {
      mine = exchange(from, to, chat);
    }
    try {
      byte[] wire = mine.e2e().seal(text);
      SentMessage sent = world.sendSecret(from, to, Bytes.copyOf(wire));
      mine.add(new SecretMessage(chat, sent.index(), from, text));
      mine.markRead(sent.index());
      devices.save(mine);
      return sent;
    } finally {
      mine.destroy();
    }
  }

  /** The key exchange between the two devices, the server relaying; both sides are saved. */
  private DeviceChats.Chat exchange(UserId from, UserId to, ChatId chat)
      throws IOException, CheckFailedException {
    DhConfig config = serverDhConfig();
    ExchangeInitiator initiator = ExchangeInitiator.start(config, random);
    TlWriter request = new TlWriter();
    request.writeInt(REQUEST).writeBytes(initiator.request().gA().toByteArray());
    // The peer's device receives g_a through the server, accepts and answers.
    TlReader got = new TlReader(world.relay(from, to, request.toBytes()).toByteArray());
    got.expectConstructor(REQUEST);
    RequestEncryption received = new RequestEncryption(Bytes.copyOf(got.readBytes()));
    got.expectEnd();
    ExchangeResponder.Accepted accepted = ExchangeResponder.accept(config, received, random);
    SecretChat theirs =
        SecretChat.create(ChatRole.RESPONDER, accepted.key(), accepted.group(), random, clock);
    DeviceChats.Chat peer = new DeviceChats.Chat(to, chat, theirs, 0);
    try {
      TlWriter accept = new TlWriter();
      accept
          .writeInt(ACCEPT)
          .writeBytes(accepted.reply().gB().toByteArray())
          .writeLong(accepted.reply().keyFingerprint().value());
      // The originator's device receives g_b through the server and completes.
      TlReader back = new TlReader(world.relay(to, from, accept.toBytes()).toByteArray());
      back.expectConstructor(ACCEPT);
      Bytes gB = Bytes.copyOf(back.readBytes());
      KeyFingerprint fingerprint = new KeyFingerprint(back.readLong());
      back.expectEnd();
      ChatKey key = initiator.complete(new AcceptEncryption(gB, fingerprint));
      DeviceChats.Chat mine =
          new DeviceChats.Chat(
              from,
              chat,
              SecretChat.create(ChatRole.ORIGINATOR, key, initiator.group(), random, clock),
              0);
      devices.save(peer);
      devices.save(mine);
      return mine;
    } finally {
      peer.destroy();
    }
  }

  /** What the server answers to getDhConfig: Telegram's group and fresh server randomness. */
  private DhConfig serverDhConfig() {
    byte[] serverRandom = new byte[256];
    random.nextBytes(serverRandom);
    DhConfig group = DhConfig.telegram();
    return new DhConfig(group.g(), group.p(), group.version(), Bytes.copyOf(serverRandom));
  }

  /**
   * {@code user}'s device reads {@code chat}: it fetches the rows through the server, opens the
   * peer's rows it has not read yet with its own chat key, sends any answer its chat made (a resend
   * request, say), and returns every message it has sent or decrypted, in row order.
   *
   * @throws CheckFailedException if a row fails an end-to-end or transport check (the device's file
   *     is left as it was before this call)
   * @throws IllegalArgumentException if {@code chat} is not a secret chat of {@code user}, or the
   *     device holds no side of it
   */
  public synchronized List<SecretMessage> read(UserId user, ChatId chat)
      throws IOException, CheckFailedException {
    Objects.requireNonNull(chat, "chat");
    if (chat.kind() != ChatKind.SECRET) {
      throw new IllegalArgumentException(chat + " is not a secret chat");
    }
    DeviceChats.Chat mine =
        load(user, chat)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the device of "
                            + user
                            + " holds no key of "
                            + chat
                            + ": nothing was sent in it yet"));
    try {
      UserId peer = chat.peerOf(user);
      List<Bytes> replies = new ArrayList<>();
      for (ChatMessage row : world.read(user, chat)) {
        if (row.index() < mine.readUpTo() || !row.from().equals(peer)) {
          continue;
        }
        ChatOutcome outcome = mine.e2e().open(row.body().toByteArray());
        if (outcome instanceof ChatOutcome.Delivered d) {
          for (org.mtlab.e2e.ChatMessage m : d.messages()) {
            if (m instanceof org.mtlab.e2e.ChatMessage.Text t) {
              mine.add(new SecretMessage(chat, row.index(), peer, t.text()));
            }
          }
        }
        replies.addAll(outcome.replies());
        mine.markRead(row.index());
      }
      for (Bytes reply : replies) {
        mine.markRead(world.sendSecret(user, peer, reply).index());
      }
      devices.save(mine);
      return mine.messages();
    } finally {
      mine.destroy();
    }
  }

  /**
   * The key visualization {@code user}'s device shows for {@code chat} (the two users compare it),
   * if the device holds a side of it.
   */
  public synchronized Optional<KeyVisualization> visualization(UserId user, ChatId chat)
      throws IOException {
    Optional<DeviceChats.Chat> c = load(user, chat);
    Optional<KeyVisualization> v = c.map(x -> x.e2e().visualization());
    c.ifPresent(DeviceChats.Chat::destroy);
    return v;
  }

  private Optional<DeviceChats.Chat> load(UserId user, ChatId chat) throws IOException {
    return devices.load(user, chat, random, clock);
  }
}
