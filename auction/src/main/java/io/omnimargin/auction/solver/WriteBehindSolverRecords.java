package io.omnimargin.auction.solver;

import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.types.Address;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a store's solver records on a thread of its own: a bid's response time must not wait for a
 * disk commit or a Redis round trip on an event loop, nor under the registry's lock. A save only
 * replaces the solver's pending record (the last one wins, so a burst of bids is one write per
 * solver); the writer stores what is pending, all of it in one {@link SolverRecords#saveAll}. A
 * {@link #flush} waits for every save made before it, which the registry does for registrations and
 * suspensions. A write that fails is logged and tried again a second later, unless a newer record
 * replaced it. Records still pending when the process dies are lost: the last moments of counters
 * and response times, never an acknowledged registration or a suspension.
 */
public final class WriteBehindSolverRecords implements SolverRecords, AutoCloseable {
  private static final System.Logger LOG =
      System.getLogger(WriteBehindSolverRecords.class.getName());
  private static final long FLUSH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RETRY_MILLIS = 1_000;

  private final SolverRecords store;
  private final Map<Address, SolverRecord> pending = new LinkedHashMap<>(); // guarded by this
  private long saves; // guarded by this
  private long stored; // saves written, guarded by this
  private boolean running = true; // guarded by this
  private final Thread writer;

  public WriteBehindSolverRecords(SolverRecords store) {
    this.store = store;
    this.writer = NamedThreads.daemon("solver-records").newThread(this::run);
    writer.start();
  }

  @Override
  public void save(SolverRecord record) {
    synchronized (this) {
      if (running) {
        pending.put(record.solver(), record);
        saves++;
        notifyAll();
        return;
      }
    }
    store.save(record); // closed: nothing writes behind any more
  }

  @Override
  public Collection<SolverRecord> loadAll() {
    flush();
    return store.loadAll();
  }

  /** Waits (at most 5 s) until every record saved before this call is stored. */
  @Override
  public synchronized void flush() {
    long target = saves;
    long deadline = System.nanoTime() + FLUSH_WAIT_NANOS;
    while (stored < target && writer.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.log(Level.WARNING, "solver records not yet stored after 5 s; going on");
        return;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run() {
    try {
      while (true) {
        List<SolverRecord> batch;
        long target;
        synchronized (this) {
          while (pending.isEmpty() && running) {
            wait();
          }
          if (pending.isEmpty()) {
            return; // closed, and everything is stored
          }
          batch = List.copyOf(pending.values());
          pending.clear();
          target = saves;
        }
        if (!write(batch, target) && !retryLater(batch)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        notifyAll(); // flushes waiting on a writer that is gone
      }
    }
  }

  private boolean write(List<SolverRecord> batch, long target) {
    try {
      store.saveAll(batch);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, batch.size() + " solver records could not be stored", e);
      return false;
    }
    synchronized (this) {
      stored = Math.max(stored, target);
      notifyAll();
    }
    return true;
  }

  /**
   * Puts back what no newer save replaced and pauses a second (saves meanwhile only wait their
   * turn); answers false once closed, the batch lost.
   */
  private boolean retryLater(List<SolverRecord> batch) throws InterruptedException {
    synchronized (this) {
      if (!running) {
        LOG.log(Level.ERROR, batch.size() + " solver records lost at close");
        return false;
      }
      for (SolverRecord record : batch) {
        pending.putIfAbsent(record.solver(), record);
      }
    }
    Thread.sleep(RETRY_MILLIS);
    return true;
  }

  /** Stores what is pending, then stops the writer. */
  @Override
  public void close() {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
