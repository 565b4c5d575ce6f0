package org.mtlab.cli;

import org.mtlab.key.AuthKey;
import picocli.CommandLine.Option;

/**
 * The {@code --auth-key HEX} option (256 bytes), shared as a picocli mixin: {@code @Mixin
 * AuthKeyOption authKey;}.
 */
public final class AuthKeyOption {
  @Option(
      names = "--auth-key",
      required = true,
      paramLabel = "HEX",
      description = "The auth key: 256 bytes (512 hex digits).")
  String hex;

  /** A new {@link AuthKey} from the option; the caller destroys it when done. */
  public AuthKey authKey() {
    return HexArg.authKey("--auth-key", hex);
  }
}
