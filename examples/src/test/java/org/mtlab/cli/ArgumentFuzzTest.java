package org.mtlab.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/security.md C4: whatever the arguments, {@code mtlab} exits with 0, 2 or 3, prints at most
 * one line on failure and never a stack trace. A seeded property test runs on every build; the
 * Jazzer target runs its corpus in regression mode during {@code mvn verify} and fuzzes with {@code
 * JAZZER_FUZZ=1}.
 */
class ArgumentFuzzTest {

  @ParameterizedTest(name = "seed {0}: 40 random argument vectors")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomArgumentVectors_exitCleanly(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 40; i++) {
      List<String> args = ArgumentVectors.random(random);
      byte[] stdin = new byte[random.nextInt(3) * 16 + (random.nextInt(4) == 0 ? 1 : 0)];
      random.nextBytes(stdin);
      ArgumentVectors.check(args, stdin);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void fuzzedArgumentVectors_exitCleanly(FuzzedDataProvider data) {
    int n = data.consumeInt(0, 10);
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      switch (data.consumeInt(0, 3)) {
        case 0 -> args.add(data.pickValue(ArgumentVectors.COMMANDS));
        case 1 -> args.add(data.pickValue(ArgumentVectors.OPTIONS));
        case 2 -> args.add(data.pickValue(ArgumentVectors.VALUES));
        default -> args.add(data.consumeString(600));
      }
    }
    ArgumentVectors.check(args, data.consumeRemainingAsBytes());
  }
}
