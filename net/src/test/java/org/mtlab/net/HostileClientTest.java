package org.mtlab.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.LittleEndian;
import org.mtlab.handshake.ServerRsaKeyPair;
import org.mtlab.key.Sender;
import org.mtlab.tl.HandshakeMessage;
import org.mtlab.tl.UnencryptedMessage;
import org.mtlab.transport.Framing;
import org.mtlab.wire.MessageIdClock;

/**
 * Hostile clients over real sockets: each sends something that breaks the protocol, and each test
 * checks that its connection is closed (with transport error -404 or -429 where the framing is
 * known), while a well-behaved client on another connection keeps its round trips going and the
 * server lets go of what the hostile ones made it hold.
 */
class HostileClientTest {
  private static final int MAX_FRAME = 64 * 1024;
  private static final Duration HANDSHAKE_TIMEOUT =
      Duration.ofSeconds(10); // the good client's handshake too, on a busy machine
  private static final int MAX_HANDSHAKES = 100;
  private static final byte[] INTERMEDIATE = {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee};

  private static ServerRsaKeyPair keyPair;
  private static MtprotoServer server;
  private static MtprotoClient good;
  private static long pingId;

  @BeforeAll
  static void start() throws Exception {
    keyPair = TestKeys.generate(3);
    server =
        MtprotoServer.builder(keyPair)
            .port(0)
            .threads(2)
            .limits(
                ServerLimits.defaults()
                    .withMaxFrameLength(MAX_FRAME)
                    .withMaxConcurrentHandshakes(MAX_HANDSHAKES)
                    .withTimeouts(Duration.ofSeconds(20), HANDSHAKE_TIMEOUT))
            .start();
    good =
        MtprotoClient.builder("127.0.0.1", server.port(), List.of(keyPair.publicKey()))
            .framing(Framing.FULL)
            .connect();
  }

  @AfterAll
  static void stop() {
    good.close();
    server.close();
  }

  @AfterEach
  void wellBehavedClientStillGetsItsPongs() throws Exception {
    for (int i = 0; i < 3; i++) {
      long id = ++pingId;
      assertThat(good.ping(id).get(10, TimeUnit.SECONDS).pingId()).isEqualTo(id);
    }
  }

  /** Connects, sends {@code bytes}, and returns what the server sent before closing. */
  private static byte[] sendAndAwaitClose(byte[] bytes, Duration within) throws IOException {
    try (Socket s = new Socket(server.address().getAddress(), server.port())) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      return readUntilClosed(s, within);
    }
  }

  private static byte[] readUntilClosed(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    byte[] buf = new byte[256];
    int n = 0;
    try {
      int r;
      while ((r = in.read(buf, n, buf.length - n)) >= 0) {
        n += r;
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, n * 2);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection within " + within, e);
    } catch (java.net.SocketException e) {
      // reset by the server: closed as well
    }
    return Arrays.copyOf(buf, n);
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] out = new byte[len];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  private static byte[] le(int v) {
    byte[] b = new byte[4];
    LittleEndian.putInt(b, 0, v);
    return b;
  }

  /** An intermediate frame holding transport error {@code code}: length 4, then the code. */
  private static byte[] intermediateError(int code) {
    return concat(le(4), le(code));
  }

  @Test
  void randomBytesAreClosed() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    byte[] junk = new byte[256];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) r.nextInt(256);
    }
    junk[0] = 0x17; // not a framing marker: taken as an obfuscated2 init, whose tag is junk
    junk[4] = 1;
    sendAndAwaitClose(junk, Duration.ofSeconds(5));
  }

  @Test
  void httpIsClosed() throws Exception {
    sendAndAwaitClose(
        "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        Duration.ofSeconds(5));
  }

  @Test
  void lengthPrefixOfTwoToThe31IsClosedWith404() throws Exception {
    byte[] got = sendAndAwaitClose(concat(INTERMEDIATE, le(0x80000000)), Duration.ofSeconds(5));
    assertThat(got).isEqualTo(intermediateError(-404));
  }

  @Test
  void largestLengthPrefixIsClosedWith404() throws Exception {
    byte[] got = sendAndAwaitClose(concat(INTERMEDIATE, le(0x7ffffffc)), Duration.ofSeconds(5));
    assertThat(got).isEqualTo(intermediateError(-404));
  }

  @Test
  void frameLargerThanTheLimitIsClosedBeforeItsBodyArrives() throws Exception {
    byte[] got = sendAndAwaitClose(concat(INTERMEDIATE, le(MAX_FRAME + 4)), Duration.ofSeconds(5));
    assertThat(got).isEqualTo(intermediateError(-404));
  }

  @Test
  void wrongCrcIsClosedWith404() throws Exception {
    byte[] payload = new byte[24];
    byte[] head = concat(le(payload.length + 12), le(0), payload);
    CRC32 crc = new CRC32();
    crc.update(head);
    byte[] frame = concat(head, le((int) crc.getValue() ^ 1));
    byte[] got = sendAndAwaitClose(frame, Duration.ofSeconds(5));
    // the full framing's error frame: length 16, seq_no 0, code, CRC
    assertThat(got).hasSize(16);
    assertThat(LittleEndian.getInt(got, 8)).isEqualTo(-404);
  }

  @Test
  void truncatedFrameThenEndOfStreamIsClosed() throws Exception {
    try (Socket s = new Socket(server.address().getAddress(), server.port())) {
      s.getOutputStream().write(concat(INTERMEDIATE, le(100), new byte[40]));
      s.shutdownOutput();
      readUntilClosed(s, Duration.ofSeconds(5));
    }
  }

  @Test
  void slowSenderThatNeverFinishesAFrameIsClosedAtTheHandshakeTimeout() throws Exception {
    try (Socket s = new Socket(server.address().getAddress(), server.port())) {
      s.getOutputStream().write(concat(INTERMEDIATE, le(100)));
      for (int i = 0; i < 10; i++) { // a byte at a time, then nothing more
        s.getOutputStream().write(0);
      }
      readUntilClosed(s, HANDSHAKE_TIMEOUT.plusSeconds(5));
    }
  }

  @Test
  void unknownAuthKeyIdIsClosedWith404() throws Exception {
    byte[] packet = new byte[24 + 32];
    packet[0] = 1; // auth_key_id 1: no such key
    byte[] got =
        sendAndAwaitClose(concat(INTERMEDIATE, le(packet.length), packet), Duration.ofSeconds(5));
    assertThat(got).isEqualTo(intermediateError(-404));
  }

  @Test
  void aThousandHalfOpenHandshakesAreBoundedAndAllClosed() throws Exception {
    MessageIdClock ids = new MessageIdClock(InstantSource.system(), Sender.CLIENT);
    SplittableRandom r = new SplittableRandom(5);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    List<Socket> sockets = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < 1000; i++) {
        byte[] nonce = new byte[16];
        for (int j = 0; j < 16; j++) {
          nonce[j] = (byte) r.nextInt(256);
        }
        byte[] req =
            UnencryptedMessage.of(
                    ids.next().value(), new HandshakeMessage.ReqPqMulti(Bytes.copyOf(nonce)))
                .toByteArray();
        Socket s = new Socket(server.address().getAddress(), server.port());
        s.getOutputStream().write(concat(INTERMEDIATE, le(req.length), req));
        sockets.add(s);
        if (i % 100 == 99) {
          long id = ++pingId; // the good client keeps going meanwhile
          assertThat(good.ping(id).get(10, TimeUnit.SECONDS).pingId()).isEqualTo(id);
        }
      }
      assertThat(server.handshakesInProgress()).isLessThanOrEqualTo(MAX_HANDSHAKES);
      for (Socket s : sockets) {
        byte[] got = readUntilClosed(s, HANDSHAKE_TIMEOUT.plusSeconds(10));
        if (Arrays.equals(got, intermediateError(-429))) {
          refused++;
        }
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    assertThat(refused).as("refused with -429").isGreaterThanOrEqualTo(1000 - MAX_HANDSHAKES);
    for (int i = 0; i < 100 && server.handshakesInProgress() > 0; i++) {
      Thread.sleep(50);
    }
    assertThat(server.handshakesInProgress()).isZero();
    assertThat(server.keys().size()).isEqualTo(1); // only the good client's
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);
  }
}
