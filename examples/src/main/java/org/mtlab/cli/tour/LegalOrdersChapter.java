package org.mtlab.cli.tour;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtlab.bytes.Bytes;
import org.mtlab.keystore.AuditEntry;
import org.mtlab.keystore.AuditReport;
import org.mtlab.keystore.ChatId;
import org.mtlab.keystore.ChatMessage;
import org.mtlab.keystore.Disclosure;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.KeyShare;
import org.mtlab.keystore.LegalOrder;

/**
 * Chapter 5, legal orders: in a world like chapter 4's, courts serve orders on the data centres of
 * their own jurisdictions, and {@code World.compel} decides. An order served on another
 * jurisdiction's custodian is refused; the storage jurisdiction with one custodian jurisdiction
 * gets nothing; with two it gets the chat; the operator reads it with no order at all; a re-key
 * makes the shares released before it useless; and every data centre's audit trail records all of
 * it and verifies. Every outcome shown is the library's {@link Disclosure}.
 *
 * <p>Stateless and thread-safe.
 */
public final class LegalOrdersChapter implements Chapter {
  static final List<String> TEXTS =
      List.of("The shipment leaves on Tuesday.", "Bring the blue folder.");
  static final String AFTER_REKEY = "New plan: Thursday.";

  private static final Jurisdiction NL = TourWorld.STORAGE;
  private static final Jurisdiction CH = TourWorld.CUSTODIANS.get(0);
  private static final Jurisdiction SG = TourWorld.CUSTODIANS.get(1);
  private static final Jurisdiction IS = TourWorld.CUSTODIANS.get(2);

  @Override
  public String title() {
    return "Legal orders";
  }

  @Override
  public String intro() {
    return "Who can make the data centres open a cloud chat? Courts serve orders on the data"
        + " centres of their own jurisdictions: each custodian obeys only its own courts, and"
        + " the chat opens only with the storage data centre's rows and enough shares. We serve"
        + " orders and show what the world decides, then what the operator can do without any.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    try (TourWorld w = TourWorld.create(tour)) {
      tell(tour, w);
    }
  }

  private static void tell(TourContext tour, TourWorld w) throws Exception {
    for (String text : TEXTS) {
      w.world.send(TourWorld.ALICE, TourWorld.BOB, text);
    }
    ChatId chat = ChatId.cloud(TourWorld.ALICE, TourWorld.BOB);
    Instant issued = TourWorld.START.minus(Duration.ofHours(2));
    tour.step(
        "A chat the courts ask about",
        "A fresh world shaped like chapter 4's (storage in NL; shares in CH, SG and IS; 2 of 3"
            + " needed). alice sends bob two cloud messages. Each order names the court's"
            + " jurisdiction, the data centre it is served on, the chat, a reference and its"
            + " date; an order is valid for 90 days and used once.",
        Values.of()
            .text("chat", chat.text())
            .number("messages", TEXTS.size())
            .text("storage", NL.code())
            .text("custodians", AtRestChapter.codes(TourWorld.CUSTODIANS))
            .number("threshold", TourWorld.THRESHOLD)
            .text("issued_at", issued.toString()));

    // 1. The wrong jurisdiction.
    Disclosure wrong = w.world.compel(List.of(new LegalOrder(CH, SG, chat, "CH-17", issued)));
    tour.step(
        "An order served on another jurisdiction",
        "A Swiss court serves an order on the custodian in Singapore. Singapore's data centre"
            + " obeys only Singaporean courts: it refuses, records the refusal in its audit"
            + " trail, and releases nothing.",
        outcome(wrong)
            .text("refused_order", describe(wrong.refused().get(0).order()))
            .text("refused_reason", wrong.refused().get(0).reason().name())
            .text("refused_because", wrong.refused().get(0).why()));

    // 2. t - 1 custodians.
    Disclosure tooFew =
        w.world.compel(
            List.of(
                LegalOrder.of(NL, chat, "NL-101", issued),
                LegalOrder.of(CH, chat, "CH-18", issued)));
    tour.step(
        "The storage jurisdiction and one custodian",
        "A Dutch court gets the encrypted rows and the wrapped data keys from the storage data"
            + " centre, and a Swiss court gets Switzerland's share. One share of a 2-of-3 split"
            + " is consistent with every possible master key, so the world does not even try to"
            + " combine it: nothing is disclosed.",
        outcome(tooFew));

    // 3. Custodians without the storage jurisdiction.
    Disclosure noRows =
        w.world.compel(
            List.of(
                LegalOrder.of(CH, chat, "CH-19", issued), LegalOrder.of(IS, chat, "IS-5", issued)));
    tour.step(
        "Two custodians without the storage jurisdiction",
        "Switzerland and Iceland release their shares, which together rebuild the master key;"
            + " but no Dutch order was served, so there is no ciphertext to open.",
        outcome(noRows));

    // 4. Storage + t custodians.
    Disclosure opened =
        w.world.compel(
            List.of(
                LegalOrder.of(NL, chat, "NL-102", issued),
                LegalOrder.of(CH, chat, "CH-20", issued),
                LegalOrder.of(SG, chat, "SG-9", issued)));
    Values disclosed = outcome(opened);
    for (ChatMessage m : opened.messages()) {
      disclosed.text("message_" + m.index(), m.from() + ": " + m.text());
    }
    tour.step(
        "The storage jurisdiction and two custodians",
        "Orders from the Netherlands, Switzerland and Singapore: the rows, and two shares. The"
            + " world checks the shares against the manifest, combines them, unwraps this"
            + " chat's data key (no other chat's) and decrypts the rows. The combined key"
            + " exists only during the call.",
        disclosed);

    // 5. The operator, after a restart.
    w.world.server().seal();
    w.world.server().unseal();
    List<ChatMessage> read = w.world.read(TourWorld.BOB, chat);
    Values operator =
        Values.of()
            .flag("server_unsealed", w.world.server().isUnsealed())
            .number("orders_served", 0);
    for (ChatMessage m : read) {
      operator.text("read_" + m.index(), m.from() + ": " + m.text());
    }
    operator.text("unseal_releases", unsealReleases(w));
    tour.step(
        "The operator needs no order",
        "The server restarts, and unseals as every start: the first two online custodians"
            + " release their shares to the operator, as their audit trails say, and the master"
            + " key stays in its memory. So the operator reads any cloud chat whenever it likes, with no court"
            + " involved; here the server decrypts the chat to deliver it to bob. The split"
            + " protects the data at rest and against courts, not against the operator.",
        operator);

    // 6. A re-key.
    long before = w.world.epoch();
    List<KeyShare> released = List.of(AtRest.share(w, CH, before), AtRest.share(w, SG, before));
    byte[] oldKey = AtRest.combine(released);
    released.forEach(KeyShare::destroy);
    w.world.rekey();
    w.world.send(TourWorld.ALICE, TourWorld.BOB, AFTER_REKEY);
    Bytes worldId = w.world.id();
    int tried = 0;
    int openedByOld = 0;
    for (Object[] k :
        w.rows(
            NL,
            "SELECT key_epoch, master_epoch, wrapped FROM data_key WHERE"
                + " chat = ? ORDER BY key_epoch",
            chat.text())) {
      tried++;
      long keyEpoch = ((Number) k[0]).longValue();
      long masterEpoch = ((Number) k[1]).longValue();
      if (AtRest.open(
              oldKey, AtRest.dataKeyAad(worldId, chat.text(), keyEpoch, masterEpoch), (byte[]) k[2])
          .isPresent()) {
        openedByOld++;
      }
    }
    Arrays.fill(oldKey, (byte) 0);
    Disclosure replayed =
        w.world.compel(
            List.of(
                LegalOrder.of(NL, chat, "NL-102", issued),
                LegalOrder.of(CH, chat, "CH-20", issued),
                LegalOrder.of(SG, chat, "SG-9", issued)));
    Values rekey =
        Values.of()
            .number("epoch_before", before)
            .number("epoch_after", w.world.epoch())
            .number("data_keys_now", tried)
            .note("epoch " + before + "'s key re-wrapped, and a new one for the new message")
            .number("opened_by_the_released_shares", openedByOld)
            .text("same_orders_again", replayed.outcome().name())
            .number("same_orders_refused", replayed.refused().size());
    if (!replayed.refused().isEmpty()) {
      rekey.text("refused_because", replayed.refused().get(0).why());
    }
    tour.step(
        "A re-key makes released shares useless",
        "The operator re-keys: a new master key for epoch "
            + w.world.epoch()
            + ", every data"
            + " key re-wrapped under it, a new split, fresh data keys for new messages, and the"
            + " old shares destroyed. The Swiss and Singaporean shares released above (read"
            + " here from their files before the re-key) rebuild only the old master key, which"
            + " unwraps none of the data keys now stored (the JDK's AES-GCM checks each one)."
            + " Serving the same orders again is refused: each reference is used once.",
        rekey);

    // 7. The audit.
    AuditReport report = w.world.audit().verify();
    Values audit = Values.of();
    for (Jurisdiction j : w.config.dataCentres()) {
      audit.text(j.code().toLowerCase(Locale.ROOT), summary(w.world.audit().trail(j)));
    }
    audit.flag("all_trails_verify", report.ok());
    for (AuditReport.Trail t : report.trails()) {
      audit.number(t.dataCentre().code().toLowerCase(Locale.ROOT) + "_entries", t.entries());
    }
    tour.step(
        "The audit trails",
        "Every data centre appended what it stored, released and refused to its own trail,"
            + " each entry chained to the previous one by SHA-256, and every new head anchored"
            + " in the other data centres, so an edited, deleted or truncated entry is caught."
            + " No entry holds a key, a share or a message. Counts of each action per data"
            + " centre, then the check.",
        audit);
  }

  /** The values every disclosure step shows, straight from the library's {@link Disclosure}. */
  private static Values outcome(Disclosure d) {
    Values v =
        Values.of()
            .text("outcome", d.outcome().name())
            .flag("disclosed", d.disclosed())
            .number("shares_released", d.sharesReleased())
            .number("threshold", d.threshold())
            .text(
                "released_by",
                d.releasedBy().isEmpty() ? "none" : AtRestChapter.codes(d.releasedBy()))
            .flag("ciphertext_released", d.ciphertextReleased())
            .number("messages_disclosed", d.messages().size())
            .text("why", d.why());
    return v;
  }

  private static String describe(LegalOrder o) {
    return "issued in " + o.issuedIn() + ", served on " + o.servedOn() + ", " + o.reference();
  }

  private static String unsealReleases(TourWorld w) throws Exception {
    StringBuilder b = new StringBuilder();
    for (Jurisdiction j : TourWorld.CUSTODIANS) {
      for (AuditEntry e : w.world.audit().trail(j)) {
        if (e.action().equals("RELEASED_SHARE") && e.subject().equals("operator")) {
          b.append(b.length() == 0 ? "" : ", ").append(j);
          break;
        }
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String summary(List<AuditEntry> trail) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (AuditEntry e : trail) {
      counts.merge(e.action(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((a, n) -> parts.add(a + " " + n));
    return String.join(", ", parts);
  }
}
