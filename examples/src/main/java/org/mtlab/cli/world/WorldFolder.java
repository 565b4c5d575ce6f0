package org.mtlab.cli.world;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Properties;
import org.mtlab.CheckFailedException;
import org.mtlab.cli.UsageException;
import org.mtlab.keystore.DeviceChats;
import org.mtlab.keystore.DeviceStore;
import org.mtlab.keystore.SecretChats;
import org.mtlab.keystore.World;
import org.mtlab.keystore.WorldConfig;
import org.mtlab.keystore.WorldStores;

/**
 * A world folder, locked for the life of this object: {@value #MARKER} (the folder's format),
 * {@code stores.properties} (each data centre's JDBC URL), the default SQLite files, and {@code
 * devices/} (the users' phones: auth keys and secret chats). The lock is an exclusive {@link
 * FileLock} on {@value #LOCK}, so a second {@code mtlab world} command on the same folder, in any
 * process, stops with "locked by another process".
 *
 * <p>Confined to one thread; close it to release the lock.
 */
final class WorldFolder implements AutoCloseable {
  /** The file that marks a world folder and names its format. */
  static final String MARKER = "world.properties";

  /** The file locked while a command runs. */
  static final String LOCK = ".lock";

  /** The folder format this mtlab reads and writes. */
  static final int FORMAT = 1;

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private WorldFolder(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dir}, creating it when {@code create}; it must then hold no world yet. */
  static WorldFolder lock(Path dir, boolean create) throws IOException {
    if (create) {
      Files.createDirectories(dir);
    } else if (!Files.isDirectory(dir)) {
      throw UsageException.of("--dir", dir + " is not a world folder (no such directory)");
    }
    FileChannel ch =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this JVM: another command running in-process
    }
    if (l == null) {
      ch.close();
      throw UsageException.of(
          "--dir",
          dir
              + " is locked by another process (another"
              + " 'mtlab world' command is running on it)");
    }
    WorldFolder f = new WorldFolder(dir, ch, l);
    try {
      f.checkFormat(create);
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private void checkFormat(boolean create) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (create) {
      if (Files.exists(marker) || Files.exists(dir.resolve(WorldStores.FILE_NAME))) {
        throw UsageException.of("--dir", dir + " already holds a world");
      }
      return;
    }
    if (!Files.isRegularFile(marker)) {
      throw UsageException.of(
          "--dir",
          dir + " is not a world folder (no " + MARKER + "; create one with 'mtlab world init')");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    String format = p.getProperty("format", "");
    if (!format.equals(Integer.toString(FORMAT))) {
      throw UsageException.of(
          "--dir",
          dir
              + " is a world folder of another version (format '"
              + format
              + "'; this mtlab reads format "
              + FORMAT
              + ")");
    }
  }

  /** Creates the world: the databases, then the store list and the marker. Unsealed. */
  World create(WorldConfig config, WorldStores stores, SecureRandom random)
      throws IOException, CheckFailedException {
    World w = World.create(config, stores, devices(), random, InstantSource.system());
    stores.save(dir);
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT));
    Path tmp = dir.resolve(MARKER + ".tmp");
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(out, "MTLab world folder (mtlab world --help)");
    }
    Files.move(tmp, dir.resolve(MARKER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return w;
  }

  /**
   * Opens the world, sealed; with {@code unseal}, the server then collects {@code t} shares from
   * the online custodians, as an operator's server does when it starts.
   */
  World open(SecureRandom random, boolean unseal) throws IOException, CheckFailedException {
    World w = World.open(WorldStores.load(dir), devices(), random, InstantSource.system());
    try {
      if (unseal) {
        w.server().unseal();
      }
      return w;
    } catch (IOException | CheckFailedException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** The users' secret chats, kept on their devices in this folder. */
  SecretChats secretChats(World world, SecureRandom random) {
    return new SecretChats(world, chats(), random, InstantSource.system());
  }

  /** The device files of the secret chats. */
  DeviceChats chats() {
    return DeviceChats.inFolder(dir.resolve("devices"));
  }

  private DeviceStore devices() {
    return DeviceStore.inFolder(dir.resolve("devices"));
  }

  /** The folder. */
  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
