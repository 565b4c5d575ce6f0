package org.mtlab.cli.world;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second process for {@link WorldFolderTest}: locks a world folder's lock file as {@code mtlab
 * world} does, says "locked", and holds the lock until its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  /** {@code args[0]}: the world folder. */
  public static void main(String[] args) throws Exception {
    try (FileChannel ch =
        FileChannel.open(
            Path.of(args[0]).resolve(WorldFolder.LOCK),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      try {
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // hold the lock
        }
      } finally {
        lock.release();
      }
    }
  }
}
