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
import org.mtlab.bytes.SecretAccess;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.PqInnerDataTempDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.UnencryptedMessage;

/**
 * The server's checks (docs/security.md handshake checklist): B66, B67, nonces, fingerprint, DC,
 * key type, the client's DH half; a rejected message changes nothing.
 */
class ServerHandshakeTest {
  private static final Bytes OTHER16 = Bytes.fromHex("ffeeddccbbaa99887766554433221100");
  private static final SecureRandom RANDOM = org.mtlab.testing.Seeds.secureRandom(99, "test");

  private interface Call {
    Object run() throws Exception;
  }

  /**
   * The reason {@code call} fails with: a thrown CheckFailedException, or a step that ends the run
   * (a failed req_DH_params, which must carry the transport error -404).
   */
  private static void assertReason(Call call, CheckReason reason) {
    Object result;
    try {
      result = call.run();
    } catch (CheckFailedException e) {
      assertThat(e.reason()).isEqualTo(reason);
      return;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    assertThat(result).isInstanceOf(HandshakeStep.Failed.class);
    HandshakeStep.Failed failed = (HandshakeStep.Failed) result;
    assertThat(failed.reason()).isEqualTo(reason);
    assertThat(failed.transportError()).hasValue(HandshakeStep.TRANSPORT_ERROR_NOT_FOUND);
    assertThat(failed.toSend()).isEmpty();
  }

  /** A fresh rig of {@code seed} at req_DH_params: a failed req_DH_params ends its server. */
  private static Rig fresh(long seed) throws CheckFailedException {
    return Rig.seeded(seed).toReqDh();
  }

  private static String outcome(Call call) {
    try {
      Object result = call.run();
      if (result instanceof HandshakeStep.Failed f) {

        return "failed|" + f.reason() + "|" + f.transportError();
      }
      return "accepted";
    } catch (CheckFailedException e) {
      return e.getClass().getName() + "|" + e.reason() + "|" + e.getMessage() + "|" + e.getCause();
    } catch (Exception e) {
      return "other: " + e;
    }
  }

  /** The genuine req_DH_params still gets server_DH_params_ok. */
  private static void stillAccepts(Rig rig) throws CheckFailedException {
    assertThat(rig.server.receive(rig.reqDh).toSend().orElseThrow().message().tlName())
        .isEqualTo("server_DH_params_ok");
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
  void rsaCiphertextNot256BytesNotBelowNOrFlipped_isOneIdenticalRsaPadInvalid_B66()
      throws Exception {
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
      outcomes.add(
          outcome(
              () ->
                  fresh(1)
                      .server
                      .receive(
                          new ReqDhParams(
                              r.nonce(),
                              r.serverNonce(),
                              r.p(),
                              r.q(),
                              r.fingerprint(),
                              Bytes.copyOf(b)))));
    }
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.iterator().next()).isEqualTo("failed|RSA_PAD_INVALID|OptionalInt[-404]");
    stillAccepts(rig);
  }

  @Test
  void innerDataWithWrongPq_isPqMismatch_B67() throws Exception {
    Rig rig = Rig.seeded(2).toReqDh();
    PqInnerDataDc in = (PqInnerDataDc) rig.inner;
    PqFactors f = PqFactorizer.splitHandshakePq(in.pq());
    long otherPrime = 1000000007L;
    List<InnerData> forged =
        List.of(
            // p * q != pq
            new PqInnerDataDc(
                in.pq(),
                PqFactors.minimalBigEndian(otherPrime),
                in.q(),
                in.nonce(),
                in.serverNonce(),
                in.newNonce(),
                in.dc()),
            // p > q
            new PqInnerDataDc(
                in.pq(), in.q(), in.p(), in.nonce(), in.serverNonce(), in.newNonce(), in.dc()),
            // zero-prefixed (non-canonical) encodings of the right values
            new PqInnerDataDc(
                in.pq(),
                Bytes.fromHex("00").concat(in.p()),
                in.q(),
                in.nonce(),
                in.serverNonce(),
                in.newNonce(),
                in.dc()),
            new PqInnerDataDc(
                in.pq(),
                in.p(),
                Bytes.fromHex("00").concat(in.q()),
                in.nonce(),
                in.serverNonce(),
                in.newNonce(),
                in.dc()),
            // another pq than the one sent
            new PqInnerDataDc(
                PqFactors.minimalBigEndian(f.pq() + 2),
                in.p(),
                in.q(),
                in.nonce(),
                in.serverNonce(),
                in.newNonce(),
                in.dc()),
            new PqInnerDataDc(
                Bytes.fromHex("00").concat(in.pq()),
                in.p(),
                in.q(),
                in.nonce(),
                in.serverNonce(),
                in.newNonce(),
                in.dc()));
    for (InnerData d : forged) {
      assertReason(
          () -> fresh(2).server.receive(rig.reqDhWith(d, RANDOM)), CheckReason.PQ_MISMATCH);
    }
    // the outer p and q are checked too
    ReqDhParams r = rig.reqDh;
    assertReason(
        () ->
            fresh(2)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(),
                        r.serverNonce(),
                        r.q(),
                        r.p(),
                        r.fingerprint(),
                        r.encryptedData())),
        CheckReason.PQ_MISMATCH);
    assertReason(
        () ->
            fresh(2)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(),
                        r.serverNonce(),
                        Bytes.fromHex("00").concat(r.p()),
                        r.q(),
                        r.fingerprint(),
                        r.encryptedData())),
        CheckReason.PQ_MISMATCH);
    stillAccepts(rig);
  }

  @Test
  void nonceFingerprintDcAndKeyType_areChecked() throws Exception {
    Rig rig = Rig.seeded(3).toReqDh();
    PqInnerDataDc in = (PqInnerDataDc) rig.inner;
    ReqDhParams r = rig.reqDh;
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    new ReqDhParams(
                        OTHER16,
                        r.serverNonce(),
                        r.p(),
                        r.q(),
                        r.fingerprint(),
                        r.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(), OTHER16, r.p(), r.q(), r.fingerprint(), r.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(),
                        r.serverNonce(),
                        r.p(),
                        r.q(),
                        r.fingerprint() ^ 1,
                        r.encryptedData())),
        CheckReason.UNKNOWN_RSA_KEY);
    // inside the RSA_PAD: nonces, dc, the legacy constructor, expires_in
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    rig.reqDhWith(
                        new PqInnerDataDc(
                            in.pq(),
                            in.p(),
                            in.q(),
                            OTHER16,
                            in.serverNonce(),
                            in.newNonce(),
                            in.dc()),
                        RANDOM)),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    rig.reqDhWith(
                        new PqInnerDataDc(
                            in.pq(), in.p(), in.q(), in.nonce(), OTHER16, in.newNonce(), in.dc()),
                        RANDOM)),
        CheckReason.NONCE_MISMATCH);
    for (int dc : new int[] {1, 10002, -2, 0}) {
      assertReason(
          () ->
              fresh(3)
                  .server
                  .receive(
                      rig.reqDhWith(
                          new PqInnerDataDc(
                              in.pq(),
                              in.p(),
                              in.q(),
                              in.nonce(),
                              in.serverNonce(),
                              in.newNonce(),
                              dc),
                          RANDOM)),
          CheckReason.DC_MISMATCH);
    }
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    rig.reqDhWith(
                        new PqInnerData(
                            in.pq(), in.p(), in.q(), in.nonce(), in.serverNonce(), in.newNonce()),
                        RANDOM)),
        CheckReason.DC_MISMATCH);
    for (int expiresIn : new int[] {0, -1, ServerHandshake.DEFAULT_MAX_EXPIRES_IN + 1}) {
      assertReason(
          () ->
              fresh(3)
                  .server
                  .receive(
                      rig.reqDhWith(
                          new PqInnerDataTempDc(
                              in.pq(),
                              in.p(),
                              in.q(),
                              in.nonce(),
                              in.serverNonce(),
                              in.newNonce(),
                              in.dc(),
                              expiresIn),
                          RANDOM)),
          CheckReason.DC_MISMATCH);
    }
    // data that passes RSA_PAD's hash but is not inner data: parsed only after the check
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(),
                        r.serverNonce(),
                        r.p(),
                        r.q(),
                        r.fingerprint(),
                        Bytes.copyOf(
                            RsaPad.encrypt(
                                SecretAccess.explicitly(),
                                new byte[] {1, 2, 3, 4},
                                Rig.KEY.publicKey(),
                                RANDOM)))),
        CheckReason.TL_MALFORMED);
    assertReason(
        () ->
            fresh(3)
                .server
                .receive(
                    new ReqDhParams(
                        r.nonce(),
                        r.serverNonce(),
                        r.p(),
                        r.q(),
                        r.fingerprint(),
                        Bytes.copyOf(
                            RsaPad.encrypt(
                                SecretAccess.explicitly(),
                                rig.reqPq.toByteArray(),
                                Rig.KEY.publicKey(),
                                RANDOM)))),
        CheckReason.TL_MALFORMED);
    stillAccepts(rig);
  }

  @Test
  void temporaryInnerData_makesATemporaryKey() throws Exception {
    Rig rig =
        new Rig(Rig.clientBuilder(4).temporary(600).build(), Rig.serverBuilder(4).build())
            .toReqDh();
    assertThat(rig.inner).isInstanceOf(PqInnerDataTempDc.class);
    assertThat(((PqInnerDataTempDc) rig.inner).expiresIn()).isEqualTo(600);
    HandshakeStep ok = rig.server.receive(rig.reqDh);
    HandshakeStep set = rig.client.receive(ok.toSend().orElseThrow().message());
    HandshakeStep gen = rig.server.receive(set.toSend().orElseThrow().message());
    HandshakeResult server = Fixtures.result(gen);
    assertThat(server.keyType()).isEqualTo(KeyType.TEMPORARY);
    assertThat(server.expiresAt()).hasValue(Rig.NOW.getEpochSecond() + 600);
    HandshakeResult client =
        Fixtures.result(rig.client.receive(gen.toSend().orElseThrow().message()));
    assertThat(client.expiresAt()).isEqualTo(server.expiresAt());
  }

  // --- set_client_DH_params --------------------------------------------------------------------

  @Test
  void setClientDhParams_checks() throws Exception {
    Rig rig = Rig.seeded(5).toSetClient();
    SetClientDhParams s = rig.setClient;
    ClientDhInnerData real = rig.decodeClientInner(s);
    assertReason(
        () ->
            rig.server.receive(new SetClientDhParams(OTHER16, s.serverNonce(), s.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () -> rig.server.receive(new SetClientDhParams(s.nonce(), OTHER16, s.encryptedData())),
        CheckReason.NONCE_MISMATCH);
    for (int len : new int[] {0, 15, 16, 17, 303}) {
      assertReason(
          () ->
              rig.server.receive(
                  new SetClientDhParams(s.nonce(), s.serverNonce(), Bytes.copyOf(new byte[len]))),
          CheckReason.ANSWER_MALFORMED);
    }
    byte[] ct = s.encryptedData().toByteArray();
    Set<CheckReason> reasons = new HashSet<>();
    for (int i = 0; i < ct.length; i += 7) {
      byte[] f = ct.clone();
      f[i] ^= 0x10;
      reasons.add(
          reasonOf(
              () ->
                  rig.server.receive(
                      new SetClientDhParams(s.nonce(), s.serverNonce(), Bytes.copyOf(f)))));
    }
    assertThat(reasons).containsExactly(CheckReason.ANSWER_HASH_MISMATCH);
    assertReason(
        () ->
            rig.server.receive(
                rig.forgeClientInner(
                    new ClientDhInnerData(OTHER16, real.serverNonce(), 0, real.gB()))),
        CheckReason.NONCE_MISMATCH);
    assertReason(
        () ->
            rig.server.receive(
                rig.forgeClientInner(
                    new ClientDhInnerData(real.nonce(), real.serverNonce(), 12345, real.gB()))),
        CheckReason.UNEXPECTED_MESSAGE);
    BigInteger p = KnownPrimes.TELEGRAM;
    for (BigInteger gb :
        List.of(
            BigInteger.ONE,
            BigInteger.valueOf(3),
            p.subtract(BigInteger.ONE),
            p,
            DhChecks.WINDOW_MARGIN.subtract(BigInteger.ONE))) {
      assertReason(
          () ->
              rig.server.receive(
                  rig.forgeClientInner(
                      new ClientDhInnerData(
                          real.nonce(),
                          real.serverNonce(),
                          0,
                          Bytes.copyOf(ServerRsaKey.unsignedBytes(gb))))),
          CheckReason.DH_G_B_OUT_OF_RANGE);
    }
    // nothing changed: the genuine message finishes the run
    HandshakeStep gen = rig.server.receive(s);
    assertThat((gen instanceof HandshakeStep.Done)).isTrue();
    assertThat(
            (rig.client.receive(gen.toSend().orElseThrow().message())
                instanceof HandshakeStep.Done))
        .isTrue();
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
    assertThat(newServer.receivePacket(good).toSend().orElseThrow().packet().msgId() & 3)
        .isEqualTo(1);
    // after the run has ended, nothing more is accepted
    HandshakeStep done = fresh.server.receive(fresh.setClient);
    assertThat((done instanceof HandshakeStep.Done)).isTrue();
    assertThatThrownBy(() -> fresh.server.receive(fresh.setClient))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverToString_andResultToString_showNoSecrets() throws Exception {
    Rig rig = Rig.seeded(8).toSetClient();
    HandshakeResult r = Fixtures.result(rig.server.receive(rig.setClient));
    String s = r.toString() + rig.inner.toString() + Rig.KEY.toString();
    String keyHex =
        org.mtlab.bytes.Hex.encode(r.authKey().reveal(org.mtlab.bytes.SecretAccess.explicitly()));
    for (int i = 0; i + 16 <= keyHex.length(); i += 16) {
      assertThat(s).doesNotContain(keyHex.substring(i, i + 16));
    }
    assertThat(s).doesNotContain(org.mtlab.bytes.Hex.encode(rig.newNonce()).substring(0, 16));
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
