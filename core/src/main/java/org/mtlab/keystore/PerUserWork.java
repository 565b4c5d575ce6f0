package org.mtlab.keystore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtlab.CheckFailedException;

/**
 * Runs a batch's per-message session work (sealing and opening on the users' connections) on
 * several threads: the messages that use one connection run in batch order on one thread, and
 * different connections run side by side. The calling thread takes part; helper threads are daemons
 * started on first parallel use and stopped by {@link #close}.
 *
 * <p>The outcome is the one a loop in batch order would have: if tasks fail, the failure of the
 * lowest index is thrown (a connection's work stops at its first failure; the others finish theirs,
 * which only advances sessions whose messages a serial loop would also have processed, since
 * connections share no state).
 *
 * <p>Not thread-safe: one batch at a time ({@link World} holds its lock).
 */
final class PerUserWork implements AutoCloseable {
  /** One message's work. */
  @FunctionalInterface
  interface Task {
    void run(int index) throws StoreException, CheckFailedException;
  }

  private final int threads;
  private ExecutorService pool; // started on first parallel use

  /**
   * @param threads how many threads a batch may use, the caller's included (1: all on the caller)
   */
  PerUserWork(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
  }

  /**
   * Runs {@code task} for every index of {@code keys}, the indices with equal keys in order on one
   * thread.
   *
   * @param keys the connection each message uses, by index
   */
  void run(List<?> keys, Task task) throws StoreException, CheckFailedException {
    Objects.requireNonNull(task, "task");
    Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byKey.computeIfAbsent(Objects.requireNonNull(keys.get(i)), k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> groups = List.copyOf(byKey.values());
    int helpers = Math.min(threads, groups.size()) - 1;
    if (helpers == 0) {
      for (int i = 0; i < keys.size(); i++) {
        task.run(i);
      }
      return;
    }
    Failure[] failures = new Failure[groups.size()];
    AtomicInteger next = new AtomicInteger();
    Runnable runner =
        () -> {
          for (int g = next.getAndIncrement(); g < groups.size(); g = next.getAndIncrement()) {
            failures[g] = runGroup(groups.get(g), task);
          }
        };
    List<Future<?>> started = new ArrayList<>(helpers);
    for (int h = 0; h < helpers; h++) {
      started.add(pool().submit(runner));
    }
    runner.run();
    awaitAll(started);
    Failure first = null;
    for (Failure f : failures) {
      if (f != null && (first == null || f.index() < first.index())) {
        first = f;
      }
    }
    if (first != null) {
      throw rethrow(first.thrown());
    }
  }

  /** A group's first failure: the index and what it threw. */
  private record Failure(int index, Throwable thrown) {}

  /**
   * Throws {@code thrown} as its own type: one of the batch's checked failures, an unchecked
   * exception or an error (anything else is wrapped). The return type lets callers write {@code
   * throw rethrow(t)}.
   */
  static RuntimeException rethrow(Throwable thrown) throws StoreException, CheckFailedException {
    if (thrown instanceof StoreException e) {
      throw e;
    }
    if (thrown instanceof CheckFailedException e) {
      throw e;
    }
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    if (thrown instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("unexpected failure", thrown);
  }

  private static Failure runGroup(List<Integer> group, Task task) {
    for (int i : group) {
      try {
        task.run(i);
      } catch (StoreException | CheckFailedException | RuntimeException | Error e) {
        return new Failure(i, e);
      }
    }
    return null;
  }

  /** Waits for every helper; an interrupt does not abandon them (they use the batch's sessions). */
  private static void awaitAll(List<Future<?>> started) {
    boolean interrupted = false;
    for (Future<?> f : started) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          // runGroup catches what a task throws; anything else is a bug in this class
          throw new IllegalStateException("a session worker failed", e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      pool = DaemonPools.fixed(threads - 1, "mtlab-world-session");
    }
    return pool;
  }

  /** Stops the helper threads (idle: every batch waits for its own work). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
