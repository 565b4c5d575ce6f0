package org.mtlab.cli;

import org.mtlab.CheckFailedException;
import org.mtlab.handshake.PqFactorizer;
import org.mtlab.handshake.PqFactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mtlab pq}: the handshake's proof of work, pq split into p &lt; q.
 *
 * <p>pq is read as an <b>unsigned</b> 64-bit integer (0 to 2^64 - 1): the handshake sends it as up
 * to 8 big-endian bytes, and real values are often at or above 2^63. It must pass the client's own
 * rule ({@link PqFactorizer#splitHandshakePq}): the product of two distinct odd primes, each below
 * 2^32. Anything else (0, 1, a prime, a square, an even number, three or more factors, a factor of
 * 2^32 or more) is rejected with PQ_INVALID, exit 3.
 */
@Command(
    name = "pq",
    mixinStandardHelpOptions = true,
    header = "Factor the handshake's pq into its primes p < q (the proof of work).",
    description = {
      "resPQ carries pq, a product of two distinct odd primes p < q below 2^32; the client",
      "must send back p and q in req_DH_params. Found here with Pollard's rho (Brent's",
      "variant) in bounded time, both factors checked prime.",
      "pq is decimal, read as an unsigned 64-bit integer (0 .. 18446744073709551615).",
      "Exit 3 (PQ_INVALID) when pq is not such a product: 0, 1, a prime, a square, even,",
      "three or more factors, or a factor of 2^32 or more.",
      "JSON keys: p, q (decimal strings)."
    },
    footerHeading = "%nExample (the samples page's pq; prints p 1229739323, q 1402015859):%n",
    footer = {"  mtlab pq --pq 1724114033281923457", "  mtlab pq --json --pq 15"})
public final class PqCommand extends ValueCommand {
  /** 2^64 - 1 in decimal: the largest pq the handshake can carry. */
  @Option(
      names = "--pq",
      required = true,
      paramLabel = "DECIMAL",
      description = "pq in decimal, 0 .. 18446744073709551615 (unsigned 64 bits).")
  String pq;

  @Override
  protected Report compute() throws CheckFailedException {
    long n = Numbers.unsignedLong("--pq", pq);
    // The client's rule, on pq as the minimal big-endian bytes it would arrive as.
    PqFactors f = PqFactorizer.splitHandshakePq(PqFactors.minimalBigEndian(n));
    return new Report()
        .put("p", Long.toUnsignedString(f.p()))
        .put("q", Long.toUnsignedString(f.q()))
        .note("q", "p * q = " + Long.toUnsignedString(n));
  }
}
