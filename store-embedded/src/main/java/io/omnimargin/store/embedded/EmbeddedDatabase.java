package io.omnimargin.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file in write-ahead-log mode. Writes go through one connection, one
 * transaction at a time ({@code BEGIN IMMEDIATE} … {@code COMMIT}): a write returns only after its
 * commit, and with {@link Sync#FULL} after the log is forced to disk. Reads use a small pool of
 * other connections and see the last committed state without waiting for writers.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 10_000;

  /** How far a commit goes before it returns. */
  public enum Sync {
    /**
     * The log is forced to stable storage on every commit: a power loss loses nothing committed.
     */
    FULL,
    /**
     * The log is written but forced only at checkpoints: a crash of the process loses nothing
     * committed; a power loss or kernel crash may lose the last commits (never half of one).
     */
    NORMAL
  }

  /** Work on a connection, inside a transaction when writing. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writer;
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> all = new ArrayList<>();

  private EmbeddedDatabase(Path file, Sync sync) throws SQLException {
    this.file = file;
    SQLiteDataSource source = new SQLiteDataSource(config(sync));
    source.setUrl("jdbc:sqlite:" + file);
    writer = source.getConnection();
    all.add(writer);
    for (int i = 0; i < READERS; i++) {
      Connection reader = source.getConnection();
      all.add(reader);
      readers.add(reader);
    }
  }

  private static SQLiteConfig config(Sync sync) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        sync == Sync.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(false);
    return config;
  }

  /**
   * Opens (creating if missing) the database in {@code file} and brings its schema up to date. Does
   * not lock anything beyond SQLite's own locks: {@link EmbeddedStorage} holds the directory.
   */
  public static EmbeddedDatabase open(Path file, Sync sync) {
    EmbeddedDatabase db;
    try {
      db = new EmbeddedDatabase(file, sync);
    } catch (SQLException e) {
      throw new EmbeddedStoreException("cannot open " + file + ": " + e.getMessage(), e);
    }
    try {
      db.write(Schema::apply);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Runs {@code work} in one write transaction and commits it before returning its result. */
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try (Statement tx = writer.createStatement()) {
      tx.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run(writer);
        tx.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(tx);
        throw e;
      }
    } catch (SQLException e) {
      throw new EmbeddedStoreException("write to " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private static void rollback(Statement tx) {
    try {
      tx.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the transaction is already gone (SQLite rolls back on some errors by itself)
    }
  }

  /** Runs {@code work} on a reading connection: it sees the last committed state. */
  public <T> T read(Work<T> work) {
    Connection reader;
    try {
      reader = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedStoreException("interrupted while waiting for a read connection", e);
    }
    try {
      return work.run(reader);
    } catch (SQLException e) {
      throw new EmbeddedStoreException("read from " + file + " failed: " + e.getMessage(), e);
    } finally {
      readers.add(reader);
    }
  }

  private static List<Connection> reversed(List<Connection> connections) {
    List<Connection> copy = new ArrayList<>(connections);
    java.util.Collections.reverse(copy);
    return copy;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      for (Connection connection : reversed(all)) { // the writer last: it checkpoints the log
        try {
          connection.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
    } finally {
      writeLock.unlock();
    }
  }
}
