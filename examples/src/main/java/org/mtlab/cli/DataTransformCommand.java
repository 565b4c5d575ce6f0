package org.mtlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mtlab.bytes.Hex;
import org.mtlab.crypto.Aes256Key;
import picocli.CommandLine.Option;

/**
 * A command that runs AES-256 in some mode over data from a file or stdin ({@code ige
 * encrypt|decrypt}, {@code ctr}): the options and I/O they share. A subclass reads its own IV
 * option and does the transformation; this class reads the key and the data, holds the data to
 * {@value #MAX_INPUT} bytes, and writes the result (raw, hex or one JSON object).
 */
abstract class DataTransformCommand extends CliCommand {
  /** The most bytes of data read from --in or stdin (a teaching tool, not a file encryptor). */
  static final int MAX_INPUT = 64 << 20;

  /** The most bytes read as hex text (--hex): two digits a byte plus room for whitespace. */
  static final int MAX_RAW_INPUT = 3 * MAX_INPUT;

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
      description =
          "The IV: for ige 32 bytes, c0 (first 16) then p0 (last 16); for ctr 16"
              + " bytes, the first counter block.")
  String iv;

  @Option(
      names = "--in",
      paramLabel = "FILE",
      description =
          "Read the data from FILE (default: stdin): at most 64 MiB of data (also"
              + " with --hex).")
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

  @Option(names = "--json", description = "Print one JSON object on stdout with the result as hex.")
  boolean json;

  /** The length of this mode's IV in bytes. */
  abstract int ivLength();

  /**
   * Transforms {@code data} (already read and within the limit) under {@code aesKey} and {@code
   * ivBytes} (of {@link #ivLength()} bytes; zeroed by the caller afterwards).
   *
   * @param source where the data came from ("stdin" or "--in"), for error messages
   */
  abstract byte[] transform(Aes256Key aesKey, byte[] ivBytes, byte[] data, String source);

  /** The JSON key of the result. */
  abstract String resultName();

  @Override
  public final Integer call() {
    if (json && out != null) {
      throw UsageException.of("--out", "cannot be combined with --json (JSON goes to stdout)");
    }
    Aes256Key aesKey = Aes256Key.copyOf(HexArg.exactly("--key", key, Aes256Key.LENGTH));
    byte[] ivBytes = HexArg.exactly("--iv", iv, ivLength()); // checked before reading data
    try {
      String source = in == null ? "stdin" : "--in";
      byte[] result = transform(aesKey, ivBytes, read(source), source);
      if (json) {
        new Report().hex(resultName(), result).print(io(), true);
      } else {
        write(hex ? (Hex.encode(result) + "\n").getBytes(StandardCharsets.US_ASCII) : result);
      }
      return ExitCode.OK;
    } finally {
      aesKey.destroy();
      Arrays.fill(ivBytes, (byte) 0);
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

  /** What went wrong with {@code path} (null: stdin), for one error line. */
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
