package io.omnimargin.service.margin;

import io.omnimargin.hub.clearing.FundingClock;
import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.service.cluster.WriterStarted;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Settles funding on time: a check every second on its own thread, a line per settlement. */
@Singleton
public class FundingSchedule {
  private static final Logger LOG = Logger.getLogger(FundingSchedule.class);
  private static final long CHECK_MILLIS = 1_000;

  private final FundingClock clock;
  private ExecutorScheduler scheduler;

  FundingSchedule(MarginEngine engine, AccountHistory history) {
    this.clock =
        new FundingClock(
            engine,
            s -> {
              log(s);
              history.funded(s);
            },
            e -> LOG.error("Funding settlement failed; the next check tries again", e));
  }

  void start(@Observes WriterStarted event) {
    scheduler = new ExecutorScheduler("funding");
    clock.start(scheduler, CHECK_MILLIS);
  }

  /** One check now; also for tests that move the clock. */
  public void checkNow() {
    clock.check();
  }

  private static void log(FundingSettlement s) {
    LOG.infof(
        "funding %s: rate %s at index %s over %d positions, paid %s, received %s, residue %s",
        s.market(),
        Wad.format(s.rate()),
        Wad.format(s.index()),
        s.positions(),
        Wad.format(s.paid()),
        Wad.format(s.received()),
        Wad.format(s.residue()));
  }

  void stop(@Observes ShutdownEvent event) {
    clock.close();
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
