package org.mtlab.cli.world;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.mtlab.e2e.KeyFingerprint;
import org.mtlab.kdf.MsgKey;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.ChatMessage;
import org.mtlab.keystore.Disclosure;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.LegalOrder;
import org.mtlab.keystore.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world compel}: legal orders from some jurisdictions for one chat. */
@Command(
    name = "compel",
    mixinStandardHelpOptions = true,
    header = "Serve legal orders from some jurisdictions for one chat, and see what they open.",
    description = {
      "Each jurisdiction's court orders its own data centre. A custodian releases its share",
      "(and records it in its audit trail first); the storage data centre hands over the",
      "chat's ciphertext and wrapped data keys. A cloud chat is disclosed only with the",
      "storage jurisdiction and t custodian jurisdictions; with fewer nothing is combined.",
      "A secret chat is never disclosed: no data centre holds its key. With an order from",
      "the storage jurisdiction its rows are handed over as stored, and printed in hex:",
      "key_fingerprint (8 bytes) + msg_key (16) + AES-256-IGE ciphertext, which only the",
      "two devices' chat key opens.",
      "An order is obeyed once: --reference names it (default: a fresh one per run).",
      "Exit 0 whether or not the chat was disclosed.",
      "JSON keys: chat, disclosed, outcome, reason, shares_released, threshold, released_by,",
      "ciphertext_released, refused (jurisdiction, check, reason), messages, ciphertext",
      "(index, from, to, key_fingerprint, msg_key, wire: hex of the whole stored row)."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world compel --dir /tmp/w --jurisdictions NL,CH,SG,BR --chat alice:bob --json",
      "  mtlab world compel --dir /tmp/w --jurisdictions NL,CH,SG,BR,IS --chat secret:alice:bob"
    })
final class CompelCommand extends WorldSubcommand {
  /** Bytes of key_fingerprint at the head of a secret chat's wire value. */
  private static final int FINGERPRINT = KeyFingerprint.LENGTH;

  /** Bytes of msg_key after it. */
  private static final int MSG_KEY = MsgKey.LENGTH;

  @Option(
      names = "--jurisdictions",
      required = true,
      paramLabel = "CODE,CODE,...",
      split = ",",
      description =
          "The jurisdictions whose courts issue an order (each on its own data" + " centre).")
  List<String> jurisdictions;

  @Option(
      names = "--chat",
      required = true,
      paramLabel = "A:B",
      description = "The chat: USER:USER (cloud) or secret:USER:USER.")
  String chat;

  @Option(
      names = "--reference",
      paramLabel = "REF",
      description = "The orders' case reference (each order is REF-CODE); default: a fresh one.")
  String reference;

  @Override
  Output run(WorldFolder folder) throws Exception {
    ChatId id = ChatId.parse(chat);
    String ref = reference != null ? reference : "case-" + HexFormat.of().formatHex(nonce());
    Instant now = Instant.now();
    List<LegalOrder> orders = new ArrayList<>();
    for (String code : jurisdictions) {
      orders.add(LegalOrder.of(Jurisdiction.of(code), id, ref + "-" + code, now));
    }
    try (World world = open(folder, false)) {
      Disclosure d = world.compel(orders);
      List<Map<String, Object>> refused = new ArrayList<>();
      List<Map<String, Object>> messages = new ArrayList<>();
      Output out = new Output();
      out.line(
              (d.disclosed() ? "DISCLOSED " : "withheld (" + d.outcome() + ") ")
                  + id
                  + ": "
                  + d.why())
          .line(
              "shares released "
                  + d.sharesReleased()
                  + " of "
                  + d.threshold()
                  + " needed, by "
                  + d.releasedBy()
                  + "; ciphertext handed over: "
                  + d.ciphertextReleased());
      for (Disclosure.Refusal r : d.refused()) {
        refused.add(
            object(
                "jurisdiction",
                r.order().servedOn().code(),
                "check",
                r.reason().name(),
                "reason",
                r.why()));
        out.line("refused by " + r.order().servedOn() + " (" + r.reason() + "): " + r.why());
      }
      for (ChatMessage m : d.messages()) {
        messages.add(
            object(
                "index",
                m.index(),
                "from",
                m.from().name(),
                "to",
                m.to().name(),
                "text",
                m.text()));
        out.line("#" + m.index() + " " + m.from() + " -> " + m.to() + ": " + m.text());
      }
      List<Map<String, Object>> ciphertext = new ArrayList<>();
      for (ChatMessage m : d.ciphertext()) {
        byte[] wire = m.body().toByteArray();
        String hex = HexFormat.of().formatHex(wire);
        ciphertext.add(
            object(
                "index",
                m.index(),
                "from",
                m.from().name(),
                "to",
                m.to().name(),
                "key_fingerprint",
                hex.substring(0, Math.min(hex.length(), 2 * FINGERPRINT)),
                "msg_key",
                hex.substring(
                    Math.min(hex.length(), 2 * FINGERPRINT),
                    Math.min(hex.length(), 2 * (FINGERPRINT + MSG_KEY))),
                "wire",
                hex));
        out.line(
            "#"
                + m.index()
                + " "
                + m.from()
                + " -> "
                + m.to()
                + ": ciphertext ("
                + wire.length
                + " bytes, no data centre holds its key) "
                + hex);
      }
      return out.put("chat", id.text())
          .put("disclosed", d.disclosed())
          .put("outcome", d.outcome().name())
          .put("reason", d.why())
          .put("shares_released", d.sharesReleased())
          .put("threshold", d.threshold())
          .put("released_by", d.releasedBy().stream().map(Jurisdiction::code).toList())
          .put("ciphertext_released", d.ciphertextReleased())
          .put("refused", refused)
          .put("messages", messages)
          .put("ciphertext", ciphertext);
    }
  }

  private static byte[] nonce() {
    byte[] b = new byte[4];
    random().nextBytes(b);
    return b;
  }
}
