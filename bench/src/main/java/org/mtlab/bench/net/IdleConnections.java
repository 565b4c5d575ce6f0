package org.mtlab.bench.net;

import io.netty.channel.EventLoopGroup;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.mtlab.bench.handshake.HandshakeBench;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.key.AuthKey;
import org.mtlab.net.MtprotoClient;
import org.mtlab.net.MtprotoServer;
import org.mtlab.wire.ServerSalt;

/**
 * How much heap does an {@link MtprotoServer} need per idle authenticated connection? Issue 17 asks
 * for 10,000 such connections held with under 512 MiB of heap.
 *
 * <pre>
 *   java -Xmx512m -cp bench/target/benchmarks.jar org.mtlab.bench.net.IdleConnections [N]
 *   bench/run.sh idle [N]          (the same, after building the jar)
 * </pre>
 *
 * <p>This JVM runs the server on a loopback port and measures; the clients run in a second JVM
 * (started by this one with the same class path, {@code -Xmx1g}), so that the heap measured here is
 * the server's alone. The client JVM makes one auth key with a real handshake and reuses it for all
 * N connections ({@code MtprotoClient.Builder.authKey}): the server then holds one key, not N, so
 * the figure is the connection's cost without its key (a 256-byte key, its id and a map entry: well
 * under 1 KiB more per connection when every client has its own key). Every client sends one ping
 * and waits for its pong, so each connection is authenticated (its handshake deadline cancelled)
 * and has an open server session, then stays idle. When all N are connected, this JVM forces
 * garbage collection and reports the heap in use after it, less the heap in use before the clients
 * came, divided by N; and Netty's direct (off-heap) memory, which a connection holds only while a
 * read or write is in progress.
 *
 * <p>N connections need N file descriptors in each JVM and N ephemeral loopback ports: check {@code
 * ulimit -n} (the default N = 10,000 needs more than the common soft limit of 1024) and {@code
 * /proc/sys/net/ipv4/ip_local_port_range}.
 *
 * <p>Not thread-safe; a command-line tool.
 */
public final class IdleConnections {
  static final int DEFAULT_CONNECTIONS = 10_000;
  private static final int CONNECTING_THREADS = 4;
  private static final String READY = "ready ";
  private static final int HISTOGRAM_LINES = 30;

  private IdleConnections() {}

  /**
   * {@code [N]}: runs the server and measures (default N = 10,000); {@code clients PORT N}: the
   * client side (started by the server side).
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("clients")) {
      clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    if (args.length > 1) {
      throw new IllegalArgumentException("usage: IdleConnections [N]");
    }
    int n = args.length == 1 ? Integer.parseInt(args[0]) : DEFAULT_CONNECTIONS;
    if (n < 1) {
      throw new IllegalArgumentException("N must be positive, got " + n);
    }
    server(n);
  }

  private static void server(int n) throws Exception {
    try (MtprotoServer server =
        MtprotoServer.builder(HandshakeBench.demoKey()).dc(NetBench.DC).start()) {
      long before = usedHeapAfterGc();
      Process clients =
          new ProcessBuilder(
                  new File(System.getProperty("java.home"), "bin/java").getPath(),
                  "-Xmx1g",
                  "-cp",
                  System.getProperty("java.class.path"),
                  IdleConnections.class.getName(),
                  "clients",
                  Integer.toString(server.port()),
                  Integer.toString(n))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long start = System.nanoTime();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(READY)) {
          System.out.println("clients: " + line);
        }
        if (line == null) {
          throw new IllegalStateException("the client JVM ended before its connections were up");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int open = server.connectionCount();
        long after = usedHeapAfterGc();
        long perConnection = (after - before) / Math.max(1, open);
        print("connections open:        %,d (asked for %,d; up in %.1f s)", open, n, seconds);
        print(
            "auth keys held:          %,d (one key, reused by every client)", server.keys().size());
        print("max heap (-Xmx):         %,d MiB", Runtime.getRuntime().maxMemory() >> 20);
        print(
            "heap used after GC:      %,d KiB before, %,d KiB with the connections",
            before >> 10, after >> 10);
        print("heap per connection:     %,d bytes", perConnection);
        print("heap for 10,000:         %,d MiB (projected)", (perConnection * 10_000) >> 20);
        print(
            "Netty direct memory:     %,d KiB; JDK direct buffers: %,d KiB",
            PlatformDependent.usedDirectMemory() >> 10, jdkDirectMemory() >> 10);
        System.out.println("largest classes on the heap (HotSpot's class histogram, after GC):");
        histogram(HISTOGRAM_LINES).forEach(System.out::println);
        clients.getOutputStream().close(); // the client JVM closes its connections and ends
        if (open != n) {
          throw new IllegalStateException("only " + open + " of " + n + " connections are open");
        }
      } finally {
        if (!clients.waitFor(60, TimeUnit.SECONDS)) {
          clients.destroy();
        }
      }
    }
  }

  private static void clients(int port, int n) throws Exception {
    EventLoopGroup loops = NetBench.loops();
    List<MtprotoClient> clients = new ArrayList<>(n);
    try {
      MtprotoClient first =
          MtprotoClient.builder(NetBench.HOST, port, List.of(HandshakeBench.demoKey().publicKey()))
              .dc(NetBench.DC)
              .eventLoop(loops)
              .connect();
      first.ping(0).get(30, TimeUnit.SECONDS);
      clients.add(first);
      AuthKey key = first.authKey();
      ServerSalt salt = first.salt();
      List<ServerRsaKey> trusted = List.of(HandshakeBench.demoKey().publicKey());
      ExecutorService connecting = Executors.newFixedThreadPool(CONNECTING_THREADS);
      try {
        List<Future<MtprotoClient>> pending = new ArrayList<>();
        for (int i = 1; i < n; i++) {
          long pingId = i;
          pending.add(
              connecting.submit(
                  () -> {
                    MtprotoClient c =
                        MtprotoClient.builder(NetBench.HOST, port, trusted)
                            .dc(NetBench.DC)
                            .authKey(key, salt)
                            .eventLoop(loops)
                            .connect();
                    c.ping(pingId).get(30, TimeUnit.SECONDS);
                    return c;
                  }));
        }
        for (Future<MtprotoClient> f : pending) {
          clients.add(f.get());
          if (clients.size() % 1000 == 0) {
            System.out.println(clients.size() + " connected and pinged");
          }
        }
      } finally {
        connecting.shutdown();
      }
      System.out.println(READY + clients.size());
      System.out.flush();
      while (System.in.read() >= 0) {
        // idle until the measuring JVM closes our stdin
      }
    } finally {
      List<CompletableFuture<Void>> closing = new ArrayList<>();
      for (MtprotoClient c : clients) {
        closing.add(CompletableFuture.runAsync(c::close));
      }
      CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
          .get(60, TimeUnit.SECONDS);
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The first {@code lines} rows of HotSpot's class histogram (GC.class_histogram). */
  private static List<String> histogram(int lines) {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      return ((String) text).lines().limit(lines + 2L).toList();
    } catch (JMException | RuntimeException e) {
      return List.of("  (no class histogram on this JVM: " + e + ")");
    }
  }

  private static long jdkDirectMemory() {
    long used = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        used += b.getMemoryUsed();
      }
    }
    return used;
  }
}
