package org.mtlab.cli;

import org.mtlab.kdf.MsgKey;
import org.mtlab.key.AuthKey;
import org.mtlab.message.EncryptedFrame;
import org.mtlab.message.MessageSealer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mtlab msg-key}: the MTProto 2.0 msg_key of a padded plaintext. */
@Command(
    name = "msg-key",
    mixinStandardHelpOptions = true,
    header = "MTProto 2.0 msg_key of a padded plaintext.",
    description = {
      "msg_key = SHA256(auth_key[88+x : 120+x] + plaintext + padding)[8:24],",
      "x = 0 for a message the client sends, 8 for one the server sends. JSON key: msg_key."
    },
    footerHeading = "%nExample (prints 886619acb4a7a08a0335e91bbc20970a):%n",
    footer = {
      "  mtlab msg-key --sender client --auth-key \"$(printf '%%02x' $(seq 0 255))\" \\",
      "    --plaintext \"$(printf '%%02x' $(seq 0 47))\""
    })
public final class MsgKeyCommand extends ValueCommand {
  /** The shortest padded plaintext: the library's smallest encrypted part. */
  private static final int MIN_PADDED = EncryptedFrame.MIN_ENCRYPTED_LENGTH;

  @Mixin AuthKeyOption authKey;

  @Mixin SenderOption senderOption;

  @Option(
      names = "--plaintext",
      required = true,
      paramLabel = "HEX",
      description =
          "The padded plaintext (header, message data and "
              + MessageSealer.MIN_PADDING
              + ".."
              + MessageSealer.MAX_PADDING
              + " bytes of padding): a multiple of 16 bytes, at"
              + " least "
              + MIN_PADDED
              + ".")
  String plaintext;

  @Override
  protected Report compute() {
    byte[] padded = HexArg.any("--plaintext", plaintext);
    if (padded.length % 16 != 0 || padded.length < MIN_PADDED) {
      throw UsageException.of(
          "--plaintext",
          "must be a padded plaintext, a multiple of 16 bytes and at least "
              + MIN_PADDED
              + " (32-byte header + "
              + MessageSealer.MIN_PADDING
              + ".."
              + MessageSealer.MAX_PADDING
              + " bytes of padding), got "
              + padded.length
              + " bytes");
    }
    AuthKey key = authKey.authKey();
    try {
      return new Report().put("msg_key", MsgKey.compute(key, senderOption.get(), padded).hex());
    } finally {
      key.destroy();
    }
  }
}
