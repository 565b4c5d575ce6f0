package org.mtlab.keystore;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The world's helper threads: fixed pools of daemon threads that end after 5 idle seconds, so a
 * world nobody closed keeps no JVM alive and an idle one holds no threads. Stateless.
 */
final class DaemonPools {
  private DaemonPools() {}

  /**
   * A pool of up to {@code threads} daemon threads called {@code name}.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  static ExecutorService fixed(int threads, String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            5,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
