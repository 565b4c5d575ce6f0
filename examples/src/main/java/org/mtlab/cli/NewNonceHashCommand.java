package org.mtlab.cli;

import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.kdf.NewNonceHash;
import org.mtlab.key.AuthKey;
import org.mtlab.key.NewNonce;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtlab new-nonce-hash}: new_nonce_hash1/2/3 of the handshake's last answer. */
@Command(
    name = "new-nonce-hash",
    mixinStandardHelpOptions = true,
    header = "Handshake new_nonce_hash1/2/3.",
    description = {
      "new_nonce_hashN = SHA1(new_nonce + byte(N) + auth_key_aux_hash)[4:20],",
      "N = 1 for dh_gen_ok, 2 for dh_gen_retry, 3 for dh_gen_fail;",
      "auth_key_aux_hash = SHA1(auth_key)[0:8].",
      "JSON keys: new_nonce_hash1, new_nonce_hash2, new_nonce_hash3."
    },
    footerHeading = "%nExample (a published vector; new_nonce_hash1 c2ced2b33e593a55...):%n",
    footer = {
      "  mtlab new-nonce-hash --json --new-nonce \"$(printf '%%02x' $(seq 0 31))\" \\",
      "    --auth-key \"$(printf '%%02x' $(seq 0 255))\""
    })
public final class NewNonceHashCommand extends ValueCommand {
  @Option(
      names = "--new-nonce",
      required = true,
      paramLabel = "HEX",
      description = "new_nonce: 32 bytes (64 hex digits), as on the wire.")
  String newNonce;

  @Mixin AuthKeyOption authKey;

  @Override
  protected Report compute() {
    byte[] fresh = HexArg.exactly("--new-nonce", newNonce, HandshakeKdf.NEW_NONCE_LENGTH);
    AuthKey key = authKey.authKey();
    try (NewNonce nn = NewNonce.copyOf(fresh)) {
      java.util.Arrays.fill(fresh, (byte) 0);
      Report report = new Report();
      for (int n = 1; n <= 3; n++) {
        report.put("new_nonce_hash" + n, NewNonceHash.compute(nn, key, n).hex());
      }
      return report;
    } finally {
      key.destroy();
    }
  }
}
