package io.omnimargin.hub.clearing;

import io.omnimargin.hub.port.Scheduler;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.engine.MarginEngine;
import java.util.function.Consumer;

/**
 * Looks every {@code checkMillis} whether a market's funding time has come on the engine's clock,
 * and settles it. Checking often and settling by the clock (not by the timer) means a settlement is
 * never early, is at most one check late, and follows a manual clock in tests.
 */
public final class FundingClock implements AutoCloseable {
  private final MarginEngine engine;
  private final Consumer<FundingSettlement> settled;
  private final Consumer<RuntimeException> failed;
  private Scheduler.Cancellable running;

  /**
   * @param settled told of each settlement (to log and publish it)
   * @param failed told when a check fails; the next check tries again
   */
  public FundingClock(
      MarginEngine engine, Consumer<FundingSettlement> settled, Consumer<RuntimeException> failed) {
    this.engine = engine;
    this.settled = settled;
    this.failed = failed;
  }

  public void start(Scheduler scheduler, long checkMillis) {
    running = scheduler.repeat(this::check, checkMillis);
  }

  /** One check now. */
  public void check() {
    try {
      engine.settleFundingDue().forEach(settled);
    } catch (RuntimeException e) {
      failed.accept(e);
    }
  }

  @Override
  public void close() {
    if (running != null) {
      running.cancel();
    }
  }
}
