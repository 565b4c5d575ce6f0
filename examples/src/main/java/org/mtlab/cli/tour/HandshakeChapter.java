package org.mtlab.cli.tour;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.cli.SeededHandshake;
import org.mtlab.handshake.DhChecks;
import org.mtlab.handshake.HandshakeTrace;
import org.mtlab.handshake.InMemoryHandshake;
import org.mtlab.handshake.TraceEvent;
import org.mtlab.handshake.TraceSecret;
import org.mtlab.handshake.TraceStep;
import org.mtlab.key.AuthKeyId;
import org.mtlab.key.Sender;
import org.mtlab.wire.ServerSalt;

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
    TraceEvent.NonceSent hello = t.event(Sender.CLIENT, "req_pq_multi", TraceEvent.NonceSent.class);
    tour.step(
        "req_pq_multi: the client says hello",
        "No key exists yet, so the first packets travel in clear: auth_key_id = 0, a msg_id"
            + " and a TL object. The client opens with req_pq_multi and a random 128-bit"
            + " nonce; every answer of this run must repeat it, so that stale or foreign"
            + " answers are refused.",
        Values.of()
            .hex("nonce", hello.nonce().toByteArray())
            .number("packet_length", t.packetLength("req_pq_multi"))
            .note("20-byte header + TL object"));

    // 2. resPQ
    TraceEvent.ResPqSent resPq = t.event(Sender.SERVER, "resPQ", TraceEvent.ResPqSent.class);
    TraceEvent.ResPqReceived clientResPq =
        t.event(Sender.CLIENT, "resPQ", TraceEvent.ResPqReceived.class);
    tour.step(
        "resPQ: the server's challenge",
        "The server adds its own random server_nonce, a number pq, and the fingerprints of the"
            + " RSA keys it holds. The client must already know one of those public keys (apps"
            + " ship with them): that is what stops a man in the middle from posing as the"
            + " server.",
        Values.of()
            .hex("server_nonce", resPq.serverNonce().toByteArray())
            .hex("pq", resPq.pq().toByteArray())
            .note("big-endian on the wire")
            .text("fingerprint", fingerprintHex(resPq.fingerprint()))
            .text("chosen_fingerprint", fingerprintHex(clientResPq.chosenFingerprint()))
            .note("a key the client trusts")
            .number("packet_length", t.packetLength("resPQ")));

    // 3. The proof of work.
    TraceEvent.PqFactored pq =
        t.event(Sender.CLIENT, "pq_factorization", TraceEvent.PqFactored.class);
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
    TraceEvent.InnerDataMade made =
        t.event(Sender.CLIENT, "p_q_inner_data_dc", TraceEvent.InnerDataMade.class);
    Bytes newNonce = reveal(made.newNonce());
    tour.step(
        "new_nonce and p_q_inner_data_dc",
        "Now the client draws its secret, new_nonce (256 random bits), and packs pq, p, q,"
            + " both nonces, new_nonce and the data centre's id into p_q_inner_data_dc."
            + " new_nonce feeds every key made from here on, so only the server may read it.",
        Values.of()
            .secret("new_nonce", newNonce.toByteArray())
            .secret("p_q_inner_data_dc", reveal(made.data()).toByteArray())
            .note("secret: TL-serialised, " + made.length() + " bytes")
            .number("dc", made.dc()));

    // 5. RSA_PAD.
    TraceEvent.RsaPadEncoded pad =
        t.event(Sender.CLIENT, "rsa_pad", TraceEvent.RsaPadEncoded.class);
    tour.step(
        "RSA_PAD: for the server's eyes only",
        "RSA_PAD fills the inner data with random bytes to 192, reverses it, appends a SHA-256"
            + " that covers a random temp_key, encrypts that with AES-256-IGE under temp_key,"
            + " and hides temp_key in front of it (xor a hash of the ciphertext). The 256-byte"
            + " result is raised to the RSA exponent modulo the server's 2048-bit key. Without"
            + " the private key nobody gets new_nonce out, and the server notices any change."
            + " req_DH_params carries it with p, q and the fingerprint.",
        Values.of()
            .secret("temp_key", reveal(pad.tempKey()).toByteArray())
            .preview("encrypted_data", pad.encryptedData().toByteArray(), SHOWN)
            .number("packet_length", t.packetLength("req_DH_params"))
            .note("req_DH_params"));

    // 6. The server opens it.
    TraceEvent.InnerDataOpened opened =
        t.event(Sender.SERVER, "rsa_pad_decoded", TraceEvent.InnerDataOpened.class);
    Bytes openedNonce = reveal(opened.newNonce());
    tour.step(
        "The server opens RSA_PAD",
        "The server undoes every step with its private key and checks the SHA-256 (in constant"
            + " time) before it parses a single byte; any failure looks the same. It then"
            + " checks that p * q = pq and the nonces, and learns new_nonce.",
        Values.of()
            .text("inner_data", opened.innerData())
            .text("key_type", opened.keyType().name())
            .secret("new_nonce", openedNonce.toByteArray())
            .flag("same_new_nonce", openedNonce.equals(newNonce)));

    // 7. server_DH_inner_data.
    TraceEvent.DhHalfSent half =
        t.event(Sender.SERVER, "server_DH_inner_data", TraceEvent.DhHalfSent.class);
    long serverTime = half.serverTime();
    tour.step(
        "The server's half: g, dh_prime and g_a",
        "The server picks the group (g = 3 and Telegram's published 2048-bit safe prime"
            + " dh_prime), a secret exponent a of 2048 random bits, and computes g_a = g^a mod"
            + " dh_prime. It adds its clock, server_time, so the client can make valid msg_ids.",
        Values.of()
            .number("g", half.g())
            .secret("a", fixed(reveal(half.a()), 256))
            .preview("g_a", unsigned(half.gA()), SHOWN)
            .number("server_time", serverTime)
            .note(Instant.ofEpochSecond(serverTime).toString()));

    // 8. tmp_aes_key and tmp_aes_iv.
    TraceEvent.TmpAesDerived clientTmp =
        t.event(Sender.CLIENT, "tmp_aes", TraceEvent.TmpAesDerived.class);
    Bytes tmpAesKey = reveal(half.tmpAesKey());
    Bytes tmpAesIv = reveal(half.tmpAesIv());
    tour.step(
        "server_DH_params_ok under tmp_aes_key",
        "The answer is encrypted with AES-256-IGE under a key only the two sides can make,"
            + " since it needs new_nonce: tmp_aes_key = SHA1(new_nonce + server_nonce) +"
            + " SHA1(server_nonce + new_nonce)[0:12], tmp_aes_iv = SHA1(server_nonce +"
            + " new_nonce)[12:20] + SHA1(new_nonce + new_nonce) + new_nonce[0:4]. Check it"
            + " with 'mtlab tmp-aes'.",
        Values.of()
            .secret("tmp_aes_key", tmpAesKey.toByteArray())
            .secret("tmp_aes_iv", tmpAesIv.toByteArray())
            .flag(
                "client_derives_the_same",
                reveal(clientTmp.tmpAesKey()).equals(tmpAesKey)
                    && reveal(clientTmp.tmpAesIv()).equals(tmpAesIv))
            .number("packet_length", t.packetLength("server_DH_params_ok"))
            .note("server_DH_params_ok"));

    // 9. The client's checks.
    TraceEvent.AnswerDecrypted answer =
        t.event(Sender.CLIENT, "answer_with_hash", TraceEvent.AnswerDecrypted.class);
    byte[] withHash = reveal(answer.answerWithHash()).toByteArray();
    int answerLength = answer.answerLength();
    byte[] sha1 =
        MessageDigest.getInstance("SHA-1")
            .digest(Arrays.copyOfRange(withHash, 20, 20 + answerLength));
    TraceEvent.DhParamsChecked checked =
        t.event(Sender.CLIENT, "server_DH_inner_data", TraceEvent.DhParamsChecked.class);
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
            .preview("dh_prime", unsigned(prime), SHOWN)
            .number("dh_prime_bits", prime.bitLength())
            .flag("dh_prime_known", checked.dhPrimeKnown())
            .note("Telegram's published safe prime")
            .flag("g_is_quadratic_residue", DhChecks.isQuadraticResidueGenerator(g, prime))
            .flag("g_a_in_range", DhChecks.isInRange(gA, prime))
            .number("clock_offset", checked.clockOffset())
            .note("server_time minus the client's clock, seconds"));

    // 10. b and g_b.
    TraceEvent.GbSent clientHalf =
        t.event(Sender.CLIENT, "client_DH_inner_data", TraceEvent.GbSent.class);
    BigInteger gB =
        t.event(Sender.SERVER, "client_DH_inner_data", TraceEvent.GbReceived.class).gB();
    tour.step(
        "The client's half: b and g_b",
        "The client picks its own secret b (2048 random bits) and computes g_b = g^b mod"
            + " dh_prime, drawing b again if g_b would fall outside the safe range."
            + " client_DH_inner_data goes back under tmp_aes_key in set_client_DH_params.",
        Values.of()
            .secret("b", fixed(reveal(clientHalf.b()), 256))
            .preview("g_b", unsigned(gB), SHOWN)
            .flag("g_b_in_range", DhChecks.isInRange(gB, prime))
            .text("retry_id", Long.toString(reveal(clientHalf.retryId()))) // as a TL long
            .number("packet_length", t.packetLength("set_client_DH_params"))
            .note("set_client_DH_params"));

    // 11. auth_key = g_ab.
    TraceEvent.AuthKeyMade clientKey =
        t.event(Sender.CLIENT, "auth_key", TraceEvent.AuthKeyMade.class);
    TraceEvent.AuthKeyMade serverKey =
        t.event(Sender.SERVER, "auth_key", TraceEvent.AuthKeyMade.class);
    Bytes authKey = reveal(clientKey.authKey());
    tour.step(
        "auth_key = g^ab mod dh_prime",
        "The client computes g_a^b, the server g_b^a: both are g^(ab) mod dh_prime, 256 bytes."
            + " An eavesdropper saw neither a nor b. Note for educators: the server ends up"
            + " holding exactly the same auth key as the client. That is the design: it is why"
            + " the server can decrypt, and so read, every cloud chat; only secret chats use"
            + " keys the server never learns.",
        Values.of()
            .secret("auth_key", authKey.toByteArray())
            .flag("server_holds_the_same_key", reveal(serverKey.authKey()).equals(authKey)));

    // 12. auth_key_id.
    AuthKeyId id = clientKey.authKeyId();
    tour.step(
        "auth_key_id of the new key",
        "From now on every encrypted message names its key by auth_key_id = SHA1(auth_key)"
            + "[12:20]. The server checks that no other key of its own has this id (if one"
            + " had, it would answer dh_gen_retry and the client would try again with a new"
            + " b).",
        Values.of()
            .hex("auth_key_id", id.toWire())
            .note("TL long " + id.value())
            .hex("auth_key_aux_hash", reveal(clientKey.authKeyAuxHash()).toByteArray())
            .note("SHA1(auth_key)[0:8], used for new_nonce_hash")
            .flag("server_id_is_the_same", serverKey.authKeyId().equals(id)));

    // 13. dh_gen_ok.
    TraceEvent.DhGenHash ok = t.event(Sender.SERVER, "dh_gen_ok", TraceEvent.DhGenHash.class);
    TraceEvent.DhGenHash clientOk = t.event(Sender.CLIENT, "dh_gen_ok", TraceEvent.DhGenHash.class);
    tour.step(
        "dh_gen_ok and new_nonce_hash1",
        "The server confirms with new_nonce_hash1 = SHA1(new_nonce + 01 + auth_key_aux_hash)"
            + "[4:20]: only someone who read new_nonce and made the same key can compute it. The"
            + " bytes 02 and 03 give dh_gen_retry and dh_gen_fail their own hashes, so one"
            + " answer cannot be turned into another. Check it with 'mtlab new-nonce-hash'.",
        Values.of()
            .hex("new_nonce_hash1", ok.newNonceHash().toByteArray())
            .flag("client_hash_matches", clientOk.newNonceHash().equals(ok.newNonceHash()))
            .number("packet_length", t.packetLength("dh_gen_ok")));

    // 14. The first server salt.
    ServerSalt salt =
        reveal(t.event(Sender.CLIENT, "server_salt", TraceEvent.SaltMade.class).serverSalt());
    ServerSalt serverSalt =
        reveal(t.event(Sender.SERVER, "server_salt", TraceEvent.SaltMade.class).serverSalt());
    tour.step(
        "The first server salt",
        "Both sides end with the first server salt, new_nonce[0:8] xor server_nonce[0:8] read"
            + " as a little-endian long. It goes into the header of every encrypted message;"
            + " the server replaces it about every 30 minutes. The handshake is over: the"
            + " client forgets new_nonce, the temporary keys and b.",
        Values.of()
            .secret("new_nonce_first_8", newNonce.slice(0, 8).toByteArray())
            .hex("server_nonce_first_8", resPq.serverNonce().slice(0, 8).toByteArray())
            .hex("server_salt", salt.toWire())
            .note("TL long " + salt.value())
            .flag("server_has_the_same_salt", serverSalt.equals(salt)));

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

  /** A secret of the trace; the chapter's trace is made with secrets, so it is present. */
  private static <T> T reveal(Optional<TraceSecret<T>> secret) {
    return secret
        .orElseThrow(() -> new IllegalStateException("the trace has no secrets"))
        .reveal(SecretAccess.explicitly());
  }

  /** A fingerprint's 8 wire bytes as hex, as the CLI prints it. */
  private static String fingerprintHex(long fingerprint) {
    return Hex.encode(LittleEndian.longBytes(fingerprint));
  }

  /** A non-negative number as its shortest big-endian bytes. */
  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** A non-negative number as exactly {@code length} big-endian bytes. */
  private static byte[] fixed(BigInteger n, int length) {
    byte[] minimal = unsigned(n);
    if (minimal.length > length) {
      throw new IllegalStateException("the number is longer than " + length + " bytes");
    }
    byte[] out = new byte[length];
    System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
    return out;
  }

  /** The events of one run, looked up by side and step name, and its packets. */
  private static final class Steps {
    private final List<TraceStep> steps;
    private final List<InMemoryHandshake.Packet> packets;

    Steps(List<TraceStep> steps, List<InMemoryHandshake.Packet> packets) {
      this.steps = steps;
      this.packets = packets;
    }

    /** The typed event of the first step called {@code name} on {@code side}. */
    <E extends TraceEvent> E event(Sender side, String name, Class<E> type) {
      for (TraceStep s : steps) {
        if (s.side() == side && s.name().equals(name)) {
          return s.event(type);
        }
      }
      throw new IllegalStateException("the trace has no " + side + " step " + name);
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
