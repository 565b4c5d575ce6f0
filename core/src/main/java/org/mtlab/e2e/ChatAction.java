package org.mtlab.e2e;

import java.util.Objects;
import org.mtlab.CheckFailedException;
import org.mtlab.bytes.Bytes;
import org.mtlab.tl.TlReader;
import org.mtlab.tl.TlWriter;

/**
 * The {@code DecryptedMessageAction} constructors a {@link ChatMessage.Service} can carry, as far
 * as MTLab speaks them (docs/protocol.md §8.3, §8.4): the resend request, the five re-keying
 * actions, and the layer notice. Any other action is rejected as TL_MALFORMED when read.
 *
 * <p>Every implementation is an immutable record.
 */
public sealed interface ChatAction {
  /** Writes the boxed action (constructor id first). */
  void writeTo(TlWriter w);

  /** Reads one boxed action. */
  static ChatAction readFrom(TlReader r) throws CheckFailedException {
    int id = r.readInt();
    return switch (id) {
      case Resend.ID -> new Resend(r.readInt(), r.readInt());
      case RequestKey.ID -> new RequestKey(r.readLong(), Bytes.copyOf(r.readBytes()));
      case AcceptKey.ID ->
          new AcceptKey(
              r.readLong(), Bytes.copyOf(r.readBytes()), new KeyFingerprint(r.readLong()));
      case AbortKey.ID -> new AbortKey(r.readLong());
      case CommitKey.ID -> new CommitKey(r.readLong(), new KeyFingerprint(r.readLong()));
      case Noop.ID -> new Noop();
      case NotifyLayer.ID -> new NotifyLayer(r.readInt());
      default -> throw TlReader.malformed();
    };
  }

  /**
   * {@code decryptedMessageActionResend#511110b0 start_seq_no:int end_seq_no:int}: please send
   * again your messages with out_seq_no from {@code startSeqNo} to {@code endSeqNo} (wire values,
   * inclusive).
   *
   * @param startSeqNo the first missing out_seq_no (wire value)
   * @param endSeqNo the last missing out_seq_no (wire value)
   */
  record Resend(int startSeqNo, int endSeqNo) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0x511110b0;

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeInt(startSeqNo).writeInt(endSeqNo);
    }
  }

  /**
   * {@code decryptedMessageActionRequestKey#f3c9611b exchange_id:long g_a:bytes}: starts a
   * re-keying exchange.
   *
   * @param exchangeId the exchange's random id
   * @param gA g^a mod p, big-endian
   */
  record RequestKey(long exchangeId, Bytes gA) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0xf3c9611b;

    /** Checks for null. */
    public RequestKey {
      Objects.requireNonNull(gA, "gA");
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(exchangeId).writeBytes(gA);
    }
  }

  /**
   * {@code decryptedMessageActionAcceptKey#6fe1735b exchange_id:long g_b:bytes
   * key_fingerprint:long}: the answer to {@link RequestKey}.
   *
   * @param exchangeId the exchange being answered
   * @param gB g^b mod p, big-endian
   * @param keyFingerprint the fingerprint of the new key as the answering side computed it
   */
  record AcceptKey(long exchangeId, Bytes gB, KeyFingerprint keyFingerprint) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0x6fe1735b;

    /** Checks for null. */
    public AcceptKey {
      Objects.requireNonNull(gB, "gB");
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(exchangeId).writeBytes(gB).writeLong(keyFingerprint.value());
    }
  }

  /**
   * {@code decryptedMessageActionAbortKey#dd05ec6b exchange_id:long}: the exchange is abandoned.
   *
   * @param exchangeId the exchange
   */
  record AbortKey(long exchangeId) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0xdd05ec6b;

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(exchangeId);
    }
  }

  /**
   * {@code decryptedMessageActionCommitKey#ec2e0b9b exchange_id:long key_fingerprint:long}: the
   * requesting side confirms the new key and switches to it; sent under the old key.
   *
   * @param exchangeId the exchange
   * @param keyFingerprint the new key's fingerprint
   */
  record CommitKey(long exchangeId, KeyFingerprint keyFingerprint) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0xec2e0b9b;

    /** Checks for null. */
    public CommitKey {
      Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeLong(exchangeId).writeLong(keyFingerprint.value());
    }
  }

  /**
   * {@code decryptedMessageActionNoop#a82fdd63}: nothing; the accepting side sends it as its first
   * message under the new key.
   */
  record Noop() implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0xa82fdd63;

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID);
    }
  }

  /**
   * {@code decryptedMessageActionNotifyLayer#f3048883 layer:int}: the sender's layer.
   *
   * @param layer the layer
   */
  record NotifyLayer(int layer) implements ChatAction {
    /** Constructor id. */
    public static final int ID = 0xf3048883;

    @Override
    public void writeTo(TlWriter w) {
      w.writeInt(ID).writeInt(layer);
    }
  }
}
