package org.mtlab.cli;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.net.MtprotoClient;
import org.mtlab.transport.Framing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mtlab connect}: an {@link MtprotoClient} against a server: the handshake, then pings, with
 * timings.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    header = "Connect to an MTProto server: create an auth key, send pings, print timings.",
    description = {
      "The server's public key is given as --n (hex) and --e, as 'mtlab serve' prints them.",
      "Transports: abridged, intermediate, padded, full; --obfuscated wraps the first three",
      "in obfuscated2. Prints one line per step; exit 0 when every ping got its pong."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab connect 127.0.0.1:4430 --n c0ffee... --e 65537 --transport padded"
          + " --obfuscated --pings 5"
    })
public final class ConnectCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server.")
  String target;

  @Option(
      names = "--transport",
      defaultValue = "intermediate",
      paramLabel = "NAME",
      description = "abridged, intermediate, padded or full (default ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--obfuscated", description = "Wrap the framing in obfuscated2.")
  boolean obfuscated;

  @Option(
      names = "--pings",
      defaultValue = "3",
      paramLabel = "N",
      description = "Pings to send (default ${DEFAULT-VALUE}).")
  int pings;

  @Option(
      names = "--n",
      required = true,
      paramLabel = "HEX",
      description = "The server's RSA modulus, hex.")
  String modulus;

  @Option(
      names = "--e",
      defaultValue = "65537",
      paramLabel = "DECIMAL",
      description = "The server's RSA public exponent (default ${DEFAULT-VALUE}).")
  String exponent;

  @Override
  public Integer call() throws Exception {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      throw new UsageException("expected HOST:PORT, got '" + target + "'");
    }
    String host = target.substring(0, colon);
    int port = Numbers.nonNegativeInt("HOST:PORT", target.substring(colon + 1));
    if (port < 1 || port > 65535) {
      throw new UsageException("the port must be in 1..65535, got " + port);
    }
    if (pings < 0 || pings > 100_000) {
      throw new UsageException("--pings must be in 0..100000, got " + pings);
    }
    Framing framing = framing(transport);
    if (obfuscated && !framing.supportsObfuscation()) {
      throw new UsageException("--obfuscated needs abridged, intermediate or padded");
    }
    ServerRsaKey key;
    try {
      key = ServerRsaKey.of(new BigInteger(modulus, 16), new BigInteger(exponent));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--n/--e: not a usable RSA public key (" + e.getMessage() + ")");
    }
    long t0 = System.nanoTime();
    try (MtprotoClient c =
        MtprotoClient.builder(host, port, List.of(key))
            .framing(framing)
            .obfuscated(obfuscated)
            .connect()) {
      io().out()
          .printf(
              Locale.ROOT,
              "auth key %s in %.1f ms (%s%s)%n",
              c.authKey().id().hex(),
              (System.nanoTime() - t0) / 1e6,
              framing,
              obfuscated ? ", obfuscated2" : "");
      for (int i = 1; i <= pings; i++) {
        long t = System.nanoTime();
        long id = c.ping(i).get(30, TimeUnit.SECONDS).pingId();
        io().out().printf(Locale.ROOT, "pong %d in %.3f ms%n", id, (System.nanoTime() - t) / 1e6);
      }
    }
    return ExitCode.OK;
  }

  private static Framing framing(String name) {
    return switch (name) {
      case "abridged" -> Framing.ABRIDGED;
      case "intermediate" -> Framing.INTERMEDIATE;
      case "padded" -> Framing.PADDED_INTERMEDIATE;
      case "full" -> Framing.FULL;
      default ->
          throw new UsageException(
              "--transport must be abridged, intermediate, padded or full, got '" + name + "'");
    };
  }
}
