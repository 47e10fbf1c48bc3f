package io.omnimargin.service.risk;

import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.hub.port.Scheduler;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.cluster.WriterStarted;
import io.omnimargin.service.config.OmnimarginConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Measures exposure and runs the scheduled scenarios every interval, on its own thread. */
@Singleton
public class RiskSchedule {
  private static final Logger LOG = Logger.getLogger(RiskSchedule.class);

  private final RiskMonitor monitor;
  private final long intervalMillis;
  private ExecutorScheduler scheduler;
  private Scheduler.Cancellable running;

  private final boolean everywhere;

  RiskSchedule(RiskMonitor monitor, OmnimarginConfig config) {
    this.monitor = monitor;
    this.intervalMillis = config.riskMonitor().interval().toMillis();
    // on a partitioned ledger every replica takes intake, and its route concentration cap reads
    // this replica's own measurement of the stored ledger
    this.everywhere = PartitionedLedger.configured(config);
  }

  void start(@Observes WriterStarted event) {
    start();
  }

  void startEverywhere(@Observes StartupEvent event) {
    if (everywhere) {
      start();
    }
  }

  private synchronized void start() {
    if (scheduler == null) {
      scheduler = new ExecutorScheduler("risk-monitor");
      running = scheduler.repeat(this::tick, intervalMillis);
    }
  }

  private void tick() {
    try {
      RiskMonitor.Latest l = monitor.refresh();
      LOG.debugf(
          "risk monitor: %d accounts, %d scenarios in %d ms",
          l.stress().accounts(), l.stress().results().size(), l.stress().elapsedMillis());
    } catch (RuntimeException e) {
      LOG.error("Risk monitor refresh failed; the next interval tries again", e);
    }
  }

  /** One refresh now; also for tests that set up a ledger and need its figures at once. */
  public RiskMonitor.Latest runNow() {
    return monitor.refresh();
  }

  synchronized void stop(@Observes ShutdownEvent event) {
    if (running != null) {
      running.cancel();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
