package io.omnimargin.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local data directory of one service, created when missing and held with an exclusive lock on
 * {@value #LOCK_FILE} for as long as the service runs: a second process on the same directory is
 * refused at start-up rather than writing beside the first. The operating system drops the lock
 * when the holder exits, however it exits ({@code kill -9} included), so a stale lock file never
 * blocks a restart.
 */
public final class DataDirectory implements AutoCloseable {
  public static final String LOCK_FILE = "omnimargin.lock";

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectory(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed and locks it.
   *
   * @throws DataDirectoryInUse when another process (or another store in this one) holds it
   * @throws UncheckedIOException when the directory cannot be created or the lock file written
   */
  public static DataDirectory lock(Path dir) {
    Path path = dir.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(path);
      channel =
          FileChannel.open(
              path.resolve(LOCK_FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new DataDirectoryInUse(path, holder);
      }
      writeHolder(channel);
      return new DataDirectory(path, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot use data directory " + path + ": " + e, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    channel.read(buffer, 0);
    String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    return pid.isEmpty() ? "unknown" : pid;
  }

  private static void writeHolder(FileChannel channel) throws IOException {
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
        0);
    channel.force(true);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** The absolute directory. */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another process holds the directory. */
  public static final class DataDirectoryInUse extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DataDirectoryInUse(Path path, String pid) {
      super("data directory " + path + " is in use by another process (pid " + pid + ")");
    }
  }
}
