package org.mtlab.cli.tour;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.cli.SeededHandshake;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.TraceEvent;
import org.mtlab.handshake.TraceStep;
import org.mtlab.key.Sender;

/**
 * Chapter 2, creating the auth key: a whole Diffie-Hellman handshake between an MTLab client and an
 * MTLab server, told step by step from its trace (both sides, secrets included).
 *
 * <p>The run is {@link SeededHandshake#run} with the tour's seed, not the chapter's random stream,
 * so {@code mtlab handshake --seed N --trace} shows the very same run, and later chapters get the
 * same key from {@link #handshake(long)} (or {@link TourContext#handshake()}) by running it again:
 * the tour keeps no state between chapters, and a chapter played alone sees the same key as in the
 * whole tour.
 *
 * <p>Stateless and thread-safe.
 */
public final class HandshakeChapter implements Chapter {
  private static final int SHOWN = 32;

  /**
   * The tour's auth key for {@code seed}: the permanent-key handshake this chapter shows, run again
   * without a trace (deterministic, tens of milliseconds). Both results hold the same key and salt;
   * the caller destroys the run when done.
   *
   * @throws CheckFailedException never for this honest pair
   */
  public static InMemoryHandshake.Run handshake(long seed) throws CheckFailedException {
    return SeededHandshake.run(seed, null, HandshakeTrace.none());
  }

  @Override
  public String title() {
    return "Creating the auth key";
  }

  @Override
  public String intro() {
    return "Where does the shared auth key come from? Client and server run a Diffie-Hellman"
        + " key exchange in a few unencrypted packets, protected by the server's RSA key and a"
        + " small proof of work. We follow both sides; 'mtlab handshake --seed N --trace'"
        + " prints the same run in full.";
  }

  @Override
  public void play(TourContext tour) throws Exception {
    List<TraceStep> trace = new ArrayList<>();
    // The tour shows new_nonce, a, b and the keys: that is its job.
    HandshakeTrace sink = HandshakeTrace.withSecrets(SecretAccess.explicitly(), trace::add);
    InMemoryHandshake.Run run = SeededHandshake.run(tour.seed(), null, sink);
    try {
      tell(tour, new Steps(trace, run.packets()));
    } finally {
      run.destroy();
    }
  }

  private static void tell(TourContext tour, Steps t) throws Exception {
    // 1. req_pq_multi
    TraceStep hello = t.get(Sender.CLIENT, "req_pq_multi");
    tour.step(
        "req_pq_multi: the client says hello",
        "No key exists yet, so the first packets travel in clear: auth_key_id = 0, a msg_id"
            + " and a TL object. The client opens with req_pq_multi and a random 128-bit"
            + " nonce; every answer of this run must repeat it, so that stale or foreign"
            + " answers are refused.",
        Values.of()
            .hex("nonce", t.bytes(hello, "nonce"))
            .number("packet_length", t.packetLength("req_pq_multi"))
            .note("20-byte header + TL object"));

    // 2. resPQ
    TraceStep resPq = t.get(Sender.SERVER, "resPQ");
    TraceStep clientResPq = t.get(Sender.CLIENT, "resPQ");
    tour.step(
        "resPQ: the server's challenge",
        "The server adds its own random server_nonce, a number pq, and the fingerprints of the"
            + " RSA keys it holds. The client must already know one of those public keys (apps"
            + " ship with them): that is what stops a man in the middle from posing as the"
            + " server.",
        Values.of()
            .hex("server_nonce", t.bytes(resPq, "server_nonce"))
            .hex("pq", t.bytes(resPq, "pq"))
            .note("big-endian on the wire")
            .text("fingerprint", t.value(resPq, "fingerprint"))
            .text("chosen_fingerprint", t.value(clientResPq, "chosen_fingerprint"))
            .note("a key the client trusts")
            .number("packet_length", t.packetLength("resPQ")));

    // 3. The proof of work.
    TraceEvent.PqFactored pq =
        t.get(Sender.CLIENT, "pq_factorization").event(TraceEvent.PqFactored.class);
    BigInteger p = pq.p();
    BigInteger q = pq.q();
    BigInteger n = pq.pq();
    tour.step(
        "The proof of work: p and q",
        "pq is the product of two primes below 2^32. The client splits it (Pollard's rho takes"
            + " milliseconds) and will send p < q back: a small cost that makes flooding the"
            + " server with handshakes expensive. The server made pq, so it checks the answer"
            + " at once. Try 'mtlab pq --pq "
            + n
            + "'.",
        Values.of()
            .text("pq", n.toString())
            .text("p", p.toString())
            .text("q", q.toString())
            .flag("p_times_q_is_pq", p.multiply(q).equals(n) && p.compareTo(q) < 0));

    // 4. new_nonce and the inner data.
    TraceStep inner = t.get(Sender.CLIENT, "p_q_inner_data_dc");
    TraceEvent.InnerDataMade made = inner.event(TraceEvent.InnerDataMade.class);
    tour.step(
        "new_nonce and p_q_inner_data_dc",
        "Now the client draws its secret, new_nonce (256 random bits), and packs pq, p, q,"
            + " both nonces, new_nonce and the data centre's id into p_q_inner_data_dc."
            + " new_nonce feeds every key made from here on, so only the server may read it.",
        Values.of()
            .secret("new_nonce", t.bytes(inner, "new_nonce"))
            .secret("p_q_inner_data_dc", t.bytes(inner, "data"))
            .note("secret: TL-serialised, " + made.length() + " bytes")
            .number("dc", made.dc()));

    // 5. RSA_PAD.
    TraceStep pad = t.get(Sender.CLIENT, "rsa_pad");
    tour.step(
        "RSA_PAD: for the server's eyes only",
        "RSA_PAD fills the inner data with random bytes to 192, reverses it, appends a SHA-256"
            + " that covers a random temp_key, encrypts that with AES-256-IGE under temp_key,"
            + " and hides temp_key in front of it (xor a hash of the ciphertext). The 256-byte"
            + " result is raised to the RSA exponent modulo the server's 2048-bit key. Without"
            + " the private key nobody gets new_nonce out, and the server notices any change."
            + " req_DH_params carries it with p, q and the fingerprint.",
        Values.of()
            .secret("temp_key", t.bytes(pad, "temp_key"))
            .preview("encrypted_data", t.bytes(pad, "encrypted_data"), SHOWN)
            .number("packet_length", t.packetLength("req_DH_params"))
            .note("req_DH_params"));

    // 6. The server opens it.
    TraceStep opened = t.get(Sender.SERVER, "rsa_pad_decoded");
    tour.step(
        "The server opens RSA_PAD",
        "The server undoes every step with its private key and checks the SHA-256 (in constant"
            + " time) before it parses a single byte; any failure looks the same. It then"
            + " checks that p * q = pq and the nonces, and learns new_nonce.",
        Values.of()
            .text("inner_data", t.value(opened, "inner_data"))
            .text("key_type", t.value(opened, "key_type"))
            .secret("new_nonce", t.bytes(opened, "new_nonce"))
            .flag(
                "same_new_nonce",
                t.value(opened, "new_nonce").equals(t.value(inner, "new_nonce"))));

    // 7. server_DH_inner_data.
    TraceStep serverDh = t.get(Sender.SERVER, "server_DH_inner_data");
    TraceEvent.DhHalfSent half = serverDh.event(TraceEvent.DhHalfSent.class);
    long serverTime = half.serverTime();
    tour.step(
        "The server's half: g, dh_prime and g_a",
        "The server picks the group (g = 3 and Telegram's published 2048-bit safe prime"
            + " dh_prime), a secret exponent a of 2048 random bits, and computes g_a = g^a mod"
            + " dh_prime. It adds its clock, server_time, so the client can make valid msg_ids.",
        Values.of()
            .number("g", half.g())
            .secret("a", t.fixed(serverDh, "a", 256))
            .preview("g_a", t.bytes(serverDh, "g_a"), SHOWN)
            .number("server_time", serverTime)
            .note(Instant.ofEpochSecond(serverTime).toString()));

    // 8. tmp_aes_key and tmp_aes_iv.
    TraceStep clientTmp = t.get(Sender.CLIENT, "tmp_aes");
    tour.step(
        "server_DH_params_ok under tmp_aes_key",
        "The answer is encrypted with AES-256-IGE under a key only the two sides can make,"
            + " since it needs new_nonce: tmp_aes_key = SHA1(new_nonce + server_nonce) +"
            + " SHA1(server_nonce + new_nonce)[0:12], tmp_aes_iv = SHA1(server_nonce +"
            + " new_nonce)[12:20] + SHA1(new_nonce + new_nonce) + new_nonce[0:4]. Check it"
            + " with 'mtlab tmp-aes'.",
        Values.of()
            .secret("tmp_aes_key", t.bytes(serverDh, "tmp_aes_key"))
            .secret("tmp_aes_iv", t.bytes(serverDh, "tmp_aes_iv"))
            .flag(
                "client_derives_the_same",
                t.value(clientTmp, "tmp_aes_key").equals(t.value(serverDh, "tmp_aes_key"))
                    && t.value(clientTmp, "tmp_aes_iv").equals(t.value(serverDh, "tmp_aes_iv")))
            .number("packet_length", t.packetLength("server_DH_params_ok"))
            .note("server_DH_params_ok"));

    // 9. The client's checks.
    TraceStep answer = t.get(Sender.CLIENT, "answer_with_hash");
    TraceStep clientDh = t.get(Sender.CLIENT, "server_DH_inner_data");
    byte[] withHash = t.bytes(answer, "answer_with_hash");
    int answerLength = answer.event(TraceEvent.AnswerDecrypted.class).answerLength();
    byte[] sha1 =
        MessageDigest.getInstance("SHA-1")
            .digest(Arrays.copyOfRange(withHash, 20, 20 + answerLength));
    TraceEvent.DhParamsChecked checked = clientDh.event(TraceEvent.DhParamsChecked.class);
    BigInteger prime = checked.dhPrime();
    BigInteger gA = checked.gA();
    int g = checked.g();
    tour.step(
        "The client checks everything",
        "The client decrypts, checks the SHA-1 in front of the answer, then the DH values:"
            + " dh_prime must be a safe 2048-bit prime (known primes skip the costly test), g"
            + " a quadratic residue so it generates the large prime-order subgroup, and g_a"
            + " must lie between 2^1984 and dh_prime - 2^1984. A server, or a man in the"
            + " middle, offering weak numbers is refused here.",
        Values.of()
            .flag("answer_hash_matches", Arrays.equals(sha1, Arrays.copyOf(withHash, 20)))
            .preview("dh_prime", t.bytes(clientDh, "dh_prime"), SHOWN)
            .number("dh_prime_bits", prime.bitLength())
            .flag("dh_prime_known", checked.dhPrimeKnown())
            .note("Telegram's published safe prime")
            .flag("g_is_quadratic_residue", DhChecks.isQuadraticResidueGenerator(g, prime))
            .flag("g_a_in_range", DhChecks.isInRange(gA, prime))
            .number("clock_offset", checked.clockOffset())
            .note("server_time minus the client's clock, seconds"));

    // 10. b and g_b.
    TraceStep clientHalf = t.get(Sender.CLIENT, "client_DH_inner_data");
    TraceStep received = t.get(Sender.SERVER, "client_DH_inner_data");
    BigInteger gB = received.event(TraceEvent.GbReceived.class).gB();
    tour.step(
        "The client's half: b and g_b",
        "The client picks its own secret b (2048 random bits) and computes g_b = g^b mod"
            + " dh_prime, drawing b again if g_b would fall outside the safe range."
            + " client_DH_inner_data goes back under tmp_aes_key in set_client_DH_params.",
        Values.of()
            .secret("b", t.fixed(clientHalf, "b", 256))
            .preview("g_b", t.bytes(received, "g_b"), SHOWN)
            .flag("g_b_in_range", DhChecks.isInRange(gB, prime))
            .text("retry_id", t.value(clientHalf, "retry_id")) // as the trace gives it (TL long)
            .number("packet_length", t.packetLength("set_client_DH_params"))
            .note("set_client_DH_params"));

    // 11. auth_key = g_ab.
    TraceStep clientKey = t.get(Sender.CLIENT, "auth_key");
    TraceStep serverKey = t.get(Sender.SERVER, "auth_key");
    tour.step(
        "auth_key = g^ab mod dh_prime",
        "The client computes g_a^b, the server g_b^a: both are g^(ab) mod dh_prime, 256 bytes."
            + " An eavesdropper saw neither a nor b. Note for educators: the server ends up"
            + " holding exactly the same auth key as the client. That is the design: it is why"
            + " the server can decrypt, and so read, every cloud chat; only secret chats use"
            + " keys the server never learns.",
        Values.of()
            .secret("auth_key", t.bytes(clientKey, "auth_key"))
            .flag(
                "server_holds_the_same_key",
                t.value(clientKey, "auth_key").equals(t.value(serverKey, "auth_key"))));

    // 12. auth_key_id.
    byte[] id = t.bytes(clientKey, "auth_key_id");
    tour.step(
        "auth_key_id of the new key",
        "From now on every encrypted message names its key by auth_key_id = SHA1(auth_key)"
            + "[12:20]. The server checks that no other key of its own has this id (if one"
            + " had, it would answer dh_gen_retry and the client would try again with a new"
            + " b).",
        Values.of()
            .hex("auth_key_id", id)
            .note("TL long " + LittleEndian.getLong(id, 0))
            .hex("auth_key_aux_hash", t.bytes(clientKey, "auth_key_aux_hash"))
            .note("SHA1(auth_key)[0:8], used for new_nonce_hash")
            .flag(
                "server_id_is_the_same",
                t.value(serverKey, "auth_key_id").equals(t.value(clientKey, "auth_key_id"))));

    // 13. dh_gen_ok.
    TraceStep ok = t.get(Sender.SERVER, "dh_gen_ok");
    TraceStep clientOk = t.get(Sender.CLIENT, "dh_gen_ok");
    tour.step(
        "dh_gen_ok and new_nonce_hash1",
        "The server confirms with new_nonce_hash1 = SHA1(new_nonce + 01 + auth_key_aux_hash)"
            + "[4:20]: only someone who read new_nonce and made the same key can compute it. The"
            + " bytes 02 and 03 give dh_gen_retry and dh_gen_fail their own hashes, so one"
            + " answer cannot be turned into another. Check it with 'mtlab new-nonce-hash'.",
        Values.of()
            .hex("new_nonce_hash1", t.bytes(ok, "new_nonce_hash1"))
            .flag(
                "client_hash_matches",
                t.value(clientOk, "new_nonce_hash1").equals(t.value(ok, "new_nonce_hash1")))
            .number("packet_length", t.packetLength("dh_gen_ok")));

    // 14. The first server salt.
    TraceStep salt = t.get(Sender.CLIENT, "server_salt");
    TraceStep serverSalt = t.get(Sender.SERVER, "server_salt");
    byte[] newNonce = t.bytes(inner, "new_nonce");
    byte[] serverNonce = t.bytes(resPq, "server_nonce");
    tour.step(
        "The first server salt",
        "Both sides end with the first server salt, new_nonce[0:8] xor server_nonce[0:8] read"
            + " as a little-endian long. It goes into the header of every encrypted message;"
            + " the server replaces it about every 30 minutes. The handshake is over: the"
            + " client forgets new_nonce, the temporary keys and b.",
        Values.of()
            .secret("new_nonce_first_8", Arrays.copyOf(newNonce, 8))
            .hex("server_nonce_first_8", Arrays.copyOf(serverNonce, 8))
            .hex("server_salt", t.bytes(salt, "server_salt_bytes"))
            .note("TL long " + t.value(salt, "server_salt"))
            .flag(
                "server_has_the_same_salt",
                t.value(serverSalt, "server_salt").equals(t.value(salt, "server_salt"))));

    // 15. The wire.
    Values wire = Values.of();
    long total = 0;
    int k = 0;
    for (InMemoryHandshake.Packet packet : t.packets) {
      int length = packet.message().toByteArray().length;
      total += length;
      wire.text(
          "packet_" + ++k,
          (packet.from() == Sender.CLIENT ? "client" : "server")
              + " "
              + packet.name()
              + ", "
              + length
              + " bytes");
    }
    wire.number("total_bytes", total);
    tour.step(
        "What an eavesdropper saw",
        t.packets.size()
            + " packets: the nonces, pq, p, q, the fingerprint, and blobs it cannot"
            + " open. Even"
            + " someone who records them and later steals the server's RSA private key gets"
            + " only new_nonce, the temporary keys, g_a and g_b; auth_key needs a or b, which"
            + " never left the two machines.",
        wire);
  }

  /** The trace of one run, looked up by side and step name. */
  private static final class Steps {
    private final List<TraceStep> steps;
    private final List<InMemoryHandshake.Packet> packets;

    Steps(List<TraceStep> steps, List<InMemoryHandshake.Packet> packets) {
      this.steps = steps;
      this.packets = packets;
    }

    TraceStep get(Sender side, String name) {
      for (TraceStep s : steps) {
        if (s.side() == side && s.name().equals(name)) {
          return s;
        }
      }
      throw new IllegalStateException("the trace has no " + side + " step " + name);
    }

    String value(TraceStep s, String name) {
      return s.value(name)
          .orElseThrow(
              () -> new IllegalStateException("step " + s.name() + " has no value " + name));
    }

    /** A hex value as bytes (a big number's odd-length hex gets its leading zero back). */
    byte[] bytes(TraceStep s, String name) {
      String hex = value(s, name);
      return Hex.decode(hex.length() % 2 == 0 ? hex : "0" + hex);
    }

    /** A big number's hex as exactly {@code length} big-endian bytes. */
    byte[] fixed(TraceStep s, String name, int length) {
      byte[] minimal = bytes(s, name);
      if (minimal.length > length) {
        throw new IllegalStateException(name + " is longer than " + length + " bytes");
      }
      byte[] out = new byte[length];
      System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
      return out;
    }

    long packetLength(String name) {
      for (InMemoryHandshake.Packet p : packets) {
        if (p.name().equals(name)) {
          return p.message().toByteArray().length;
        }
      }
      throw new IllegalStateException("no packet " + name);
    }
  }
}
