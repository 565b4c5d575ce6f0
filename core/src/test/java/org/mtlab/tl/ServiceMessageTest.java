package org.mtlab.tl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.Hex;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;

/** Service messages: ids, wire bytes, round trips, and bounded reading (B64, §4.5 limits). */
class ServiceMessageTest {

  private static CheckReason reason(byte[] data) {
    try {
      ServiceMessage.parse(data);
      return null;
    } catch (CheckFailedException e) {
      return e.reason();
    }
  }

  private static Bytes body(int constructor, int words) {
    TlWriter w = new TlWriter().writeInt(constructor);
    for (int i = 0; i < words; i++) {
      w.writeInt(i);
    }
    return w.toBytes();
  }

  static Stream<Arguments> samples() {
    ServiceMessage.MsgContainer container =
        new ServiceMessage.MsgContainer(
            List.of(
                new ServiceMessage.Message(
                    new MessageId(0x10), 1, new ServiceMessage.Ping(5).toBytes()),
                new ServiceMessage.Message(new MessageId(0x14), 2, body(0x12345678, 3))));
    return Stream.of(
            new ServiceMessage.MsgsAck(List.of()),
            new ServiceMessage.MsgsAck(
                List.of(new MessageId(1), new MessageId(-1), new MessageId(0x0102030405060708L))),
            new ServiceMessage.Ping(0x0102030405060708L),
            new ServiceMessage.Pong(new MessageId(7), 8),
            new ServiceMessage.BadMsgNotification(new MessageId(9), 3, 16),
            new ServiceMessage.BadServerSalt(new MessageId(9), 3, 48, new ServerSalt(0x55)),
            new ServiceMessage.NewSessionCreated(new MessageId(1), 2, new ServerSalt(3)),
            new ServiceMessage.MsgContainer(List.of()),
            container,
            new ServiceMessage.RpcResult(new MessageId(0x44), body(0x2144ca19, 2)))
        .map(m -> Arguments.of(m.getClass().getSimpleName(), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void roundTrip_writeThenParse(String name, ServiceMessage m) throws Exception {
    byte[] wire = m.toBytes().toByteArray();
    assertThat(ServiceMessage.parse(wire)).isEqualTo(m);
    assertThat(wire.length % 4).isZero();
    assertThat(ServiceMessage.isKnown(m.constructorId())).isTrue();
    // every constructor id on the wire is little-endian
    assertThat(new TlReader(wire).readInt()).isEqualTo(m.constructorId());
    // one trailing word, or any truncation, is rejected (rpc_result's result is "the rest",
    // so only cuts into its fixed part fail)
    assertThat(reason(Arrays.copyOf(wire, wire.length + 4)))
        .isEqualTo(m instanceof ServiceMessage.RpcResult ? null : CheckReason.TL_MALFORMED);
    int fixed = m instanceof ServiceMessage.RpcResult ? 16 : wire.length;
    for (int len = 0; len < fixed; len++) {
      assertThat(reason(Arrays.copyOf(wire, len)))
          .as("%d of %d bytes", len, wire.length)
          .isEqualTo(CheckReason.TL_MALFORMED);
    }
  }

  @Test
  void constructorIds_areTheSpecsValues() {
    // docs/protocol.md §4.6
    assertThat(ServiceMessage.MSGS_ACK).isEqualTo(0x62d6b459);
    assertThat(ServiceMessage.BAD_MSG_NOTIFICATION).isEqualTo(0xa7eff811);
    assertThat(ServiceMessage.BAD_SERVER_SALT).isEqualTo(0xedab447b);
    assertThat(ServiceMessage.RPC_RESULT).isEqualTo(0xf35c6d01);
    assertThat(ServiceMessage.PING).isEqualTo(0x7abe77ec);
    assertThat(ServiceMessage.PONG).isEqualTo(0x347773c5);
    assertThat(ServiceMessage.NEW_SESSION_CREATED).isEqualTo(0x9ec20908);
    assertThat(ServiceMessage.MSG_CONTAINER).isEqualTo(0x73f1f8dc);
    assertThat(ServiceMessage.mustNotBeContentRelated(ServiceMessage.MSGS_ACK)).isTrue();
    assertThat(ServiceMessage.mustNotBeContentRelated(ServiceMessage.MSG_CONTAINER)).isTrue();
    assertThat(ServiceMessage.mustNotBeContentRelated(ServiceMessage.PING)).isFalse();
  }

  @Test
  void pingAndPong_matchThePublishedBodies() throws Exception {
    // body_hex of derived-client-ping and derived-server-pong in mtproto2_messages.json
    assertThat(new ServiceMessage.Ping(0x0102030405060708L).toBytes().hex())
        .isEqualTo("ec77be7a0807060504030201");
    assertThat(ServiceMessage.parse(Hex.decode("c573773404000000fdc0ab650807060504030201")))
        .isEqualTo(
            new ServiceMessage.Pong(new MessageId(7326161411707502596L), 0x0102030405060708L));
  }

  @Test
  void unknownConstructor_tlMalformed() {
    assertThat(reason(Hex.decode("78563412"))).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(reason(new byte[0])).isEqualTo(CheckReason.TL_MALFORMED);
    assertThat(ServiceMessage.isKnown(0x12345678)).isFalse();
  }

  // --- B64: counts and lengths that the input cannot hold --------------------------------

  @Test
  void msgsAck_absurdCounts_tlMalformed_withoutAllocating() {
    for (int count : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 8193, 2}) {
      byte[] b =
          new TlWriter()
              .writeInt(ServiceMessage.MSGS_ACK)
              .writeInt(TlWriter.VECTOR)
              .writeInt(count)
              .writeLong(1)
              .toByteArray();
      assertThat(reason(b)).as("count %d", count).isEqualTo(CheckReason.TL_MALFORMED);
    }
    // 8193 ids that are really there: over the §4.5 limit
    TlWriter w =
        new TlWriter().writeInt(ServiceMessage.MSGS_ACK).writeInt(TlWriter.VECTOR).writeInt(8193);
    for (int i = 0; i < 8193; i++) {
      w.writeLong(i);
    }
    assertThat(reason(w.toByteArray())).isEqualTo(CheckReason.TL_MALFORMED);
    // a bare (unboxed) vector where a boxed one is expected
    assertThat(reason(new TlWriter().writeInt(ServiceMessage.MSGS_ACK).writeInt(0).toByteArray()))
        .isEqualTo(CheckReason.TL_MALFORMED);
  }

  @Test
  void container_absurdCounts_tlMalformed_withoutAllocating() {
    for (int count : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1025, 2}) {
      byte[] b =
          new TlWriter()
              .writeInt(ServiceMessage.MSG_CONTAINER)
              .writeInt(count)
              .writeLong(1)
              .writeInt(1)
              .writeInt(4)
              .writeInt(ServiceMessage.PING)
              .toByteArray();
      assertThat(reason(b)).as("count %d", count).isEqualTo(CheckReason.TL_MALFORMED);
    }
  }

  @Test
  void container_over1024Messages_containerInvalid() {
    TlWriter w = new TlWriter().writeInt(ServiceMessage.MSG_CONTAINER).writeInt(1025);
    for (int i = 0; i < 1025; i++) {
      w.writeLong(i).writeInt(0).writeInt(4).writeInt(ServiceMessage.MSGS_ACK);
    }
    assertThat(reason(w.toByteArray())).isEqualTo(CheckReason.CONTAINER_INVALID);
    List<ServiceMessage.Message> many = new ArrayList<>();
    for (int i = 0; i < 1025; i++) {
      many.add(new ServiceMessage.Message(new MessageId(i), 0, body(ServiceMessage.PING, 2)));
    }
    assertThatThrownBy(() -> new ServiceMessage.MsgContainer(many))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ServiceMessage.MsgContainer(many.subList(0, 1024)).messages()).hasSize(1024);
  }

  @Test
  void container_nested_containerInvalid() {
    Bytes inner = new ServiceMessage.MsgContainer(List.of()).toBytes();
    byte[] b =
        new TlWriter()
            .writeInt(ServiceMessage.MSG_CONTAINER)
            .writeInt(1)
            .writeLong(4)
            .writeInt(0)
            .writeInt(inner.length())
            .writeRaw(inner)
            .toByteArray();
    assertThat(reason(b)).isEqualTo(CheckReason.CONTAINER_INVALID);
    assertThatThrownBy(
            () ->
                new ServiceMessage.MsgContainer(
                    List.of(new ServiceMessage.Message(new MessageId(4), 0, inner))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void container_badMessageLengths_tlMalformed() {
    for (int bytes : new int[] {-4, 0, 2, 6, 16, 0x7ffffffc}) {
      byte[] b =
          new TlWriter()
              .writeInt(ServiceMessage.MSG_CONTAINER)
              .writeInt(1)
              .writeLong(4)
              .writeInt(0)
              .writeInt(bytes)
              .writeInt(ServiceMessage.PING)
              .writeLong(1)
              .toByteArray();
      assertThat(reason(b)).as("bytes %d", bytes).isEqualTo(CheckReason.TL_MALFORMED);
    }
  }

  @Test
  void container_idsMustBeBelowTheContainersAndDistinct() throws Exception {
    ServiceMessage.MsgContainer c =
        new ServiceMessage.MsgContainer(
            List.of(
                new ServiceMessage.Message(new MessageId(0x10), 1, body(ServiceMessage.PING, 2)),
                new ServiceMessage.Message(new MessageId(0x14), 3, body(ServiceMessage.PING, 2))));
    c.checkIdsBelow(new MessageId(0x18));
    c.checkIdsBelow(new MessageId(0x8000_0000_0000_0000L)); // unsigned order
    for (long containerId : new long[] {0x14, 0x10, 0x0c}) {
      assertThatThrownBy(() -> c.checkIdsBelow(new MessageId(containerId)))
          .isInstanceOfSatisfying(
              CheckFailedException.class,
              e -> assertThat(e.reason()).isEqualTo(CheckReason.CONTAINER_INVALID));
    }
    ServiceMessage.MsgContainer dup =
        new ServiceMessage.MsgContainer(
            List.of(
                new ServiceMessage.Message(new MessageId(0x10), 1, body(ServiceMessage.PING, 2)),
                new ServiceMessage.Message(new MessageId(0x10), 3, body(ServiceMessage.PING, 2))));
    assertThatThrownBy(() -> dup.checkIdsBelow(new MessageId(0x18)))
        .isInstanceOf(CheckFailedException.class);
  }

  @Test
  void records_rejectValuesTheWireCannotCarry() {
    List<MessageId> ids = new ArrayList<>();
    for (long i = 0; i < 8193; i++) {
      ids.add(new MessageId(i));
    }
    assertThatThrownBy(() -> new ServiceMessage.MsgsAck(ids))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ServiceMessage.Message(new MessageId(1), 1, Bytes.copyOf(new byte[3])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServiceMessage.RpcResult(new MessageId(1), Bytes.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
