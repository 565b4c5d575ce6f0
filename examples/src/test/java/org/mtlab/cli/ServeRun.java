package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mtlab serve} run in-process on its own thread, through the real entry point ({@link
 * Main#run}), on a free port; {@link #stop()} interrupts it (as Ctrl-C would end it).
 */
final class ServeRun implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\S+):(\\d+)$");
  private static final Pattern N = Pattern.compile("(?m)^n ([0-9a-f]+)$");
  private static final Pattern E = Pattern.compile("(?m)^e (\\d+)$");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Thread thread;
  private volatile int exit = -1;
  final int port;
  final String n;
  final String e;

  private ServeRun(String... extra) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
    args.addAll(List.of(extra));
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream r = new PrintStream(err, true, StandardCharsets.UTF_8);
    thread =
        new Thread(
            () ->
                exit =
                    Main.run(
                        args.toArray(new String[0]), o, r, new ByteArrayInputStream(new byte[0])),
            "mtlab-serve");
    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    while (!stdout().contains("-----END RSA PUBLIC KEY-----")) {
      assertThat(thread.isAlive()).as("serve is running; stderr: %s", stderr()).isTrue();
      assertThat(System.nanoTime()).as("serve started in time").isLessThan(deadline);
      Thread.sleep(20);
    }
    String text = stdout();
    port = Integer.parseInt(group(LISTENING, text, 2));
    n = group(N, text, 1);
    e = group(E, text, 1);
  }

  /** Starts {@code mtlab serve --port 0} with {@code extra} options and waits until it listens. */
  static ServeRun start(String... extra) throws InterruptedException {
    return new ServeRun(extra);
  }

  private static String group(Pattern p, String text, int g) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in: %s", p, text).isTrue();
    return m.group(g);
  }

  String stdout() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  String stderr() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /** {@code mtlab connect 127.0.0.1:PORT --n N --e E} with {@code extra} options. */
  Cli.Result connect(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("connect", "127.0.0.1:" + port, "--n", n, "--e", e));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(new String[0]));
  }

  /** Interrupts the server and returns its exit code. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(thread.isAlive()).as("serve stopped").isFalse();
    return exit;
  }

  /** Stops the server if it still runs; interrupted, it restores the thread's interrupt flag. */
  @Override
  public void close() {
    if (thread.isAlive()) {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
