package org.mtlab.handshake;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The typed payload of a {@link TraceStep}: the step's values as numbers, so that a reader (the
 * tour, a test) needs no parsing. Steps that have one carry it in {@link TraceStep#event()}; the
 * string view in {@link TraceStep#values()} stays the same (the CLI's {@code --trace --json} keys
 * come from it).
 *
 * <p>Only public values are typed here (all of them are on the wire or follow from it); the secret
 * ones stay in the string view of traces made with {@link HandshakeTrace#withSecrets}. Every record
 * is immutable and thread-safe.
 */
public sealed interface TraceEvent {

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
   * The client serialised its inner data (step {@code p_q_inner_data_dc} or a variant).
   *
   * @param length the TL length in bytes
   * @param dc the data centre it names
   */
  record InnerDataMade(int length, int dc) implements TraceEvent {}

  /**
   * The server chose its DH half (its step {@code server_DH_inner_data}).
   *
   * @param g the generator
   * @param gA g^a mod dh_prime
   * @param serverTime the server_time it sends, unsigned seconds
   */
  record DhHalfSent(int g, BigInteger gA, long serverTime) implements TraceEvent {
    /** Checks that g_a is present. */
    public DhHalfSent {
      Objects.requireNonNull(gA, "gA");
    }
  }

  /**
   * The client decrypted server_DH_inner_data (step {@code answer_with_hash}).
   *
   * @param answerLength the TL answer's length in bytes
   * @param paddingLength the random padding after it
   */
  record AnswerDecrypted(int answerLength, int paddingLength) implements TraceEvent {}

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
   * The server received the client's DH half (its step {@code client_DH_inner_data}).
   *
   * @param gB the client's g^b
   */
  record GbReceived(BigInteger gB) implements TraceEvent {
    /** Checks that g_b is present. */
    public GbReceived {
      Objects.requireNonNull(gB, "gB");
    }
  }
}
