package org.mtlab.tl;

import java.util.List;
import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.NewNonce;

/**
 * The TL constructors of auth-key creation (docs/protocol.md §5.1), one record per constructor,
 * each with its exact binary encoding.
 *
 * <pre>
 *   req_pq_multi#be7e8ef1 nonce:int128 = ResPQ
 *   resPQ#05162463 nonce:int128 server_nonce:int128 pq:bytes
 *       server_public_key_fingerprints:Vector&lt;long&gt; = ResPQ
 *   p_q_inner_data#83c95aec pq:bytes p:bytes q:bytes nonce:int128 server_nonce:int128
 *       new_nonce:int256 = P_Q_inner_data                                   (legacy, read and
 *                                                                             written for old
 *                                                                             transcripts)
 *   p_q_inner_data_dc#a9f55f95 ... new_nonce:int256 dc:int = P_Q_inner_data
 *   p_q_inner_data_temp_dc#56fddf88 ... new_nonce:int256 dc:int expires_in:int = P_Q_inner_data
 *   req_DH_params#d712e4be nonce:int128 server_nonce:int128 p:bytes q:bytes
 *       public_key_fingerprint:long encrypted_data:bytes = Server_DH_Params
 *   server_DH_params_fail#79cb045d nonce server_nonce new_nonce_hash:int128 = Server_DH_Params
 *   server_DH_params_ok#d0e8075c nonce server_nonce encrypted_answer:bytes = Server_DH_Params
 *   server_DH_inner_data#b5890dba nonce server_nonce g:int dh_prime:bytes g_a:bytes
 *       server_time:int = Server_DH_inner_data
 *   client_DH_inner_data#6643b654 nonce server_nonce retry_id:long g_b:bytes = Client_DH_Inner_Data
 *   set_client_DH_params#f5045f1f nonce server_nonce encrypted_data:bytes = Set_client_DH_params_answer
 *   dh_gen_ok#3bcbf734 nonce server_nonce new_nonce_hash1:int128 = Set_client_DH_params_answer
 *   dh_gen_retry#46dc1fb9 nonce server_nonce new_nonce_hash2:int128 = Set_client_DH_params_answer
 *   dh_gen_fail#a69dae02 nonce server_nonce new_nonce_hash3:int128 = Set_client_DH_params_answer
 *   bind_auth_key_inner#75a3f765 nonce:long temp_auth_key_id:long perm_auth_key_id:long
 *       temp_session_id:long expires_at:int = BindAuthKeyInner
 *   auth.bindTempAuthKey#cdd42a05 perm_auth_key_id:long nonce:long expires_at:int
 *       encrypted_message:bytes = Bool
 * </pre>
 *
 * <p>int128 and int256 fields (nonces, hashes) are opaque byte strings of exactly 16 and 32 bytes,
 * kept with any leading zeros. Big numbers (pq, p, q, dh_prime, g_a, g_b) are TL {@code bytes}
 * holding a big-endian unsigned value; these records keep them as the exact bytes received, so that
 * canonical-encoding checks can see leading zeros.
 *
 * <p>Reading is bounded ({@link TlReader}): truncated data, a length prefix past the end, a
 * negative or oversized vector count, or an unknown constructor id gives {@link
 * org.mtlab.CheckReason#TL_MALFORMED}. Every record is immutable and thread-safe; the records that
 * carry new_nonce redact it in {@code toString}.
 */
public sealed interface HandshakeMessage
    permits HandshakeMessage.ReqPqMulti,
        HandshakeMessage.ResPq,
        HandshakeMessage.InnerData,
        HandshakeMessage.ReqDhParams,
        HandshakeMessage.ServerDhParamsOk,
        HandshakeMessage.ServerDhParamsFail,
        HandshakeMessage.ServerDhInnerData,
        HandshakeMessage.ClientDhInnerData,
        HandshakeMessage.SetClientDhParams,
        HandshakeMessage.DhGenAnswer,
        HandshakeMessage.BindAuthKeyInner,
        HandshakeMessage.BindTempAuthKey {

  /** Length of nonce and server_nonce (int128). */
  int NONCE_LENGTH = 16;

  /** Length of new_nonce (int256). */
  int NEW_NONCE_LENGTH = 32;

  /** Length of the new_nonce_hash fields (int128). */
  int NEW_NONCE_HASH_LENGTH = 16;

  /** At most this many fingerprints are read from a resPQ (more is TL_MALFORMED). */
  int MAX_FINGERPRINTS = 64;

  // Caps on the lengths a peer chooses before anything is authenticated. Each is the most the
  // protocol can produce, so an honest peer never meets one, and each is checked before any
  // decryption, hash or copy of the field (docs/security.md B52).

  /** Longest pq, p and q (TL bytes): pq is at most 2^64 - 1, so 8 bytes (docs/protocol.md §5). */
  int MAX_PQ_LENGTH = 8;

  /** Length of req_DH_params.encrypted_data: one 2048-bit RSA value, exactly 256 bytes. */
  int RSA_ENCRYPTED_LENGTH = 256;

  /**
   * Longest server_DH_params_ok.encrypted_answer: server_DH_inner_data is at most 4 (id) + 16 + 16
   * (nonces) + 4 (g) + 260 (dh_prime: 256 bytes and a 4-byte TL prefix) + 260 (g_a, at most as long
   * as dh_prime) + 4 (server_time) = 564 bytes; with its 20-byte SHA-1 that is 584, padded to a
   * multiple of 16: 592.
   */
  int MAX_ENCRYPTED_ANSWER_LENGTH = 592;

  /**
   * Longest set_client_DH_params.encrypted_data: client_DH_inner_data is at most 4 + 16 + 16 + 8
   * (retry_id) + 260 (g_b) = 304 bytes; with its SHA-1, 324, padded: 336.
   */
  int MAX_CLIENT_DH_ENCRYPTED_LENGTH = 336;

  /**
   * Shortest encrypted_answer or encrypted_data: the SHA-1 and at least the constructor id need two
   * blocks.
   */
  int MIN_ENCRYPTED_LENGTH = 32;

  /**
   * Longest boxed handshake object a plain message may carry: server_DH_params_ok with the longest
   * encrypted_answer, 4 + 16 + 16 + 4 (TL prefix) + 592 = 632 bytes. (resPQ with 64 fingerprints is
   * 568, req_DH_params at most 328.)
   */
  int MAX_OBJECT_LENGTH = 632;

  /** This constructor's 32-bit id (written little-endian before the fields). */
  int constructorId();

  /** Writes the boxed object: constructor id, then the fields. */
  void writeTo(TlWriter w);

  /** The boxed object's bytes. */
  default byte[] toByteArray() {
    TlWriter w = new TlWriter(64);
    writeTo(w);
    return w.toByteArray();
  }

  /** The boxed object's bytes as {@link Bytes}. */
  default Bytes toBytes() {
    return Bytes.copyOf(toByteArray());
  }

  /** The spec's name of this constructor, for example {@code "resPQ"}. */
  String tlName();

  /**
   * Reads one boxed handshake object at the reader's position and leaves the reader after it (data
   * that follows, such as padding, is not looked at).
   *
   * @throws CheckFailedException TL_MALFORMED for an unknown constructor id or bad data
   */
  static HandshakeMessage read(TlReader r) throws CheckFailedException {
    int id = r.readInt();
    return switch (id) {
      case ReqPqMulti.ID -> ReqPqMulti.readBody(r);
      case ResPq.ID -> ResPq.readBody(r);
      case PqInnerData.ID -> PqInnerData.readBody(r);
      case PqInnerDataDc.ID -> PqInnerDataDc.readBody(r);
      case PqInnerDataTempDc.ID -> PqInnerDataTempDc.readBody(r);
      case ReqDhParams.ID -> ReqDhParams.readBody(r);
      case ServerDhParamsOk.ID -> ServerDhParamsOk.readBody(r);
      case ServerDhParamsFail.ID -> ServerDhParamsFail.readBody(r);
      case ServerDhInnerData.ID -> ServerDhInnerData.readBody(r);
      case ClientDhInnerData.ID -> ClientDhInnerData.readBody(r);
      case SetClientDhParams.ID -> SetClientDhParams.readBody(r);
      case DhGenOk.ID -> new DhGenOk(readNonce(r), readNonce(r), readHash(r));
      case DhGenRetry.ID -> new DhGenRetry(readNonce(r), readNonce(r), readHash(r));
      case DhGenFail.ID -> new DhGenFail(readNonce(r), readNonce(r), readHash(r));
      case BindAuthKeyInner.ID -> BindAuthKeyInner.readBody(r);
      case BindTempAuthKey.ID -> BindTempAuthKey.readBody(r);
      default -> throw TlReader.malformed();
    };
  }

  /**
   * Parses exactly one boxed handshake object that fills all of {@code data}.
   *
   * @throws CheckFailedException TL_MALFORMED for an unknown id, bad data or trailing bytes
   */
  static HandshakeMessage parse(byte[] data) throws CheckFailedException {
    TlReader r = new TlReader(Objects.requireNonNull(data, "data"));
    HandshakeMessage m = read(r);
    r.expectEnd();
    return m;
  }

  /**
   * Reads one boxed object that must be of {@code type} (for example the answer inside
   * server_DH_params_ok, which is followed by padding).
   *
   * @throws CheckFailedException TL_MALFORMED for any other constructor or bad data
   */
  static <T extends HandshakeMessage> T read(TlReader r, Class<T> type)
      throws CheckFailedException {
    Objects.requireNonNull(type, "type");
    HandshakeMessage m = read(r);
    if (!type.isInstance(m)) {
      throw TlReader.malformed();
    }
    return type.cast(m);
  }

  // ----------------------------------------------------------------------------------------
  // helpers shared by the records

  private static Bytes readNonce(TlReader r) throws CheckFailedException {
    return Bytes.copyOf(r.readRaw(NONCE_LENGTH));
  }

  private static NewNonce readNewNonce(TlReader r) throws CheckFailedException {
    byte[] raw = r.readRaw(NEW_NONCE_LENGTH);
    try {
      return NewNonce.copyOf(raw);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  private static Bytes readHash(TlReader r) throws CheckFailedException {
    return Bytes.copyOf(r.readRaw(NEW_NONCE_HASH_LENGTH));
  }

  private static Bytes readTlBytes(TlReader r) throws CheckFailedException {
    return Bytes.copyOf(r.readBytes());
  }

  private static Bytes requireLength(Bytes b, int length, String what) {
    Objects.requireNonNull(b, what);
    if (b.length() != length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + b.length());
    }
    return b;
  }

  private static Bytes requireTlBytes(Bytes b, String what) {
    Objects.requireNonNull(b, what);
    if (b.length() > TlWriter.MAX_BYTES_LENGTH) {
      throw new IllegalArgumentException(what + " is longer than TL bytes allow: " + b.length());
    }
    return b;
  }

  // ----------------------------------------------------------------------------------------
  // the records

  /** {@code req_pq_multi#be7e8ef1 nonce:int128 = ResPQ}: step 1, the client's opening. */
  record ReqPqMulti(Bytes nonce) implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xbe7e8ef1;

    /** Validates the nonce length (16 bytes). */
    public ReqPqMulti {
      requireLength(nonce, NONCE_LENGTH, "nonce");
    }

    static ReqPqMulti readBody(TlReader r) throws CheckFailedException {
      return new ReqPqMulti(readNonce(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "req_pq_multi";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce);
    }
  }

  /**
   * {@code resPQ#05162463 nonce server_nonce pq:bytes server_public_key_fingerprints:Vector<long>}:
   * step 2, the server's puzzle and keys.
   */
  record ResPq(Bytes nonce, Bytes serverNonce, Bytes pq, List<Long> fingerprints)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0x05162463;

    /** Validates lengths and copies the list. */
    public ResPq {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(pq, "pq");
      fingerprints = List.copyOf(fingerprints);
    }

    static ResPq readBody(TlReader r) throws CheckFailedException {
      return new ResPq(
          readNonce(r), readNonce(r), readTlBytes(r), r.readVectorLong(MAX_FINGERPRINTS));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "resPQ";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeBytes(pq);
      w.writeVectorLong(fingerprints);
    }
  }

  /**
   * The data the client encrypts with RSA_PAD in step 4: one of the three p_q_inner_data
   * constructors. new_nonce is secret and never shown by {@code toString}.
   */
  sealed interface InnerData extends HandshakeMessage
      permits PqInnerData, PqInnerDataDc, PqInnerDataTempDc {
    /** pq as sent by the server. */
    Bytes pq();

    /** p, the smaller factor, big-endian. */
    Bytes p();

    /** q, the larger factor, big-endian. */
    Bytes q();

    /** The client's nonce. */
    Bytes nonce();

    /** The server's nonce. */
    Bytes serverNonce();

    /**
     * The client's secret new_nonce, the same object the record was made with (or read into):
     * whoever made the record destroys it.
     */
    NewNonce newNonce();
  }

  private static void writeInner(TlWriter w, int id, InnerData d) {
    w.writeInt(id).writeBytes(d.pq()).writeBytes(d.p()).writeBytes(d.q());
    w.writeRaw(d.nonce()).writeRaw(d.serverNonce());
    byte[] newNonce = d.newNonce().reveal(SecretAccess.explicitly());
    w.writeRaw(newNonce);
    java.util.Arrays.fill(newNonce, (byte) 0);
  }

  private static void checkInner(
      Bytes pq, Bytes p, Bytes q, Bytes nonce, Bytes serverNonce, NewNonce newNonce) {
    requireTlBytes(pq, "pq");
    requireTlBytes(p, "p");
    requireTlBytes(q, "q");
    requireLength(nonce, NONCE_LENGTH, "nonce");
    requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
    Objects.requireNonNull(newNonce, "new_nonce");
  }

  /**
   * {@code p_q_inner_data#83c95aec pq p q nonce server_nonce new_nonce}: the legacy inner data
   * without a DC id, which older clients still send (grammers' published handshake uses it).
   * MTLab's server refuses it (DC_MISMATCH) unless it is built with {@code
   * ServerHandshake.Builder.acceptLegacyClients(true)}; then it accepts it, under RSA_PAD or the
   * older raw-RSA encryption, and takes the DC to be its own (docs/protocol.md §5). The client
   * sends it only when built with {@code legacyInnerData()}, to replay such transcripts.
   */
  record PqInnerData(Bytes pq, Bytes p, Bytes q, Bytes nonce, Bytes serverNonce, NewNonce newNonce)
      implements InnerData {
    /** Constructor id. */
    public static final int ID = 0x83c95aec;

    /** Validates lengths. */
    public PqInnerData {
      checkInner(pq, p, q, nonce, serverNonce, newNonce);
    }

    static PqInnerData readBody(TlReader r) throws CheckFailedException {
      return new PqInnerData(
          readTlBytes(r),
          readTlBytes(r),
          readTlBytes(r),
          readNonce(r),
          readNonce(r),
          readNewNonce(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "p_q_inner_data";
    }

    @Override
    public void writeTo(TlWriter w) {
      writeInner(w, ID, this);
    }

    /** new_nonce redacted. */
    @Override
    public String toString() {
      return "PqInnerData[pq="
          + pq
          + ", p="
          + p
          + ", q="
          + q
          + ", nonce="
          + nonce
          + ", serverNonce="
          + serverNonce
          + ", newNonce=redacted]";
    }
  }

  /**
   * {@code p_q_inner_data_dc#a9f55f95 pq p q nonce server_nonce new_nonce dc:int}: the inner data
   * for a permanent key.
   */
  record PqInnerDataDc(
      Bytes pq, Bytes p, Bytes q, Bytes nonce, Bytes serverNonce, NewNonce newNonce, int dc)
      implements InnerData {
    /** Constructor id. */
    public static final int ID = 0xa9f55f95;

    /** Validates lengths. */
    public PqInnerDataDc {
      checkInner(pq, p, q, nonce, serverNonce, newNonce);
    }

    static PqInnerDataDc readBody(TlReader r) throws CheckFailedException {
      return new PqInnerDataDc(
          readTlBytes(r),
          readTlBytes(r),
          readTlBytes(r),
          readNonce(r),
          readNonce(r),
          readNewNonce(r),
          r.readInt());
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "p_q_inner_data_dc";
    }

    @Override
    public void writeTo(TlWriter w) {
      writeInner(w, ID, this);
      w.writeInt(dc);
    }

    /** new_nonce redacted. */
    @Override
    public String toString() {
      return "PqInnerDataDc[pq="
          + pq
          + ", p="
          + p
          + ", q="
          + q
          + ", nonce="
          + nonce
          + ", serverNonce="
          + serverNonce
          + ", newNonce=redacted, dc="
          + dc
          + "]";
    }
  }

  /**
   * {@code p_q_inner_data_temp_dc#56fddf88 pq p q nonce server_nonce new_nonce dc:int
   * expires_in:int}: the inner data for a temporary key that lives {@code expiresIn} seconds.
   */
  record PqInnerDataTempDc(
      Bytes pq,
      Bytes p,
      Bytes q,
      Bytes nonce,
      Bytes serverNonce,
      NewNonce newNonce,
      int dc,
      int expiresIn)
      implements InnerData {
    /** Constructor id. */
    public static final int ID = 0x56fddf88;

    /** Validates lengths. */
    public PqInnerDataTempDc {
      checkInner(pq, p, q, nonce, serverNonce, newNonce);
    }

    static PqInnerDataTempDc readBody(TlReader r) throws CheckFailedException {
      return new PqInnerDataTempDc(
          readTlBytes(r),
          readTlBytes(r),
          readTlBytes(r),
          readNonce(r),
          readNonce(r),
          readNewNonce(r),
          r.readInt(),
          r.readInt());
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "p_q_inner_data_temp_dc";
    }

    @Override
    public void writeTo(TlWriter w) {
      writeInner(w, ID, this);
      w.writeInt(dc).writeInt(expiresIn);
    }

    /** new_nonce redacted. */
    @Override
    public String toString() {
      return "PqInnerDataTempDc[pq="
          + pq
          + ", p="
          + p
          + ", q="
          + q
          + ", nonce="
          + nonce
          + ", serverNonce="
          + serverNonce
          + ", newNonce=redacted, dc="
          + dc
          + ", expiresIn="
          + expiresIn
          + "]";
    }
  }

  /**
   * {@code req_DH_params#d712e4be nonce server_nonce p:bytes q:bytes public_key_fingerprint:long
   * encrypted_data:bytes}: step 5.
   */
  record ReqDhParams(
      Bytes nonce, Bytes serverNonce, Bytes p, Bytes q, long fingerprint, Bytes encryptedData)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xd712e4be;

    /** Validates lengths. */
    public ReqDhParams {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(p, "p");
      requireTlBytes(q, "q");
      requireTlBytes(encryptedData, "encrypted_data");
    }

    static ReqDhParams readBody(TlReader r) throws CheckFailedException {
      return new ReqDhParams(
          readNonce(r), readNonce(r), readTlBytes(r), readTlBytes(r), r.readLong(), readTlBytes(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "req_DH_params";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeBytes(p).writeBytes(q);
      w.writeLong(fingerprint).writeBytes(encryptedData);
    }
  }

  /**
   * {@code server_DH_params_ok#d0e8075c nonce server_nonce encrypted_answer:bytes}: step 6, the
   * server's DH parameters encrypted under tmp_aes_key.
   */
  record ServerDhParamsOk(Bytes nonce, Bytes serverNonce, Bytes encryptedAnswer)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xd0e8075c;

    /** Validates lengths. */
    public ServerDhParamsOk {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(encryptedAnswer, "encrypted_answer");
    }

    static ServerDhParamsOk readBody(TlReader r) throws CheckFailedException {
      return new ServerDhParamsOk(readNonce(r), readNonce(r), readTlBytes(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "server_DH_params_ok";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeBytes(encryptedAnswer);
    }
  }

  /**
   * {@code server_DH_params_fail#79cb045d nonce server_nonce new_nonce_hash:int128}: the server
   * refuses; new_nonce_hash = SHA1(new_nonce)[4:20].
   */
  record ServerDhParamsFail(Bytes nonce, Bytes serverNonce, Bytes newNonceHash)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0x79cb045d;

    /** Validates lengths. */
    public ServerDhParamsFail {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireLength(newNonceHash, NEW_NONCE_HASH_LENGTH, "new_nonce_hash");
    }

    static ServerDhParamsFail readBody(TlReader r) throws CheckFailedException {
      return new ServerDhParamsFail(readNonce(r), readNonce(r), readHash(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "server_DH_params_fail";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeRaw(newNonceHash);
    }
  }

  /**
   * {@code server_DH_inner_data#b5890dba nonce server_nonce g:int dh_prime:bytes g_a:bytes
   * server_time:int}: the answer inside server_DH_params_ok.
   */
  record ServerDhInnerData(
      Bytes nonce, Bytes serverNonce, int g, Bytes dhPrime, Bytes gA, int serverTime)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xb5890dba;

    /** Validates lengths. */
    public ServerDhInnerData {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(dhPrime, "dh_prime");
      requireTlBytes(gA, "g_a");
    }

    static ServerDhInnerData readBody(TlReader r) throws CheckFailedException {
      return new ServerDhInnerData(
          readNonce(r), readNonce(r), r.readInt(), readTlBytes(r), readTlBytes(r), r.readInt());
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "server_DH_inner_data";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeInt(g);
      w.writeBytes(dhPrime).writeBytes(gA).writeInt(serverTime);
    }
  }

  /**
   * {@code client_DH_inner_data#6643b654 nonce server_nonce retry_id:long g_b:bytes}: step 7,
   * encrypted under tmp_aes_key inside set_client_DH_params.
   */
  record ClientDhInnerData(Bytes nonce, Bytes serverNonce, long retryId, Bytes gB)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0x6643b654;

    /** Validates lengths. */
    public ClientDhInnerData {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(gB, "g_b");
    }

    static ClientDhInnerData readBody(TlReader r) throws CheckFailedException {
      return new ClientDhInnerData(readNonce(r), readNonce(r), r.readLong(), readTlBytes(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "client_DH_inner_data";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeLong(retryId).writeBytes(gB);
    }
  }

  /** {@code set_client_DH_params#f5045f1f nonce server_nonce encrypted_data:bytes}: step 7. */
  record SetClientDhParams(Bytes nonce, Bytes serverNonce, Bytes encryptedData)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xf5045f1f;

    /** Validates lengths. */
    public SetClientDhParams {
      requireLength(nonce, NONCE_LENGTH, "nonce");
      requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
      requireTlBytes(encryptedData, "encrypted_data");
    }

    static SetClientDhParams readBody(TlReader r) throws CheckFailedException {
      return new SetClientDhParams(readNonce(r), readNonce(r), readTlBytes(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "set_client_DH_params";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeRaw(nonce).writeRaw(serverNonce).writeBytes(encryptedData);
    }
  }

  /**
   * The server's verdict on the new key: dh_gen_ok, dh_gen_retry or dh_gen_fail, each with
   * new_nonce_hashN = SHA1(new_nonce + byte(N) + auth_key_aux_hash)[4:20].
   */
  sealed interface DhGenAnswer extends HandshakeMessage permits DhGenOk, DhGenRetry, DhGenFail {
    /** The client's nonce. */
    Bytes nonce();

    /** The server's nonce. */
    Bytes serverNonce();

    /** new_nonce_hashN. */
    Bytes newNonceHash();

    /** N: 1 for dh_gen_ok, 2 for dh_gen_retry, 3 for dh_gen_fail. */
    int hashNumber();

    /** The three answers share one layout: id, nonce, server_nonce, new_nonce_hashN. */
    @Override
    default void writeTo(TlWriter w) {
      w.writeInt(constructorId())
          .writeRaw(nonce())
          .writeRaw(serverNonce())
          .writeRaw(newNonceHash());
    }

    /** The verdict for {@code number} N (1, 2 or 3). */
    static DhGenAnswer of(int number, Bytes nonce, Bytes serverNonce, Bytes newNonceHash) {
      return switch (number) {
        case 1 -> new DhGenOk(nonce, serverNonce, newNonceHash);
        case 2 -> new DhGenRetry(nonce, serverNonce, newNonceHash);
        case 3 -> new DhGenFail(nonce, serverNonce, newNonceHash);
        default ->
            throw new IllegalArgumentException("dh_gen number must be 1, 2 or 3, got " + number);
      };
    }
  }

  private static void checkGen(Bytes nonce, Bytes serverNonce, Bytes hash) {
    requireLength(nonce, NONCE_LENGTH, "nonce");
    requireLength(serverNonce, NONCE_LENGTH, "server_nonce");
    requireLength(hash, NEW_NONCE_HASH_LENGTH, "new_nonce_hash");
  }

  /** {@code dh_gen_ok#3bcbf734 nonce server_nonce new_nonce_hash1:int128}: the key is made. */
  record DhGenOk(Bytes nonce, Bytes serverNonce, Bytes newNonceHash) implements DhGenAnswer {
    /** Constructor id. */
    public static final int ID = 0x3bcbf734;

    /** Validates lengths. */
    public DhGenOk {
      checkGen(nonce, serverNonce, newNonceHash);
    }

    @Override
    public int hashNumber() {
      return 1;
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "dh_gen_ok";
    }
  }

  /**
   * {@code dh_gen_retry#46dc1fb9 nonce server_nonce new_nonce_hash2:int128}: try step 7 again with
   * a new b and retry_id = auth_key_aux_hash.
   */
  record DhGenRetry(Bytes nonce, Bytes serverNonce, Bytes newNonceHash) implements DhGenAnswer {
    /** Constructor id. */
    public static final int ID = 0x46dc1fb9;

    /** Validates lengths. */
    public DhGenRetry {
      checkGen(nonce, serverNonce, newNonceHash);
    }

    @Override
    public int hashNumber() {
      return 2;
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "dh_gen_retry";
    }
  }

  /** {@code dh_gen_fail#a69dae02 nonce server_nonce new_nonce_hash3:int128}: start over. */
  record DhGenFail(Bytes nonce, Bytes serverNonce, Bytes newNonceHash) implements DhGenAnswer {
    /** Constructor id. */
    public static final int ID = 0xa69dae02;

    /** Validates lengths. */
    public DhGenFail {
      checkGen(nonce, serverNonce, newNonceHash);
    }

    @Override
    public int hashNumber() {
      return 3;
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "dh_gen_fail";
    }
  }

  /**
   * {@code bind_auth_key_inner#75a3f765 nonce:long temp_auth_key_id:long perm_auth_key_id:long
   * temp_session_id:long expires_at:int}: what the client proves, under the permanent key, when it
   * binds a temporary key (40 bytes).
   */
  record BindAuthKeyInner(
      long nonce, long tempAuthKeyId, long permAuthKeyId, long tempSessionId, int expiresAt)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0x75a3f765;

    /** Serialized length in bytes. */
    public static final int LENGTH = 40;

    static BindAuthKeyInner readBody(TlReader r) throws CheckFailedException {
      return new BindAuthKeyInner(
          r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readInt());
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "bind_auth_key_inner";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(nonce).writeLong(tempAuthKeyId).writeLong(permAuthKeyId);
      w.writeLong(tempSessionId).writeInt(expiresAt);
    }
  }

  /**
   * {@code auth.bindTempAuthKey#cdd42a05 perm_auth_key_id:long nonce:long expires_at:int
   * encrypted_message:bytes = Bool}: the request that binds a temporary key to a permanent one,
   * sent encrypted under the temporary key.
   */
  record BindTempAuthKey(long permAuthKeyId, long nonce, int expiresAt, Bytes encryptedMessage)
      implements HandshakeMessage {
    /** Constructor id. */
    public static final int ID = 0xcdd42a05;

    /** Validates the length. */
    public BindTempAuthKey {
      requireTlBytes(encryptedMessage, "encrypted_message");
    }

    static BindTempAuthKey readBody(TlReader r) throws CheckFailedException {
      return new BindTempAuthKey(r.readLong(), r.readLong(), r.readInt(), readTlBytes(r));
    }

    @Override
    public int constructorId() {
      return ID;
    }

    @Override
    public String tlName() {
      return "auth.bindTempAuthKey";
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(permAuthKeyId).writeLong(nonce).writeInt(expiresAt);
      w.writeBytes(encryptedMessage);
    }
  }
}
