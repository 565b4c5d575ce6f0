package org.mtlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CheckFailedException}: one checked type whose message is the reason's fixed text, with no
 * cause and no stack trace, so two failures with the same reason cannot be told apart. (It lives in
 * the testing package because the org.mtlab test folder is not this suite's.)
 */
class CheckFailedExceptionTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(CheckReason.class)
  void messageIsTheReasonsFixedTextWithNoCause(CheckReason reason) {
    CheckFailedException e = new CheckFailedException(reason);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(reason.name() + ": " + reason.description());
    assertThat(e.getCause()).isNull();
    assertThat(e.getSuppressed()).isEmpty();
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e).isInstanceOf(GeneralSecurityException.class);
    assertThat(reason.description()).isNotBlank().doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CheckReason.class)
  void twoFailuresWithTheSameReasonAreIndistinguishable(CheckReason reason) {
    CheckFailedException a = new CheckFailedException(reason);
    CheckFailedException b = throwAndCatch(reason);
    assertThat(b.getClass()).isEqualTo(a.getClass());
    assertThat(b.getMessage()).isEqualTo(a.getMessage());
    assertThat(b.toString()).isEqualTo(a.toString());
    assertThat(render(b)).isEqualTo(render(a));
  }

  private static CheckFailedException throwAndCatch(CheckReason reason) {
    try {
      throw new CheckFailedException(reason);
    } catch (CheckFailedException e) {
      return e;
    }
  }

  private static String render(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void everyReasonHasItsOwnDescription() {
    Set<String> seen = new HashSet<>();
    for (CheckReason r : EnumSet.allOf(CheckReason.class)) {
      assertThat(seen.add(r.description())).as("description of %s is unique", r).isTrue();
    }
  }

  @Test
  void nullReasonIsAnNpeNamingIt() {
    assertThatNullPointerException()
        .isThrownBy(() -> new CheckFailedException(null))
        .withMessageContaining("reason");
  }
}
