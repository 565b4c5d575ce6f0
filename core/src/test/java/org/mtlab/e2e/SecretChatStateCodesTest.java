package org.mtlab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.testing.MutableClock;

/**
 * The codes a saved chat state uses for the side and the re-keying stage are fixed numbers, not
 * enum positions: states saved before they were made explicit read back unchanged.
 */
class SecretChatStateCodesTest {
  @Test
  void everyConstantKeepsItsCode() {
    assertThat(ChatRole.ORIGINATOR.stateCode()).isZero();
    assertThat(ChatRole.RESPONDER.stateCode()).isEqualTo(1);
    assertThat(SecretChat.Rekey.NONE.code).isZero();
    assertThat(SecretChat.Rekey.REQUESTED.code).isEqualTo(1);
    assertThat(SecretChat.Rekey.ACCEPTED.code).isEqualTo(2);
    for (ChatRole r : ChatRole.values()) {
      assertThat(ChatRole.ofStateCode(r.stateCode())).isSameAs(r);
    }
    for (SecretChat.Rekey r : SecretChat.Rekey.values()) {
      assertThat(SecretChat.Rekey.ofCode(r.code)).isSameAs(r);
    }
    for (int bad : new int[] {-1, 2, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> ChatRole.ofStateCode(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (int bad : new int[] {-1, 3, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> SecretChat.Rekey.ofCode(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void statesSavedWithTheOldOrdinalCodes_readBackByteForByte() throws IOException {
    Map<String, byte[]> states = load();
    assertThat(states)
        .containsOnlyKeys(
            "responder-none", "originator-requested", "responder-accepted", "originator-none");
    for (Map.Entry<String, byte[]> e : states.entrySet()) {
      String name = e.getKey();
      byte[] saved = e.getValue();
      SecretChat chat = SecretChat.fromState(saved, Chats.seeded(1), new MutableClock(Chats.T0));
      assertThat(chat.role())
          .as(name)
          .isEqualTo(name.startsWith("originator") ? ChatRole.ORIGINATOR : ChatRole.RESPONDER);
      assertThat(LittleEndian.getInt(saved, 8)).as(name).isEqualTo(chat.role().stateCode());
      assertThat(chat.rekeyInProgress()).as(name).isEqualTo(!name.endsWith("-none"));
      assertThat(chat.toState(SecretAccess.explicitly())).as(name).isEqualTo(saved);
    }
  }

  @Test
  void aRoleOrStageCodeOutOfRange_isAMalformedState() throws IOException {
    byte[] state = load().get("responder-none");
    byte[] badRole = state.clone();
    LittleEndian.putInt(badRole, 8, 2);
    assertThatThrownBy(
            () -> SecretChat.fromState(badRole, Chats.seeded(1), new MutableClock(Chats.T0)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badStage = state.clone();
    LittleEndian.putInt(badStage, badStage.length - 4, 3); // the last int: the re-keying code
    assertThatThrownBy(
            () -> SecretChat.fromState(badStage, Chats.seeded(1), new MutableClock(Chats.T0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, byte[]> load() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream in =
        SecretChatStateCodesTest.class.getResourceAsStream("chat-states-v1.txt")) {
      assertThat(in).isNotNull();
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ", -1);
        out.put(parts[0], Bytes.fromHex(parts[1]).toByteArray());
      }
    }
    return out;
  }
}
