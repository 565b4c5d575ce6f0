package org.mtlab.handshake;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.crypto.AesIge;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.key.NewNonce;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.HandshakeMessage.ClientDhInnerData;
import org.mtlab.tl.HandshakeMessage.InnerData;
import org.mtlab.tl.HandshakeMessage.ReqDhParams;
import org.mtlab.tl.HandshakeMessage.ReqPqMulti;
import org.mtlab.tl.HandshakeMessage.ResPq;
import org.mtlab.tl.HandshakeMessage.ServerDhInnerData;
import org.mtlab.tl.HandshakeMessage.ServerDhParamsOk;
import org.mtlab.tl.HandshakeMessage.SetClientDhParams;
import org.mtlab.tl.TlReader;

/**
 * A client and a server (demo key, Telegram's group) stepped by hand, with the secrets a test needs
 * to forge either side's messages: new_nonce (recovered with the server's private key) and the
 * tmp_aes key and IV.
 */
final class Rig {
  static final ServerRsaKeyPair KEY = org.mtlab.testing.DemoRsaKey.pair();
  static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
  static final int DC = 2;

  final ClientHandshake client;
  final ServerHandshake server;
  ReqPqMulti reqPq;
  ResPq resPq;
  ReqDhParams reqDh;
  InnerData inner;
  ServerDhParamsOk dhParamsOk;
  ServerDhInnerData answer;
  SetClientDhParams setClient;

  Rig(ClientHandshake client, ServerHandshake server) {
    this.client = client;
    this.server = server;
  }

  static ClientHandshake.Builder clientBuilder(long seed) {
    return ClientHandshake.builder(DC, List.of(KEY.publicKey()))
        .random(org.mtlab.testing.Seeds.secureRandom(seed, "client"))
        .clock(InstantSource.fixed(NOW));
  }

  static ServerHandshake.Builder serverBuilder(long seed) {
    return ServerHandshake.builder(KEY, DC)
        .random(org.mtlab.testing.Seeds.secureRandom(seed, "server"))
        .clock(InstantSource.fixed(NOW));
  }

  static Rig seeded(long seed) {
    return new Rig(clientBuilder(seed).build(), serverBuilder(seed).build());
  }

  Rig toResPq() throws CheckFailedException {
    reqPq = (ReqPqMulti) client.start().toSend().orElseThrow().message();
    resPq = (ResPq) server.receive(reqPq).toSend().orElseThrow().message();
    return this;
  }

  Rig toReqDh() throws CheckFailedException {
    toResPq();
    reqDh = (ReqDhParams) client.receive(resPq).toSend().orElseThrow().message();
    inner = decodeInner(reqDh);
    return this;
  }

  Rig toDhParamsOk() throws CheckFailedException {
    toReqDh();
    dhParamsOk = (ServerDhParamsOk) server.receive(reqDh).toSend().orElseThrow().message();
    answer = decodeAnswer(dhParamsOk);
    return this;
  }

  Rig toSetClient() throws CheckFailedException {
    toDhParamsOk();
    setClient = (SetClientDhParams) client.receive(dhParamsOk).toSend().orElseThrow().message();
    return this;
  }

  static InnerData decodeInner(ReqDhParams req) throws CheckFailedException {
    return RsaPad.decryptAndParse(
        SecretAccess.explicitly(),
        req.encryptedData().toByteArray(),
        KEY,
        org.mtlab.testing.Seeds.secureRandom(0, "decode"),
        (a, d) -> HandshakeMessage.read(new TlReader(d), InnerData.class));
  }

  byte[] newNonce() {
    return inner.newNonce().reveal(org.mtlab.bytes.SecretAccess.explicitly());
  }

  AesKeyIv tmp() {
    return HandshakeKdf.tmpAesKeyIv(NewNonce.copyOf(newNonce()), resPq.serverNonce().toByteArray());
  }

  ServerDhInnerData decodeAnswer(ServerDhParamsOk ok) throws CheckFailedException {
    AesKeyIv t = tmp();
    byte[] data =
        HashedData.unwrap(AesIge.decrypt(t.key(), t.iv(), ok.encryptedAnswer().toByteArray()));
    return (ServerDhInnerData) HandshakeMessage.parse(data);
  }

  ClientDhInnerData decodeClientInner(SetClientDhParams set) throws CheckFailedException {
    AesKeyIv t = tmp();
    byte[] data =
        HashedData.unwrap(AesIge.decrypt(t.key(), t.iv(), set.encryptedData().toByteArray()));
    return (ClientDhInnerData) HandshakeMessage.parse(data);
  }

  /** server_DH_params_ok carrying {@code answer}, properly hashed and encrypted. */
  ServerDhParamsOk forgeAnswer(ServerDhInnerData forged) {
    return forgeAnswerBytes(
        HashedData.wrap(forged.toByteArray(), org.mtlab.testing.Seeds.secureRandom(9, "forge")));
  }

  /** server_DH_params_ok whose decrypted answer_with_hash is exactly {@code answerWithHash}. */
  ServerDhParamsOk forgeAnswerBytes(byte[] answerWithHash) {
    AesKeyIv t = tmp();
    return new ServerDhParamsOk(
        resPq.nonce(),
        resPq.serverNonce(),
        Bytes.copyOf(AesIge.encrypt(t.key(), t.iv(), answerWithHash)));
  }

  /** set_client_DH_params carrying {@code forged}, properly hashed and encrypted. */
  SetClientDhParams forgeClientInner(ClientDhInnerData forged) {
    AesKeyIv t = tmp();
    byte[] data =
        HashedData.wrap(forged.toByteArray(), org.mtlab.testing.Seeds.secureRandom(9, "forge"));
    return new SetClientDhParams(
        resPq.nonce(), resPq.serverNonce(), Bytes.copyOf(AesIge.encrypt(t.key(), t.iv(), data)));
  }

  /** The server's real answer with its inner data changed by {@code change}. */
  ServerDhParamsOk answerWith(UnaryOperator<ServerDhInnerData> change) {
    return forgeAnswer(change.apply(answer));
  }

  /** req_DH_params with {@code forged} inner data, RSA_PAD-encrypted for the server. */
  ReqDhParams reqDhWith(InnerData forged, SecureRandom random) {
    byte[] enc =
        RsaPad.encrypt(SecretAccess.explicitly(), forged.toByteArray(), KEY.publicKey(), random);
    return new ReqDhParams(
        reqDh.nonce(),
        reqDh.serverNonce(),
        reqDh.p(),
        reqDh.q(),
        reqDh.fingerprint(),
        Bytes.copyOf(enc));
  }
}
