package org.mtlab.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;

/**
 * The replay window: gotd's one-slot bug (docs/protocol.md §11, finding 1), both modes against a
 * model.
 */
class ReplayWindowTest {

  private static CheckReason accept(ReplayWindow w, long msgId) {
    try {
      w.accept(msgId);
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  @ParameterizedTest(name = "windowed N = {0}")
  @ValueSource(ints = {1, 2, 3, 100, 1000})
  void gotdOneSlotBug_regression_windowed(int n) {
    // gotd's buffer always overwrote slot 0, so after 10, 11, 12 both 10 and 12 got through.
    ReplayWindow w = ReplayWindow.windowed(n);
    assertThat(accept(w, 10)).isNull();
    assertThat(accept(w, 11)).isNull();
    assertThat(accept(w, 12)).isNull();
    assertThat(accept(w, 10)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(accept(w, 12)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(accept(w, 11)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(accept(w, 13)).isNull();
  }

  @Test
  void gotdOneSlotBug_regression_strict() {
    ReplayWindow w = ReplayWindow.strict();
    assertThat(accept(w, 10)).isNull();
    assertThat(accept(w, 11)).isNull();
    assertThat(accept(w, 12)).isNull();
    assertThat(accept(w, 10)).isEqualTo(CheckReason.MSG_ID_OUT_OF_ORDER);
    assertThat(accept(w, 12)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
  }

  @Test
  void strict_acceptsOnlyIncreasingIds() {
    ReplayWindow w = ReplayWindow.strict();
    assertThat(w.isStrict()).isTrue();
    assertThat(w.size()).isZero();
    assertThat(accept(w, 100)).isNull();
    assertThat(accept(w, 99)).isEqualTo(CheckReason.MSG_ID_OUT_OF_ORDER);
    assertThat(accept(w, 100)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(accept(w, 104)).isNull();
    assertThat(w.size()).isOne();
  }

  @Test
  void ordering_isUnsigned() {
    // After 2038 the time part sets the top bit: such ids are later, not negative.
    ReplayWindow strict = ReplayWindow.strict();
    assertThat(accept(strict, 0x7fff_ffff_0000_0004L)).isNull();
    assertThat(accept(strict, 0x8000_0000_0000_0004L)).isNull();
    assertThat(accept(strict, 0x7fff_ffff_0000_0008L)).isEqualTo(CheckReason.MSG_ID_OUT_OF_ORDER);
    ReplayWindow windowed = ReplayWindow.windowed(2);
    assertThat(accept(windowed, 0x8000_0000_0000_0004L)).isNull();
    assertThat(accept(windowed, 0x7fff_ffff_0000_0004L)).isEqualTo(CheckReason.MSG_ID_REPLAYED);
    assertThat(accept(windowed, 0xffff_ffff_0000_0004L)).isNull();
    assertThat(accept(windowed, 0x8000_0000_0000_0008L)).isNull();
  }

  @Test
  void check_changesNothing_andCommitRefusesUncheckedIds() throws Exception {
    ReplayWindow w = ReplayWindow.windowed(4);
    w.check(50);
    w.check(50);
    assertThat(w.size()).isZero();
    w.commit(50);
    assertThatThrownBy(() -> w.commit(50)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> w.commit(40)).isInstanceOf(IllegalStateException.class);
    ReplayWindow s = ReplayWindow.strict();
    s.commit(50);
    assertThatThrownBy(() -> s.commit(50)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {0, -1, (1 << 20) + 1})
  void windowed_badSize_throwsIae(int size) {
    assertThatThrownBy(() -> ReplayWindow.windowed(size))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 12).mapToObj(i -> 0x5EED_0000L + i);
  }

  /**
   * Random sequences of ids (new, duplicate, late, very late) against a plain model of the rule in
   * docs/protocol.md §3.5: reject a duplicate or an id below all kept ones; keep the last N.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void windowed_matchesTheModel(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = seed % 4 == 0 ? 1000 : 1 + r.nextInt(40); // 1000: through every growth step
    ReplayWindow w = ReplayWindow.windowed(n);
    TreeSet<Long> model = new TreeSet<>(Long::compareUnsigned);
    long next = 1000;
    for (int op = 0; op < 5000; op++) {
      long id;
      switch (r.nextInt(4)) {
        case 0 -> id = next - r.nextInt(3 * n + 1);
        // late or duplicate
        case 1 -> id = model.isEmpty() ? next : model.first() - r.nextInt(3);
        // below or at the minimum
        default -> {
          next += 1 + r.nextInt(5);
          id = next;
        }
      }
      boolean modelAccepts =
          !model.contains(id) && (model.isEmpty() || Long.compareUnsigned(id, model.first()) > 0);
      CheckReason got = accept(w, id);
      assertThat(got)
          .as("seed %d op %d id %d", seed, op, id)
          .isEqualTo(modelAccepts ? null : CheckReason.MSG_ID_REPLAYED);
      if (modelAccepts) {
        model.add(id);
        if (model.size() > n) {
          model.pollFirst();
        }
      }
      assertThat(w.size()).isEqualTo(model.size());
    }
  }

  @Test
  void windowed_growsAsIdsArrive_upToTwiceItsCapacity() throws Exception {
    ReplayWindow w = ReplayWindow.windowed(1000);
    assertThat(w.room()).isEqualTo(ReplayWindow.INITIAL_ROOM);
    for (long id = 1; id <= ReplayWindow.INITIAL_ROOM; id++) {
      w.accept(id * 4);
    }
    assertThat(w.room()).isEqualTo(ReplayWindow.INITIAL_ROOM);
    w.accept(4 * (ReplayWindow.INITIAL_ROOM + 1));
    assertThat(w.room()).isEqualTo(2 * ReplayWindow.INITIAL_ROOM);
    for (long id = ReplayWindow.INITIAL_ROOM + 2; id <= 5000; id++) {
      w.accept(id * 4);
    }
    assertThat(w.room()).isEqualTo(2000);
    assertThat(w.size()).isEqualTo(1000);
    assertThat(ReplayWindow.windowed(3).room()).isEqualTo(6);
    assertThat(ReplayWindow.strict().room()).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void strict_matchesTheModel(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    ReplayWindow w = ReplayWindow.strict();
    Long last = null;
    for (int op = 0; op < 5000; op++) {
      long id = r.nextLong(1000) + op;
      CheckReason expected =
          last == null || Long.compareUnsigned(id, last) > 0
              ? null
              : id == last ? CheckReason.MSG_ID_REPLAYED : CheckReason.MSG_ID_OUT_OF_ORDER;
      assertThat(accept(w, id)).as("seed %d op %d", seed, op).isEqualTo(expected);
      if (expected == null) {
        last = id;
      }
    }
  }
}
