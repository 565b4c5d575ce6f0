package org.mtlab.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.testing.Vectors;

/** {@link Sender}: x = 0 / 8 and the msg_id parity rules of MTProto §2.2. */
class SenderTest {

  @Test
  void clientIsXZeroAndServerIsXEight() {
    assertThat(Sender.CLIENT.x()).isZero();
    assertThat(Sender.SERVER.x()).isEqualTo(8);
    assertThat(Sender.values()).containsExactly(Sender.CLIENT, Sender.SERVER);
  }

  @Test
  void oppositeSwapsTheDirections() {
    assertThat(Sender.CLIENT.opposite()).isEqualTo(Sender.SERVER);
    assertThat(Sender.SERVER.opposite()).isEqualTo(Sender.CLIENT);
  }

  @ParameterizedTest(name = "high bits {0}")
  @ValueSource(
      longs = {
        0L,
        0x5f3d_0000_0000L,
        0x6000_0000_1234_5670L,
        -4L,
        Long.MIN_VALUE,
        Long.MAX_VALUE & ~3L
      })
  void clientMsgIdsAreZeroModFourServerOnesOneOrThree(long base) {
    long b = base & ~3L;
    assertThat(Sender.CLIENT.isValidMsgIdParity(b)).isTrue();
    assertThat(Sender.CLIENT.isValidMsgIdParity(b | 1)).isFalse();
    assertThat(Sender.CLIENT.isValidMsgIdParity(b | 2)).isFalse();
    assertThat(Sender.CLIENT.isValidMsgIdParity(b | 3)).isFalse();
    assertThat(Sender.SERVER.isValidMsgIdParity(b)).isFalse();
    assertThat(Sender.SERVER.isValidMsgIdParity(b | 1)).as("server reply").isTrue();
    assertThat(Sender.SERVER.isValidMsgIdParity(b | 2)).isFalse();
    assertThat(Sender.SERVER.isValidMsgIdParity(b | 3)).as("server-initiated").isTrue();
  }

  static Stream<Arguments> publishedMsgIds() {
    // the vectors that state the sender's residue (the samples page's handshake messages)
    return Vectors.published("msg_id.json").stream()
        .filter(v -> Vectors.has(v, "mod4"))
        .map(v -> Arguments.of(Vectors.str(v, "id"), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedMsgIds")
  void publishedMsgIdsHaveTheParityOfTheirSender(String id, JsonObject v) {
    long msgId = Vectors.int64(v, "msg_id");
    assertThat(LittleEndian.getLong(Vectors.hex(v, "wire_bytes"), 0)).isEqualTo(msgId);
    int mod4 = Vectors.integer(v, "mod4");
    assertThat(Math.floorMod(msgId, 4)).isEqualTo(mod4);
    assertThat(Sender.CLIENT.isValidMsgIdParity(msgId)).isEqualTo(mod4 == 0);
    assertThat(Sender.SERVER.isValidMsgIdParity(msgId)).isEqualTo(mod4 == 1 || mod4 == 3);
  }

  @Test
  void parseAcceptsBothNamesInAnyCaseAndRejectsOthers() {
    assertThat(Sender.parse("client")).isEqualTo(Sender.CLIENT);
    assertThat(Sender.parse("SERVER")).isEqualTo(Sender.SERVER);
    assertThat(Sender.parse("Client")).isEqualTo(Sender.CLIENT);
    assertThatThrownBy(() -> Sender.parse("x0"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x0'");
    assertThatThrownBy(() -> Sender.parse("")).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sender.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
