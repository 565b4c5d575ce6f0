package org.mtlab.e2e;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.handshake.DhGroup;
import org.mtlab.testing.MutableClock;

/**
 * Jazzer targets over the end-to-end message reader, {@link SecretChat#open} (docs/security.md
 * B47's rule for secret chats). Under {@code mvn verify} they run in regression mode over the seeds
 * in {@code src/test/resources/org/mtlab/e2e/SecretChatFuzzTestInputs/<method>/} (written by {@link
 * E2eFuzzSeeds}); see {@code core/FUZZING.md} for real fuzzing. The only exception allowed out of
 * {@code open} is {@link CheckFailedException}.
 */
class SecretChatFuzzTest {
  /** A fixed chat key (bytes 0, 1, ..., 255), also used to build the seeds. */
  static final byte[] KEY = counting(256);

  static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Device B of a fresh chat under {@link #KEY}. */
  static SecretChat responder() {
    return SecretChat.create(
        ChatRole.RESPONDER,
        ChatKey.copyOf(KEY),
        DhGroup.telegram(),
        Chats.seeded(1),
        new MutableClock(Chats.T0));
  }

  /**
   * Arbitrary bytes as a wire message, as they come and with the right key_fingerprint written over
   * the first 8 bytes (so that decryption and the msg_key check are reached).
   */
  @FuzzTest(maxDuration = "5m")
  void openArbitraryBytes(byte[] wire) {
    openExpectingOnlyChecks(wire);
    if (wire.length >= 8) {
      byte[] named = wire.clone();
      LittleEndian.putLong(named, 0, ChatKey.copyOf(KEY).fingerprint().value());
      openExpectingOnlyChecks(named);
    }
  }

  private static void openExpectingOnlyChecks(byte[] wire) {
    SecretChat chat = responder();
    try {
      chat.open(wire);
    } catch (CheckFailedException expected) {
      // the only allowed failure
    }
  }

  /**
   * The harness seals a fuzzer-chosen plaintext (zero-padded to whole blocks, at least 48 bytes) as
   * device A under {@link #KEY} first, so that msg_key always matches and every check after it is
   * reached. Then no pre-MAC reason may come out, and an accepted message must satisfy the layout
   * rules.
   */
  @FuzzTest(maxDuration = "5m")
  void openSealedPlaintext(byte[] input) {
    int n = Math.max(48, (input.length + 15) & ~15);
    if (n > 1 << 16) {
      return;
    }
    byte[] padded = Arrays.copyOf(input, n);
    byte[] wire = Chats.sealRaw(ChatKey.copyOf(KEY), ChatRole.ORIGINATOR, padded);
    SecretChat chat = responder();
    try {
      ChatOutcome outcome = chat.open(wire);
      int len = LittleEndian.getInt(padded, 0);
      int padding = n - 4 - len;
      if (padding < 12 || padding > 1024 || len % 4 != 0) {
        throw new AssertionError("accepted a message that breaks the layout rules: " + outcome);
      }
    } catch (CheckFailedException e) {
      if (e.reason() == CheckReason.MSG_KEY_MISMATCH
          || e.reason() == CheckReason.FRAME_MALFORMED
          || e.reason() == CheckReason.E2E_FINGERPRINT_MISMATCH) {
        throw new AssertionError("a correctly sealed message failed before the MAC: " + e.reason());
      }
    }
  }
}
