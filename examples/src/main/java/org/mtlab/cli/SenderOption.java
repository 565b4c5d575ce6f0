package org.mtlab.cli;

import org.mtlab.key.Sender;
import picocli.CommandLine.Option;

/**
 * The {@code --sender client|server} option, shared as a picocli mixin: {@code @Mixin SenderOption
 * sender;}.
 */
public final class SenderOption {
  @Option(
      names = "--sender",
      required = true,
      paramLabel = "client|server",
      converter = SenderConverter.class,
      completionCandidates = SenderConverter.Names.class,
      description = "Who sends the message: client (x = 0) or server (x = 8).")
  Sender value;

  /** The parsed direction. */
  public Sender get() {
    return value;
  }
}
