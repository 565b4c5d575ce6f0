package org.mtlab.cli.tour;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mtlab.bytes.Bytes;
import org.mtlab.keystore.ChatMessage;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.KeyShare;
import org.mtlab.keystore.SentMessage;
import org.mtlab.keystore.SplitManifest;

/**
 * Chapter 4, at rest: a small world (storage in NL, custodians in CH, SG and IS, 2 of 3) in SQLite
 * files; alice sends bob a cloud message; the server opens it and stores it under the chat's data
 * key. Then the tour reads the files as anyone holding them could, and shows the row, the wrapped
 * data key, the master key's shares and, combining two shares as the server does when it unseals,
 * the keys themselves (secrets shown on purpose). Last, what each data centre holds, and the world
 * as {@code mtlab world show} prints it.
 *
 * <p>Stateless and thread-safe.
 */
public final class AtRestChapter implements Chapter {
  /** The cloud message of this chapter. */
  static final String TEXT = "Lunch on Friday? The usual place, at one.";

  @Override
  public String title() {
    return "At rest: who holds what";
  }

  @Override
  public String intro() {
    return "Chapter 3 showed that the server can read every cloud message. What does it do"
        + " with them? It stores them encrypted in one data centre, and splits the key to them"
        + " across data centres in other jurisdictions. We build such a world in four SQLite"
        + " files and look inside each.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    try (TourWorld w = TourWorld.create(tour)) {
      tell(tour, w);
    }
  }

  private static void tell(TourContext tour, TourWorld w) throws Exception {
    Bytes worldId = w.world.id();
    Values world =
        Values.of()
            .text("storage", TourWorld.STORAGE.code())
            .note("holds every chat, encrypted")
            .text("custodians", codes(TourWorld.CUSTODIANS))
            .note("each holds one share of the master key")
            .number("threshold", w.config.threshold())
            .note("shares needed to rebuild the key")
            .hex("world_id", worldId.toByteArray())
            .number("key_epoch", w.world.epoch())
            .text("users", TourWorld.ALICE + ", " + TourWorld.BOB)
            .note("each device ran the handshake of chapter 2 with the server")
            .text("folder", w.shownFolder());
    for (Jurisdiction j : w.config.dataCentres()) {
      world.text("db_" + j.code().toLowerCase(Locale.ROOT), w.file(j));
    }
    tour.step(
        "A world of four data centres",
        "One storage data centre in the Netherlands keeps every chat; three key custodians, in"
            + " Switzerland, Singapore and Iceland, each keep one share of the master key, and"
            + " any "
            + w.config.threshold()
            + " shares rebuild it. Each data centre is its own"
            + " database, here one SQLite file each. alice and bob registered their phones:"
            + " each ran the real handshake, so the server holds a copy of each auth key,"
            + " wrapped under the master key.",
        world);

    // The message.
    SentMessage sent = w.world.send(TourWorld.ALICE, TourWorld.BOB, TEXT);
    List<ChatMessage> read = w.world.read(TourWorld.BOB, sent.chat());
    tour.step(
        "A cloud message reaches the server",
        "alice's phone seals the message under her auth key (chapter 3); the server opens it"
            + " with every receiver check, so it now has the text in clear. It encrypts it at"
            + " rest, commits the row in the storage data centre, and delivers it to bob sealed"
            + " under his own auth key.",
        Values.of()
            .text("text", TEXT)
            .text("chat", sent.chat().text())
            .number("index", sent.index())
            .number("key_epoch", sent.keyEpoch())
            .text("bob_reads", read.get(read.size() - 1).text())
            .note("the server decrypted the row and sealed it for bob's phone"));

    // The row.
    String chat = sent.chat().text();
    Object[] row =
        w.row(
            TourWorld.STORAGE,
            "SELECT key_epoch, body FROM message WHERE chat = ? AND idx = ?",
            chat,
            sent.index());
    byte[] body = (byte[]) row[1];
    byte[] messageAad = AtRest.messageAad(worldId, chat, sent.index(), sent.keyEpoch());
    tour.step(
        "The row in the storage data centre",
        "The server encrypted the text with AES-256-GCM under the chat's data key, with a fresh"
            + " 12-byte nonce. The associated data is not stored: it binds the row to its"
            + " place (world, chat, index, key epoch), so a row copied to another chat or index"
            + " no longer opens. This is the message table of "
            + w.file(TourWorld.STORAGE)
            + ".",
        Values.of()
            .hex("nonce", AtRest.nonce(body))
            .hex("ciphertext", AtRest.ciphertext(body))
            .note("as long as the text: " + TEXT.getBytes(StandardCharsets.UTF_8).length + " bytes")
            .hex("tag", AtRest.tag(body))
            .number("row_length", body.length)
            .hex("associated_data", messageAad)
            .note("'mtlab/message', world id, chat, index, key epoch"));

    // The wrapped data key.
    Object[] dk =
        w.row(
            TourWorld.STORAGE,
            "SELECT key_epoch, master_epoch, wrapped FROM data_key WHERE chat = ?",
            chat);
    long keyEpoch = ((Number) dk[0]).longValue();
    long masterEpoch = ((Number) dk[1]).longValue();
    byte[] wrapped = (byte[]) dk[2];
    byte[] dataKeyAad = AtRest.dataKeyAad(worldId, chat, keyEpoch, masterEpoch);
    tour.step(
        "The chat's data key, wrapped",
        "Each chat has its own 32-byte data key per key epoch. The storage data centre keeps it"
            + " only wrapped: encrypted with AES-256-GCM under the master key, with associated"
            + " data naming the chat and both epochs. So the storage data centre holds"
            + " ciphertext and wrapped keys, and nothing that opens them.",
        Values.of()
            .number("key_epoch", keyEpoch)
            .number("master_epoch", masterEpoch)
            .hex("wrapped_data_key", wrapped)
            .note("12 nonce + 32 encrypted key + 16 tag")
            .hex("associated_data", dataKeyAad)
            .note("'mtlab/data-key', world id, chat, key epoch, master epoch"));

    // The split.
    long epoch = w.world.epoch();
    SplitManifest manifest = AtRest.manifest(w, TourWorld.STORAGE, epoch);
    Values split = Values.of().number("threshold", manifest.threshold());
    for (SplitManifest.Entry e : manifest.entries()) {
      split.hex(
          "commitment_" + e.index() + "_" + e.custodian().code().toLowerCase(Locale.ROOT),
          e.commitment().toByteArray());
    }
    split
        .hex("key_check_value", manifest.kcv().toByteArray())
        .note("HMAC-SHA256 of the master key, first 16 bytes");
    List<KeyShare> shares = new java.util.ArrayList<>();
    try {
      for (Jurisdiction c : TourWorld.CUSTODIANS) {
        KeyShare s = AtRest.share(w, c, epoch);
        shares.add(s);
        split
            .secret("share_" + s.index() + "_" + c.code().toLowerCase(Locale.ROOT), AtRest.y(s))
            .note("secret, shown on purpose: " + c + "'s share, index " + s.index());
      }
      tour.step(
          "The master key, split " + manifest.threshold() + " of " + manifest.entries().size(),
          "The master key exists whole only in the running server's memory. At creation it was"
              + " split with Shamir's scheme over GF(2^8): each custodian keeps one 32-byte"
              + " share, and every data centre records the manifest, a commitment to each share"
              + " and a check value of the key, so a wrong, moved or stale share is refused"
              + " before it is combined. Any one share is uniformly random: alone it says"
              + " nothing about the key.",
          split);

      // Combining and opening.
      byte[] master = AtRest.combine(shares.subList(0, 2));
      byte[] again = AtRest.combine(shares.subList(1, 3));
      Optional<byte[]> dataKey = AtRest.open(master, dataKeyAad, wrapped);
      Optional<byte[]> text = dataKey.flatMap(k -> AtRest.open(k, messageAad, body));
      Optional<byte[]> moved =
          dataKey.flatMap(
              k ->
                  AtRest.open(
                      k,
                      AtRest.messageAad(worldId, chat, sent.index() + 1, sent.keyEpoch()),
                      body));
      Values opened =
          Values.of()
              .secret("master_key", master)
              .note(
                  "secret, shown on purpose: shares of "
                      + TourWorld.CUSTODIANS.get(0)
                      + " and "
                      + TourWorld.CUSTODIANS.get(1)
                      + " combined")
              .flag("other_pair_gives_the_same_key", Arrays.equals(master, again))
              .flag("data_key_unwraps", dataKey.isPresent());
      if (dataKey.isPresent()) {
        opened
            .secret("data_key", dataKey.get())
            .note("secret, shown on purpose: the chat's data key");
      }
      opened
          .flag("row_opens", text.isPresent())
          .text("plaintext", text.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(""))
          .flag("row_moved_to_index_1_opens", moved.isPresent())
          .note("the associated data names index " + sent.index());
      tour.step(
          "Two shares open everything",
          "Combining any two shares, as the server does when it unseals at start, gives the"
              + " master key; it unwraps the chat's data key, which opens the row (the JDK's"
              + " AES-GCM checks each tag, so these are the very keys and associated data the"
              + " server used). That is why the shares sit in different jurisdictions: it takes"
              + " two of them, and the storage files, to read a cloud chat.",
          opened);
      java.util.Arrays.fill(master, (byte) 0);
      java.util.Arrays.fill(again, (byte) 0);
    } finally {
      shares.forEach(KeyShare::destroy);
    }

    // What each data centre holds.
    Values holds = Values.of();
    for (Jurisdiction j : w.config.dataCentres()) {
      StringBuilder b = new StringBuilder(j.equals(TourWorld.STORAGE) ? "storage" : "custodian");
      for (String table :
          List.of("message", "data_key", "device_key", "share", "manifest", "audit")) {
        long n = ((Number) w.row(j, "SELECT COUNT(*) FROM " + table)[0]).longValue();
        if (n > 0) {
          b.append(", ").append(table).append(": ").append(n);
        }
      }
      holds.text(j.code().toLowerCase(Locale.ROOT), b.toString());
    }
    tour.step(
        "What each data centre holds",
        "Row counts per table, read straight from each file. The storage data centre has the"
            + " messages, the wrapped data keys and the wrapped copies of the devices' auth"
            + " keys; each custodian has its own share and nothing else that is secret; all"
            + " have the manifest and their own audit trail. No file holds a master key, a"
            + " data key, an auth key or a message in clear.",
        holds);

    // world show.
    Values show = Values.of();
    List<String> lines = w.show();
    for (int i = 0; i < lines.size(); i++) {
      show.text("line_" + (i + 1), lines.get(i));
    }
    show.text("inspect", w.inspect("SELECT chat, idx, hex(body) FROM message"));
    tour.step(
        "The world as 'mtlab world show' prints it",
        "The world's own description: counts, epochs and which data centre is online, never a"
            + " secret. The server is unsealed, because it holds the master key while it runs.",
        show);
  }

  static String codes(List<Jurisdiction> js) {
    StringBuilder b = new StringBuilder();
    for (Jurisdiction j : js) {
      b.append(b.length() == 0 ? "" : ", ").append(j.code());
    }
    return b.toString();
  }
}
