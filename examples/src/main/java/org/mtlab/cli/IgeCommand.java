package org.mtlab.cli;

import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesIge;
import org.mtlab.crypto.IgeIv;
import picocli.CommandLine.Command;

/** {@code mtlab ige encrypt|decrypt}: AES-256-IGE over a file or stdin. */
@Command(
    name = "ige",
    mixinStandardHelpOptions = true,
    header = "AES-256-IGE encryption and decryption.",
    description = {
      "AES-256 in IGE mode, MTProto's block mode: c_i = E(p_i xor c_(i-1)) xor p_(i-1).",
      "The 32-byte IV is c0 (first 16 bytes) then p0 (last 16 bytes)."
    },
    subcommands = {IgeCommand.Encrypt.class, IgeCommand.Decrypt.class},
    footerHeading = "%nExample:%n",
    footer = {"  mtlab ige encrypt --help", "  mtlab ige decrypt --help"})
public final class IgeCommand extends CliCommand {
  @Override
  public Integer call() {
    return missingSubcommand();
  }

  /** The transformation shared by encrypt and decrypt. */
  abstract static class Transform extends DataTransformCommand {
    /** True for encrypt. */
    abstract boolean encrypting();

    @Override
    int ivLength() {
      return IgeIv.LENGTH;
    }

    @Override
    byte[] transform(Aes256Key aesKey, byte[] ivBytes, byte[] data, String source) {
      if (data.length % 16 != 0) {
        throw UsageException.of(
            source,
            "IGE works on whole 16-byte blocks, got "
                + data.length
                + " bytes (pad the data to a multiple of 16 first)");
      }
      IgeIv igeIv = IgeIv.copyOf(ivBytes);
      try {
        return encrypting()
            ? AesIge.encrypt(aesKey, igeIv, data)
            : AesIge.decrypt(aesKey, igeIv, data);
      } finally {
        igeIv.destroy();
      }
    }

    @Override
    String resultName() {
      return encrypting() ? "ciphertext" : "plaintext";
    }
  }

  /** {@code mtlab ige encrypt}. */
  @Command(
      name = "encrypt",
      mixinStandardHelpOptions = true,
      header = "Encrypt with AES-256-IGE.",
      description = "The data's length must be a multiple of 16 bytes. JSON key: ciphertext.",
      footerHeading = "%nExample (a published vector; prints e28112a53e5c89c7...):%n",
      footer = {
        "  echo 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f |",
        "    mtlab ige encrypt --hex \\",
        "    --key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \\",
        "    --iv 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "  mtlab ige encrypt --key HEX --iv HEX --in message.bin --out message.ige"
      })
  public static final class Encrypt extends Transform {
    @Override
    boolean encrypting() {
      return true;
    }
  }

  /** {@code mtlab ige decrypt}. */
  @Command(
      name = "decrypt",
      mixinStandardHelpOptions = true,
      header = "Decrypt with AES-256-IGE.",
      description = "The data's length must be a multiple of 16 bytes. JSON key: plaintext.",
      footerHeading = "%nExample (undoes the encrypt example; prints 000102...1f):%n",
      footer = {
        "  echo e28112a53e5c89c7b1ea8071c133699fd4e86b26c4bac9fc5af1ab8ce27a44a4 |",
        "    mtlab ige decrypt --hex \\",
        "    --key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \\",
        "    --iv 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "  mtlab ige decrypt --key HEX --iv HEX --in message.ige --out message.bin"
      })
  public static final class Decrypt extends Transform {
    @Override
    boolean encrypting() {
      return false;
    }
  }
}
