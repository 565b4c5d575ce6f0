package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlab.handshake.TraceStep;
import org.mtlab.key.Sender;
import org.mtlab.keystore.Disclosure;

/** The short example programs run, and do what their Javadoc says. */
class ExamplesTest {
  @Test
  void sealAndOpen_eachSideReadsWhatTheOtherSent() throws Exception {
    assertThat(SealAndOpen.run("up", "and down")).containsExactly("up", "and down");
  }

  @Test
  void handshakeSteps_traceBothSides_withoutSecrets() throws Exception {
    List<TraceStep> trace = HandshakeSteps.run(new java.security.SecureRandom());
    assertThat(trace)
        .extracting(TraceStep::name)
        .contains("req_pq_multi", "resPQ", "dh_gen_ok", "auth_key");
    assertThat(trace).extracting(TraceStep::side).contains(Sender.CLIENT, Sender.SERVER);
    for (TraceStep s : trace) {
      assertThat(s.value("new_nonce")).as("public trace step %s", s.name()).isEmpty();
      assertThat(s.value("auth_key")).as("public trace step %s", s.name()).isEmpty();
    }
  }

  @Test
  void smallWorld_tMinusOneDiscloseNothing_tDiscloseTheChat(@TempDir Path dir) throws Exception {
    List<Disclosure> d = SmallWorld.run(dir, "See you at the station.");
    assertThat(d.get(0).outcome()).isEqualTo(Disclosure.Outcome.TOO_FEW_SHARES);
    assertThat(d.get(0).messages()).isEmpty();
    assertThat(d.get(1).outcome()).isEqualTo(Disclosure.Outcome.DISCLOSED);
    assertThat(d.get(1).messages())
        .singleElement()
        .satisfies(m -> assertThat(m.text()).isEqualTo("See you at the station."));
    assertThat(dir.resolve("storage-NL.db")).isRegularFile();
  }

  @Test
  void secretChat_bobReadsAlicesMessage_andThePictureHasThreeLines() throws Exception {
    List<String> out = SecretChatExample.run("just us");
    assertThat(out.get(0).split("\n")).hasSize(3);
    assertThat(out.get(1)).isEqualTo("just us");
  }
}
