package org.mtlab.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-connection generator: seeded by the world's, deterministic, pooled transparently. */
class ConnectionRandomTest {
  private static SecureRandom world() {
    return Worlds.random("connection-random");
  }

  private static byte[] draw(SecureRandom r, int total, SplittableRandom sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < total) {
      byte[] b = new byte[Math.min(total - out.size(), 1 + sizes.nextInt(700))];
      r.nextBytes(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  @Test
  void theSameWorldSeedGivesTheSameStream_whateverTheDrawSizes() {
    byte[] a = draw(ConnectionRandom.derive(world(), "device"), 20_000, new SplittableRandom(1));
    byte[] b = draw(ConnectionRandom.derive(world(), "device"), 20_000, new SplittableRandom(2));
    byte[] c = new byte[20_000];
    ConnectionRandom.derive(world(), "device").nextBytes(c);
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
  }

  @Test
  void isBouncyCastlesHashDrbgWithSha256_readThroughThePool() {
    // The same DRBG built with Bouncy Castle's own SHA-256 and fed what derive draws.
    SecureRandom w = world();
    byte[] nonce = new byte[16];
    w.nextBytes(nonce);
    org.bouncycastle.crypto.prng.EntropySourceProvider entropy =
        bits ->
            new org.bouncycastle.crypto.prng.EntropySource() {
              @Override
              public boolean isPredictionResistant() {
                return false;
              }

              @Override
              public byte[] getEntropy() {
                byte[] e = new byte[(bits + 7) / 8];
                w.nextBytes(e);
                return e;
              }

              @Override
              public int entropySize() {
                return bits;
              }
            };
    SecureRandom reference =
        new org.bouncycastle.crypto.prng.SP800SecureRandomBuilder(entropy)
            .setSecurityStrength(256)
            .setEntropyBitsRequired(256)
            .setPersonalizationString(
                "mtlab world connection device"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .buildHash(org.bouncycastle.crypto.digests.SHA256Digest.newInstance(), nonce, false);
    byte[] expected = new byte[3 * 4096];
    for (int i = 0; i < 3; i++) {
      byte[] block = new byte[4096];
      reference.nextBytes(block);
      System.arraycopy(block, 0, expected, i * 4096, 4096);
    }
    byte[] got =
        draw(ConnectionRandom.derive(world(), "device"), expected.length, new SplittableRandom(3));
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void sidesAndSuccessiveConnectionsDiffer() {
    SecureRandom w = world();
    byte[] device = new byte[64];
    byte[] server = new byte[64];
    byte[] next = new byte[64];
    ConnectionRandom.derive(world(), "device").nextBytes(device);
    ConnectionRandom.derive(world(), "server").nextBytes(server);
    ConnectionRandom.derive(w, "device");
    ConnectionRandom.derive(w, "device").nextBytes(next);
    assertThat(server).isNotEqualTo(device);
    assertThat(next).isNotEqualTo(device);
  }

  @Test
  void drawsOnlyAtCreationFromTheWorld() {
    SecureRandom w = world();
    SecureRandom r = ConnectionRandom.derive(w, "device");
    byte[] afterCreation = new byte[16];
    SecureRandom control = world();
    control.nextBytes(new byte[16]); // what derive draws: the nonce...
    control.nextBytes(new byte[32]); // ...and 256 bits of entropy input
    r.nextBytes(new byte[10_000]); // refills the pool twice without touching the world's
    w.nextBytes(afterCreation);
    byte[] expected = new byte[16];
    control.nextBytes(expected);
    assertThat(afterCreation).isEqualTo(expected);
  }

  @Test
  void theStreamLooksUniform() {
    // A coarse sanity check on 64 KiB: each byte value within 6 sigma of its expected count.
    byte[] b = new byte[1 << 16];
    ConnectionRandom.derive(world(), "server").nextBytes(b);
    int[] counts = new int[256];
    for (byte x : b) {
      counts[x & 0xff]++;
    }
    double expected = b.length / 256.0;
    double sigma = Math.sqrt(expected * (1 - 1 / 256.0));
    for (int v = 0; v < 256; v++) {
      assertThat(Math.abs(counts[v] - expected)).as("value %d", v).isLessThan(6 * sigma);
    }
  }
}
