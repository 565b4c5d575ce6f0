package org.mtlab.cli.world;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtlab.CheckFailedException;
import org.mtlab.cli.CliCommand;
import org.mtlab.cli.ExitCode;
import org.mtlab.cli.Json;
import org.mtlab.cli.UsageException;
import org.mtlab.keystore.DataCentreOfflineException;
import org.mtlab.keystore.StoreException;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldCheckException;
import picocli.CommandLine.Option;

/**
 * Base of every {@code mtlab world} subcommand: {@code --dir} and {@code --json}, the folder lock
 * for the whole run, and the one mapping from exceptions to exit codes:
 *
 * <ul>
 *   <li>2, bad usage or input: {@link UsageException}, {@link IllegalArgumentException} (a library
 *       caller check: an unknown user, a malformed chat), a folder that is not a world, is locked
 *       or is of another version, a database or file that cannot be used ({@link IOException},
 *       {@link StoreException});
 *   <li>3, refused by the world: a failed check ({@link CheckFailedException}, with the detail of a
 *       {@link WorldCheckException}: the data centre and file of a damaged store, the first broken
 *       audit entry, the offline custodians), or a data centre that is needed but offline ({@link
 *       DataCentreOfflineException}).
 * </ul>
 *
 * <p>Each failure is one stderr line naming the command. Picocli makes one instance per run;
 * confined to that run's thread.
 */
abstract class WorldSubcommand extends CliCommand {
  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The world folder (made by 'mtlab world init').")
  Path dir;

  @Option(names = "--json", description = "Print exactly one JSON object instead of text.")
  boolean json;

  /** Whether this command makes the folder ({@code init}) rather than opening it. */
  boolean creates() {
    return false;
  }

  /** Does the work in the locked folder and says what to print. */
  abstract Output run(WorldFolder folder) throws Exception;

  @Override
  public final Integer call() throws Exception {
    Output out;
    try (WorldFolder folder = WorldFolder.lock(dir, creates())) {
      out = run(folder);
    } catch (Exception e) {
      return fail(e);
    }
    if (json) {
      io().out().println(Json.write(out.json));
    } else {
      out.text.forEach(io().out()::println);
    }
    io().out().flush();
    if (out.failure != null) {
      io().err().println(spec.qualifiedName() + ": " + out.failure);
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  private int fail(Exception e) throws Exception {
    String name = spec.qualifiedName();
    if (e instanceof WorldCheckException w) {
      io().err()
          .println(name + ": rejected by check " + w.reason().name() + ": " + oneLine(w.detail()));
      return ExitCode.CHECK_FAILED;
    }
    if (e instanceof CheckFailedException c) {
      io().err()
          .println(
              name + ": rejected by check " + c.reason().name() + ": " + c.reason().description());
      return ExitCode.CHECK_FAILED;
    }
    if (e instanceof DataCentreOfflineException) {
      io().err().println(name + ": refused: " + oneLine(e.getMessage()));
      return ExitCode.CHECK_FAILED;
    }
    if (e instanceof UsageException
        || e instanceof IllegalArgumentException
        || e instanceof IOException) {
      io().err().println(name + ": " + oneLine(e.getMessage()));
      return ExitCode.USAGE;
    }
    throw e; // a bug: Main reports it as an internal error, on one line
  }

  private static String oneLine(String s) {
    return s == null ? "failed" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }

  /** The server's randomness for this run. */
  static SecureRandom random() {
    return new SecureRandom();
  }

  /** Opens the folder's world; unsealed when the command needs the master key. */
  static World open(WorldFolder folder, boolean unseal) throws Exception {
    return folder.open(random(), unseal);
  }

  /**
   * What a command prints: one JSON object, or text lines; and, for a check that failed after the
   * output was made ({@code audit --verify}), the stderr line of exit 3.
   */
  static final class Output {
    final Map<String, Object> json = new LinkedHashMap<>();
    final List<String> text = new ArrayList<>();
    String failure;

    /** Adds a JSON key (snake_case). */
    Output put(String key, Object value) {
      json.put(key, value);
      return this;
    }

    /** Adds a text line. */
    Output line(String line) {
      text.add(line);
      return this;
    }

    /** Makes the run exit 3 with {@code line} on stderr, after printing. */
    Output failWith(String line) {
      failure = line;
      return this;
    }
  }

  /** A JSON object with keys in the given order. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
