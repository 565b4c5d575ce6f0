package org.mtlab.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import org.mtlab.handshake.ServerRsaKey;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.net.MtprotoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtlab serve}: an MTProto server on TCP ({@link MtprotoServer}) until interrupted. It
 * prints the RSA fingerprint and the public key clients must add to their key table.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Run an MTProto server on TCP (handshake, sessions, ping).",
    description = {
      "Accepts abridged, intermediate, padded intermediate and full framings, with or",
      "without obfuscated2, creates auth keys and answers ping and the service messages;",
      "every other RPC gets rpc_error 400. Prints the key's fingerprint and public key",
      "(PKCS#1 PEM, and n/e) for clients, then serves until interrupted (Ctrl-C).",
      "Without --key a fresh 2048-bit key is drawn, one whose fingerprint, read as a 64-bit",
      "number, does not start with a zero hex digit (mtcute cannot find such a key).",
      "--accept-legacy-clients also accepts the legacy p_q_inner_data (no DC id) and the",
      "encryption from before RSA_PAD, as GramJS 2.26 needs; weaker (see net/README.md),",
      "so it is off by default and prints a warning on stderr."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab serve --port 4430",
      "  mtlab serve --port 4430 --key server.pem",
      "  mtlab serve --port 4430 --accept-legacy-clients"
    })
public final class ServeCommand extends CliCommand {
  @Option(
      names = "--port",
      required = true,
      paramLabel = "N",
      description = "TCP port on the loopback address (0: any free port).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "The server's RSA private key, PKCS#8 PEM (BEGIN PRIVATE KEY).")
  Path keyFile;

  @Option(
      names = "--accept-legacy-clients",
      description = "Also accept legacy p_q_inner_data (no DC) and the pre-RSA_PAD encryption.")
  boolean acceptLegacyClients;

  /** The warning printed on stderr when {@code --accept-legacy-clients} is given. */
  static final String LEGACY_WARNING =
      "warning: --accept-legacy-clients: accepting"
          + " p_q_inner_data without a DC id and the pre-RSA_PAD encryption (no CCA security;"
          + " keys replayable across DCs)";

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be in 0..65535, got " + port);
    }
    ServerRsaKeyPair keyPair = keyFile != null ? load(keyFile) : generate(new SecureRandom());
    if (acceptLegacyClients) {
      io().err().println(LEGACY_WARNING);
      io().err().flush();
    }
    try (MtprotoServer server =
        MtprotoServer.builder(keyPair)
            .address(java.net.InetAddress.getByName(bind))
            .port(port)
            .acceptLegacyClients(acceptLegacyClients)
            .start()) {
      ServerRsaKey pub = keyPair.publicKey();
      io().out().println("listening " + server.address().getHostString() + ":" + server.port());
      io().out().println("fingerprint " + pub.fingerprintHex());
      io().out().println("n " + pub.modulus().toString(16));
      io().out().println("e " + pub.exponent());
      io().out().print(pkcs1Pem(pub));
      io().out().flush();
      awaitStop();
    }
    return ExitCode.OK;
  }

  /** Waits for the JVM's shutdown (Ctrl-C) or, when run in-process, the thread's interrupt. */
  private static void awaitStop() {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is stopping: the hook has run or is running
      }
    }
  }

  /**
   * A fresh key whose fingerprint, as a 64-bit number, has a non-zero first hex digit (the printed
   * fingerprint is its little-endian wire bytes, so this is the last printed byte's).
   */
  static ServerRsaKeyPair generate(SecureRandom random) {
    while (true) {
      ServerRsaKeyPair k = ServerRsaKeyPair.generate(random);
      if ((k.fingerprint() >>> 60) != 0) {
        return k;
      }
    }
  }

  private static ServerRsaKeyPair load(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(body);
      RSAPrivateCrtKey key =
          (RSAPrivateCrtKey)
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      return ServerRsaKeyPair.fromJdk(key);
    } catch (IllegalArgumentException | ClassCastException | GeneralSecurityException e) {
      throw new UsageException("--key " + file + ": not a PKCS#8 PEM RSA private key (" + e + ")");
    }
  }

  /** The public key as PKCS#1 PEM: SEQUENCE { INTEGER n, INTEGER e }. */
  static String pkcs1Pem(ServerRsaKey key) {
    byte[] n = derInteger(key.modulus());
    byte[] e = derInteger(key.exponent());
    byte[] seq = der(0x30, concat(n, e));
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(seq);
    return "-----BEGIN RSA PUBLIC KEY-----\n" + b64 + "\n-----END RSA PUBLIC KEY-----\n";
  }

  private static byte[] derInteger(BigInteger v) {
    return der(0x02, v.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    int len = content.length;
    byte[] head;
    if (len < 0x80) {
      head = new byte[] {(byte) tag, (byte) len};
    } else if (len < 0x100) {
      head = new byte[] {(byte) tag, (byte) 0x81, (byte) len};
    } else {
      head = new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
    }
    return concat(head, content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
