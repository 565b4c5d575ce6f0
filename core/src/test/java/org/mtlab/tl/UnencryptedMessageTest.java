package org.mtlab.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.tl.HandshakeMessageTest.assertReason;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckReason;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.testing.Vectors;

/** The plain-message wrapper against the samples page's packets, and its framing checks. */
class UnencryptedMessageTest {

  private static JsonObject packets() {
    return Vectors.published("auth_key_exchange.json").get(0).getAsJsonObject("packets");
  }

  @Test
  void samplesClientPackets_parseAndRebuildIdentically() throws Exception {
    for (String name : new String[] {"req_pq_multi", "req_DH_params", "set_client_DH_params"}) {
      byte[] packet = Vectors.hex(packets(), name);
      UnencryptedMessage m = UnencryptedMessage.parse(packet);
      assertThat(m.msgId() & 3).as(name + " is a client msg_id").isZero();
      assertThat(m.message().tlName()).isEqualTo(name);
      assertThat(m.toByteArray()).isEqualTo(packet);
      assertThat(UnencryptedMessage.of(m.msgId(), m.message()).toByteArray()).isEqualTo(packet);
    }
  }

  @Test
  void samplesServerPackets_withThePagesWrongLengthFields_areFrameMalformed() throws Exception {
    // page quirk: resPQ, dh_gen_ok say 184 and 112 while their bodies are 80 and 52 bytes
    for (String name : new String[] {"resPQ", "dh_gen_ok"}) {
      byte[] packet = Vectors.hex(packets(), name);
      assertReason(() -> UnencryptedMessage.parse(packet), CheckReason.FRAME_MALFORMED);
      LittleEndian.putInt(packet, 16, packet.length - 20);
      UnencryptedMessage fixed = UnencryptedMessage.parse(packet);
      assertThat(fixed.msgId() & 3).isEqualTo(1); // a server reply
      assertThat(fixed.message().tlName()).isEqualTo(name);
    }
  }

  @Test
  void framingChecks() {
    byte[] packet = Vectors.hex(packets(), "req_pq_multi");
    assertReason(() -> UnencryptedMessage.parse(new byte[0]), CheckReason.FRAME_MALFORMED);
    assertReason(
        () -> UnencryptedMessage.parse(Arrays.copyOf(packet, 19)), CheckReason.FRAME_MALFORMED);
    assertReason(
        () -> UnencryptedMessage.parse(Arrays.copyOf(packet, packet.length - 1)),
        CheckReason.FRAME_MALFORMED);
    byte[] negative = packet.clone();
    LittleEndian.putInt(negative, 16, -4);
    assertReason(() -> UnencryptedMessage.parse(negative), CheckReason.FRAME_MALFORMED);
    byte[] encrypted = packet.clone();
    encrypted[3] = 1; // a non-zero auth_key_id: an encrypted message
    assertReason(() -> UnencryptedMessage.parse(encrypted), CheckReason.AUTH_KEY_ID_MISMATCH);
  }
}
