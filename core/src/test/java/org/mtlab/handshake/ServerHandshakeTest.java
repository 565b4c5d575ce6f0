package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.math.LongMath;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.PqInnerDataTempDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.UnencryptedMessage;

/**
 * The server's checks (SECURITY.md handshake checklist): B66, B67, nonces, fingerprint, DC,
 * key type, the client's DH half; a rejected message changes nothing.
 */
class ServerHandshakeTest {
  private static final Bytes OTHER16 = Bytes.fromHex("ffeeddccbbaa99887766554433221100");
  private static final SecureRandom RANDOM = InMemoryHandshake.seededRandom(99, "test");

  private interface Call {
    Object run() throws Exception;
  }

  private static void assertReason(Call call, CheckReason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CheckFailedException.class)
        .extracting(e -> ((CheckFailedException) e).reason())
        .isEqualTo(reason);
  }

  private static String outcome(Call call) {
    try {
      call.run();
      return "accepted";
    } catch (CheckFailedException e) {
      return e.getClass().getName() + "|" + e.reason() + "|" + e.getMessage() + "|" + e.getCause();
    } catch (Exception e) {
      return "other: " + e;
    }
  }

  /** The genuine req_DH_params still gets server_DH_params_ok. */
  private static void stillAccepts(Rig rig) throws CheckFailedException {
    assertThat(rig.server.receive(rig.reqDh).message().orElseThrow().tlName()).isEqualTo("server_DH_params_ok");
  }

  @Test
  void resPq_offersAProperPuzzle() throws Exception {
    for (long seed = 1; seed <= 10; seed++) {
      Rig rig = Rig.seeded(seed).toResPq();
      assertThat(rig.resPq.nonce()).isEqualTo(rig.reqPq.nonce());
      assertThat(rig.resPq.fingerprints()).containsExactly(Rig.KEY.fingerprint());
      assertThat(rig.resPq.pq().length()).isEqualTo(8);
      PqFactors f = PqFactorizer.splitHandshakePq(rig.resPq.pq());
      assertThat(f.p()).isBetween(1L << 30, 1L << 32);
      assertThat(f.q()).isBetween(1L << 30, 1L << 32);
      assertThat(LongMath.isPrime(f.p()) && LongMath.isPrime(f.q())).isTrue();
    }
  }

  // --- req_DH_params ---------------------------------------------------------------------------

  @Test
  void rsaCiphertextNot256BytesNotBelowNOrFlipped_isOneIdenticalRsaPadInvalid_B66() throws Exception {
    Rig rig = Rig.seeded(1).toReqDh();
    ReqDhParams r = rig.reqDh;
    byte[] ct = r.encryptedData().toByteArray();
    List<byte[]> bad = new java.util.ArrayList<>();
    bad.add(Arrays.copyOf(ct, 255));
    bad.add(Arrays.copyOf(ct, 257));
    bad.add(new byte[0]);
    bad.add(ServerRsaKey.toFixed(Rig.KEY.publicKey().modulus(), 256));
    byte[] ones = new byte[256];
    Arrays.fill(ones, (byte) 0xff);
    bad.add(ones);
    for (int bit = 0; bit < 2048; bit += 37) { // the full sweep is RsaPadTest's
      byte[] f = ct.clone();
      f[bit / 8] ^= (byte) (1 << (bit % 8));
      bad.add(f);
    }
    Set<String> outcomes = new HashSet<>();
    for (byte[] b : bad) {
      outcomes.add(outcome(() -> rig.server.receive(
          new ReqDhParams(r.nonce(), r.serverNonce(), r.p(), r.q(), r.fingerprint(), Bytes.copyOf(b)))));
    }
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.iterator().next()).contains("RSA_PAD_INVALID").endsWith("|null");
    stillAccepts(rig);
  }

  @Test
  void innerDataWithWrongPq_isPqMismatch_B67() throws Exception {
    Rig rig = Rig.seeded(2).toReqDh();
    PqInnerDataDc in = (PqInnerDataDc) rig.inner;
    PqFactors f = PqFactorizer.splitHandshakePq(in.pq());
    long otherPrime = 1000000007L;
    List<InnerData> forged = List.of(
        // p * q != pq
        new PqInnerDataDc(in.pq(), PqFactors.minimalBigEndian(otherPrime), in.q(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
        // p > q
        new PqInnerDataDc(in.pq(), in.q(), in.p(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
        // zero-prefixed (non-canonical) encodings of the right values
        new PqInnerDataDc(in.pq(), Bytes.fromHex("00").concat(in.p()), in.q(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
        new PqInnerDataDc(in.pq(), in.p(), Bytes.fromHex("00").concat(in.q()), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
        // another pq than the one sent
        new PqInnerDataDc(PqFactors.minimalBigEndian(f.pq() + 2), in.p(), in.q(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
        new PqInnerDataDc(Bytes.fromHex("00").concat(in.pq()), in.p(), in.q(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()));
    for (InnerData d : forged) {
      assertReason(() -> rig.server.receive(rig.reqDhWith(d, RANDOM)), CheckReason.PQ_MISMATCH);
    }
    // the outer p and q are checked too
    ReqDhParams r = rig.reqDh;
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), r.serverNonce(), r.q(), r.p(),
        r.fingerprint(), r.encryptedData())), CheckReason.PQ_MISMATCH);
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), r.serverNonce(),
        Bytes.fromHex("00").concat(r.p()), r.q(), r.fingerprint(), r.encryptedData())), CheckReason.PQ_MISMATCH);
    stillAccepts(rig);
  }

  @Test
  void nonceFingerprintDcAndKeyType_areChecked() throws Exception {
    Rig rig = Rig.seeded(3).toReqDh();
    PqInnerDataDc in = (PqInnerDataDc) rig.inner;
    ReqDhParams r = rig.reqDh;
    assertReason(() -> rig.server.receive(new ReqDhParams(OTHER16, r.serverNonce(), r.p(), r.q(),
        r.fingerprint(), r.encryptedData())), CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), OTHER16, r.p(), r.q(),
        r.fingerprint(), r.encryptedData())), CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), r.serverNonce(), r.p(), r.q(),
        r.fingerprint() ^ 1, r.encryptedData())), CheckReason.UNKNOWN_RSA_KEY);
    // inside the RSA_PAD: nonces, dc, the legacy constructor, expires_in
    assertReason(() -> rig.server.receive(rig.reqDhWith(new PqInnerDataDc(in.pq(), in.p(), in.q(),
        OTHER16, in.serverNonce(), in.newNonce(), in.dc()), RANDOM)), CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.server.receive(rig.reqDhWith(new PqInnerDataDc(in.pq(), in.p(), in.q(),
        in.nonce(), OTHER16, in.newNonce(), in.dc()), RANDOM)), CheckReason.NONCE_MISMATCH);
    for (int dc : new int[] {1, 10002, -2, 0}) {
      assertReason(() -> rig.server.receive(rig.reqDhWith(new PqInnerDataDc(in.pq(), in.p(), in.q(),
          in.nonce(), in.serverNonce(), in.newNonce(), dc), RANDOM)), CheckReason.DC_MISMATCH);
    }
    assertReason(() -> rig.server.receive(rig.reqDhWith(new PqInnerData(in.pq(), in.p(), in.q(),
        in.nonce(), in.serverNonce(), in.newNonce()), RANDOM)), CheckReason.DC_MISMATCH);
    for (int expiresIn : new int[] {0, -1, ServerHandshake.DEFAULT_MAX_EXPIRES_IN + 1}) {
      assertReason(() -> rig.server.receive(rig.reqDhWith(new PqInnerDataTempDc(in.pq(), in.p(), in.q(),
          in.nonce(), in.serverNonce(), in.newNonce(), in.dc(), expiresIn), RANDOM)), CheckReason.DC_MISMATCH);
    }
    // data that passes RSA_PAD's hash but is not inner data: parsed only after the check
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), r.serverNonce(), r.p(), r.q(),
        r.fingerprint(), Bytes.copyOf(RsaPad.encrypt(new byte[] {1, 2, 3, 4}, Rig.KEY.publicKey(), RANDOM)))),
        CheckReason.TL_MALFORMED);
    assertReason(() -> rig.server.receive(new ReqDhParams(r.nonce(), r.serverNonce(), r.p(), r.q(),
        r.fingerprint(), Bytes.copyOf(RsaPad.encrypt(rig.reqPq.toByteArray(), Rig.KEY.publicKey(), RANDOM)))),
        CheckReason.TL_MALFORMED);
    stillAccepts(rig);
  }

  @Test
  void temporaryInnerData_makesATemporaryKey() throws Exception {
    Rig rig = new Rig(Rig.clientBuilder(4).temporary(600).build(), Rig.serverBuilder(4).build()).toReqDh();
    assertThat(rig.inner).isInstanceOf(PqInnerDataTempDc.class);
    assertThat(((PqInnerDataTempDc) rig.inner).expiresIn()).isEqualTo(600);
    HandshakeStep ok = rig.server.receive(rig.reqDh);
    HandshakeStep set = rig.client.receive(ok.message().orElseThrow());
    HandshakeStep gen = rig.server.receive(set.message().orElseThrow());
    HandshakeResult server = gen.result().orElseThrow();
    assertThat(server.keyType()).isEqualTo(KeyType.TEMPORARY);
    assertThat(server.expiresAt()).hasValue((int) Rig.NOW.getEpochSecond() + 600);
    HandshakeResult client = rig.client.receive(gen.message().orElseThrow()).result().orElseThrow();
    assertThat(client.expiresAt()).isEqualTo(server.expiresAt());
  }

  // --- set_client_DH_params --------------------------------------------------------------------

  @Test
  void setClientDhParams_checks() throws Exception {
    Rig rig = Rig.seeded(5).toSetClient();
    SetClientDhParams s = rig.setClient;
    ClientDhInnerData real = rig.decodeClientInner(s);
    assertReason(() -> rig.server.receive(new SetClientDhParams(OTHER16, s.serverNonce(), s.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.server.receive(new SetClientDhParams(s.nonce(), OTHER16, s.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    for (int len : new int[] {0, 15, 16, 17, 303}) {
      assertReason(() -> rig.server.receive(new SetClientDhParams(s.nonce(), s.serverNonce(),
          Bytes.copyOf(new byte[len]))), CheckReason.ANSWER_MALFORMED);
    }
    byte[] ct = s.encryptedData().toByteArray();
    Set<CheckReason> reasons = new HashSet<>();
    for (int i = 0; i < ct.length; i += 7) {
      byte[] f = ct.clone();
      f[i] ^= 0x10;
      reasons.add(reasonOf(() -> rig.server.receive(new SetClientDhParams(s.nonce(), s.serverNonce(), Bytes.copyOf(f)))));
    }
    assertThat(reasons).containsExactly(CheckReason.ANSWER_HASH_MISMATCH);
    assertReason(() -> rig.server.receive(rig.forgeClientInner(new ClientDhInnerData(OTHER16,
        real.serverNonce(), 0, real.gB()))), CheckReason.NONCE_MISMATCH);
    assertReason(() -> rig.server.receive(rig.forgeClientInner(new ClientDhInnerData(real.nonce(),
        real.serverNonce(), 12345, real.gB()))), CheckReason.UNEXPECTED_MESSAGE);
    BigInteger p = KnownPrimes.TELEGRAM;
    for (BigInteger gb : List.of(BigInteger.ONE, BigInteger.valueOf(3), p.subtract(BigInteger.ONE), p,
        DhChecks.WINDOW_MARGIN.subtract(BigInteger.ONE))) {
      assertReason(() -> rig.server.receive(rig.forgeClientInner(new ClientDhInnerData(real.nonce(),
          real.serverNonce(), 0, Bytes.copyOf(ServerRsaKey.unsignedBytes(gb))))), CheckReason.DH_G_B_OUT_OF_RANGE);
    }
    // nothing changed: the genuine message finishes the run
    HandshakeStep gen = rig.server.receive(s);
    assertThat(gen.isDone()).isTrue();
    assertThat(rig.client.receive(gen.message().orElseThrow()).isDone()).isTrue();
  }

  // --- order, framing, misuse ------------------------------------------------------------------

  @Test
  void orderAndFraming() throws Exception {
    Rig rig = Rig.seeded(6).toResPq();
    assertReason(() -> rig.server.receive(rig.reqPq), CheckReason.UNEXPECTED_MESSAGE);
    assertReason(() -> rig.server.receive(rig.resPq), CheckReason.UNEXPECTED_MESSAGE);
    Rig fresh = Rig.seeded(7).toSetClient();
    ServerHandshake newServer = Rig.serverBuilder(7).build();
    assertReason(() -> newServer.receive(fresh.setClient), CheckReason.UNEXPECTED_MESSAGE);
    byte[] serverParity = UnencryptedMessage.of(0x65abc0fc00000001L, fresh.reqPq).toByteArray();
    assertReason(() -> newServer.receivePacket(serverParity), CheckReason.MSG_ID_PARITY);
    byte[] good = UnencryptedMessage.of(0x65abc0fc00000004L, fresh.reqPq).toByteArray();
    assertThat(newServer.receivePacket(good).packet().orElseThrow().msgId() & 3).isEqualTo(1);
    // after the run has ended, nothing more is accepted
    HandshakeStep done = fresh.server.receive(fresh.setClient);
    assertThat(done.isDone()).isTrue();
    assertThatThrownBy(() -> fresh.server.receive(fresh.setClient)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverToString_andResultToString_showNoSecrets() throws Exception {
    Rig rig = Rig.seeded(8).toSetClient();
    HandshakeResult r = rig.server.receive(rig.setClient).result().orElseThrow();
    String s = r.toString() + rig.inner.toString() + Rig.KEY.toString();
    String keyHex = org.mtlab.bytes.Hex.encode(r.authKey().reveal(org.mtlab.bytes.SecretAccess.explicitly()));
    for (int i = 0; i + 16 <= keyHex.length(); i += 16) {
      assertThat(s).doesNotContain(keyHex.substring(i, i + 16));
    }
    assertThat(s).doesNotContain(rig.inner.newNonce().hex().substring(0, 16));
    r.destroy();
    assertThat(r.isDestroyed()).isTrue();
    assertThatThrownBy(() -> r.authKey().id()).isInstanceOf(IllegalStateException.class);
  }

  private static CheckReason reasonOf(Call call) {
    try {
      call.run();
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
