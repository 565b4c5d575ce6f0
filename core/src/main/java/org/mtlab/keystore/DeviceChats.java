package org.mtlab.keystore;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.security.auth.Destroyable;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.e2e.SecretChat;
import org.mtlab.internal.SecretBytes;

/**
 * Where users' devices keep their secret chats: beside each device's auth key, in the folder that
 * stands for the phones ({@link DeviceStore#inFolder}), never in a data centre. One file per device
 * and chat, {@code USER.secret-PEER.chat}, written atomically, holding the chat's end-to-end state
 * ({@link SecretChat#toState}, which includes the chat key), how far the device has read the chat's
 * rows, and the messages it has decrypted or sent.
 *
 * <p>Immutable (the folder); not thread-safe as a store: {@link SecretChats} serialises access.
 */
public final class DeviceChats {
  private static final String INFIX = ".secret-";
  private static final String SUFFIX = ".chat";

  private final Path folder;

  private DeviceChats(Path folder) {
    this.folder = folder;
  }

  /** Chat files in {@code folder} (created when needed). */
  public static DeviceChats inFolder(Path folder) {
    return new DeviceChats(Objects.requireNonNull(folder, "folder"));
  }

  private Path file(UserId user, UserId peer) {
    return folder.resolve(user.name() + INFIX + peer.name() + SUFFIX);
  }

  /**
   * {@code user}'s device's side of {@code chat}, if it has one.
   *
   * @throws IOException if the file is unreadable or malformed
   */
  public Optional<Chat> load(UserId user, ChatId chat, SecureRandom random, InstantSource clock)
      throws IOException {
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    Path f = file(user, chat.peerOf(user));
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    byte[] state = null;
    try {
      state = Hex.decode(p.getProperty("state", ""));
      Chat c =
          new Chat(
              user,
              chat,
              SecretChat.fromState(state, random, clock),
              Long.parseLong(p.getProperty("read_up_to", "")));
      int n = Integer.parseInt(p.getProperty("messages", ""));
      for (int i = 0; i < n; i++) {
        c.messages.add(
            new SecretMessage(
                chat,
                Long.parseLong(p.getProperty("message." + i + ".index", "")),
                UserId.of(p.getProperty("message." + i + ".from", "")),
                p.getProperty("message." + i + ".text", "")));
      }
      return Optional.of(c);
    } catch (IllegalArgumentException e) {
      throw new IOException("secret chat file " + f + " is malformed", e);
    } finally {
      if (state != null) {
        SecretBytes.wipe(state);
      }
    }
  }

  /** Writes (or replaces) {@code chat}'s file, atomically (temp file, then move). */
  public void save(Chat chat) throws IOException {
    Objects.requireNonNull(chat, "chat");
    Files.createDirectories(folder);
    Properties p = new Properties();
    p.setProperty("user", chat.user.name());
    p.setProperty("chat", chat.chat.text());
    byte[] state = chat.e2e.toState(SecretAccess.explicitly());
    try {
      p.setProperty("state", Hex.encode(state));
    } finally {
      SecretBytes.wipe(state);
    }
    p.setProperty("read_up_to", Long.toString(chat.readUpTo));
    p.setProperty("messages", Integer.toString(chat.messages.size()));
    for (int i = 0; i < chat.messages.size(); i++) {
      SecretMessage m = chat.messages.get(i);
      p.setProperty("message." + i + ".index", Long.toString(m.index()));
      p.setProperty("message." + i + ".from", m.from().name());
      p.setProperty("message." + i + ".text", m.text());
    }
    Path target = file(chat.user, chat.chat.peerOf(chat.user));
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "MTLab device: a secret chat's key and messages (a phone's secret)");
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Every secret chat some device here holds, with the users whose devices hold its key. */
  public Map<ChatId, List<UserId>> holders() throws IOException {
    Map<ChatId, List<UserId>> out = new TreeMap<>((a, b) -> a.text().compareTo(b.text()));
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (var s = Files.list(folder)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        int infix = n.indexOf(INFIX);
        if (!n.endsWith(SUFFIX) || infix < 0) {
          continue;
        }
        try {
          UserId user = UserId.of(n.substring(0, infix));
          UserId peer =
              UserId.of(n.substring(infix + INFIX.length(), n.length() - SUFFIX.length()));
          out.computeIfAbsent(ChatId.secret(user, peer), k -> new ArrayList<>()).add(user);
        } catch (IllegalArgumentException e) {
          // not one of ours
        }
      }
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  /**
   * One device's side of one secret chat: the end-to-end state, the next row of the chat it has not
   * read, and the messages it has seen, in row order. Confined to one thread; {@link #destroy()}
   * destroys the chat key.
   */
  public static final class Chat implements Destroyable {
    private final UserId user;
    private final ChatId chat;
    private final SecretChat e2e;
    private long readUpTo;
    private final List<SecretMessage> messages = new ArrayList<>();

    /** A new side of {@code chat} for {@code user}'s device, nothing read yet. */
    public Chat(UserId user, ChatId chat, SecretChat e2e, long readUpTo) {
      this.user = Objects.requireNonNull(user, "user");
      this.chat = Objects.requireNonNull(chat, "chat");
      this.e2e = Objects.requireNonNull(e2e, "e2e");
      if (chat.kind() != ChatKind.SECRET || !chat.includes(user)) {
        throw new IllegalArgumentException(user + " has no side in secret chat " + chat);
      }
      if (readUpTo < 0) {
        throw new IllegalArgumentException("readUpTo must not be negative");
      }
      this.readUpTo = readUpTo;
    }

    /** Whose device. */
    public UserId user() {
      return user;
    }

    /** The chat. */
    public ChatId chat() {
      return chat;
    }

    /** The end-to-end state (owned by this object). */
    public SecretChat e2e() {
      return e2e;
    }

    /** The first row of the chat this device has not read. */
    public long readUpTo() {
      return readUpTo;
    }

    /** The messages this device sent or decrypted, in row order (a copy). */
    public List<SecretMessage> messages() {
      return List.copyOf(messages);
    }

    void markRead(long row) {
      readUpTo = Math.max(readUpTo, row + 1);
    }

    void add(SecretMessage m) {
      messages.add(m);
      messages.sort((a, b) -> Long.compare(a.index(), b.index()));
    }

    @Override
    public void destroy() {
      e2e.destroy();
    }

    @Override
    public boolean isDestroyed() {
      return e2e.isDestroyed();
    }

    /** The user, the chat and counters; never key bytes. */
    @Override
    public String toString() {
      return "DeviceChats.Chat["
          + user
          + ", "
          + chat
          + ", read up to "
          + readUpTo
          + ", "
          + messages.size()
          + " message(s), "
          + e2e
          + "]";
    }
  }
}
