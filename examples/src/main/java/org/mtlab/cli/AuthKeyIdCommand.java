package org.mtlab.cli;

import org.mtlab.key.AuthKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mtlab auth-key-id}: the public id of an auth key. */
@Command(
    name = "auth-key-id",
    mixinStandardHelpOptions = true,
    header = "auth_key_id of an auth key.",
    description = {
      "auth_key_id = SHA1(auth_key)[12:20]: the 64 low-order bits of the key's SHA-1, sent in",
      "clear before every encrypted message. Printed as its 8 wire bytes (little-endian).",
      "JSON key: auth_key_id."
    },
    footerHeading = "%nExample (a published vector; prints 32d1586ea457dfc8):%n",
    footer = {"  mtlab auth-key-id --json --auth-key \"$(printf '%%02x' $(seq 0 255))\""})
public final class AuthKeyIdCommand extends ValueCommand {
  @Mixin AuthKeyOption authKey;

  @Override
  protected Report compute() {
    AuthKey key = authKey.authKey();
    try {
      return new Report()
          .put("auth_key_id", key.id().hex())
          .note("auth_key_id", "as a TL long: " + key.id().value());
    } finally {
      key.destroy();
    }
  }
}
