package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.keystore.Worlds.*;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;

/**
 * The at-rest cipher of a chat: its rows are the rows the world's read path opens (the same AES-GCM
 * layout and associated data as {@link EnvelopeCipher} with World's message AAD), a row moved to
 * another index, chat, epoch or world does not open, and caller mistakes throw.
 */
class AtRestCipherTest {
  private static final ChatId AB = ChatId.cloud(ALICE, BOB);
  private final SecureRandom random = random("at rest");
  private final byte[] key = bytes(32, 1);
  private final Bytes world = Bytes.copyOf(bytes(16, 2));

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    random("bytes " + seed).nextBytes(b);
    return b;
  }

  /** World's associated data of a message row, written out here independently. */
  private static byte[] worldMessageAad(Bytes worldId, ChatId chat, long index, long epoch) {
    Codec.Writer w = new Codec.Writer();
    w.ascii8("mtlab/message")
        .bytes8(worldId.toByteArray())
        .bytes16(chat.text().getBytes(StandardCharsets.UTF_8))
        .i64(index)
        .i64(epoch);
    return w.toByteArray();
  }

  @Test
  void rowsOpenAsTheWorldsReadPathOpensThem() throws Exception {
    AtRestCipher c = AtRestCipher.create(world, AB, 3, key, random);
    byte[] text = "Qm4 at rest Zt8".getBytes(StandardCharsets.UTF_8);
    byte[] row = c.seal(41, text);
    assertThat(row).hasSize(text.length + AtRestCipher.OVERHEAD);
    EnvelopeCipher envelope = new EnvelopeCipher(random("envelope"));
    assertThat(envelope.open(key, worldMessageAad(world, AB, 41, 3), row, "row")).isEqualTo(text);
    // and the other way round: a row sealed the old way opens here
    byte[] old = envelope.seal(key, worldMessageAad(world, AB, 7, 3), text);
    assertThat(c.open(7, old)).isEqualTo(text);
    assertThat(c.open(41, row)).isEqualTo(text);
  }

  @Test
  void everyRowHasAFreshNonce() {
    AtRestCipher c = AtRestCipher.create(world, AB, 1, key, random);
    byte[] a = c.seal(0, new byte[1024]);
    byte[] b = c.seal(0, new byte[1024]);
    assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void sealsARangeOfTheCallersArray() throws Exception {
    AtRestCipher c = AtRestCipher.create(world, AB, 1, key, random);
    byte[] buf = "xxHELLOyy".getBytes(StandardCharsets.US_ASCII);
    assertThat(new String(c.open(5, c.seal(5, buf, 2, 5)), StandardCharsets.US_ASCII))
        .isEqualTo("HELLO");
    assertThatThrownBy(() -> c.seal(5, buf, 5, 5)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aRowMovedOrAlteredDoesNotOpen() {
    AtRestCipher c = AtRestCipher.create(world, AB, 2, key, random);
    byte[] row = c.seal(9, new byte[] {1, 2, 3});
    assertThat(reasonOf(() -> c.open(10, row))).isEqualTo(CheckReason.AT_REST_INTEGRITY);
    ChatId ac = ChatId.cloud(ALICE, CAROL);
    assertThat(reasonOf(() -> AtRestCipher.create(world, ac, 2, key, random).open(9, row)))
        .isEqualTo(CheckReason.AT_REST_INTEGRITY);
    assertThat(reasonOf(() -> AtRestCipher.create(world, AB, 3, key, random).open(9, row)))
        .isEqualTo(CheckReason.AT_REST_INTEGRITY);
    Bytes other = Bytes.copyOf(bytes(16, 3));
    assertThat(reasonOf(() -> AtRestCipher.create(other, AB, 2, key, random).open(9, row)))
        .isEqualTo(CheckReason.AT_REST_INTEGRITY);
    for (int i = 0; i < row.length; i++) {
      byte[] flipped = row.clone();
      flipped[i] ^= 0x10;
      assertThat(reasonOf(() -> c.open(9, flipped)))
          .as("byte %d", i)
          .isEqualTo(CheckReason.AT_REST_INTEGRITY);
    }
    assertThat(reasonOf(() -> c.open(9, Arrays.copyOf(row, 27))))
        .isEqualTo(CheckReason.AT_REST_INTEGRITY);
  }

  @Test
  void callerMistakesThrowAtOnce() {
    assertThatThrownBy(() -> AtRestCipher.create(world, AB, 1, new byte[31], random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> AtRestCipher.create(world, ChatId.secret(ALICE, BOB), 1, key, random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AtRestCipher.create(null, AB, 1, key, random))
        .isInstanceOf(NullPointerException.class);
    AtRestCipher c = AtRestCipher.create(world, AB, 1, key, random);
    assertThatThrownBy(() -> c.seal(0, null)).isInstanceOf(NullPointerException.class);
    assertThat(c.toString()).doesNotContain(Bytes.copyOf(key).hex().substring(0, 16));
  }

  @Test
  void destroyStopsUseAndLeavesTheCallersArray() {
    byte[] mine = key.clone();
    AtRestCipher c = AtRestCipher.create(world, AB, 1, mine, random);
    assertThat(c.isDestroyed()).isFalse();
    c.destroy();
    assertThat(c.isDestroyed()).isTrue();
    assertThatThrownBy(() -> c.seal(0, new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.open(0, new byte[40])).isInstanceOf(IllegalStateException.class);
    assertThat(mine)
        .as("the cipher copied the key; the caller's array is the caller's")
        .isEqualTo(key);
  }
}
