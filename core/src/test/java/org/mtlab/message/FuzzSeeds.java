package org.mtlab.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.key.Sender;
import org.mtlab.tl.ServiceMessage;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;

/**
 * Writes the committed seed corpora of the Jazzer targets (not a test). Run from {@code core/} with
 * the test class path, e.g. {@code java -cp target/classes:target/test-classes:<deps>
 * org.mtlab.message.FuzzSeeds src/test/resources}. Seeds are deterministic; rerunning rewrites the
 * same files.
 */
final class FuzzSeeds {
  private FuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources");
    Path opener = root.resolve("org/mtlab/message/MessageOpenerFuzzTestInputs");
    Path tl = root.resolve("org/mtlab/tl/ServiceMessageFuzzTestInputs/parse");

    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    long salt = MessageOpenerFuzzTest.SALT;
    long session = MessageOpenerFuzzTest.SESSION;
    long t0 = MessageOpenerFuzzTest.T0;
    byte[] ping = new ServiceMessage.Ping(0x0102030405060708L).toBytes().toByteArray();
    byte[] clientFrame =
        new MessageSealer(MessageOpenerFuzzTest.KEY, Sender.CLIENT, random, PaddingPolicy.minimal())
            .seal(InnerMessage.of(salt, session, Frames.clientMsgId(t0, 0x1000), 1, ping));
    byte[] serverFrame =
        new MessageSealer(
                MessageOpenerFuzzTest.KEY, Sender.SERVER, random, PaddingPolicy.randomBlocks())
            .seal(
                InnerMessage.of(
                    salt,
                    session,
                    Frames.serverMsgId(t0, 0x2000),
                    2,
                    new ServiceMessage.Pong(new MessageId(7), 8).toBytes().toByteArray()));
    byte[] flipped = clientFrame.clone();
    flipped[40] ^= 4;
    write(opener.resolve("openArbitraryBytes"), "client-ping", clientFrame);
    write(opener.resolve("openArbitraryBytes"), "server-pong", serverFrame);
    write(opener.resolve("openArbitraryBytes"), "client-ping-bit-flipped", flipped);
    write(opener.resolve("openArbitraryBytes"), "header-only", Arrays.copyOf(clientFrame, 24));
    write(
        opener.resolve("openArbitraryBytes"),
        "one-block-short",
        Arrays.copyOf(clientFrame, clientFrame.length - 16));

    // openSealedPlaintext: control byte, then the padded plaintext
    byte[] good =
        InnerMessage.of(salt, session, Frames.clientMsgId(t0, 0x1000), 1, ping).toByteArray();
    byte[] padded = Arrays.copyOf(good, 64); // 44 + 20 bytes of padding
    for (int control = 0; control < 8; control += 2) {
      write(
          opener.resolve("openSealedPlaintext"),
          "client-ping-opener-" + control / 2,
          prepend((byte) control, padded));
    }
    byte[] serverPlain =
        Arrays.copyOf(
            InnerMessage.of(salt, session, Frames.serverMsgId(t0, 0x2000), 2, new byte[8])
                .toByteArray(),
            64);
    write(opener.resolve("openSealedPlaintext"), "server-opener-1", prepend((byte) 3, serverPlain));
    byte[] badLength = padded.clone();
    badLength[28] = (byte) 0xff;
    write(
        opener.resolve("openSealedPlaintext"),
        "length-field-garbage",
        prepend((byte) 0, badLength));

    // the TL reader
    write(tl, "ping", ping);
    write(tl, "pong", new ServiceMessage.Pong(new MessageId(7), 8).toBytes().toByteArray());
    write(
        tl,
        "msgs-ack",
        new ServiceMessage.MsgsAck(List.of(new MessageId(1), new MessageId(2), new MessageId(3)))
            .toBytes()
            .toByteArray());
    write(
        tl,
        "bad-server-salt",
        new ServiceMessage.BadServerSalt(new MessageId(4), 1, 48, new ServerSalt(9))
            .toBytes()
            .toByteArray());
    write(
        tl,
        "bad-msg-notification",
        new ServiceMessage.BadMsgNotification(new MessageId(4), 1, 16).toBytes().toByteArray());
    write(
        tl,
        "new-session-created",
        new ServiceMessage.NewSessionCreated(new MessageId(1), 2, new ServerSalt(3))
            .toBytes()
            .toByteArray());
    write(
        tl,
        "rpc-result",
        new ServiceMessage.RpcResult(
                new MessageId(5), Bytes.copyOf(Hex.decode("19ca4421" + "01000000")))
            .toBytes()
            .toByteArray());
    // the container body of grammers' real server reply (mtproto2_messages.json)
    write(
        tl,
        "container-grammers",
        Hex.decode(
            "dcf8f1730200000001a8c1c2918b305e010000001c000000"
                + "0809c29ec4fd33ad918b305e18a88ea607ee5816fc826a02248b28fd01ccc1c2918b305e0200000014000000"
                + "c5737734c4fd33ad918b305e6408300000000000"));
    write(
        tl, "container-empty", new ServiceMessage.MsgContainer(List.of()).toBytes().toByteArray());
  }

  private static byte[] prepend(byte b, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = b;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static void write(Path dir, String name, byte[] data) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), data);
  }
}
