package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mtlab.bytes.Bytes;
import org.mtlab.key.AuthKeyId;
import org.mtlab.wire.ServerSalt;

/**
 * The typed payload of a {@link TraceStep}: one record per step that either side of a handshake
 * emits, with every value of the step's string view ({@link TraceStep#values()}) as a number,
 * {@link Bytes} or wire type, so that a reader (the tour, a test) needs no parsing. The string view
 * stays as it is: the CLI's {@code --trace --json} keys come from it.
 *
 * <p>Secret values (new_nonce, a, b, tmp_aes_key, auth_key, server_salt, retry_id...) are {@code
 * Optional<TraceSecret<...>>} components: present only in a trace made with {@link
 * HandshakeTrace#withSecrets}, empty (and never computed) in a {@link HandshakeTrace#publicValues}
 * trace, and readable only through the {@code SecretAccess} token; {@link TraceSecret#toString()}
 * never shows them.
 *
 * <p>The step names are those of {@link TraceStep#name()}; a component {@code fooBar} carries the
 * string view's value {@code foo_bar}. Every record is immutable and thread-safe.
 */
public sealed interface TraceEvent {

  // --- the client ------------------------------------------------------------------------------

  /**
   * The client sent req_pq_multi (step {@code req_pq_multi}).
   *
   * @param nonce its random 16-byte nonce
   */
  record NonceSent(Bytes nonce) implements TraceEvent {
    /** Checks that the nonce is present. */
    public NonceSent {
      Objects.requireNonNull(nonce, "nonce");
    }
  }

  /**
   * The client read resPQ and chose a key (its step {@code resPQ}).
   *
   * @param serverNonce the server's nonce
   * @param pq pq as sent, big-endian bytes
   * @param fingerprints the fingerprints the server offered, in order
   * @param chosenFingerprint the fingerprint of the trusted key the client chose
   */
  record ResPqReceived(Bytes serverNonce, Bytes pq, List<Long> fingerprints, long chosenFingerprint)
      implements TraceEvent {
    /** Checks that the values are present; copies the list. */
    public ResPqReceived {
      Objects.requireNonNull(serverNonce, "serverNonce");
      Objects.requireNonNull(pq, "pq");
      fingerprints = List.copyOf(fingerprints);
    }
  }

  /**
   * The client factored pq (step {@code pq_factorization}).
   *
   * @param pq the product, as an unsigned number
   * @param p the smaller factor
   * @param q the larger factor
   */
  record PqFactored(BigInteger pq, BigInteger p, BigInteger q) implements TraceEvent {
    /** Checks that pq = p * q. */
    public PqFactored {
      Objects.requireNonNull(pq, "pq");
      Objects.requireNonNull(p, "p");
      Objects.requireNonNull(q, "q");
      if (!p.multiply(q).equals(pq)) {
        throw new IllegalArgumentException("pq != p * q");
      }
    }
  }

  /**
   * The client serialised its inner data (step {@code p_q_inner_data_dc}, {@code
   * p_q_inner_data_temp_dc} or the legacy {@code p_q_inner_data}).
   *
   * @param length the TL length in bytes
   * @param dc the data centre the client was built for (the legacy object does not carry it)
   * @param newNonce new_nonce (secret)
   * @param data the TL-serialised inner data (secret: it holds new_nonce)
   */
  record InnerDataMade(
      int length, int dc, Optional<TraceSecret<Bytes>> newNonce, Optional<TraceSecret<Bytes>> data)
      implements TraceEvent {
    /** Checks that the optionals are present. */
    public InnerDataMade {
      Objects.requireNonNull(newNonce, "newNonce");
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * The client encrypted the inner data with RSA_PAD (step {@code rsa_pad}).
   *
   * @param attempts how many temp_keys it drew until the result was below the modulus
   * @param encryptedData the 256-byte encrypted_data
   * @param dataWithPadding the inner data padded to 192 bytes (secret)
   * @param tempKey the random AES key (secret)
   * @param keyAesEncrypted temp_key xor SHA-256(aes_encrypted) + aes_encrypted, the value raised to
   *     the RSA exponent (secret)
   */
  record RsaPadEncoded(
      int attempts,
      Bytes encryptedData,
      Optional<TraceSecret<Bytes>> dataWithPadding,
      Optional<TraceSecret<Bytes>> tempKey,
      Optional<TraceSecret<Bytes>> keyAesEncrypted)
      implements TraceEvent {
    /** Checks that the values are present. */
    public RsaPadEncoded {
      Objects.requireNonNull(encryptedData, "encryptedData");
      Objects.requireNonNull(dataWithPadding, "dataWithPadding");
      Objects.requireNonNull(tempKey, "tempKey");
      Objects.requireNonNull(keyAesEncrypted, "keyAesEncrypted");
    }
  }

  /**
   * The client sent req_DH_params (step {@code req_DH_params}).
   *
   * @param p p as sent, big-endian bytes
   * @param q q as sent, big-endian bytes
   * @param publicKeyFingerprint the fingerprint of the key it encrypted for
   */
  record DhParamsRequested(Bytes p, Bytes q, long publicKeyFingerprint) implements TraceEvent {
    /** Checks that p and q are present. */
    public DhParamsRequested {
      Objects.requireNonNull(p, "p");
      Objects.requireNonNull(q, "q");
    }
  }

  /**
   * The client derived the temporary AES key and IV (step {@code tmp_aes}); a public trace has the
   * step with no value.
   *
   * @param tmpAesKey tmp_aes_key (secret)
   * @param tmpAesIv tmp_aes_iv (secret)
   */
  record TmpAesDerived(
      Optional<TraceSecret<Bytes>> tmpAesKey, Optional<TraceSecret<Bytes>> tmpAesIv)
      implements TraceEvent {
    /** Checks that the optionals are present. */
    public TmpAesDerived {
      Objects.requireNonNull(tmpAesKey, "tmpAesKey");
      Objects.requireNonNull(tmpAesIv, "tmpAesIv");
    }
  }

  /**
   * The client decrypted server_DH_inner_data (step {@code answer_with_hash}).
   *
   * @param answerLength the TL answer's length in bytes
   * @param paddingLength the random padding after it
   * @param answerWithHash SHA-1 + answer + padding, as decrypted (secret)
   */
  record AnswerDecrypted(
      int answerLength, int paddingLength, Optional<TraceSecret<Bytes>> answerWithHash)
      implements TraceEvent {
    /** Checks that the optional is present. */
    public AnswerDecrypted {
      Objects.requireNonNull(answerWithHash, "answerWithHash");
    }
  }

  /**
   * The client checked the server's DH parameters (its step {@code server_DH_inner_data}).
   *
   * @param g the generator
   * @param dhPrime the prime
   * @param dhPrimeKnown whether it is one of the known safe primes
   * @param gA the server's g^a
   * @param serverTime the server's clock, unsigned seconds
   * @param clockOffset server_time minus the client's clock, in seconds
   */
  record DhParamsChecked(
      int g,
      BigInteger dhPrime,
      boolean dhPrimeKnown,
      BigInteger gA,
      long serverTime,
      long clockOffset)
      implements TraceEvent {
    /** Checks that the numbers are present. */
    public DhParamsChecked {
      Objects.requireNonNull(dhPrime, "dhPrime");
      Objects.requireNonNull(gA, "gA");
    }
  }

  /**
   * The client accepted server_DH_params_fail (step {@code server_DH_params_fail}).
   *
   * @param newNonceHash the new_nonce_hash it checked
   */
  record DhParamsFailed(Bytes newNonceHash) implements TraceEvent {
    /** Checks that the hash is present. */
    public DhParamsFailed {
      Objects.requireNonNull(newNonceHash, "newNonceHash");
    }
  }

  /**
   * The client drew b again because g_b fell outside the safe range (step {@code
   * g_b_out_of_range}).
   *
   * @param draw the number of the draw that failed, from 1
   */
  record GbRedrawn(int draw) implements TraceEvent {}

  /**
   * The client made its DH half (its step {@code client_DH_inner_data}).
   *
   * @param gB g^b mod dh_prime
   * @param paddingLength the random padding after client_DH_inner_data
   * @param b the secret exponent (secret)
   * @param retryId the retry_id it sends: 0, or the auth_key_aux_hash of the refused key (secret)
   */
  record GbSent(
      BigInteger gB,
      int paddingLength,
      Optional<TraceSecret<BigInteger>> b,
      Optional<TraceSecret<Long>> retryId)
      implements TraceEvent {
    /** Checks that the values are present. */
    public GbSent {
      Objects.requireNonNull(gB, "gB");
      Objects.requireNonNull(b, "b");
      Objects.requireNonNull(retryId, "retryId");
    }
  }

  /**
   * The client sent set_client_DH_params (step {@code set_client_DH_params}).
   *
   * @param encryptedDataLength the length of its encrypted_data
   */
  record ClientDhParamsSent(int encryptedDataLength) implements TraceEvent {}

  // --- both sides ------------------------------------------------------------------------------

  /**
   * A side computed the auth key (step {@code auth_key}).
   *
   * @param authKeyId its id
   * @param authKey the key (secret)
   * @param authKeyAuxHash SHA1(auth_key)[0:8] (secret; the client's step only)
   */
  record AuthKeyMade(
      AuthKeyId authKeyId,
      Optional<TraceSecret<Bytes>> authKey,
      Optional<TraceSecret<Bytes>> authKeyAuxHash)
      implements TraceEvent {
    /** Checks that the values are present. */
    public AuthKeyMade {
      Objects.requireNonNull(authKeyId, "authKeyId");
      Objects.requireNonNull(authKey, "authKey");
      Objects.requireNonNull(authKeyAuxHash, "authKeyAuxHash");
    }
  }

  /**
   * The server sent, or the client checked, dh_gen_ok, dh_gen_retry or dh_gen_fail (step named
   * after the answer).
   *
   * @param number 1 for ok, 2 for retry, 3 for fail: the N of the string view's {@code
   *     new_nonce_hashN}
   * @param newNonceHash new_nonce_hashN
   */
  record DhGenHash(int number, Bytes newNonceHash) implements TraceEvent {
    /** Checks the number and that the hash is present. */
    public DhGenHash {
      if (number < 1 || number > 3) {
        throw new IllegalArgumentException("number must be 1, 2 or 3: " + number);
      }
      Objects.requireNonNull(newNonceHash, "newNonceHash");
    }
  }

  /**
   * A side derived the first server salt (step {@code server_salt}); a public trace has the step
   * with no value.
   *
   * @param serverSalt the salt (secret; the string view shows it as {@code server_salt} and {@code
   *     server_salt_bytes})
   */
  record SaltMade(Optional<TraceSecret<ServerSalt>> serverSalt) implements TraceEvent {
    /** Checks that the optional is present. */
    public SaltMade {
      Objects.requireNonNull(serverSalt, "serverSalt");
    }
  }

  // --- the server ------------------------------------------------------------------------------

  /**
   * The server answered req_pq_multi (its step {@code resPQ}).
   *
   * @param nonce the client's nonce
   * @param serverNonce its own random nonce
   * @param p the smaller prime it chose
   * @param q the larger prime
   * @param pq p * q as sent, big-endian bytes
   * @param fingerprint the fingerprint of its RSA key
   */
  record ResPqSent(Bytes nonce, Bytes serverNonce, long p, long q, Bytes pq, long fingerprint)
      implements TraceEvent {
    /** Checks that the bytes are present. */
    public ResPqSent {
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(serverNonce, "serverNonce");
      Objects.requireNonNull(pq, "pq");
    }
  }

  /**
   * The server decrypted and checked the inner data (step {@code rsa_pad_decoded}, also for the
   * legacy encryption).
   *
   * @param innerData the inner data's TL name, for example {@code p_q_inner_data_dc}
   * @param keyType the kind of key it asks for
   * @param expiresIn the temporary key's lifetime in seconds, 0 for a permanent key
   * @param newNonce new_nonce (secret)
   */
  record InnerDataOpened(
      String innerData, KeyType keyType, int expiresIn, Optional<TraceSecret<Bytes>> newNonce)
      implements TraceEvent {
    /** Checks that the values are present. */
    public InnerDataOpened {
      Objects.requireNonNull(innerData, "innerData");
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(newNonce, "newNonce");
    }
  }

  /**
   * The server chose its DH half (its step {@code server_DH_inner_data}).
   *
   * @param g the generator
   * @param gA g^a mod dh_prime
   * @param serverTime the server_time it sends, unsigned seconds
   * @param a the secret exponent (secret)
   * @param tmpAesKey tmp_aes_key (secret)
   * @param tmpAesIv tmp_aes_iv (secret)
   */
  record DhHalfSent(
      int g,
      BigInteger gA,
      long serverTime,
      Optional<TraceSecret<BigInteger>> a,
      Optional<TraceSecret<Bytes>> tmpAesKey,
      Optional<TraceSecret<Bytes>> tmpAesIv)
      implements TraceEvent {
    /** Checks that the values are present. */
    public DhHalfSent {
      Objects.requireNonNull(gA, "gA");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(tmpAesKey, "tmpAesKey");
      Objects.requireNonNull(tmpAesIv, "tmpAesIv");
    }
  }

  /**
   * The server sent server_DH_params_ok (step {@code server_DH_params_ok}).
   *
   * @param encryptedAnswerLength the length of its encrypted_answer
   */
  record DhParamsOkSent(int encryptedAnswerLength) implements TraceEvent {}

  /**
   * The server received the client's DH half (its step {@code client_DH_inner_data}).
   *
   * @param gB the client's g^b
   * @param retryId the retry_id the client sent (secret)
   */
  record GbReceived(BigInteger gB, Optional<TraceSecret<Long>> retryId) implements TraceEvent {
    /** Checks that the values are present. */
    public GbReceived {
      Objects.requireNonNull(gB, "gB");
      Objects.requireNonNull(retryId, "retryId");
    }
  }
}
