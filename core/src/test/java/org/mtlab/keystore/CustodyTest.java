package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.keystore.Worlds.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;

/** The checks our wrapper runs before interpolation (docs/security.md K3-K8). */
class CustodyTest {
  private final Custody custody = new Custody(new BouncyCastleShamir());
  private final Bytes world = Bytes.fromHex("00112233445566778899aabbccddeeff");
  private final MasterKey key = MasterKey.generate(random("custody"), 4);
  private final Custody.Split split = custody.split(key, world, CONFIG, random("split"));
  private final List<KeyShare> s = split.shares();

  private static KeyShare with(Bytes world, long epoch, int index, Jurisdiction j, byte[] y) {
    return KeyShare.of(world, epoch, index, j, y);
  }

  private static byte[] y(KeyShare x) {
    try {
      KeyShare d = KeyShare.decode(x.encode(SecretAccess.explicitly()));
      return d.point().reveal(SecretAccess.explicitly());
    } catch (CheckFailedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void thresholdShares_inAnyOrder_giveTheKey() throws Exception {
    MasterKey k = custody.combine(split.manifest(), List.of(s.get(3), s.get(0), s.get(2)));
    assertThat(k.unsafeKey()).isEqualTo(key.unsafeKey());
    assertThat(custody.combine(split.manifest(), s).unsafeKey()).isEqualTo(key.unsafeKey());
  }

  @Test
  void tooFew_K3() {
    assertThat(reasonOf(() -> custody.combine(split.manifest(), s.subList(0, 2))))
        .isEqualTo(CheckReason.INSUFFICIENT_SHARES);
    assertThat(reasonOf(() -> custody.combine(split.manifest(), List.of())))
        .isEqualTo(CheckReason.INSUFFICIENT_SHARES);
  }

  @Test
  void duplicate_K4() {
    KeyShare relabelled = with(world, 4, s.get(0).index(), SG, y(s.get(1)));
    assertThat(
            reasonOf(
                () -> custody.combine(split.manifest(), List.of(s.get(0), relabelled, s.get(2)))))
        .isEqualTo(CheckReason.DUPLICATE_SHARE);
    KeyShare sameJurisdiction = with(world, 4, 9, CH, y(s.get(1)));
    assertThat(
            reasonOf(
                () ->
                    custody.combine(
                        split.manifest(), List.of(s.get(0), sameJurisdiction, s.get(2), s.get(3)))))
        .isEqualTo(CheckReason.DUPLICATE_SHARE);
  }

  @Test
  void indexZeroOrAbove255_K5() {
    for (int bad : new int[] {0, 256, 300}) {
      KeyShare x = with(world, 4, bad, SG, y(s.get(1)));
      assertThat(reasonOf(() -> custody.combine(split.manifest(), List.of(s.get(0), x, s.get(2)))))
          .isEqualTo(CheckReason.INVALID_SHARE_INDEX);
    }
  }

  @Test
  void flippedBit_K6_andTheKcvCatchesItWhenTheCheckIsBypassed() {
    byte[] flipped = y(s.get(1));
    flipped[7] ^= 0x10;
    KeyShare x = with(world, 4, s.get(1).index(), SG, flipped);
    List<KeyShare> set = List.of(s.get(0), x, s.get(2));
    assertThat(reasonOf(() -> custody.combine(split.manifest(), set)))
        .isEqualTo(CheckReason.SHARE_INTEGRITY);
    assertThat(reasonOf(() -> custody.interpolate(split.manifest(), set)))
        .isEqualTo(CheckReason.RECONSTRUCTION_FAILED);
  }

  @Test
  void truncated_K7() {
    byte[] shortY = new byte[31];
    System.arraycopy(y(s.get(1)), 0, shortY, 0, 31);
    KeyShare x = with(world, 4, s.get(1).index(), SG, shortY);
    assertThat(reasonOf(() -> custody.combine(split.manifest(), List.of(s.get(0), x, s.get(2)))))
        .isEqualTo(CheckReason.SHARE_MALFORMED);
    byte[] enc = s.get(0).encode(SecretAccess.explicitly());
    for (int cut = 0; cut < enc.length; cut++) {
      byte[] t = java.util.Arrays.copyOf(enc, cut);
      assertThat(reasonOf(() -> KeyShare.decode(t))).isEqualTo(CheckReason.SHARE_MALFORMED);
    }
  }

  @Test
  void mixedEpochs_K8() {
    Custody.Split next =
        custody.split(MasterKey.generate(random("n"), 5), world, CONFIG, random("n2"));
    List<KeyShare> mixed = new ArrayList<>(List.of(s.get(0), s.get(1)));
    mixed.add(next.shares().get(2));
    assertThat(reasonOf(() -> custody.combine(next.manifest(), mixed)))
        .isEqualTo(CheckReason.SHARE_EPOCH_MISMATCH);
    assertThat(reasonOf(() -> custody.combine(split.manifest(), mixed)))
        .isEqualTo(CheckReason.SHARE_EPOCH_MISMATCH);
  }

  @Test
  void movedToAnotherCustodianOrWorld_isRefused() {
    // SG's share presented as if it were IS's (index and jurisdiction of IS).
    KeyShare moved = with(world, 4, s.get(3).index(), IS, y(s.get(1)));
    assertThat(
            reasonOf(() -> custody.combine(split.manifest(), List.of(s.get(0), moved, s.get(2)))))
        .isEqualTo(CheckReason.SHARE_INTEGRITY);
    KeyShare relabelledJurisdiction = with(world, 4, s.get(1).index(), IS, y(s.get(1)));
    assertThat(
            reasonOf(
                () ->
                    custody.combine(
                        split.manifest(), List.of(s.get(0), relabelledJurisdiction, s.get(2)))))
        .isEqualTo(CheckReason.SHARE_INTEGRITY);
    KeyShare otherWorld =
        with(
            Bytes.fromHex("ff112233445566778899aabbccddeeff"),
            4,
            s.get(1).index(),
            SG,
            y(s.get(1)));
    assertThat(
            reasonOf(
                () -> custody.combine(split.manifest(), List.of(s.get(0), otherWorld, s.get(2)))))
        .isEqualTo(CheckReason.SHARE_INTEGRITY);
  }

  @Test
  void encodings_roundTrip_andSharesAreRedacted() throws Exception {
    KeyShare d = KeyShare.decode(s.get(2).encode(SecretAccess.explicitly()));
    assertThat(d.commitment()).isEqualTo(s.get(2).commitment());
    assertThat(d.custodian()).isEqualTo(BR);
    assertThat(SplitManifest.decode(split.manifest().encode(), CheckReason.STORE_CORRUPTED))
        .isEqualTo(split.manifest());
    String text = s.get(2).toString() + split.manifest();
    org.mtlab.testing.Secrets.assertNoHexWindow(text, y(s.get(2)));
    org.mtlab.testing.Secrets.assertNoHexWindow(text, key.unsafeKey());
  }
}
