package io.omnimargin.hub.clearing;

import io.omnimargin.hub.port.Scheduler;
import io.omnimargin.margin.engine.MarginEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/**
 * The safety net under a desk on another process (a partitioned ledger, whose desk is the ledger
 * owner's): a liquidation no desk has completed {@code after} it started is completed here with no
 * bid, so the insurance fund or auto-deleverage takes the positions, as when no solver bids. One
 * held open by a stale mark, or whose ledger did not answer, is tried again {@code after} later: a
 * desk that tries every window completes it first once the mark is fresh.
 */
public final class UnattendedLiquidations {
  private static final System.Logger LOG = System.getLogger(UnattendedLiquidations.class.getName());

  private final LiquidationLedger ledger;
  private final Scheduler scheduler;
  private final long afterMillis;

  public UnattendedLiquidations(LiquidationLedger ledger, Scheduler scheduler, Duration after) {
    this.ledger = ledger;
    this.scheduler = scheduler;
    this.afterMillis = after.toMillis();
  }

  /** Watches a liquidation that has just started. */
  public void started(MarginEvent.LiquidationStarted started) {
    scheduler.schedule(() -> check(started), afterMillis);
  }

  private void check(MarginEvent.LiquidationStarted started) {
    LiquidationLedger.Completion done;
    try {
      done = ledger.complete(started.owner(), started.id(), Optional.empty());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "liquidation " + started.id() + ": completing it without a bid failed; trying again",
          e);
      scheduler.schedule(() -> check(started), afterMillis);
      return;
    }
    if (done == LiquidationLedger.Completion.COMPLETED) {
      LOG.log(
          Level.WARNING,
          "liquidation "
              + started.id()
              + " of "
              + started.owner()
              + ": no desk completed it in "
              + afterMillis
              + " ms; completed without a bid");
    } else if (done == LiquidationLedger.Completion.WAITING) {
      scheduler.schedule(() -> check(started), afterMillis);
    }
  }
}
