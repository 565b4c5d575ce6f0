package org.mtlab.cli;

import java.nio.file.Path;
import java.util.List;
import org.mtlab.cli.tour.Chapter;
import org.mtlab.cli.tour.Narrator;
import org.mtlab.cli.tour.Tour;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab tour}: the guided, deterministic walk through the protocol. */
@Command(
    name = "tour",
    mixinStandardHelpOptions = true,
    header = "The guided, deterministic tour: every value shown as it is made.",
    description = {
      "A guided walk through MTProto 2.0: every value is printed as it is made, with a",
      "sentence on what it is for. The same --seed always prints the same values.",
      "Chapters: 1 the primitives (auth key, msg_key, aes_key/aes_iv, IGE, 1.0 vs 2.0);",
      "2 creating the auth key (the DH handshake: pq, RSA_PAD, g_a, g_b, auth_key, salt);",
      "3 messages and sessions (ping and pong, every receiver check, replay, tampering, salts);",
      "4 at rest (a cloud message in the storage data centre, the master key split t-of-n);",
      "5 legal orders (which jurisdictions can open a chat, the operator, re-keying, audit);",
      "6 a secret chat (the end-to-end key exchange, the key picture, orders get ciphertext);",
      "7 what this shows, and what the model leaves out.",
      "Chapters 4-6 build small worlds (one SQLite file per data centre) in a temporary",
      "folder removed at the end; --keep DIR leaves them there for sqlite3 and mtlab world."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab tour",
      "  mtlab tour --seed 42 --chapter 1 --pause",
      "  mtlab tour --chapter 4 --keep /tmp/tour-world",
      "  mtlab tour --json | jq '.chapters[0].steps[4].values'"
    })
public final class TourCommand extends CliCommand {
  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the deterministic random generator (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--chapter",
      paramLabel = "K",
      description = "Play only chapter K (default: all).")
  Integer chapter;

  @Option(names = "--json", description = "Print the whole tour as one JSON object.")
  boolean json;

  @Option(
      names = "--no-color",
      description = "No ANSI colour (also off without a terminal: on JDK 17, stdin and stdout).")
  boolean noColor;

  @Option(
      names = "--pause",
      description =
          "Wait for Enter between steps (only on a terminal: on JDK 17, stdin and stdout).")
  boolean pause;

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description =
          "Build the worlds of chapters 4-6 in DIR and leave them there (default: a"
              + " temporary folder, removed at the end).")
  Path keep;

  @Override
  public Integer call() throws Exception {
    List<Chapter> chapters = Tour.chapters();
    if (chapter != null && (chapter < 1 || chapter > chapters.size())) {
      throw UsageException.of(
          "--chapter", "must be between 1 and " + chapters.size() + ", got " + chapter);
    }
    Io io = io();
    Narrator narrator = new Narrator(io, json, io.colour() && !noColor, pause);
    Tour.play(chapters, chapter == null ? 0 : chapter, seed, narrator, keep);
    return ExitCode.OK;
  }
}
