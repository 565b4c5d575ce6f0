package org.mtlab.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.handshake.HandshakeResult;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.ServerHandshake;
import org.mtlab.handshake.TraceStep;
import org.mtlab.handshake.TraceValue;
import org.mtlab.key.Sender;
import org.mtlab.tl.UnencryptedMessage;
import org.mtlab.wire.ServerSalt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtlab handshake}: a whole auth-key handshake between an MTLab client and an MTLab server,
 * in memory, every packet serialized and parsed again as a transport would carry it.
 *
 * <p>With {@code --seed N} the run is deterministic ({@link SeededHandshake}): both sides draw from
 * generators seeded from N, the clock stands at {@link SeededHandshake#TIME}, so the same seed
 * always makes the same key (and {@code mtlab tour} chapter 2 with the same seed shows the same
 * run). Without it both sides use fresh {@code SecureRandom}s and the system clock. The server
 * always holds {@link SeededHandshake#demoKey()}, a published key: this is a simulation for
 * teaching, never a way to make a real key.
 *
 * <p>Output: one line per value of the result; with {@code --trace} first every step of both sides
 * in order, with every value, secrets included (new_nonce, a, b, tmp_aes_key, auth_key: showing
 * them is the point of a teaching tool), and after the steps of each side the packet it sent.
 * {@code --json} prints one object: {@code client_auth_key_id}, {@code server_auth_key_id}, {@code
 * server_salt} (the 8 wire bytes, as {@code tmp-aes} prints it), {@code key_type}, {@code
 * expires_at} (with {@code --temp} only) and {@code steps}; without {@code --trace} the steps carry
 * public values only.
 */
@Command(
    name = "handshake",
    mixinStandardHelpOptions = true,
    header = "Run a whole auth-key handshake (client and server) in memory.",
    description = {
      "An MTLab client and an MTLab server create an auth key: req_pq_multi, resPQ (pq),",
      "req_DH_params (p, q, RSA_PAD), server_DH_params_ok (g, dh_prime, g_a),",
      "set_client_DH_params (g_b), dh_gen_ok (new_nonce_hash1). Both sides must end with the",
      "same auth key and server salt (else exit 3). The server's RSA key is MTLab's published",
      "demo key: a simulation for teaching, not a way to make a real key.",
      "--seed N makes the run deterministic (the same N as 'mtlab tour' shows in chapter 2);",
      "without it the run is random. --trace prints every step of both sides with its",
      "values, secrets included, and each packet with its size.",
      "JSON keys: client_auth_key_id, server_auth_key_id, server_salt (8 wire bytes),",
      "key_type, expires_at (--temp only), steps[]: {kind (step or packet), side, name,",
      "values{}, secret[] (names of the secret values)}."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab handshake --seed 7 --trace",
      "  mtlab handshake --seed 7 --json | jq '.steps[] | select(.kind == \"packet\")'",
      "  mtlab handshake --seed 7 --temp 600"
    })
public final class HandshakeCommand extends CliCommand {
  /** The longest --temp the simulated server accepts: one day. */
  static final int MAX_EXPIRES_IN = ServerHandshake.DEFAULT_MAX_EXPIRES_IN;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed both sides' random generators and fix the clock: the same N always"
              + " makes the same key (default: a random run).")
  Long seed;

  @Option(
      names = "--trace",
      description =
          "Print every step of both sides with its values (secrets included) and"
              + " every packet.")
  boolean trace;

  @Option(
      names = "--temp",
      paramLabel = "EXPIRES_IN",
      description =
          "Make a temporary key (p_q_inner_data_temp_dc) that expires after"
              + " EXPIRES_IN seconds, 1.."
              + MAX_EXPIRES_IN
              + ".")
  Integer temp;

  @Option(
      names = "--json",
      description = "Print exactly one JSON object (lower-case hex values) instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (temp != null && (temp < 1 || temp > MAX_EXPIRES_IN)) {
      throw UsageException.of(
          "--temp",
          "must be 1.."
              + MAX_EXPIRES_IN
              + " seconds (the simulated server's limit),"
              + " got "
              + temp);
    }
    List<TraceStep> steps = new ArrayList<>();
    HandshakeTrace handshakeTrace;
    if (trace) {
      // Revealing new_nonce, a, b and the keys is this option's whole purpose.
      handshakeTrace = HandshakeTrace.withSecrets(SecretAccess.explicitly(), steps::add);
    } else if (json) {
      handshakeTrace = HandshakeTrace.publicValues(steps::add);
    } else {
      handshakeTrace = HandshakeTrace.none();
    }
    InMemoryHandshake.Run run = run(handshakeTrace);
    try {
      if (!run.keysAgree()) {
        io().err()
            .println(
                spec.qualifiedName()
                    + ": rejected: client and server do not hold the same auth"
                    + " key and server salt");
        return ExitCode.CHECK_FAILED;
      }
      Report report = summary(run.client(), run.server());
      List<Event> events = events(steps, run.packets());
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>(report.values());
        List<Object> list = new ArrayList<>();
        for (Event e : events) {
          list.add(e.json());
        }
        out.put("steps", list);
        io().out().println(Json.write(out));
      } else {
        if (trace) {
          for (Event e : events) {
            e.print(io());
          }
          io().out().println();
        }
        report.print(io(), false);
      }
      io().out().flush();
      return ExitCode.OK;
    } finally {
      run.destroy();
    }
  }

  /** The run: seeded when {@code --seed} is given, with the lifetime of {@code --temp}. */
  private InMemoryHandshake.Run run(HandshakeTrace handshakeTrace) throws CheckFailedException {
    return SeededHandshake.run(seed, temp, handshakeTrace);
  }

  private static Report summary(HandshakeResult client, HandshakeResult server) {
    ServerSalt salt = client.serverSalt();
    Report report =
        new Report()
            .put("client_auth_key_id", client.authKeyId().hex())
            .note("client_auth_key_id", "as a TL long: " + client.authKeyId().value())
            .put("server_auth_key_id", server.authKeyId().hex())
            .note("server_auth_key_id", "the same: the server holds the same auth key")
            .hex("server_salt", salt.toWire())
            .note("server_salt", "as a TL long: " + salt.value())
            .put("key_type", client.keyType().name().toLowerCase(Locale.ROOT));
    if (client.expiresAt().isPresent()) {
      long at = client.expiresAt().getAsLong();
      report.put("expires_at", at).note("expires_at", Instant.ofEpochSecond(at).toString());
    }
    return report;
  }

  /**
   * The steps in the order they happened, with each packet placed after the run of steps of the
   * side that sent it (each side's steps end with the message it sends; the client's last run,
   * after dh_gen_ok, sends nothing).
   */
  static List<Event> events(List<TraceStep> steps, List<InMemoryHandshake.Packet> packets) {
    List<Event> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < steps.size(); i++) {
      TraceStep s = steps.get(i);
      out.add(Event.of(s));
      boolean runEnds = i + 1 == steps.size() || steps.get(i + 1).side() != s.side();
      if (runEnds && next < packets.size() && packets.get(next).from() == s.side()) {
        out.add(Event.of(packets.get(next++)));
      }
    }
    while (next < packets.size()) {
      out.add(Event.of(packets.get(next++)));
    }
    return out;
  }

  /** One entry of the trace: a step with its values, or a packet on the wire. */
  record Event(
      String kind, Sender side, String name, List<TraceValue> values, Map<String, Object> packet) {

    static Event of(TraceStep s) {
      return new Event("step", s.side(), s.name(), s.values(), null);
    }

    static Event of(InMemoryHandshake.Packet p) {
      UnencryptedMessage m = p.message();
      byte[] bytes = m.toByteArray();
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("msg_id", Long.toUnsignedString(m.msgId()));
      values.put("length", (long) bytes.length);
      values.put("bytes", Hex.encode(bytes));
      return new Event("packet", p.from(), p.name(), List.of(), values);
    }

    Map<String, Object> json() {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("kind", kind);
      o.put("side", side(side));
      o.put("name", name);
      Map<String, Object> v = new LinkedHashMap<>();
      List<Object> secret = new ArrayList<>();
      if (packet != null) {
        v.putAll(packet);
      }
      for (TraceValue t : values) {
        v.put(t.name(), t.value());
        if (t.secret()) {
          secret.add(t.name());
        }
      }
      o.put("values", v);
      o.put("secret", secret);
      return o;
    }

    void print(Io io) {
      if (packet != null) {
        io.out()
            .println(
                "  >> "
                    + side(side)
                    + " sends "
                    + name
                    + ": "
                    + packet.get("length")
                    + " bytes,"
                    + " msg_id "
                    + packet.get("msg_id"));
        return;
      }
      io.out().println("[" + side(side) + "] " + name);
      for (TraceValue t : values) {
        io.out().println("    " + t.name() + " = " + t.value() + (t.secret() ? "  (secret)" : ""));
      }
    }

    private static String side(Sender s) {
      return s.name().toLowerCase(Locale.ROOT);
    }
  }
}
