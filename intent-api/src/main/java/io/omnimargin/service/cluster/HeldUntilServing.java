package io.omnimargin.service.cluster;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deliveries to the workflows held while this replica takes them over, run once it serves. On a
 * partitioned ledger a replica that is taking the workflows over goes on accepting new intents
 * (intake needs only the trader's partition and the store), but its auction house must not open an
 * auction before the solver feed is numbered past the former owner's events, nor its withdrawal
 * desk release before settlement runs: the announcement of each such intent waits here.
 *
 * <p>Held deliveries run in the order they came, before or interleaved with the first ones after;
 * an intent's later change (a cancel) may therefore reach the workflows before its held opening,
 * which then finds it moved on: every workflow starts with a compare-and-set of the intent's
 * status. The take-over's own resume may also read an intent held here; opening an auction is once
 * per intent, and a withdrawal is released only from {@code OPEN}.
 */
final class HeldUntilServing {
  private static final Logger LOG = Logger.getLogger(HeldUntilServing.class);
  private final List<Runnable> held = new ArrayList<>();
  private boolean serving;

  /** Runs {@code delivery} now once serving; holds it until then. */
  void deliver(Runnable delivery) {
    synchronized (this) {
      if (!serving) {
        held.add(delivery);
        return;
      }
    }
    delivery.run();
  }

  /** From now on deliveries run at once; those held run now, in the order they came. */
  void serve() {
    List<Runnable> due;
    synchronized (this) {
      serving = true;
      due = new ArrayList<>(held);
      held.clear();
    }
    for (Runnable delivery : due) {
      try {
        delivery.run();
      } catch (RuntimeException e) { // one workflow's failure must not lose the others' deliveries
        LOG.errorf(e, "a delivery held during the take-over failed");
      }
    }
  }

  synchronized int held() {
    return held.size();
  }
}
