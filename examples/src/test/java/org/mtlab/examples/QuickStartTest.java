package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's example program really runs: handshake, session, one message. */
class QuickStartTest {
  @Test
  void run_serverReadsWhatTheClientSent() throws Exception {
    assertThat(QuickStart.run("hello, server")).isEqualTo("hello, server");
    assertThat(QuickStart.run(" four")).isEqualTo(" four");
  }
}
