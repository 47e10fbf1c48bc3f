package io.omnimargin.service.cluster;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The owner epoch this replica writes the ledger under: 0 while it does not own the ledger (its
 * engine then holds no accounts and every write would be refused), the epoch of its take-over
 * after; and whether the take-over is complete (the ledger loaded, reservations and auctions
 * restored), before which this replica answers no request itself.
 */
@Singleton
public class LedgerEpoch {
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean serving;
  private final List<Runnable> onServing = new CopyOnWriteArrayList<>();

  public long get() {
    return epoch.get();
  }

  public boolean owned() {
    return epoch.get() > 0;
  }

  void set(long value) {
    epoch.set(value);
  }

  /** Whether this replica owns the ledger and has finished taking it over. */
  public boolean serving() {
    return serving && owned();
  }

  void serve() {
    List<Runnable> then;
    synchronized (this) {
      serving = true;
      then = List.copyOf(onServing);
    }
    then.forEach(Runnable::run);
  }

  /**
   * {@code then} runs once this replica serves, on the thread that completed the take-over; at once
   * if it serves already.
   */
  synchronized void onServing(Runnable then) {
    if (serving) {
      then.run();
    } else {
      onServing.add(then);
    }
  }
}
