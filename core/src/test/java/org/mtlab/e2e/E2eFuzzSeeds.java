package org.mtlab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the regression seeds of {@link SecretChatFuzzTest} under {@code src/test/resources} (or
 * the directory given as the first argument). Deterministic: rerunning rewrites the same files.
 */
public final class E2eFuzzSeeds {
  private E2eFuzzSeeds() {}

  /** Writes the seeds. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
    Path dir = root.resolve("org/mtlab/e2e/SecretChatFuzzTestInputs");
    ChatKey key = ChatKey.copyOf(SecretChatFuzzTest.KEY);
    byte[] good = Chats.padded(Chats.layer(73, 0, 1, "hello"));
    byte[] goodWire = Chats.sealRaw(key, ChatRole.ORIGINATOR, good);
    byte[] flipped = goodWire.clone();
    flipped[40] ^= 4;
    Path arbitrary = dir.resolve("openArbitraryBytes");
    write(arbitrary, "first-message", goodWire);
    write(arbitrary, "first-message-bit-flipped", flipped);
    write(arbitrary, "header-only", Arrays.copyOf(goodWire, 24));
    write(arbitrary, "wrong-x", Chats.sealRaw(key, ChatRole.RESPONDER, good));
    Path sealed = dir.resolve("openSealedPlaintext");
    write(sealed, "first-message", good);
    write(sealed, "length-garbage", Chats.padded(Chats.layer(73, 0, 1, "hello"), 1 << 20, 12));
    write(sealed, "wrong-parity", Chats.padded(Chats.layer(73, 0, 2, "hello")));
    write(sealed, "layer-200", Chats.padded(Chats.layer(200, 0, 1, "hello")));
    write(sealed, "gap", Chats.padded(Chats.layer(73, 0, 7, "hello")));
    write(sealed, "in-seq-too-high", Chats.padded(Chats.layer(73, 2, 1, "hello")));
  }

  private static void write(Path dir, String name, byte[] data) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), data);
  }
}
