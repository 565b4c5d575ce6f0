package org.mtlab.cli;

import java.util.Iterator;
import java.util.List;
import org.mtlab.key.Sender;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --sender client|server}: a message a client sends uses x = 0, one a server sends x = 8.
 * Use with {@code @Option(converter = SenderConverter.class, completionCandidates =
 * SenderConverter.Names.class)}.
 */
public final class SenderConverter implements ITypeConverter<Sender> {
  @Override
  public Sender convert(String value) {
    try {
      return Sender.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("must be client or server, got '" + value + "'");
    }
  }

  /** The accepted names, for help and shell completion. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("client", "server").iterator();
    }
  }
}
