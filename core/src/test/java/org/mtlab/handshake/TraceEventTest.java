package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mtlab.key.Sender;

/** The typed trace events agree with the string view and with the run, without parsing. */
class TraceEventTest {

  private static TraceStep step(List<TraceStep> steps, Sender side, String name) {
    return steps.stream()
        .filter(s -> s.side() == side && s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String text(TraceStep s, String name) {
    return s.value(name).orElseThrow();
  }

  @Test
  void seededRun_eventsMatchTheStringView() throws Exception {
    List<TraceStep> steps = new ArrayList<>();
    InMemoryHandshake.Run run =
        Fixtures.seeded(7, KeyType.PERMANENT, HandshakeTrace.publicValues(steps::add));
    try {
      TraceStep pqStep = step(steps, Sender.CLIENT, "pq_factorization");
      TraceEvent.PqFactored pq = pqStep.event(TraceEvent.PqFactored.class);
      assertThat(pq.p().toString()).isEqualTo(text(pqStep, "p"));
      assertThat(pq.q().toString()).isEqualTo(text(pqStep, "q"));
      assertThat(pq.pq().toString()).isEqualTo(text(pqStep, "pq"));
      assertThat(pq.p()).isLessThan(pq.q());

      TraceStep inner = step(steps, Sender.CLIENT, "p_q_inner_data_dc");
      TraceEvent.InnerDataMade made = inner.event(TraceEvent.InnerDataMade.class);
      assertThat(Integer.toString(made.length())).isEqualTo(text(inner, "length"));
      assertThat(Integer.toString(made.dc())).isEqualTo(text(inner, "dc"));

      TraceStep sent = step(steps, Sender.SERVER, "server_DH_inner_data");
      TraceEvent.DhHalfSent half = sent.event(TraceEvent.DhHalfSent.class);
      assertThat(half.g()).isEqualTo(3);
      assertThat(half.gA()).isEqualTo(new BigInteger(text(sent, "g_a"), 16));
      assertThat(Long.toString(half.serverTime())).isEqualTo(text(sent, "server_time"));

      TraceStep answer = step(steps, Sender.CLIENT, "answer_with_hash");
      TraceEvent.AnswerDecrypted dec = answer.event(TraceEvent.AnswerDecrypted.class);
      assertThat(Integer.toString(dec.answerLength())).isEqualTo(text(answer, "answer_length"));
      assertThat(Integer.toString(dec.paddingLength())).isEqualTo(text(answer, "padding_length"));
      assertThat((20 + dec.answerLength() + dec.paddingLength()) % 16).isZero();

      TraceStep checked = step(steps, Sender.CLIENT, "server_DH_inner_data");
      TraceEvent.DhParamsChecked dh = checked.event(TraceEvent.DhParamsChecked.class);
      assertThat(dh.g()).isEqualTo(half.g());
      assertThat(dh.gA()).isEqualTo(half.gA());
      assertThat(dh.serverTime()).isEqualTo(half.serverTime());
      assertThat(dh.dhPrime().bitLength()).isEqualTo(2048);
      assertThat(dh.dhPrimeKnown()).isTrue();
      assertThat(Long.toString(dh.clockOffset())).isEqualTo(text(checked, "clock_offset"));
      assertThat(dh.dhPrime().toString(16))
          .isEqualTo(new BigInteger(text(checked, "dh_prime"), 16).toString(16));

      TraceStep received = step(steps, Sender.SERVER, "client_DH_inner_data");
      BigInteger gB = received.event(TraceEvent.GbReceived.class).gB();
      assertThat(gB).isEqualTo(new BigInteger(text(received, "g_b"), 16));
      assertThat(gB).isNotEqualTo(half.gA());

      // steps without a typed payload say so
      TraceStep hello = step(steps, Sender.CLIENT, "req_pq_multi");
      assertThat(hello.event()).isEmpty();
      assertThatThrownBy(() -> hello.event(TraceEvent.GbReceived.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("req_pq_multi");
      assertThatThrownBy(() -> pqStep.event(TraceEvent.GbReceived.class))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      run.destroy();
    }
  }

  @Test
  void records_validate() {
    BigInteger two = BigInteger.TWO;
    assertThat(new TraceEvent.PqFactored(BigInteger.valueOf(6), two, BigInteger.valueOf(3)).p())
        .isEqualTo(two);
    assertThatThrownBy(() -> new TraceEvent.PqFactored(BigInteger.valueOf(7), two, two))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TraceEvent.GbReceived(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TraceStep(Sender.CLIENT, "x", List.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(new TraceStep(Sender.CLIENT, "x", List.of()).event()).isEqualTo(Optional.empty());
  }
}
