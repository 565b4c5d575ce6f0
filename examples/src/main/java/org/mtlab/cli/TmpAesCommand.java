package org.mtlab.cli;

import org.mtlab.bytes.LittleEndian;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.HandshakeKdf;
import org.mtlab.key.NewNonce;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab tmp-aes}: the handshake's temporary AES key and IV, and the first salt. */
@Command(
    name = "tmp-aes",
    mixinStandardHelpOptions = true,
    header = "Handshake tmp_aes_key, tmp_aes_iv and first server_salt.",
    description = {
      "tmp_aes_key = SHA1(new_nonce + server_nonce) + SHA1(server_nonce + new_nonce)[0:12]",
      "tmp_aes_iv  = SHA1(server_nonce + new_nonce)[12:20] + SHA1(new_nonce + new_nonce)",
      "              + new_nonce[0:4]",
      "server_salt = new_nonce[0:8] xor server_nonce[0:8] (printed as its 8 wire bytes)",
      "JSON keys: tmp_aes_key, tmp_aes_iv, server_salt."
    },
    footerHeading = "%nExample (a published vector; tmp_aes_key 0758f1533b615d24...):%n",
    footer = {
      "  mtlab tmp-aes --server-nonce 000102030405060708090a0b0c0d0e0f \\",
      "    --new-nonce 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    })
public final class TmpAesCommand extends ValueCommand {
  @Option(
      names = "--server-nonce",
      required = true,
      paramLabel = "HEX",
      description = "server_nonce: 16 bytes (32 hex digits), as on the wire.")
  String serverNonce;

  @Option(
      names = "--new-nonce",
      required = true,
      paramLabel = "HEX",
      description = "new_nonce: 32 bytes (64 hex digits), as on the wire.")
  String newNonce;

  @Override
  protected Report compute() {
    byte[] server = HexArg.exactly("--server-nonce", serverNonce, HandshakeKdf.SERVER_NONCE_LENGTH);
    byte[] fresh = HexArg.exactly("--new-nonce", newNonce, HandshakeKdf.NEW_NONCE_LENGTH);
    try (NewNonce nn = NewNonce.copyOf(fresh);
        AesKeyIv tmp = HandshakeKdf.tmpAesKeyIv(nn, server)) {
      java.util.Arrays.fill(fresh, (byte) 0);
      long salt = HandshakeKdf.serverSalt(nn, server);
      SecretAccess access = SecretAccess.explicitly(); // printing them is this command's job
      return new Report()
          .hex("tmp_aes_key", tmp.key().reveal(access))
          .hex("tmp_aes_iv", tmp.iv().reveal(access))
          .hex("server_salt", LittleEndian.longBytes(salt))
          .note("server_salt", "as a TL long: " + salt);
    }
  }
}
