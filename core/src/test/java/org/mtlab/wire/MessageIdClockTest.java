package org.mtlab.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.bytes.Hex;
import org.mtlab.key.Sender;
import org.mtlab.testing.MutableClock;
import org.mtlab.testing.Vectors;

/** msg_id: the clock (A6 second half) and the value type against published msg_ids. */
class MessageIdClockTest {
  private static final long T0 = 1_790_000_000L;

  @Test
  void msgIdClock_strictlyIncreasing() {
    // 10^5 ids within one frozen millisecond, for both senders (the server mixing replies).
    InstantSource frozen = InstantSource.fixed(Instant.ofEpochSecond(T0, 123_000_000));
    for (Sender sender : Sender.values()) {
      MessageIdClock clock = new MessageIdClock(frozen, sender);
      long last = 0;
      for (int i = 0; i < 100_000; i++) {
        boolean reply = sender == Sender.SERVER && i % 3 == 0;
        MessageId id = reply ? clock.nextReply() : clock.next();
        long v = id.value();
        long expectedLow = sender == Sender.CLIENT ? 0L : reply ? 1L : 3L;
        // plain checks in the loop (AssertJ per call would dominate the run time)
        if (Long.compareUnsigned(v, last) <= 0
            || (v & 3) != expectedLow
            || !id.hasParityOf(sender)
            || id.low32() == 0
            || id.seconds() != T0) {
          throw new AssertionError(
              sender
                  + " call "
                  + i
                  + ": bad msg_id "
                  + Long.toUnsignedString(v)
                  + " after "
                  + Long.toUnsignedString(last));
        }
        last = v;
      }
      assertThat(clock.last().value()).isEqualTo(last);
    }
  }

  @Test
  void msgIdClock_carriesTheTimeAndItsFraction() {
    MutableClock t = new MutableClock(T0);
    MessageIdClock clock = new MessageIdClock(t, Sender.CLIENT);
    MessageId whole = clock.next();
    assertThat(whole.seconds()).isEqualTo(T0);
    assertThat(whole.low32()).as("zero fraction still gives non-zero low bits").isEqualTo(4);
    MessageIdClock half =
        new MessageIdClock(
            InstantSource.fixed(Instant.ofEpochSecond(T0, 500_000_000)), Sender.SERVER);
    MessageId h = half.next();
    assertThat(h.value()).isEqualTo(T0 << 32 | 0x8000_0003L);
    assertThat(h.time()).isEqualTo(Instant.ofEpochSecond(T0, 500_000_000));
    t.advance(5);
    assertThat(clock.next().seconds()).isEqualTo(T0 + 5);
  }

  @Test
  void msgIdClock_clockSteppingBack_stillIncreases() {
    MutableClock t = new MutableClock(T0 + 100);
    MessageIdClock clock = new MessageIdClock(t, Sender.CLIENT);
    long a = clock.next().value();
    t.set(T0);
    long b = clock.next().value();
    assertThat(Long.compareUnsigned(b, a)).isPositive();
    assertThat(b).isEqualTo(a + 4);
  }

  @Test
  void msgIdClock_offsetShiftsTheTime() {
    MessageIdClock clock = new MessageIdClock(new MutableClock(T0), Sender.CLIENT);
    clock.setOffsetSeconds(-120);
    assertThat(clock.offsetSeconds()).isEqualTo(-120);
    assertThat(clock.now()).isEqualTo(Instant.ofEpochSecond(T0 - 120));
    assertThat(clock.next().seconds()).isEqualTo(T0 - 120);
  }

  @Test
  void msgIdClock_misuse() {
    MessageIdClock client = new MessageIdClock(new MutableClock(T0), Sender.CLIENT);
    assertThatThrownBy(client::nextReply).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(client::last).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new MessageIdClock(null, Sender.CLIENT))
        .isInstanceOf(NullPointerException.class);
  }

  static Stream<Arguments> publishedIds() {
    return Vectors.published("msg_id.json").stream()
        .filter(v -> v.has("wire_bytes") && v.has("mod4"))
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedIds")
  void messageId_decodesPublishedIds(String id0, JsonObject v) {
    MessageId id = MessageId.fromWire(Hex.decode(Vectors.str(v, "wire_bytes")), 0);
    assertThat(id.value()).isEqualTo(v.get("msg_id").getAsLong());
    assertThat(id.seconds()).isEqualTo(v.get("unix_seconds").getAsLong());
    if (v.has("low32")) {
      assertThat(id.low32()).isEqualTo(v.get("low32").getAsLong());
    }
    int mod4 = v.get("mod4").getAsInt();
    assertThat(id.value() & 3).isEqualTo(mod4);
    assertThat(id.hasParityOf(Sender.CLIENT)).isEqualTo(mod4 == 0);
    assertThat(id.hasParityOf(Sender.SERVER)).isEqualTo(mod4 % 2 == 1);
    assertThat(id.isServerReply()).isEqualTo(mod4 == 1);
    assertThat(id.hex()).isEqualTo(Vectors.str(v, "wire_bytes"));
  }

  @Test
  void msgIdClock_atAGivenInstant_usesThatReadingPlusTheOffset() {
    MessageIdClock server = new MessageIdClock(new MutableClock(T0), Sender.SERVER);
    server.setOffsetSeconds(5);
    MessageId reply = server.nextReply(Instant.ofEpochSecond(T0 + 100, 500_000_000));
    assertThat(reply.seconds()).isEqualTo(T0 + 105);
    assertThat(reply.isServerReply()).isTrue();
    assertThat(reply.low32() >>> 2).isEqualTo((1L << 31) >>> 2);
    MessageId again = server.nextReply(Instant.ofEpochSecond(T0 + 100, 500_000_000));
    assertThat(again.value()).isEqualTo(reply.value() + 4);
    assertThatThrownBy(() -> server.next(null)).isInstanceOf(NullPointerException.class);
  }
}
