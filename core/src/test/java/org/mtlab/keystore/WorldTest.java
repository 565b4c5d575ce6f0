package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.testing.MutableClock;

/** The model, sentence by sentence, on SQLite files (docs/security.md K3-K15, §4.4). */
class WorldTest {
  @TempDir Path dir;
  MutableClock clock;
  World world;
  ChatId ab = ChatId.cloud(ALICE, BOB);
  ChatId ac = ChatId.cloud(ALICE, CAROL);

  @BeforeEach
  void setUp() throws Exception {
    clock = clock();
    world = sqlite(dir, CONFIG, clock);
    world.register(ALICE);
    world.register(BOB);
    world.register(CAROL);
    world.send(ALICE, BOB, "meet at the harbour at nine");
    world.send(BOB, ALICE, "bring the blue folder");
    world.send(ALICE, CAROL, "carol's own secret plan");
  }

  @AfterEach
  void tearDown() {
    world.close();
  }

  @Test
  void send_thenRead_givesThePlaintextToBothMembers() throws Exception {
    List<ChatMessage> m = world.read(BOB, ab);
    assertThat(m)
        .extracting(ChatMessage::text)
        .containsExactly("meet at the harbour at nine", "bring the blue folder");
    assertThat(m).extracting(ChatMessage::index).containsExactly(0L, 1L);
    assertThat(m.get(0).from()).isEqualTo(ALICE);
    assertThat(world.read(ALICE, ab)).hasSize(2);
    assertThatThrownBy(() -> world.read(CAROL, ab)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sendAll_commitsABatch_andIndexesPerChat() throws Exception {
    List<SentMessage> r =
        world.sendAll(
            List.of(
                new World.Outgoing(ALICE, BOB, "one"),
                new World.Outgoing(CAROL, ALICE, "two"),
                new World.Outgoing(BOB, ALICE, "three")));
    assertThat(r).extracting(SentMessage::index).containsExactly(2L, 1L, 3L);
    assertThat(world.read(ALICE, ab)).extracting(ChatMessage::text).endsWith("one", "three");
  }

  @Test
  void compel_storageAndThresholdCustodians_disclosesTheNamedChatOnly() throws Exception {
    Disclosure d = world.compel(orders(ab, clock.instant(), "case-1", NL, CH, SG, BR));
    assertThat(d.disclosed()).isTrue();
    assertThat(d.sharesReleased()).isEqualTo(3);
    assertThat(d.threshold()).isEqualTo(3);
    assertThat(d.releasedBy()).containsExactly(CH, SG, BR);
    assertThat(d.messages())
        .extracting(ChatMessage::text)
        .containsExactly("meet at the harbour at nine", "bring the blue folder");
    assertThat(d.messages()).noneMatch(m -> m.text().contains("carol"));
    // Scope (§4.4.5): the other chat still needs orders of its own.
    Disclosure other = world.compel(orders(ac, clock.instant(), "case-2", NL, CH));
    assertThat(other.disclosed()).isFalse();
    assertThat(other.messages()).isEmpty();
  }

  @Test
  void compel_thresholdMinusOne_withholds_K10() throws Exception {
    Disclosure d = world.compel(orders(ab, clock.instant(), "case-1", NL, CH, SG));
    assertThat(d.disclosed()).isFalse();
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.TOO_FEW_SHARES);
    assertThat(d.sharesReleased()).isEqualTo(2);
    assertThat(d.ciphertextReleased()).isTrue();
    assertThat(d.messages()).isEmpty();
    assertThat(d.why()).contains("equally consistent");
  }

  @Test
  void compel_custodiansWithoutStorage_haveNoCiphertext() throws Exception {
    Disclosure d = world.compel(orders(ab, clock.instant(), "case-1", CH, SG, BR, IS));
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.NO_CIPHERTEXT);
    assertThat(d.sharesReleased()).isEqualTo(4);
    assertThat(d.messages()).isEmpty();
  }

  @Test
  void compel_secretChat_allJurisdictions_withholds_K11() throws Exception {
    ChatId secret = ChatId.secret(ALICE, BOB);
    world.sendSecret(ALICE, BOB, Bytes.fromHex("0102030405060708090a0b0c0d0e0f10"));
    assertThat(world.read(BOB, secret))
        .extracting(ChatMessage::body)
        .containsExactly(Bytes.fromHex("0102030405060708090a0b0c0d0e0f10"));
    Disclosure d = world.compel(orders(secret, clock.instant(), "s", NL, CH, SG, BR, IS));
    assertThat(d.outcome()).isEqualTo(Disclosure.Outcome.SECRET_CHAT);
    assertThat(d.sharesReleased()).isEqualTo(4);
    assertThat(d.messages()).isEmpty();
  }

  @Test
  void compel_refusesWrongJurisdictionReplayAndExpiry_K9() throws Exception {
    LegalOrder foreign = new LegalOrder(CH, SG, ab, "x-1", clock.instant());
    LegalOrder expired =
        LegalOrder.of(BR, ab, "x-2", clock.instant().minus(World.ORDER_VALIDITY).minusSeconds(1));
    LegalOrder future = LegalOrder.of(IS, ab, "x-3", clock.instant().plusSeconds(60));
    LegalOrder first = LegalOrder.of(CH, ab, "x-4", clock.instant());
    Disclosure d = world.compel(List.of(foreign, expired, future, first, first));
    assertThat(d.refused())
        .extracting(Disclosure.Refusal::order)
        .containsExactly(foreign, expired, future, first);
    assertThat(d.refused()).allMatch(r -> r.reason() == CheckReason.ORDER_REJECTED);
    assertThat(d.refused().get(3).why()).contains("once");
    assertThat(d.sharesReleased()).isEqualTo(1);
    // Refusals are audited in the data centre that refused.
    assertThat(world.audit().trail(SG)).extracting(AuditEntry::action).contains("ORDER_REFUSED");
    // Once per reference, also across calls.
    Disclosure again = world.compel(List.of(first));
    assertThat(again.sharesReleased()).isZero();
  }

  @Test
  void rekey_oldSharesOpenNothingStoredAfter() throws Exception {
    // Shares released at epoch 1, kept by someone.
    SplitManifest m1 = manifest(1);
    List<KeyShare> old =
        List.of(
            world.releaseForTest(LegalOrder.of(CH, ab, "r-CH", clock.instant())),
            world.releaseForTest(LegalOrder.of(SG, ab, "r-SG", clock.instant())),
            world.releaseForTest(LegalOrder.of(BR, ab, "r-BR", clock.instant())));
    world.rekey();
    assertThat(world.epoch()).isEqualTo(2);
    SentMessage after = world.send(ALICE, BOB, "after the rekey");
    assertThat(after.keyEpoch()).isEqualTo(2);
    Custody custody = new Custody(new BouncyCastleShamir());
    // Against the current split: refused before interpolation.
    assertThat(reasonOf(() -> custody.combine(manifest(2), old)))
        .isEqualTo(CheckReason.SHARE_EPOCH_MISMATCH);
    // Even combined against their own split, the old key opens no current row.
    MasterKey oldKey = custody.combine(m1, old);
    byte[] wrapped = rowBytes("SELECT wrapped FROM data_key WHERE key_epoch = 2");
    EnvelopeCipher env = new EnvelopeCipher(random("t"));
    byte[] aad = world.dataKeyAad(ab, 2, 2);
    assertThat(reasonOf(() -> env.open(oldKey.unsafeKey(), aad, wrapped, "row")))
        .isEqualTo(CheckReason.AT_REST_INTEGRITY);
    // (The current master key does open it: the failure above is the old key's.)
    assertThat(env.open(world.secretsForTest().get(0), aad, wrapped, "row")).hasSize(32);
    // The world still reads everything, and fresh orders still disclose.
    assertThat(world.read(BOB, ab)).extracting(ChatMessage::text).contains("after the rekey");
    Disclosure d = world.compel(orders(ab, clock.instant(), "after", NL, SG, BR, IS));
    assertThat(d.disclosed()).isTrue();
    assertThat(d.messages()).hasSize(3);
    assertThat(world.describe().dataCentres())
        .filteredOn(v -> v.role() == DataCentreRole.CUSTODIAN)
        .allMatch(v -> v.shareEpochs().equals(List.of(2L)));
  }

  @Test
  void reopen_startsSealed_unsealsWithThresholdShares() throws Exception {
    world.close();
    world = reopen(dir, clock);
    assertThat(world.server().isUnsealed()).isFalse();
    assertThatThrownBy(() -> world.send(ALICE, BOB, "x")).isInstanceOf(IllegalStateException.class);
    world.server().unseal();
    assertThat(world.server().isUnsealed()).isTrue();
    assertThat(world.read(ALICE, ab)).hasSize(2);
    world.server().seal();
    assertThat(world.server().isUnsealed()).isFalse();
  }

  @Test
  void faults_upToNMinusTCustodiansDown_stillWork_K15() throws Exception {
    world.close();
    world = reopen(dir, clock);
    world.fail(CH); // n - t = 1
    world.server().unseal();
    world.send(ALICE, BOB, "while CH is down");
    Disclosure d = world.compel(orders(ab, clock.instant(), "f", NL, SG, BR, IS));
    assertThat(d.disclosed()).isTrue();
    world.server().seal();
    world.fail(SG); // n - t + 1
    assertThat(reasonOf(() -> world.server().unseal())).isEqualTo(CheckReason.INSUFFICIENT_SHARES);
    assertThatThrownBy(() -> world.server().unseal()).hasMessageContaining("offline: [CH, SG]");
    world.restore(CH);
    world.server().unseal();
    assertThat(world.read(BOB, ab)).hasSize(3);
    assertThat(world.audit().verify().ok()).isTrue();
  }

  @Test
  void faults_storageDown_sendFailsClearly_nothingLost() throws Exception {
    world.fail(NL);
    assertThatThrownBy(() -> world.send(ALICE, BOB, "lost?"))
        .isInstanceOf(DataCentreOfflineException.class)
        .hasMessageContaining("NL")
        .hasMessageContaining("offline");
    world.close();
    world = reopen(dir, clock);
    assertThat(world.isOnline(NL)).isFalse(); // the fault outlives the process
    world.restore(NL);
    world.server().unseal();
    assertThat(world.read(ALICE, ab))
        .extracting(ChatMessage::text)
        .containsExactly("meet at the harbour at nine", "bring the blue folder");
  }

  @Test
  void cloudPath_realHandshakeKeys_serverOpensWithEveryCheck() throws Exception {
    CloudPath path = new CloudPath(random("path"), clock);
    CloudPath.Keys keys = path.handshake();
    assertThat(keys.client().authKey().constantTimeEquals(keys.server().authKey())).isTrue();
    CloudPath.Connection c =
        path.connect(
            keys.client().authKey(), keys.server().authKey(), keys.client().serverSalt().value());
    Bytes frame = c.deviceSends(Bytes.fromHex("01020304"));
    assertThat(c.serverReceives(frame)).isEqualTo(Bytes.fromHex("01020304"));
    assertThat(reasonOf(() -> c.serverReceives(frame))).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    byte[] flipped = c.deviceSends(Bytes.fromHex("05060708")).toByteArray();
    flipped[flipped.length - 1] ^= 1;
    assertThat(reasonOf(() -> c.serverReceives(Bytes.copyOf(flipped))))
        .isEqualTo(CheckReason.MSG_KEY_MISMATCH);
    Bytes back = c.serverSends(Bytes.fromHex("0a0b0c0d"));
    assertThat(c.deviceReceives(back)).isEqualTo(Bytes.fromHex("0a0b0c0d"));
  }

  @Test
  void atRest_rowMovedToAnotherChatOrIndex_failsToOpen() throws Exception {
    try (var s = DataCentreStore.open(NL, WorldStores.load(dir).url(NL), clock)) {
      s.write(
          "tamper",
          tx -> {
            tx.update("UPDATE message SET idx = 7 WHERE chat = 'alice:bob' AND idx = 1");
            return null;
          });
    }
    assertThat(reasonOf(() -> world.read(ALICE, ab))).isEqualTo(CheckReason.AT_REST_INTEGRITY);
    tamper("UPDATE message SET idx = 1 WHERE chat = 'alice:bob' AND idx = 7");
    assertThat(world.read(ALICE, ab)).hasSize(2); // back in place, it opens again
    tamper("UPDATE message SET chat = 'alice:bob', idx = 2 WHERE chat = 'alice:carol'");
    assertThat(reasonOf(() -> world.read(ALICE, ab))).isEqualTo(CheckReason.AT_REST_INTEGRITY);
  }

  private void tamper(String sql) throws Exception {
    try (var s = DataCentreStore.open(NL, WorldStores.load(dir).url(NL), clock)) {
      s.write("tamper", tx -> tx.update(sql));
    }
  }

  @Test
  void describe_showsCountsEpochsAndOnline_neverSecrets() throws Exception {
    WorldDescription d = world.describe();
    assertThat(d.epoch()).isEqualTo(1);
    assertThat(d.unsealed()).isTrue();
    assertThat(d.users()).containsExactly(ALICE, BOB, CAROL);
    WorldDescription.DataCentreView storage = d.dataCentres().get(0);
    assertThat(storage.jurisdiction()).isEqualTo(NL);
    assertThat(storage.messages()).isEqualTo(3);
    assertThat(storage.chats()).isEqualTo(2);
    assertThat(storage.dataKeys()).isEqualTo(2);
    assertThat(storage.deviceKeys()).isEqualTo(3);
    assertThat(storage.shareEpochs()).isEmpty();
    assertThat(d.dataCentres()).hasSize(5);
    assertThat(d.dataCentres().get(1).shareEpochs()).containsExactly(1L);
  }

  private SplitManifest manifest(long epoch) throws Exception {
    try (var s = DataCentreStore.open(NL, WorldStores.load(dir).url(NL), clock)) {
      return s.read(tx -> s.manifest(tx, epoch));
    }
  }

  private byte[] rowBytes(String sql) throws Exception {
    try (var s = DataCentreStore.open(NL, WorldStores.load(dir).url(NL), clock)) {
      return s.read(
          tx -> {
            try (var st = tx.connection().createStatement();
                var rs = st.executeQuery(sql)) {
              rs.next();
              return rs.getBytes(1);
            }
          });
    }
  }
}
