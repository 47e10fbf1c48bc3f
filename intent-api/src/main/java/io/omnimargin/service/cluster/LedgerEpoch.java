package io.omnimargin.service.cluster;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The owner epoch this replica writes the ledger under: 0 while it does not own the ledger (its
 * engine then holds no accounts and every write would be refused), the epoch of its take-over
 * after; and whether the take-over is complete (the ledger loaded, reservations and auctions
 * restored), before which this replica answers no request itself.
 */
@Singleton
public class LedgerEpoch {
  private static final Logger LOG = Logger.getLogger(LedgerEpoch.class);
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean serving;
  private final List<Runnable> held = new ArrayList<>(); // guarded by this

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

  /** The take-over is complete: what {@link #onServing} held runs now, in the order it came. */
  void serve() {
    List<Runnable> due;
    synchronized (this) {
      serving = true;
      due = new ArrayList<>(held);
      held.clear();
    }
    for (Runnable then : due) {
      try {
        then.run();
      } catch (RuntimeException e) { // one workflow's failure must not lose the others' deliveries
        LOG.errorf(e, "a delivery held during the take-over failed");
      }
    }
  }

  /**
   * Runs {@code then} now if this replica has completed a take-over, else once it does, on the
   * thread that completes it. On a partitioned ledger a replica that is taking the workflows over
   * goes on accepting new intents (intake needs only the trader's partition and the store), but its
   * auction house must not open an auction before the solver feed is numbered past the former
   * owner's events, nor its withdrawal desk release before settlement runs: the announcement of
   * each such intent waits here ({@link OwnerOnly}).
   *
   * <p>What was held runs in the order it came, before or interleaved with the first deliveries
   * after; an intent's later change (a cancel) may therefore reach the workflows before its held
   * opening, which then finds it moved on: every workflow starts with a compare-and-set of the
   * intent's status. The take-over's own resume may also read an intent held here; opening an
   * auction is once per intent, and a withdrawal is released only from {@code OPEN}.
   */
  void onServing(Runnable then) {
    if (!serving) {
      synchronized (this) {
        if (!serving) {
          held.add(then);
          return;
        }
      }
    }
    then.run();
  }

  synchronized int held() {
    return held.size();
  }
}
