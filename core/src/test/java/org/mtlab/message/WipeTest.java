package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mtlab.message.Frames.T0;
import static org.mtlab.message.Frames.clientMsgId;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckFailedException;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.wire.SessionId;

/**
 * Secrets are zeroed after use (docs/security.md, key hygiene), seen through the package-private
 * views of sealer, frame cipher and opener: the per-message aes_key/aes_iv, the random chunk the
 * padding came from, and the decrypted plaintext, after a success and after each kind of failure.
 */
class WipeTest {
  private final AuthKey key = Frames.randomKey(new SplittableRandom(0x3A1EL));

  private static SecureRandom seeded() throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(7);
    return r;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void sealer_zeroesThePerMessageKeyAndTheRandomChunk() throws Exception {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, seeded());
    byte[] frame = sealer.seal(InnerMessage.of(1, 2, clientMsgId(T0, 4), 1, new byte[40]));
    assertThat(frame.length).isGreaterThan(64);
    assertThat(allZero(sealer.cipher.keyIv)).as("aes_key/aes_iv after seal").isTrue();
    assertThat(allZero(sealer.randomChunk)).as("random chunk after seal").isTrue();
  }

  @Test
  void opener_zeroesKeyAndPlaintext_afterOpenOpenIntoAndEveryFailure() throws Exception {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, seeded());
    SessionId session = new SessionId(2);
    MessageOpener opener = new MessageOpener(key, Sender.CLIENT, session, SessionPolicy.standard());
    byte[] first = sealer.seal(InnerMessage.of(1, 2, clientMsgId(T0, 4), 1, new byte[40]));
    byte[] second = sealer.seal(InnerMessage.of(1, 2, clientMsgId(T0, 8), 1, new byte[40]));

    assertThat(opener.open(first).data().length()).isEqualTo(40);
    assertThat(opener.scratch.length).isGreaterThan(0);
    assertThat(allZero(opener.scratch)).as("plaintext after open").isTrue();

    byte[] out = new byte[MessageOpener.maxInnerLength(second.length)];
    assertThat(opener.openInto(second, 0, second.length, out, 0)).isEqualTo(72);
    assertThat(allZero(opener.scratch)).as("plaintext after openInto").isTrue();

    byte[] tampered = second.clone();
    tampered[30] ^= 1; // MAC failure
    assertThatThrownBy(() -> opener.open(tampered)).isInstanceOf(CheckFailedException.class);
    assertThat(allZero(opener.scratch)).as("plaintext after a MAC failure").isTrue();

    assertThatThrownBy(() -> opener.open(second)) // replay: a failure after the MAC
        .isInstanceOf(CheckFailedException.class);
    assertThat(allZero(opener.scratch)).as("plaintext after a field check failed").isTrue();

    // the frame cipher's key/IV scratch (reached through a sealer of the same class)
    assertThat(allZero(sealer.cipher.keyIv)).isTrue();
  }

  @Test
  void openStateless_withATime_returnsTheMessage() throws Exception {
    MessageSealer sealer = new MessageSealer(key, Sender.CLIENT, seeded());
    InnerMessage m = InnerMessage.of(5, 6, clientMsgId(T0, 12), 3, new byte[8]);
    byte[] frame = sealer.seal(m);
    InnerMessage opened =
        MessageOpener.openStateless(key, Sender.CLIENT, frame, Instant.ofEpochSecond(T0));
    assertThat(opened).isEqualTo(m);
    assertThatThrownBy(
            () ->
                MessageOpener.openStateless(
                    key, Sender.CLIENT, frame, Instant.ofEpochSecond(T0 + 301)))
        .isInstanceOf(CheckFailedException.class);
  }
}
