package io.omnimargin.auction.solver;

import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.types.Address;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a store's solver records on a thread of its own: a bid's response time must not wait for a
 * disk commit or a Redis round trip on an event loop, nor under the registry's lock. A save only
 * replaces the solver's pending record (the last one wins); the writer lets changes gather for the
 * linger time (50 ms by default) and stores what is pending in one {@link SolverRecords#saveAll},
 * so a stream of bids costs at most one write per linger time, not one per bid. A {@link #flush}
 * cuts the linger short and waits for every save made before it, which the registry does for
 * registrations and suspensions. A write that fails is logged and tried again a second later,
 * unless a newer record replaced it. Records still pending when the process dies are lost: the last
 * moments of counters and response times, never an acknowledged registration or a suspension.
 */
public final class WriteBehindSolverRecords implements SolverRecords, AutoCloseable {
  private static final System.Logger LOG =
      System.getLogger(WriteBehindSolverRecords.class.getName());
  private static final long FLUSH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RETRY_MILLIS = 1_000;
  private static final Duration LINGER = Duration.ofMillis(50);

  private final SolverRecords store;
  private final Map<Address, SolverRecord> pending = new LinkedHashMap<>(); // guarded by this
  private long saves; // guarded by this
  private long stored; // saves written, guarded by this
  private long wanted; // the saves a flush waits for, guarded by this
  private boolean running = true; // guarded by this
  private final Thread writer;
  private final long lingerNanos;

  public WriteBehindSolverRecords(SolverRecords store) {
    this(store, LINGER);
  }

  /**
   * @param linger how long changes gather before they are written (unless a flush waits)
   */
  public WriteBehindSolverRecords(SolverRecords store, Duration linger) {
    this.store = store;
    this.lingerNanos = linger.toNanos();
    this.writer = NamedThreads.daemon("solver-records").newThread(this::run);
    writer.start();
  }

  @Override
  public void save(SolverRecord record) {
    synchronized (this) {
      if (running) {
        if (pending.isEmpty()) {
          notifyAll(); // a writer waiting for work; one that lingers need not hear of each save
        }
        pending.put(record.solver(), record);
        saves++;
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
    if (stored < target) {
      wanted = Math.max(wanted, target);
      notifyAll(); // the writer stops lingering
    }
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

  /** What the writer took: the pending records, and the saves they account for. */
  private record Batch(List<SolverRecord> records, long target) {}

  private void run() {
    try {
      for (Batch batch = next(); batch != null; batch = next()) {
        if (!write(batch.records(), batch.target()) && !retryLater(batch.records())) {
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

  /**
   * Waits for a save, lets more gather for the linger time unless a flush waits or the store is
   * closing, then takes what is pending; null once closed with nothing pending.
   */
  private synchronized Batch next() throws InterruptedException {
    while (pending.isEmpty() && running) {
      wait();
    }
    long until = System.nanoTime() + lingerNanos;
    for (long left = lingerNanos; running && wanted <= stored && left > 0; ) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
      left = until - System.nanoTime();
    }
    if (pending.isEmpty()) {
      return null;
    }
    Batch batch = new Batch(List.copyOf(pending.values()), saves);
    pending.clear();
    return batch;
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
