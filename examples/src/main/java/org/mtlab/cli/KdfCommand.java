package org.mtlab.cli;

import org.mtlab.bytes.SecretAccess;
import org.mtlab.kdf.AesKeyIv;
import org.mtlab.kdf.LegacyMessageKdf;
import org.mtlab.kdf.MessageKdf;
import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.key.Sender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtlab kdf}: aes_key and aes_iv of one message, MTProto 2.0 or (--v1) 1.0. */
@Command(
    name = "kdf",
    mixinStandardHelpOptions = true,
    header = "aes_key and aes_iv of a message (MTProto 2.0, or 1.0 with --v1).",
    description = {
      "MTProto 2.0: sha256_a = SHA256(msg_key + auth_key[x : x+36]),",
      "  sha256_b = SHA256(auth_key[40+x : 76+x] + msg_key),",
      "  aes_key = a[0:8] + b[8:24] + a[24:32], aes_iv = b[0:8] + a[8:24] + b[24:32].",
      "--v1: the legacy MTProto 1.0 SHA-1 derivation, for comparison only.",
      "JSON keys: aes_key, aes_iv."
    },
    footerHeading = "%nExample (a published vector; aes_key 704ed09c8b41668a...):%n",
    footer = {
      "  mtlab kdf --json --sender client --msg-key 000102030405060708090a0b0c0d0e0f \\",
      "    --auth-key \"$(printf '%%02x' $(seq 0 255))\""
    })
public final class KdfCommand extends ValueCommand {
  @Mixin AuthKeyOption authKey;

  @Option(
      names = "--msg-key",
      required = true,
      paramLabel = "HEX",
      description = "The msg_key: 16 bytes (32 hex digits).")
  String msgKey;

  @Mixin SenderOption senderOption;

  @Option(names = "--v1", description = "Use the legacy MTProto 1.0 (SHA-1) derivation.")
  boolean v1;

  @Override
  protected Report compute() {
    MsgKey mk = MsgKey.copyOf(HexArg.exactly("--msg-key", msgKey, MsgKey.LENGTH));
    AuthKey key = authKey.authKey();
    Sender sender = senderOption.get();
    try (AesKeyIv derived =
        v1 ? LegacyMessageKdf.derive(key, mk, sender) : MessageKdf.derive(key, mk, sender)) {
      SecretAccess access = SecretAccess.explicitly(); // printing them is this command's job
      return new Report()
          .hex("aes_key", derived.key().reveal(access))
          .hex("aes_iv", derived.iv().reveal(access));
    } finally {
      key.destroy();
    }
  }
}
