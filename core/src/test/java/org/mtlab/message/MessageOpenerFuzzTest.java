package org.mtlab.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import org.mtlab.testing.MutableClock;
import org.mtlab.wire.ServerSalt;
import org.mtlab.wire.SessionId;

/**
 * Jazzer targets over the receiver (docs/security.md B47, §3.5). Under {@code mvn verify} they run
 * in regression mode over the committed seeds in {@code
 * src/test/resources/org/mtlab/message/MessageOpenerFuzzTestInputs/<method>/}; see {@code
 * core/FUZZING.md} for real fuzzing. The only exception allowed out of {@link MessageOpener} is
 * {@link CheckFailedException}: anything else fails the target.
 */
class MessageOpenerFuzzTest {
  /** A fixed key (bytes 0, 1, ..., 255), also used to build the seed frames. */
  static final AuthKey KEY = AuthKey.copyOf(counting(256));

  static final long T0 = Frames.T0;
  static final long SALT = 0x1111_2222_3333_4444L;
  static final long SESSION = 0x0123_4567_89ab_cdefL;

  private static byte[] counting(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Arbitrary bytes as a frame, through every kind of opener and both entry points. */
  @FuzzTest(maxDuration = "5m")
  void openArbitraryBytes(byte[] frame) {
    for (MessageOpener opener : openers(Sender.CLIENT)) {
      try {
        opener.open(frame);
      } catch (CheckFailedException expected) {
        // the only allowed failure
      }
    }
    byte[] out = new byte[MessageOpener.maxInnerLength(frame.length)];
    Arrays.fill(out, (byte) 0xAA);
    try {
      int n = MessageOpener.stateless(KEY, Sender.SERVER).openInto(frame, 0, frame.length, out, 0);
      InnerMessage.readFrom(out, 0, n);
    } catch (CheckFailedException expected) {
      for (byte b : out) {
        if (b != (byte) 0xAA) {
          throw new AssertionError("a rejected frame wrote into the output");
        }
      }
    }
  }

  /**
   * The harness seals a fuzzer-chosen plaintext first, so that the msg_key always matches and the
   * checks after the MAC are reached (BoringSSL's "fuzzer mode", as a test harness only). Input:
   * byte 0 picks the sender (bit 0) and the opener (bits 1-2); the rest, zero-padded to whole
   * blocks of at least 48 bytes, is the plaintext with padding.
   */
  @FuzzTest(maxDuration = "5m")
  void openSealedPlaintext(byte[] input) {
    if (input.length == 0) {
      return;
    }
    Sender sender = (input[0] & 1) == 0 ? Sender.CLIENT : Sender.SERVER;
    int n = Math.max(48, (input.length - 1 + 15) & ~15);
    if (n > 1 << 16) {
      return;
    }
    byte[] padded = Arrays.copyOfRange(input, 1, 1 + n);
    byte[] frame = Frames.sealRaw(KEY, sender, padded);
    MessageOpener opener = openers(sender)[(input[0] >>> 1) & 3];
    try {
      InnerMessage m = opener.open(frame);
      // accepted: the layout rules held
      long padding = (long) n - m.length();
      if (padding < 12 || padding > 1024 || !m.msgId().hasParityOf(sender)) {
        throw new AssertionError("accepted a frame that breaks the layout rules: " + m);
      }
    } catch (CheckFailedException e) {
      if (e.reason() == CheckReason.MSG_KEY_MISMATCH
          || e.reason() == CheckReason.FRAME_MALFORMED
          || e.reason() == CheckReason.AUTH_KEY_ID_MISMATCH) {
        throw new AssertionError("a correctly sealed frame failed before the MAC: " + e.reason());
      }
    }
  }

  /** A stateless opener, a session opener with a clock, a windowed one, a server's. */
  static MessageOpener[] openers(Sender sender) {
    SessionId session = new SessionId(SESSION);
    MutableClock clock = new MutableClock(T0);
    return new MessageOpener[] {
      MessageOpener.stateless(KEY, sender),
      new MessageOpener(KEY, sender, session, SessionPolicy.standard(), clock),
      new MessageOpener(KEY, sender, session, SessionPolicy.compatible().withReplayWindowSize(3)),
      sender == Sender.CLIENT
          ? MessageOpener.forServer(
              KEY,
              session,
              new ServerSalts(new ServerSalt(SALT), clock.instant(), Duration.ofMinutes(30)),
              SessionPolicy.standard(),
              clock)
          : MessageOpener.stateless(KEY, sender, clock),
    };
  }
}
