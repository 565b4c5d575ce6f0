package org.mtlab.cli;

import org.mtlab.crypto.Aes256Key;
import org.mtlab.crypto.AesCtr;
import picocli.CommandLine.Command;

/** {@code mtlab ctr}: AES-256-CTR over a file or stdin (encryption and decryption alike). */
@Command(
    name = "ctr",
    mixinStandardHelpOptions = true,
    header = "AES-256-CTR, the transports' mode (encrypts and decrypts alike).",
    description = {
      "AES-256 in counter mode, as MTProto's obfuscated transports use it: the data",
      "is XORed with E(ctr), E(ctr + 1), ... where ctr is the 16-byte IV read as a",
      "big-endian number (wrapping at 2^128). The same command encrypts and",
      "decrypts; any length is allowed. JSON key: output."
    },
    footerHeading = "%nExample (NIST SP 800-38A F.5.5; prints 601ec313775789a5b7a7f504bbf3d228):%n",
    footer = {
      "  echo 6bc1bee22e409f96e93d7e117393172a | mtlab ctr --hex \\",
      "    --key 603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4 \\",
      "    --iv f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
      "  mtlab ctr --key HEX --iv HEX --in stream.bin --out stream.out"
    })
public final class CtrCommand extends DataTransformCommand {
  @Override
  int ivLength() {
    return AesCtr.IV_LENGTH;
  }

  @Override
  byte[] transform(Aes256Key aesKey, byte[] ivBytes, byte[] data, String source) {
    byte[] result = new byte[data.length];
    AesCtr.create(aesKey, ivBytes).process(data, 0, data.length, result, 0);
    return result;
  }

  @Override
  String resultName() {
    return "output";
  }
}
