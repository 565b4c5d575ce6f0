package org.mtlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mtlab.bytes.Hex;
import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesIge;
import org.mtlab.crypto.IgeIv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  /** The most bytes read from --in or stdin (a teaching tool, not a file encryptor). */
  static final int MAX_INPUT = 64 << 20;

  /** The most bytes read as hex text (--hex): two digits a byte plus room for whitespace. */
  static final int MAX_RAW_INPUT = 3 * MAX_INPUT;

  /** The options and I/O shared by encrypt and decrypt. */
  abstract static class Transform extends CliCommand {
    @Option(
        names = "--key",
        required = true,
        paramLabel = "HEX",
        description = "AES-256 key: 32 bytes (64 hex digits).")
    String key;

    @Option(
        names = "--iv",
        required = true,
        paramLabel = "HEX",
        description = "IGE IV: 32 bytes, c0 (first 16) then p0 (last 16).")
    String iv;

    @Option(
        names = "--in",
        paramLabel = "FILE",
        description = "Read the data from FILE (default: stdin): a multiple of 16 bytes, at most"
            + " 64 MiB of data (also with --hex).")
    Path in;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the result to FILE (default: stdout).")
    Path out;

    @Option(
        names = "--hex",
        description = "Data in and out is hex text (whitespace in the input is ignored).")
    boolean hex;

    @Option(
        names = "--json",
        description = "Print one JSON object on stdout with the result as hex.")
    boolean json;

    /** True for encrypt. */
    abstract boolean encrypting();

    @Override
    public Integer call() {
      if (json && out != null) {
        throw UsageException.of("--out", "cannot be combined with --json (JSON goes to stdout)");
      }
      Aes256Key aesKey = Aes256Key.copyOf(HexArg.exactly("--key", key, Aes256Key.LENGTH));
      IgeIv igeIv = IgeIv.copyOf(HexArg.exactly("--iv", iv, IgeIv.LENGTH));
      try {
        String source = in == null ? "stdin" : "--in";
        byte[] data = read(source);
        if (data.length % 16 != 0) {
          throw UsageException.of(
              source,
              "IGE works on whole 16-byte blocks, got " + data.length
                  + " bytes (pad the data to a multiple of 16 first)");
        }
        byte[] result =
            encrypting()
                ? AesIge.encrypt(aesKey, igeIv, data)
                : AesIge.decrypt(aesKey, igeIv, data);
        if (json) {
          new Report().hex(encrypting() ? "ciphertext" : "plaintext", result).print(io(), true);
        } else {
          write(hex ? (Hex.encode(result) + "\n").getBytes(StandardCharsets.US_ASCII) : result);
        }
        return ExitCode.OK;
      } finally {
        aesKey.destroy();
        igeIv.destroy();
      }
    }

    private byte[] read(String source) {
      byte[] raw;
      try (InputStream stream = in == null ? null : Files.newInputStream(in)) {
        raw = (stream == null ? io().in() : stream).readNBytes(MAX_RAW_INPUT + 1);
      } catch (IOException e) {
        throw UsageException.of(source, "cannot read " + describe(in, e));
      }
      // The limit is on the data: with --hex, two digits a byte and whitespace around them
      // are read first (up to MAX_RAW_INPUT), then the decoded bytes are held to MAX_INPUT.
      if (raw.length > (hex ? MAX_RAW_INPUT : MAX_INPUT)) {
        throw tooLarge(source);
      }
      if (!hex) {
        return raw;
      }
      byte[] data = HexArg.text(source, new String(raw, StandardCharsets.ISO_8859_1));
      if (data.length > MAX_INPUT) {
        throw tooLarge(source);
      }
      return data;
    }

    private static UsageException tooLarge(String source) {
      return UsageException.of(
          source, "data is larger than " + (MAX_INPUT >> 20) + " MiB, the CLI's limit");
    }

    private void write(byte[] bytes) {
      if (out == null) {
        io().out().write(bytes, 0, bytes.length);
        io().out().flush();
        return;
      }
      try {
        Files.write(out, bytes);
      } catch (IOException e) {
        throw UsageException.of("--out", "cannot write " + describe(out, e));
      }
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

  static String describe(Path path, IOException e) {
    String what = path == null ? "stdin" : "'" + path + "'";
    if (e instanceof NoSuchFileException) {
      return what + ": no such file";
    }
    if (e instanceof AccessDeniedException) {
      return what + ": permission denied";
    }
    if (path != null && Files.isDirectory(path)) {
      return what + ": is a directory";
    }
    return what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }
}
