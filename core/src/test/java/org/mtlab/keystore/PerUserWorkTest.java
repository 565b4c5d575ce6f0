package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtlab.CheckReason;

/** The batch runner behind {@code World.sendAll}: per-key order, real parallelism, failures. */
class PerUserWorkTest {

  @Test
  void eachKeysIndicesRunInOrderOnOneThread() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("user" + (i * 7 % 5));
    }
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, Thread> threads = new ConcurrentHashMap<>();
    try (PerUserWork work = new PerUserWork(4)) {
      work.run(
          keys,
          i -> {
            String k = keys.get(i);
            seen.computeIfAbsent(k, x -> Collections.synchronizedList(new ArrayList<>())).add(i);
            Thread previous = threads.putIfAbsent(k, Thread.currentThread());
            assertThat(previous == null || previous == Thread.currentThread()).isTrue();
          });
    }
    assertThat(seen).hasSize(5);
    int total = 0;
    for (Map.Entry<String, List<Integer>> e : seen.entrySet()) {
      List<Integer> got = e.getValue();
      assertThat(got).isSorted().allMatch(i -> keys.get(i).equals(e.getKey()));
      total += got.size();
    }
    assertThat(total).isEqualTo(300);
  }

  @Test
  void differentKeysRunSideBySide() throws Exception {
    // Both groups wait for each other: this only finishes if they run at the same time.
    CyclicBarrier both = new CyclicBarrier(2);
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    try (PerUserWork work = new PerUserWork(2)) {
      work.run(
          List.of("alice", "bob"),
          i -> {
            try {
              both.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("the two groups did not meet", e);
            }
            names.add(Thread.currentThread().getName());
          });
    }
    assertThat(names).hasSize(2).doesNotHaveDuplicates();
    assertThat(names).anyMatch(n -> n.equals("mtlab-world-session"));
  }

  @Test
  void oneThreadRunsEverythingOnTheCallerInBatchOrder() throws Exception {
    List<Integer> order = new ArrayList<>();
    try (PerUserWork work = new PerUserWork(1)) {
      work.run(
          List.of("a", "b", "a", "c"),
          i -> {
            assertThat(Thread.currentThread().getName()).isNotEqualTo("mtlab-world-session");
            order.add(i);
          });
    }
    assertThat(order).containsExactly(0, 1, 2, 3);
  }

  @Test
  void theFailureOfTheLowestIndexIsThrown_andAFailedKeyStops() throws Exception {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    try (PerUserWork work = new PerUserWork(3)) {
      assertThatThrownBy(
              () ->
                  work.run(
                      List.of("a", "b", "a", "b", "a"),
                      i -> {
                        ran.add(i);
                        if (i == 3) {
                          throw new WorldCheckException(CheckReason.AT_REST_INTEGRITY, "three");
                        }
                        if (i == 2) {
                          throw new IllegalStateException("two");
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("two");
    }
    // "a" stopped at index 2, "b" at index 3: index 4 never ran.
    assertThat(ran).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void checkedFailuresKeepTheirType() throws Exception {
    try (PerUserWork work = new PerUserWork(2)) {
      assertThatThrownBy(
              () ->
                  work.run(
                      List.of("a", "b"),
                      i -> {
                        if (i == 1) {
                          throw new WorldCheckException(CheckReason.AT_REST_INTEGRITY, "one");
                        }
                      }))
          .isInstanceOf(WorldCheckException.class)
          .hasMessageContaining("one");
    }
  }

  @Test
  void threadsMustBePositive() {
    assertThatThrownBy(() -> new PerUserWork(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
