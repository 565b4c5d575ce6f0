package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** World creation rules (docs/security.md K1, K2). */
class WorldConfigTest {
  @Test
  void thresholdBelowTwo_K1() {
    for (int t : new int[] {1, 0, -1}) {
      assertThatThrownBy(() -> WorldConfig.of("NL", List.of("CH", "SG"), t))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("below 2");
    }
  }

  @Test
  void thresholdAboveN_tooManyShares_duplicates_storageCustodian_K2() {
    assertThatThrownBy(() -> WorldConfig.of("NL", List.of("CH", "SG"), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      many.add("J" + i);
    }
    assertThatThrownBy(() -> WorldConfig.of("NL", many, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255");
    assertThat(WorldConfig.of("NL", many.subList(0, 255), 255).custodianCount()).isEqualTo(255);
    assertThatThrownBy(() -> WorldConfig.of("NL", List.of("CH", "SG", "CH"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> WorldConfig.of("NL", List.of("CH", "NL"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage");
    assertThatThrownBy(() -> Jurisdiction.of("nl")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chatIds_parseAndOrder() {
    assertThat(ChatId.parse("bob:alice")).isEqualTo(ChatId.cloud(Worlds.ALICE, Worlds.BOB));
    assertThat(ChatId.parse("secret:alice:bob").kind()).isEqualTo(ChatKind.SECRET);
    assertThat(ChatId.cloud(Worlds.BOB, Worlds.ALICE).text()).isEqualTo("alice:bob");
    assertThatThrownBy(() -> ChatId.parse("alice:alice"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChatId.parse("alice")).isInstanceOf(IllegalArgumentException.class);
  }
}
