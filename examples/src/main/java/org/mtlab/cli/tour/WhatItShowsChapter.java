package org.mtlab.cli.tour;

/**
 * Chapter 7, what this shows: the claims chapters 1 to 6 demonstrated, with where, and the limits
 * of the model, in plain lines. It computes nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class WhatItShowsChapter implements Chapter {
  @Override
  public String title() {
    return "What this shows";
  }

  @Override
  public String intro() {
    return "What the six chapters demonstrated, and, just as plainly, what they did not: a"
        + " model is only as honest as its list of what it leaves out.";
  }

  @Override
  public void play(TourContext tour) {
    tour.step(
        "The claims",
        "Each line names the chapter that showed it with real keys and real checks.",
        Values.of()
            .text(
                "server_holds_the_key",
                "For cloud chats the server holds the same auth key"
                    + " as the client, so it can read every cloud message (chapters 2, 3).")
            .text(
                "checks_refuse_tampering",
                "Every receiver check runs in the protocol's order;"
                    + " a replayed frame, a flipped bit or a stale salt is refused (chapter 3).")
            .text(
                "encrypted_at_rest",
                "Stored messages are AES-GCM ciphertext under per-chat"
                    + " data keys, wrapped under a master key no file holds (chapter 4).")
            .text(
                "split_across_jurisdictions",
                "The master key is split t-of-n across"
                    + " custodians in other jurisdictions; fewer than t shares reveal nothing"
                    + " (chapters 4, 5).")
            .text(
                "orders_need_t_plus_storage",
                "A court opens a cloud chat only with orders in"
                    + " the storage jurisdiction and t custodian jurisdictions (chapter 5).")
            .text(
                "rekey_ends_old_shares",
                "After a re-key, shares released earlier open" + " nothing stored (chapter 5).")
            .text(
                "audited",
                "Every release and refusal is in a hash-chained, cross-anchored"
                    + " audit trail that verifies (chapter 5).")
            .text(
                "secret_chats_stay_closed",
                "Secret-chat keys exist only on the two phones:"
                    + " orders from every jurisdiction get ciphertext (chapter 6)."));

    tour.step(
        "The limits",
        "What a real operator could still do, what stays visible, and what the model leaves"
            + " out. docs/world.md and docs/security.md say more.",
        Values.of()
            .text(
                "the_operator_reads_cloud_chats",
                "While it runs, the server holds the master"
                    + " key and reads any cloud chat with no order (chapter 5). The split protects"
                    + " data at rest and against courts, not against the operator.")
            .text(
                "the_operator_runs_the_code",
                "An operator could change the software: log"
                    + " cloud messages before they are stored, skip the split, or serve a secret"
                    + " chat user a man in the middle; only comparing the key picture catches the"
                    + " last.")
            .text(
                "metadata_stays_visible",
                "Who talks to whom and when, message sizes (to a"
                    + " padding bucket), IP addresses and the audit trails' subjects are visible to"
                    + " the operator, secret chats included.")
            .text(
                "orders_are_simplified",
                "Orders are valid by jurisdiction, date and a"
                    + " one-use reference; courts' signatures and appeals are not modelled.")
            .text(
                "one_process",
                "All data centres run in one process and trust the server to"
                    + " split honestly: no verifiable secret sharing, no real network between them.")
            .text(
                "not_modelled",
                "Phones' own storage, backups, push notifications, calls,"
                    + " media, multiple devices per user, and side channels."));
  }
}
