package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.cli.Vectors.str;

import com.google.common.base.Splitter;
import com.google.common.collect.Iterables;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckReason;

/**
 * {@code mtlab pq} against pq vectors nobody here chose (an independent script's {@code
 * generated/pq_factor.json}; grammers, Telethon, gotd and the samples page in {@code
 * published/pq_factorization.json}), and its exit codes: 3 (PQ_INVALID) for a well-formed pq that
 * is not a handshake pq, 2 for anything that is not an unsigned 64-bit decimal.
 */
class PqCommandTest {

  /** Every handshake-shaped case: two distinct odd primes below 2^32. */
  static Stream<Arguments> vectors() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonObject c : Vectors.generated("pq_factor.json")) {
      out.add(Arguments.of("generated #" + i++, str(c, "pq"), str(c, "p"), str(c, "q")));
    }
    for (JsonObject v : Vectors.published("pq_factorization.json")) {
      if (!str(v, "p").equals("2")) { // the even case is below
        out.add(
            Arguments.of(
                Iterables.get(Splitter.on(',').split(str(v, "source")), 0) + " " + str(v, "pq"),
                str(v, "pq"),
                str(v, "p"),
                str(v, "q")));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void pq_json_matchesVector(String name, String pq, String p, String q) {
    JsonObject r = Cli.run("pq", "--json", "--pq", pq).assertOk().json();
    assertThat(r.keySet()).containsExactly("p", "q");
    assertThat(r.get("p").isJsonPrimitive() && r.get("p").getAsJsonPrimitive().isString())
        .as("p is a decimal string")
        .isTrue();
    assertThat(r.get("p").getAsString()).isEqualTo(p);
    assertThat(r.get("q").getAsString()).isEqualTo(q);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void pq_text_matchesVector(String name, String pq, String p, String q) {
    String out = Cli.run("pq", "--pq", pq).assertOk().stdout();
    assertThat(out).startsWith("p  " + p + "\nq  " + q + "  (p * q = " + pq + ")");
  }

  @Test
  void vectorsInclude_pqAtOrAbove2pow63_readAsUnsigned() {
    // 15056018145928017491 > 2^63 - 1: a signed reading would see a negative number.
    assertThat(vectors().map(a -> a.get()[1]))
        .anyMatch(pq -> Long.parseUnsignedLong((String) pq) < 0);
  }

  @Test
  void leadingZeros_areDecimalNotOctal() {
    JsonObject r = Cli.run("pq", "--json", "--pq", "00015").assertOk().json();
    assertThat(r.get("p").getAsString()).isEqualTo("3");
    assertThat(r.get("q").getAsString()).isEqualTo("5");
  }

  /** Well-formed numbers that are not a product of two distinct odd primes below 2^32. */
  @ParameterizedTest(name = "pq {0}")
  @ValueSource(
      strings = {
        "0",
        "1",
        "2",
        "3",
        "2147483647", // a prime (2^31 - 1)
        "18446744073709551557", // the largest prime below 2^64
        "9", // 3^2
        "18446744030759878681", // 4294967291^2, the square of the largest prime below 2^32
        "6", // even: 2 * 3
        "2000000000000000006", // even: 2 * 1000000000000000003, the published p = 2 case
        "105", // 3 * 5 * 7
        "12884901933", // 3 * 4294967311: q is a prime above 2^32
        "18446744073709551615" // 2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417
      })
  void notAHandshakePq_exit3_pqInvalid(String pq) {
    Cli.Result r = Cli.run("pq", "--pq", pq);
    assertThat(r.exit()).as("exit; stderr %s", r.stderr()).isEqualTo(ExitCode.CHECK_FAILED);
    r.assertOneCleanLine();
    assertThat(r.stderr()).contains(CheckReason.PQ_INVALID.name());
    assertThat(r.stdoutBytes()).isEmpty();
    // The same with --json: still one stderr line and nothing on stdout.
    Cli.Result j = Cli.run("pq", "--json", "--pq", pq);
    assertThat(j.exit()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(j.stdoutBytes()).isEmpty();
  }

  @Test
  void publishedEvenCase_isRejectedByTheHandshakeRule() {
    JsonObject even = null;
    for (JsonObject v : Vectors.published("pq_factorization.json")) {
      if (str(v, "p").equals("2")) {
        even = v;
      }
    }
    assertThat(even).as("the published p = 2 vector").isNotNull();
    assertThat(Cli.run("pq", "--pq", str(even, "pq")).exit()).isEqualTo(ExitCode.CHECK_FAILED);
  }

  @ParameterizedTest(name = "--pq ''{0}''")
  @ValueSource(
      strings = {
        "",
        "-15",
        "-0",
        "+15",
        " 15",
        "15 ",
        "1.5",
        "1e3",
        "0x0f",
        "f",
        "15L",
        "١٥",
        "18446744073709551616", // 2^64
        "99999999999999999999",
        "000000000000000000000000000000018446744073709551616",
        "123456789012345678901234567890123456789012345678901234567890"
      })
  void notAnUnsigned64BitDecimal_exit2NamingTheOption(String pq) {
    Cli.run("pq", "--pq", pq).assertUsageError("--pq");
  }

  @Test
  void negativeAndTooBig_sayWhy() {
    assertThat(Cli.run("pq", "--pq", "-15").assertUsageError("--pq").stderr()).contains("negative");
    assertThat(Cli.run("pq", "--pq", "18446744073709551616").assertUsageError("--pq").stderr())
        .contains("18446744073709551615");
    assertThat(Cli.run("pq", "--pq", "1x5").assertUsageError("--pq").stderr()).contains("offset 1");
  }

  @Test
  void missingPq_exit2NamingIt() {
    assertThat(Cli.run("pq").assertUsageError("--pq").stderr()).containsIgnoringCase("missing");
  }
}
