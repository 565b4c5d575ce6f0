package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.internal.Digests;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerData;
import org.mtlab.tl.HandshakeMessage.PqInnerDataDc;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;

/**
 * The compatibility option {@link ServerHandshake.Builder#acceptLegacyClients}: the legacy
 * p_q_inner_data (no DC) and the encryption before RSA_PAD are accepted only with it, the DC then
 * being the server's; every broken old encryption is the same uniform failure.
 */
class LegacyHandshakeTest {
  private static final SecureRandom RANDOM = org.mtlab.testing.Seeds.secureRandom(17, "legacy");
  private static final Bytes OTHER16 = Bytes.fromHex("ffeeddccbbaa99887766554433221100");

  private static Rig legacyRig(long seed, boolean accept) {
    return new Rig(
        Rig.clientBuilder(seed).legacyInnerData().build(),
        Rig.serverBuilder(seed).acceptLegacyClients(accept).build());
  }

  /** The rest of the run from the server's answer to req_DH_params; both keys must agree. */
  private static HandshakeResult finish(Rig rig, HandshakeStep answer) throws Exception {
    assertThat(answer.toSend()).isPresent();
    assertThat(answer.toSend().orElseThrow().message()).isInstanceOf(ServerDhParamsOk.class);
    HandshakeStep set = rig.client.receive(answer.toSend().orElseThrow().message());
    HandshakeStep gen = rig.server.receive(set.toSend().orElseThrow().message());
    HandshakeResult server = Fixtures.result(gen);
    HandshakeResult client =
        Fixtures.result(rig.client.receive(gen.toSend().orElseThrow().message()));
    assertThat(server.authKeyId()).isEqualTo(client.authKeyId());
    return server;
  }

  /** req_DH_params as the rig's client sent it, but with encrypted_data {@code encrypted}. */
  private static ReqDhParams withEncrypted(Rig rig, byte[] encrypted) {
    ReqDhParams r = rig.reqDh;
    return new ReqDhParams(
        r.nonce(), r.serverNonce(), r.p(), r.q(), r.fingerprint(), Bytes.copyOf(encrypted));
  }

  /** The old encryption with its 256-byte value laid out by hand: lead, hash, data, padding. */
  private static byte[] oldEncrypted(int lead, byte[] hash, byte[] data) {
    byte[] value = new byte[ServerRsaKey.BYTES];
    value[0] = (byte) lead;
    System.arraycopy(hash, 0, value, 1, hash.length);
    System.arraycopy(data, 0, value, 21, data.length);
    for (int i = 21 + data.length; i < value.length; i++) {
      value[i] = (byte) (i * 7);
    }
    return Rig.KEY.publicKey().encryptRaw(value);
  }

  private static void assertFailed(HandshakeStep step, CheckReason reason) {
    assertThat(Fixtures.failure(step)).isEqualTo(reason);
    assertThat(((HandshakeStep.Failed) step).transportError())
        .hasValue(HandshakeStep.TRANSPORT_ERROR_NOT_FOUND);
  }

  @Test
  void legacyInnerDataUnderRsaPad_isAcceptedWithTheOption_andGetsTheServersDc() throws Exception {
    Rig rig = legacyRig(1, true).toReqDh();
    assertThat(rig.inner).isInstanceOf(PqInnerData.class);
    HandshakeResult result = finish(rig, rig.server.receive(rig.reqDh));
    assertThat(result.dc()).isEqualTo(Rig.DC);
    assertThat(result.keyType()).isEqualTo(KeyType.PERMANENT);
  }

  @Test
  void legacyInnerData_isRefusedWithoutTheOption() throws Exception {
    Rig rig = legacyRig(1, false).toReqDh();
    assertFailed(rig.server.receive(rig.reqDh), CheckReason.DC_MISMATCH);
    // the default builder is the strict server
    Rig strict =
        new Rig(Rig.clientBuilder(1).legacyInnerData().build(), Rig.serverBuilder(1).build())
            .toReqDh();
    assertFailed(strict.server.receive(strict.reqDh), CheckReason.DC_MISMATCH);
  }

  @Test
  void oldEncryption_isAcceptedWithTheOption() throws Exception {
    Rig rig = legacyRig(2, true).toReqDh();
    byte[] old = LegacyClients.encryptOld(rig.inner.toByteArray(), Rig.KEY.publicKey(), RANDOM);
    HandshakeResult result = finish(rig, rig.server.receive(withEncrypted(rig, old)));
    assertThat(result.dc()).isEqualTo(Rig.DC);
  }

  @Test
  void oldEncryptionOfInnerDataWithDc_isAcceptedWithTheOption_andItsDcChecked() throws Exception {
    Rig rig =
        new Rig(
                Rig.clientBuilder(3).build(),
                Rig.serverBuilder(3).acceptLegacyClients(true).build())
            .toReqDh();
    PqInnerDataDc in = (PqInnerDataDc) rig.inner;
    Rig other =
        new Rig(
                Rig.clientBuilder(3).build(),
                Rig.serverBuilder(3).acceptLegacyClients(true).build())
            .toReqDh();
    byte[] wrongDc =
        LegacyClients.encryptOld(
            new PqInnerDataDc(
                    in.pq(),
                    in.p(),
                    in.q(),
                    in.nonce(),
                    in.serverNonce(),
                    in.newNonce(),
                    Rig.DC + 1)
                .toByteArray(),
            Rig.KEY.publicKey(),
            RANDOM);
    assertFailed(other.server.receive(withEncrypted(other, wrongDc)), CheckReason.DC_MISMATCH);
    byte[] old = LegacyClients.encryptOld(in.toByteArray(), Rig.KEY.publicKey(), RANDOM);
    finish(rig, rig.server.receive(withEncrypted(rig, old)));
  }

  @Test
  void oldEncryption_isRefusedWithoutTheOption() throws Exception {
    Rig rig = legacyRig(2, false).toReqDh();
    byte[] old = LegacyClients.encryptOld(rig.inner.toByteArray(), Rig.KEY.publicKey(), RANDOM);
    assertFailed(rig.server.receive(withEncrypted(rig, old)), CheckReason.RSA_PAD_INVALID);
  }

  @Test
  void brokenOldEncryption_isTheUniformFailure() throws Exception {
    Rig template = legacyRig(4, true).toReqDh();
    byte[] data = template.inner.toByteArray();
    byte[] hash = Digests.sha1(data);
    byte[] badHash = hash.clone();
    badHash[19] ^= 1;
    byte[] notTl = new byte[data.length];
    notTl[0] = 1;
    List<byte[]> broken = new ArrayList<>();
    broken.add(oldEncrypted(0, badHash, data)); // SHA-1 off by one bit
    broken.add(oldEncrypted(1, hash, data)); // leading byte not zero
    broken.add(oldEncrypted(0, Digests.sha1(notTl), notTl)); // hash fine, data not inner data
    broken.add(new byte[ServerRsaKey.BYTES - 1]); // short
    byte[] aboveN = new byte[ServerRsaKey.BYTES];
    java.util.Arrays.fill(aboveN, (byte) 0xff);
    broken.add(aboveN); // not below n
    // a hash over data and (zero) padding is not the hash over data
    byte[] value = new byte[ServerRsaKey.BYTES];
    System.arraycopy(data, 0, value, 21, data.length);
    byte[] whole = Digests.sha1(java.util.Arrays.copyOfRange(value, 21, 256));
    broken.add(oldEncrypted(0, whole, data));
    List<String> messages = new ArrayList<>();
    for (byte[] encrypted : broken) {
      Rig rig = legacyRig(4, true).toReqDh();
      assertFailed(rig.server.receive(withEncrypted(rig, encrypted)), CheckReason.RSA_PAD_INVALID);
      try {
        LegacyClients.decrypt(encrypted, Rig.KEY, RANDOM);
        throw new AssertionError("accepted");
      } catch (CheckFailedException e) {
        assertThat(e.reason()).isEqualTo(CheckReason.RSA_PAD_INVALID);
        assertThat(e.getCause()).isNull();
        messages.add(e.getMessage());
      }
    }
    // the same exception, message and all, as RSA_PAD's own failure
    String rsaPad = null;
    try {
      RsaPad.decrypt(org.mtlab.bytes.SecretAccess.explicitly(), broken.get(0), Rig.KEY, RANDOM);
    } catch (CheckFailedException e) {
      rsaPad = e.getMessage();
    }
    assertThat(messages).containsOnly(rsaPad);
    // and the good one decodes to the inner data
    InnerData good = LegacyClients.decrypt(oldEncrypted(0, hash, data), Rig.KEY, RANDOM);
    assertThat(good.toByteArray()).isEqualTo(data);
  }

  @Test
  void legacyInnerData_nonceAndPqAreStillChecked() throws Exception {
    Rig rig = legacyRig(5, true).toReqDh();
    PqInnerData in = (PqInnerData) rig.inner;
    Rig a = legacyRig(5, true).toReqDh();
    assertFailed(
        a.server.receive(
            a.reqDhWith(
                new PqInnerData(in.pq(), in.p(), in.q(), OTHER16, in.serverNonce(), in.newNonce()),
                RANDOM)),
        CheckReason.NONCE_MISMATCH);
    Rig b = legacyRig(5, true).toReqDh();
    assertFailed(
        b.server.receive(
            b.reqDhWith(
                new PqInnerData(
                    in.pq(), in.q(), in.p(), in.nonce(), in.serverNonce(), in.newNonce()),
                RANDOM)),
        CheckReason.PQ_MISMATCH);
    Rig c = legacyRig(5, true).toReqDh();
    byte[] oldWrongNonce =
        LegacyClients.encryptOld(
            new PqInnerData(in.pq(), in.p(), in.q(), in.nonce(), OTHER16, in.newNonce())
                .toByteArray(),
            Rig.KEY.publicKey(),
            RANDOM);
    assertFailed(c.server.receive(withEncrypted(c, oldWrongNonce)), CheckReason.NONCE_MISMATCH);
    finish(rig, rig.server.receive(rig.reqDh));
  }

  @Test
  void encryptOld_refusesTooMuchData() {
    assertThatThrownBy(
            () ->
                LegacyClients.encryptOld(
                    new byte[LegacyClients.OLD_MAX_DATA_LENGTH + 1], Rig.KEY.publicKey(), RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
