package org.mtlab.net;

import java.util.List;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * The service constructors the server and client use beyond core's {@code ServiceMessage}
 * (docs/protocol.md §4.6): ping_delay_disconnect, get_future_salts and future_salts,
 * destroy_session and its answers, rpc_error, and the ids of the service objects that are
 * recognised but need no answer.
 *
 * <p>Stateless; thread-safe.
 */
final class ServiceTl {
  static final int PING_DELAY_DISCONNECT = 0xf3427b8c;
  static final int GET_FUTURE_SALTS = 0xb921bd04;
  static final int FUTURE_SALT = 0x0949d9dc;
  static final int FUTURE_SALTS = 0xae500895;
  static final int DESTROY_SESSION = 0xe7512126;
  static final int DESTROY_SESSION_OK = 0xe22045fc;
  static final int DESTROY_SESSION_NONE = 0x62d350c9;
  static final int RPC_ERROR = 0x2144ca19;
  static final int MSGS_STATE_REQ = 0xda69fb52;
  static final int MSGS_STATE_INFO = 0x04deb57d;
  static final int MSG_RESEND_REQ = 0x7d861a08;
  static final int HTTP_WAIT = 0x9299359f;
  static final int GZIP_PACKED = 0x3072cfa1;

  /** The most salts a get_future_salts asks for (docs/protocol.md §4.3). */
  static final int MAX_FUTURE_SALTS = 64;

  private ServiceTl() {}

  /** The constructor id of a boxed TL object (its first 4 bytes), or 0 if shorter. */
  static int constructorOf(Bytes body) {
    if (body.length() < 4) {
      return 0;
    }
    return (body.get(0) & 0xff)
        | (body.get(1) & 0xff) << 8
        | (body.get(2) & 0xff) << 16
        | (body.get(3) & 0xff) << 24;
  }

  /** ping_delay_disconnect: the ping_id and the disconnect delay in seconds. */
  record PingDelayDisconnect(long pingId, int disconnectDelay) {
    static PingDelayDisconnect parse(Bytes body) throws CheckFailedException {
      TlReader r = reader(body, PING_DELAY_DISCONNECT);
      PingDelayDisconnect p = new PingDelayDisconnect(r.readLong(), r.readInt());
      r.expectEnd();
      return p;
    }

    Bytes toBytes() {
      return new TlWriter()
          .writeInt(PING_DELAY_DISCONNECT)
          .writeLong(pingId)
          .writeInt(disconnectDelay)
          .toBytes();
    }
  }

  /** get_future_salts num:int. */
  static int parseGetFutureSalts(Bytes body) throws CheckFailedException {
    TlReader r = reader(body, GET_FUTURE_SALTS);
    int num = r.readInt();
    r.expectEnd();
    return num;
  }

  static Bytes getFutureSalts(int num) {
    return new TlWriter().writeInt(GET_FUTURE_SALTS).writeInt(num).toBytes();
  }

  /** One future_salt. */
  record FutureSalt(int validSince, int validUntil, long salt) {}

  /** future_salts req_msg_id:long now:int salts:vector&lt;future_salt&gt; (a bare vector). */
  static Bytes futureSalts(long reqMsgId, int now, List<FutureSalt> salts) {
    TlWriter w = new TlWriter().writeInt(FUTURE_SALTS).writeLong(reqMsgId).writeInt(now);
    w.writeInt(salts.size());
    for (FutureSalt s : salts) {
      w.writeInt(s.validSince()).writeInt(s.validUntil()).writeLong(s.salt());
    }
    return w.toBytes();
  }

  /** destroy_session session_id:long: the session id. */
  static long parseDestroySession(Bytes body) throws CheckFailedException {
    TlReader r = reader(body, DESTROY_SESSION);
    long id = r.readLong();
    r.expectEnd();
    return id;
  }

  static Bytes destroySession(long sessionId) {
    return new TlWriter().writeInt(DESTROY_SESSION).writeLong(sessionId).toBytes();
  }

  /** destroy_session_ok or destroy_session_none for {@code sessionId}. */
  static Bytes destroySessionAnswer(boolean destroyed, long sessionId) {
    return new TlWriter()
        .writeInt(destroyed ? DESTROY_SESSION_OK : DESTROY_SESSION_NONE)
        .writeLong(sessionId)
        .toBytes();
  }

  /** rpc_error error_code:int error_message:string. */
  static Bytes rpcError(int code, String message) {
    return new TlWriter()
        .writeInt(RPC_ERROR)
        .writeInt(code)
        .writeBytes(message.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toBytes();
  }

  /** Reads an rpc_error's code and message. */
  static RpcException parseRpcError(Bytes body) throws CheckFailedException {
    TlReader r = reader(body, RPC_ERROR);
    int code = r.readInt();
    String message = new String(r.readBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new RpcException(code, message);
  }

  private static TlReader reader(Bytes body, int constructor) throws CheckFailedException {
    TlReader r = new TlReader(body.toByteArray());
    r.expectConstructor(constructor);
    return r;
  }
}
