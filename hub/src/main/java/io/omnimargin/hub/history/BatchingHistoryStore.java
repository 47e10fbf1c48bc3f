package io.omnimargin.hub.history;

import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.types.Address;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a history store's appends on a thread of its own, many per write: a fill or a credit must
 * not wait for a disk commit or a Redis round trip on the margin engine's writer thread, and a
 * funding settlement's thousands of payments become a few transactions, not thousands. A read first
 * waits until every append made before it is written, so a page shows what just happened. A full
 * queue makes appenders wait (back-pressure), it never drops an entry. Entries still queued when
 * the process dies are lost: the history is what people read of the ledger, which is durable on its
 * own.
 */
public final class BatchingHistoryStore implements AccountHistoryStore, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BatchingHistoryStore.class.getName());
  private static final int BATCH = 1_000;

  private final AccountHistoryStore store;
  private final BlockingQueue<HistoryEntry> queue;
  private final Thread writer;
  private final Object progress = new Object();
  private long appended; // guarded by progress
  private long written; // guarded by progress
  private volatile boolean running = true;

  public BatchingHistoryStore(AccountHistoryStore store, int capacity) {
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = NamedThreads.daemon("history-writer").newThread(this::run);
    writer.start();
  }

  @Override
  public void append(HistoryEntry entry) {
    try {
      queue.put(entry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing a history entry", e);
    }
    synchronized (progress) {
      appended++;
    }
  }

  @Override
  public List<HistoryEntry> of(Address owner, int limit) {
    flush();
    return store.of(owner, limit);
  }

  /** Waits (at most 5 s) until every entry appended before this call is written. */
  public void flush() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    synchronized (progress) {
      long target = appended;
      while (written < target && running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return; // a slow store: answer with what is written
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run() {
    List<HistoryEntry> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        HistoryEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        synchronized (progress) {
          written += batch.size();
          progress.notifyAll();
        }
        batch.clear();
      }
    }
  }

  private void write(List<HistoryEntry> batch) {
    try {
      store.appendAll(batch);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, batch.size() + " history entries could not be written", e);
    }
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
