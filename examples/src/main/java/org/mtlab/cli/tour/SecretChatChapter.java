package org.mtlab.cli.tour;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.e2e.ChatKey;
import org.mtlab.e2e.ChatOutcome;
import org.mtlab.e2e.ChatRole;
import org.mtlab.e2e.DecryptedMessageLayer;
import org.mtlab.e2e.DhConfig;
import org.mtlab.e2e.ExchangeInitiator;
import org.mtlab.e2e.ExchangeResponder;
import org.mtlab.e2e.KeyVisualization;
import org.mtlab.e2e.SecretChat;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.ChatMessage;
import org.mtlab.keystore.Disclosure;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.LegalOrder;
import org.mtlab.keystore.SentMessage;

/**
 * Chapter 6, a secret chat: alice's and bob's phones agree on a chat key by Diffie-Hellman through
 * the server ({@link ExchangeInitiator}, {@link ExchangeResponder}), compare the key visualization,
 * and exchange end-to-end messages ({@link SecretChat}) that the world relays and stores as they
 * are ({@code World.sendSecret}). Orders from every jurisdiction then get only ciphertext: the
 * library's {@link Disclosure} says {@code SECRET_CHAT}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecretChatChapter implements Chapter {
  static final String TEXT = "Only you and I can read this.";
  static final String REPLY = "Agreed. Not even the server.";

  private static final int SHOWN = 32;

  @Override
  public String title() {
    return "A secret chat";
  }

  @Override
  public String intro() {
    return "Cloud chats are readable by the server, and so by enough courts. Secret chats are"
        + " not: the two phones make a key of their own by Diffie-Hellman, the server only"
        + " relays it, and no data centre ever holds anything that opens the messages.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    try (TourWorld w = TourWorld.create(tour)) {
      tell(tour, w);
    }
  }

  private static void tell(TourContext tour, TourWorld w) throws Exception {
    SecretAccess access = SecretAccess.explicitly(); // the tour shows the chat key
    DhConfig config = DhConfig.telegram();
    ExchangeInitiator alice = ExchangeInitiator.start(config, tour.random());
    tour.step(
        "alice asks for a secret chat: g_a",
        "The server hands alice's phone the Diffie-Hellman group (g and a 2048-bit safe prime"
            + " p, the same as the handshake's, checked the same way). The phone draws a secret"
            + " a of 2048 bits and sends g_a = g^a mod p to bob through the server, in"
            + " requestEncryption. The server sees g_a, which tells it nothing about a.",
        Values.of()
            .number("g", config.g())
            .preview("p", config.p().toByteArray(), SHOWN)
            .preview("g_a", alice.request().gA().toByteArray(), SHOWN));

    ExchangeResponder.Accepted accepted =
        ExchangeResponder.accept(config, alice.request(), tour.random());
    byte[] bobKey = accepted.key().reveal(access);
    tour.step(
        "bob accepts: g_b and the key",
        "bob's phone checks g_a (it must lie between 2^1984 and p - 2^1984), draws its own"
            + " secret b, computes the chat key g_a^b mod p, 256 bytes, and answers"
            + " acceptEncryption with g_b = g^b mod p and the key's fingerprint, the last 64"
            + " bits of SHA1(key), its bytes 12 to 20.",
        Values.of()
            .preview("g_b", accepted.reply().gB().toByteArray(), SHOWN)
            .hex("key_fingerprint", accepted.reply().keyFingerprint().toBytes().toByteArray())
            .secret("chat_key", bobKey)
            .note("secret, shown on purpose: only the two phones hold it"));

    ChatKey aliceKey = alice.complete(accepted.reply());
    boolean same = aliceKey.constantTimeEquals(accepted.key());
    tour.step(
        "alice completes the exchange",
        "alice's phone checks g_b the same way, computes g_b^a mod p, and compares its key's"
            + " fingerprint with bob's: a mismatch would end the chat at once. The server"
            + " relayed g_a and g_b but knows neither a nor b, so it cannot compute the key.",
        Values.of()
            .hex("key_fingerprint", aliceKey.fingerprint().toBytes().toByteArray())
            .flag(
                "fingerprints_match",
                aliceKey.fingerprint().equals(accepted.reply().keyFingerprint()))
            .flag("same_key_on_both_phones", same));

    SecretChat a =
        SecretChat.create(ChatRole.ORIGINATOR, aliceKey, alice.group(), tour.random(), w.clock);
    SecretChat b =
        SecretChat.create(
            ChatRole.RESPONDER, accepted.key(), accepted.group(), tour.random(), w.clock);
    try {
      KeyVisualization picture = a.visualization();
      tour.step(
          "The picture both users compare",
          "A man in the middle would have to make one key with alice and another with bob."
              + " To rule that out, both apps draw the key as a picture: 12 x 12 cells in 4"
              + " colours from SHA1(key)[0:16] and SHA256(key)[0:20]. alice and bob hold their"
              + " phones side by side, or read the hex to each other: the same picture means"
              + " the same key.",
          Values.of()
              .grid("picture", picture.grid())
              .text("hex", picture.toText().replace('\n', ' '))
              .flag("bob_sees_the_same", picture.equals(b.visualization())));

      // alice's message through the world.
      byte[] wire = a.seal(TEXT);
      SentMessage sent = w.world.sendSecret(TourWorld.ALICE, TourWorld.BOB, Bytes.copyOf(wire));
      DecryptedMessageLayer layer = inside(bobKey, Sender.CLIENT, wire);
      List<ChatMessage> relayed = w.world.read(TourWorld.BOB, sent.chat());
      byte[] got = relayed.get(relayed.size() - 1).body().toByteArray();
      ChatOutcome outcome = b.open(got);
      tour.step(
          "alice's message",
          "alice's phone wraps the text in a decryptedMessageLayer with random bytes, the"
              + " layer and two sequence numbers, then seals it exactly like a cloud message"
              + " (msg_key, aes_key and aes_iv, AES-256-IGE) under the chat key instead of an"
              + " auth key, with x = 0 for the chat's creator. The wire starts with the key's"
              + " fingerprint. The server stores it as it is, and bob's phone opens it.",
          Values.of()
              .hex("key_fingerprint", Arrays.copyOf(wire, 8))
              .hex("msg_key", Arrays.copyOfRange(wire, 8, 24))
              .preview("ciphertext", Arrays.copyOfRange(wire, 24, wire.length), SHOWN)
              .number("wire_length", wire.length)
              .number("layer", layer.layer())
              .number("out_seq_no", layer.outSeqNo())
              .note("2 x 0 + 1: alice's first message; the creator's are odd")
              .number("in_seq_no", layer.inSeqNo())
              .note("2 x 0 + 0: alice has received nothing yet")
              .text(
                  "stored_as",
                  sent.chat().text() + "#" + sent.index() + ", key epoch " + sent.keyEpoch())
              .text("bob_reads", delivered(outcome)));

      byte[] reply = b.seal(REPLY);
      w.world.sendSecret(TourWorld.BOB, TourWorld.ALICE, Bytes.copyOf(reply));
      DecryptedMessageLayer back = inside(bobKey, Sender.SERVER, reply);
      ChatOutcome answered = a.open(reply);
      tour.step(
          "bob's reply and the sequence numbers",
          "bob's messages use x = 8 and even out_seq_no; his in_seq_no says how many of"
              + " alice's messages he has received (doubled, plus her parity). Each phone checks both numbers: a gap asks for a"
              + " resend, a replay is dropped unread, and a wrong parity ends the chat.",
          Values.of()
              .number("out_seq_no", back.outSeqNo())
              .note("2 x 0 + 0: bob's first message; the other side's are even")
              .number("in_seq_no", back.inSeqNo())
              .note("2 x 1 + 1: bob has received one message")
              .text("alice_reads", delivered(answered))
              .number("alice_sent", a.sentCount())
              .number("alice_received", a.receivedCount()));

      // Orders everywhere.
      ChatId chat = sent.chat();
      List<LegalOrder> orders = new ArrayList<>();
      int k = 0;
      for (Jurisdiction j : w.config.dataCentres()) {
        k++;
        orders.add(LegalOrder.of(j, chat, j.code() + "-" + k, TourWorld.START.minusSeconds(3600)));
      }
      Disclosure d = w.world.compel(orders);
      byte[] stored =
          (byte[])
              w.row(
                      TourWorld.STORAGE,
                      "SELECT body FROM message WHERE chat = ? AND idx = ?",
                      chat.text(),
                      sent.index())[0];
      tour.step(
          "Orders from every jurisdiction",
          "Courts in all four jurisdictions serve orders on the secret chat. The storage data"
              + " centre hands over the rows, and every custodian its share, but the rows are"
              + " the phones' end-to-end ciphertext: no key any data centre holds opens them.",
          Values.of()
              .text("orders", AtRestChapter.codes(w.config.dataCentres()))
              .text("outcome", d.outcome().name())
              .flag("disclosed", d.disclosed())
              .number("shares_released", d.sharesReleased())
              .flag("ciphertext_released", d.ciphertextReleased())
              .number("messages_disclosed", d.messages().size())
              .text(
                  "handed_over", d.ciphertext().isEmpty() ? "" : d.ciphertext().get(0).body().hex())
              .flag("stored_row_is_the_wire", Arrays.equals(stored, wire))
              .text("why", d.why()));
    } finally {
      a.destroy();
      b.destroy();
      Arrays.fill(bobKey, (byte) 0);
    }
  }

  /** Opens {@code wire} with the chat key and the library's KDF and IGE, for display. */
  private static DecryptedMessageLayer inside(byte[] chatKey, Sender x, byte[] wire)
      throws Exception {
    AuthKey key = AuthKey.copyOf(chatKey);
    try (AesKeyIv keyIv = MessageKdf.derive(key, MsgKey.copyOf(wire, 8), x)) {
      byte[] plain =
          AesIge.decrypt(keyIv.key(), keyIv.iv(), Arrays.copyOfRange(wire, 24, wire.length));
      int length = LittleEndian.getInt(plain, 0);
      return DecryptedMessageLayer.parse(plain, 4, length);
    } finally {
      key.destroy();
    }
  }

  private static String delivered(ChatOutcome outcome) {
    if (outcome instanceof ChatOutcome.Delivered d
        && !d.messages().isEmpty()
        && d.messages().get(0) instanceof org.mtlab.e2e.ChatMessage.Text t) {
      return t.text();
    }
    return outcome.getClass().getSimpleName();
  }
}
