package org.mtlab.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mtlab.testing.Bytecode.BYTES_CONSTANT_TIME_EQUALS;
import static org.mtlab.testing.Bytecode.CONSTANT_TIME_EQUALS;
import static org.mtlab.testing.Bytecode.IS_EQUAL;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.testing.Bytecode;

/**
 * The bytecode gate for constant-time comparison (docs/security.md §3.8), per method: every place
 * in the handshake that compares a secret, with the constant-time call it must make and no
 * variable-time comparison beside it. The positive controls prove the gate fails on a method that
 * compares with {@code Arrays.equals} and on one that compares nothing.
 */
class HandshakeConstantTimeTest {

  /** (class, method, the constant-time call it must make): every secret comparison. */
  static Stream<Arguments> secretComparisons() {
    return Stream.of(
        // RSA_PAD's SHA-256 over temp_key and data_with_padding (A9)
        Arguments.of(RsaPad.class, "decryptAndParse", IS_EQUAL),
        // the SHA-1 of answer_with_hash and data_with_hash, every candidate length
        Arguments.of(HashedData.class, "unwrap", IS_EQUAL),
        // bindTempAuthKey's msg_key
        Arguments.of(TempKeyBinding.class, "verify", IS_EQUAL),
        // new_nonce_hash1/2/3 and the server_DH_params_fail hash
        Arguments.of(ClientHandshake.class, "onDhGen", BYTES_CONSTANT_TIME_EQUALS),
        Arguments.of(ClientHandshake.class, "onServerDhParamsFail", BYTES_CONSTANT_TIME_EQUALS),
        // nonce and server_nonce, in every message after the first
        Arguments.of(Nonces.class, "require", CONSTANT_TIME_EQUALS));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("secretComparisons")
  void comparesInConstantTime(Class<?> type, String method, String required) throws IOException {
    assertThat(Bytecode.constantTimeViolations(type, method, required)).isEmpty();
  }

  @Test
  void noHandshakeClassUsesAVariableTimeByteComparison_onSecrets() throws IOException {
    for (Class<?> c :
        List.of(
            RsaPad.class,
            HashedData.class,
            TempKeyBinding.class,
            ClientHandshake.class,
            Nonces.class,
            ServerRsaKeyPair.class)) {
      assertThat(Bytecode.invocations(c))
          .as(c.getSimpleName())
          .doesNotContainAnyElementsOf(Bytecode.VARIABLE_TIME);
    }
  }

  /** A stand-in that compares a "secret" the wrong way, and one that compares nothing. */
  static final class Leaky {
    static boolean check(byte[] expected, byte[] received) {
      return Arrays.equals(expected, received);
    }

    static boolean checkBoth(byte[] expected, byte[] received) {
      return java.security.MessageDigest.isEqual(expected, received)
          && Arrays.equals(expected, received);
    }

    static int nothing(byte[] a) {
      return a.length;
    }
  }

  @Test
  void positiveControl_theGateFailsOnArraysEquals_andOnAMissingComparison() throws IOException {
    assertThat(Bytecode.constantTimeViolations(Leaky.class, "check", IS_EQUAL))
        .anyMatch(p -> p.contains("java/util/Arrays.equals([B[B)Z"))
        .anyMatch(p -> p.contains("does not call"));
    // the constant-time call beside a variable-time one is still a failure
    assertThat(Bytecode.constantTimeViolations(Leaky.class, "checkBoth", IS_EQUAL))
        .containsExactly("Leaky.checkBoth([B[B)Z calls java/util/Arrays.equals([B[B)Z");
    assertThat(Bytecode.constantTimeViolations(Leaky.class, "nothing", IS_EQUAL))
        .containsExactly("Leaky.nothing does not call " + IS_EQUAL);
    assertThat(Bytecode.constantTimeViolations(Leaky.class, "absent", IS_EQUAL))
        .containsExactly("Leaky has no method absent");
    // per method: RsaPad as a whole calls isEqual, but encode does not
    assertThat(Bytecode.constantTimeViolations(RsaPad.class, "encode", IS_EQUAL)).isNotEmpty();
  }
}
