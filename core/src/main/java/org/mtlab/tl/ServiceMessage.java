package org.mtlab.tl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.CheckReason;
import org.mtlab.bytes.Bytes;
import org.mtlab.wire.MessageId;
import org.mtlab.wire.ServerSalt;

/**
 * The MTProto service messages a session needs (docs/protocol.md §4.6), one record per constructor,
 * with their TL reading and writing. Reading is bounded: every length and count is checked against
 * the bytes remaining before anything is allocated, so truncated or absurd input gives {@link
 * CheckFailedException} ({@link CheckReason#TL_MALFORMED}, or {@link CheckReason#CONTAINER_INVALID}
 * for a container that breaks the limits of §4.5) and never an allocation larger than the input.
 *
 * <pre>
 *   msgs_ack#62d6b459 msg_ids:Vector&lt;long&gt; = MsgsAck;                 (at most 8192 ids)
 *   ping#7abe77ec ping_id:long = Pong;
 *   pong#347773c5 msg_id:long ping_id:long = Pong;
 *   bad_msg_notification#a7eff811 bad_msg_id:long bad_msg_seqno:int error_code:int
 *       = BadMsgNotification;
 *   bad_server_salt#edab447b bad_msg_id:long bad_msg_seqno:int error_code:int
 *       new_server_salt:long = BadMsgNotification;
 *   new_session_created#9ec20908 first_msg_id:long unique_id:long server_salt:long
 *       = NewSession;
 *   msg_container#73f1f8dc messages:vector&lt;%Message&gt; = MessageContainer;
 *       (bare vector: count, then messages; at most 1024; no container inside a container)
 *   message msg_id:long seqno:int bytes:int body:Object = Message;   (bare)
 *   rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
 * </pre>
 *
 * <p>msg_ids and salts are the {@code org.mtlab.wire} types, never raw longs. Records are
 * immutable; lists are copied on construction.
 */
public sealed interface ServiceMessage
    permits ServiceMessage.MsgsAck,
        ServiceMessage.Ping,
        ServiceMessage.Pong,
        ServiceMessage.BadMsgNotification,
        ServiceMessage.BadServerSalt,
        ServiceMessage.NewSessionCreated,
        ServiceMessage.MsgContainer,
        ServiceMessage.RpcResult {

  /** msgs_ack. */
  int MSGS_ACK = 0x62d6b459;

  /** ping. */
  int PING = 0x7abe77ec;

  /** pong. */
  int PONG = 0x347773c5;

  /** bad_msg_notification. */
  int BAD_MSG_NOTIFICATION = 0xa7eff811;

  /** bad_server_salt. */
  int BAD_SERVER_SALT = 0xedab447b;

  /** new_session_created. */
  int NEW_SESSION_CREATED = 0x9ec20908;

  /** msg_container. */
  int MSG_CONTAINER = 0x73f1f8dc;

  /** rpc_result. */
  int RPC_RESULT = 0xf35c6d01;

  /** Most ids in one msgs_ack (docs/protocol.md §4.5). */
  int MAX_ACK_IDS = 8192;

  /** Most messages in one container (docs/protocol.md §4.5). */
  int MAX_CONTAINER_MESSAGES = 1024;

  /** This message's constructor id. */
  int constructorId();

  /** Writes the boxed object (constructor id, then fields). */
  void writeTo(TlWriter out);

  /** The serialized boxed object. */
  default Bytes toBytes() {
    TlWriter w = new TlWriter();
    writeTo(w);
    return w.toBytes();
  }

  /** True when {@code constructorId} is one of the constructors this type reads. */
  static boolean isKnown(int constructorId) {
    return switch (constructorId) {
      case MSGS_ACK,
          PING,
          PONG,
          BAD_MSG_NOTIFICATION,
          BAD_SERVER_SALT,
          NEW_SESSION_CREATED,
          MSG_CONTAINER,
          RPC_RESULT ->
          true;
      default -> false;
    };
  }

  /**
   * True for the constructors that must never be sent as content-related (docs/protocol.md §4.2):
   * msgs_ack and msg_container (msg_copy and gzip_packed are not read here).
   */
  static boolean mustNotBeContentRelated(int constructorId) {
    return constructorId == MSGS_ACK || constructorId == MSG_CONTAINER;
  }

  /**
   * Parses {@code data} as exactly one service message.
   *
   * @throws CheckFailedException {@link CheckReason#TL_MALFORMED} for an unknown constructor,
   *     truncated or trailing bytes; {@link CheckReason#CONTAINER_INVALID} for a container breaking
   *     §4.5
   */
  static ServiceMessage parse(Bytes data) throws CheckFailedException {
    return parse(Objects.requireNonNull(data, "data").toByteArray());
  }

  /** As {@link #parse(Bytes)}, for an array. */
  static ServiceMessage parse(byte[] data) throws CheckFailedException {
    TlReader in = new TlReader(data);
    ServiceMessage m = read(in);
    in.expectEnd();
    return m;
  }

  /**
   * Reads one boxed service message. rpc_result takes the rest of the reader as its result, so read
   * it from a reader bounded to the message (as {@link #parse} does).
   */
  static ServiceMessage read(TlReader in) throws CheckFailedException {
    int id = in.readInt();
    switch (id) {
      case MSGS_ACK -> {
        return new MsgsAck(toMessageIds(in.readVectorLong(MAX_ACK_IDS)));
      }
      case PING -> {
        return new Ping(in.readLong());
      }
      case PONG -> {
        return new Pong(new MessageId(in.readLong()), in.readLong());
      }
      case BAD_MSG_NOTIFICATION -> {
        return new BadMsgNotification(new MessageId(in.readLong()), in.readInt(), in.readInt());
      }
      case BAD_SERVER_SALT -> {
        return new BadServerSalt(
            new MessageId(in.readLong()),
            in.readInt(),
            in.readInt(),
            new ServerSalt(in.readLong()));
      }
      case NEW_SESSION_CREATED -> {
        return new NewSessionCreated(
            new MessageId(in.readLong()), in.readLong(), new ServerSalt(in.readLong()));
      }
      case MSG_CONTAINER -> {
        return MsgContainer.readBody(in);
      }
      case RPC_RESULT -> {
        long reqMsgId = in.readLong();
        if (in.remaining() < 4) {
          throw TlReader.malformed(); // result is a boxed object: at least its constructor id
        }
        return new RpcResult(new MessageId(reqMsgId), Bytes.copyOf(in.readRaw(in.remaining())));
      }
      default -> throw TlReader.malformed();
    }
  }

  private static List<MessageId> toMessageIds(List<Long> raw) {
    List<MessageId> ids = new ArrayList<>(raw.size());
    for (long id : raw) {
      ids.add(new MessageId(id));
    }
    return ids;
  }

  /**
   * msgs_ack: acknowledges receipt of content-related messages; never content-related itself.
   *
   * @param msgIds the acknowledged msg_ids, at most 8192
   */
  record MsgsAck(List<MessageId> msgIds) implements ServiceMessage {
    /** Copies the list (no nulls) and checks its size. */
    public MsgsAck {
      msgIds = List.copyOf(Objects.requireNonNull(msgIds, "msgIds"));
      if (msgIds.size() > MAX_ACK_IDS) {
        throw new IllegalArgumentException(
            "msgs_ack carries at most " + MAX_ACK_IDS + " ids, got " + msgIds.size());
      }
    }

    @Override
    public int constructorId() {
      return MSGS_ACK;
    }

    @Override
    public void writeTo(TlWriter out) {
      List<Long> raw = new ArrayList<>(msgIds.size());
      for (MessageId id : msgIds) {
        raw.add(id.value());
      }
      out.writeInt(MSGS_ACK).writeVectorLong(raw);
    }
  }

  /**
   * ping: asks the other side for a pong.
   *
   * @param pingId an arbitrary id echoed in the pong
   */
  record Ping(long pingId) implements ServiceMessage {
    @Override
    public int constructorId() {
      return PING;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(PING).writeLong(pingId);
    }
  }

  /**
   * pong: the answer to a ping.
   *
   * @param msgId the msg_id of the message that carried the ping
   * @param pingId the ping's id
   */
  record Pong(MessageId msgId, long pingId) implements ServiceMessage {
    /** Checks for null. */
    public Pong {
      Objects.requireNonNull(msgId, "msgId");
    }

    @Override
    public int constructorId() {
      return PONG;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(PONG).writeLong(msgId.value()).writeLong(pingId);
    }
  }

  /**
   * bad_msg_notification: the server rejected a message (docs/protocol.md §4.4: 16 msg_id too low,
   * 17 too high, 18 wrong low bits, 19 container id reused, 20 too old, 32/33 seq_no too low/high,
   * 34/35 seq_no parity, 64 invalid container; 48 comes as bad_server_salt).
   *
   * @param badMsgId the msg_id of the rejected message
   * @param badMsgSeqno its seq_no
   * @param errorCode the error code
   */
  record BadMsgNotification(MessageId badMsgId, int badMsgSeqno, int errorCode)
      implements ServiceMessage {
    /** msg_id too low: the client's clock is behind. */
    public static final int MSG_ID_TOO_LOW = 16;

    /** msg_id too high: the client's clock is ahead. */
    public static final int MSG_ID_TOO_HIGH = 17;

    /** Checks for null. */
    public BadMsgNotification {
      Objects.requireNonNull(badMsgId, "badMsgId");
    }

    /** True for error code 16 or 17: the notice is about the client's clock. */
    public boolean isAboutTime() {
      return errorCode == MSG_ID_TOO_LOW || errorCode == MSG_ID_TOO_HIGH;
    }

    @Override
    public int constructorId() {
      return BAD_MSG_NOTIFICATION;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(BAD_MSG_NOTIFICATION)
          .writeLong(badMsgId.value())
          .writeInt(badMsgSeqno)
          .writeInt(errorCode);
    }
  }

  /**
   * bad_server_salt: the server rejected a message for its salt (error code 48) and names the salt
   * to use.
   *
   * @param badMsgId the msg_id of the rejected message
   * @param badMsgSeqno its seq_no
   * @param errorCode 48
   * @param newServerSalt the salt to use from now on
   */
  record BadServerSalt(MessageId badMsgId, int badMsgSeqno, int errorCode, ServerSalt newServerSalt)
      implements ServiceMessage {
    /** The error code of a bad server salt. */
    public static final int ERROR_CODE = 48;

    /**
     * Checks for nulls. Any error code is representable (the parser reads what the wire says); a
     * receiver acts only on {@link #ERROR_CODE}.
     */
    public BadServerSalt {
      Objects.requireNonNull(badMsgId, "badMsgId");
      Objects.requireNonNull(newServerSalt, "newServerSalt");
    }

    @Override
    public int constructorId() {
      return BAD_SERVER_SALT;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(BAD_SERVER_SALT)
          .writeLong(badMsgId.value())
          .writeInt(badMsgSeqno)
          .writeInt(errorCode)
          .writeLong(newServerSalt.value());
    }
  }

  /**
   * new_session_created: the server created a session for the client's session_id.
   *
   * @param firstMsgId the msg_id of the first client message of the session
   * @param uniqueId a random id the server picks for the session
   * @param serverSalt the current salt
   */
  record NewSessionCreated(MessageId firstMsgId, long uniqueId, ServerSalt serverSalt)
      implements ServiceMessage {
    /** Checks for nulls. */
    public NewSessionCreated {
      Objects.requireNonNull(firstMsgId, "firstMsgId");
      Objects.requireNonNull(serverSalt, "serverSalt");
    }

    @Override
    public int constructorId() {
      return NEW_SESSION_CREATED;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(NEW_SESSION_CREATED)
          .writeLong(firstMsgId.value())
          .writeLong(uniqueId)
          .writeLong(serverSalt.value());
    }
  }

  /**
   * One message inside a container (the bare TL type {@code message}).
   *
   * @param msgId its msg_id
   * @param seqNo its seq_no
   * @param body the boxed TL object, a whole number of 4-byte words, at least one
   */
  record Message(MessageId msgId, int seqNo, Bytes body) {
    /** Checks the body. */
    public Message {
      Objects.requireNonNull(msgId, "msgId");
      Objects.requireNonNull(body, "body");
      if (body.length() < 4 || body.length() % 4 != 0) {
        throw new IllegalArgumentException(
            "a message body is a boxed TL object: a positive multiple of 4 bytes, got "
                + body.length());
      }
    }

    /** The body's constructor id. */
    public int bodyConstructorId() {
      return (body.get(0) & 0xff)
          | (body.get(1) & 0xff) << 8
          | (body.get(2) & 0xff) << 16
          | (body.get(3) & 0xff) << 24;
    }

    void writeTo(TlWriter out) {
      out.writeLong(msgId.value()).writeInt(seqNo).writeInt(body.length()).writeRaw(body);
    }
  }

  /**
   * msg_container: several messages in one. At most 1024, none of them a container; an empty
   * container is legal. A container's msg_id must exceed those of its messages ({@link
   * #checkIdsBelow}).
   *
   * @param messages the messages, in order
   */
  record MsgContainer(List<Message> messages) implements ServiceMessage {
    /** Fixed part of each message: msg_id, seqno, bytes. */
    private static final int MESSAGE_HEADER = 16;

    /** Copies the list and checks the limits of §4.5. */
    public MsgContainer {
      messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
      if (messages.size() > MAX_CONTAINER_MESSAGES) {
        throw new IllegalArgumentException(
            "a container holds at most "
                + MAX_CONTAINER_MESSAGES
                + " messages, got "
                + messages.size());
      }
      for (Message m : messages) {
        if (m.bodyConstructorId() == MSG_CONTAINER) {
          throw new IllegalArgumentException("containers cannot be nested");
        }
      }
    }

    static MsgContainer readBody(TlReader in) throws CheckFailedException {
      int count = in.readInt();
      // A count the input cannot hold (each message needs its 16-byte header and a body of
      // at least 4 bytes) is malformed TL; a count it can hold but over the limit is an
      // invalid container. Both before any allocation.
      if (count < 0 || (long) count * (MESSAGE_HEADER + 4) > in.remaining()) {
        throw TlReader.malformed();
      }
      if (count > MAX_CONTAINER_MESSAGES) {
        throw new CheckFailedException(CheckReason.CONTAINER_INVALID);
      }
      List<Message> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long msgId = in.readLong();
        int seqNo = in.readInt();
        int bytes = in.readInt();
        if (bytes < 4 || bytes % 4 != 0 || bytes > in.remaining()) {
          throw TlReader.malformed();
        }
        byte[] body = in.readRaw(bytes);
        int bodyId =
            (body[0] & 0xff)
                | (body[1] & 0xff) << 8
                | (body[2] & 0xff) << 16
                | (body[3] & 0xff) << 24;
        if (bodyId == MSG_CONTAINER) {
          throw new CheckFailedException(CheckReason.CONTAINER_INVALID);
        }
        out.add(new Message(new MessageId(msgId), seqNo, Bytes.copyOf(body)));
      }
      return new MsgContainer(out);
    }

    /**
     * Checks that every message's msg_id is lower (unsigned) than the container's own {@code
     * containerMsgId} (docs/protocol.md §4.1) and that no msg_id repeats.
     *
     * @throws CheckFailedException {@link CheckReason#CONTAINER_INVALID}
     */
    public void checkIdsBelow(MessageId containerMsgId) throws CheckFailedException {
      Objects.requireNonNull(containerMsgId, "containerMsgId");
      java.util.Set<MessageId> seen = new java.util.HashSet<>();
      for (Message m : messages) {
        if (m.msgId().compareTo(containerMsgId) >= 0 || !seen.add(m.msgId())) {
          throw new CheckFailedException(CheckReason.CONTAINER_INVALID);
        }
      }
    }

    @Override
    public int constructorId() {
      return MSG_CONTAINER;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(MSG_CONTAINER).writeInt(messages.size());
      for (Message m : messages) {
        m.writeTo(out);
      }
    }
  }

  /**
   * rpc_result: the answer to the client message {@code reqMsgId}.
   *
   * @param reqMsgId the msg_id of the request
   * @param result the boxed result object, uninterpreted (at least its 4-byte constructor id)
   */
  record RpcResult(MessageId reqMsgId, Bytes result) implements ServiceMessage {
    /** Checks the result. */
    public RpcResult {
      Objects.requireNonNull(reqMsgId, "reqMsgId");
      Objects.requireNonNull(result, "result");
      if (result.length() < 4) {
        throw new IllegalArgumentException(
            "rpc_result's result is a boxed TL object, at least 4 bytes; got " + result.length());
      }
    }

    @Override
    public int constructorId() {
      return RPC_RESULT;
    }

    @Override
    public void writeTo(TlWriter out) {
      out.writeInt(RPC_RESULT).writeLong(reqMsgId.value()).writeRaw(result);
    }
  }
}
