package io.omnimargin.service.wiring;

import io.omnimargin.hub.intent.ExpirySweeper;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.cluster.WriterStarted;
import io.omnimargin.service.config.OmnimarginConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the expiry sweep on its own named thread at the configured interval. */
@Singleton
public class ExpiryScheduler {
  private static final Logger LOG = Logger.getLogger(ExpiryScheduler.class);

  private final ExpirySweeper sweeper;
  private final OmnimarginConfig config;
  private ScheduledExecutorService timer;

  ExpiryScheduler(ExpirySweeper sweeper, OmnimarginConfig config) {
    this.sweeper = sweeper;
    this.config = config;
  }

  void start(@Observes WriterStarted event) {
    long millis = config.intake().expirySweepInterval().toMillis();
    timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("intent-expiry"));
    timer.scheduleWithFixedDelay(this::sweepOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One sweep now; also used by tests that move the clock. */
  public int sweepOnce() {
    try {
      int expired = sweeper.sweep();
      if (expired > 0) {
        LOG.infof("Expired %d intents past their openDeadline", expired);
      }
      return expired;
    } catch (RuntimeException e) {
      LOG.error("Expiry sweep failed; will retry at the next interval", e);
      return 0;
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
