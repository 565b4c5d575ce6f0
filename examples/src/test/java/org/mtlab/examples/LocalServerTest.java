package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link LocalServer}: a real server and client on localhost agree on a key and ping. */
class LocalServerTest {
  @Test
  void clientMakesAKeyTheServerHolds_andEveryPingGetsItsPong() throws Exception {
    LocalServer.Outcome o = LocalServer.run(4);
    assertThat(o.serverHoldsKey()).isTrue();
    assertThat(o.authKeyId()).matches("[0-9a-f]{16}");
    assertThat(o.pongIds()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void negativePings_isACallerMistake() {
    assertThatThrownBy(() -> LocalServer.run(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
