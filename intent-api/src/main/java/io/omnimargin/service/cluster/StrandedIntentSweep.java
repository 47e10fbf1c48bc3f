package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StrandedIntents;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.service.config.OmnimarginConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * On a partitioned ledger, the workflows' owner takes the intents whose hand-off never arrived
 * ({@link StrandedIntents}), every {@code omnimargin.cluster.stranded-sweep}, on a thread of its
 * own: it reads every live intent from the store.
 */
@Singleton
public class StrandedIntentSweep {
  private static final Logger LOG = Logger.getLogger(StrandedIntentSweep.class);

  private final OmnimarginConfig config;
  private final LedgerEpoch epoch;
  private final StrandedIntents stranded;
  private ScheduledExecutorService timer;

  StrandedIntentSweep(
      OmnimarginConfig config,
      LedgerEpoch epoch,
      IntentStore store,
      Clock clock,
      OwnerOnly workflows) {
    this.config = config;
    this.epoch = epoch;
    this.stranded =
        new StrandedIntents(
            store, clock, config.cluster().strandedAfter(), workflows::announceOnce);
  }

  void start(@Observes WriterStarted event) {
    long millis = config.cluster().strandedSweep().toMillis();
    if (!PartitionedLedger.configured(config) || millis <= 0) {
      return; // elsewhere the owner takes every intent itself
    }
    timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("stranded-intents"));
    timer.scheduleWithFixedDelay(this::sweepOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One sweep now: how many stranded intents it handed to the workflows. */
  int sweepOnce() {
    if (!epoch.serving()) {
      return 0; // announce() reaches the workflows unguarded: only where they run
    }
    try {
      int announced = stranded.sweep();
      if (announced > 0) {
        LOG.warnf(
            "Took %d intents still OPEN %s after their acceptance: their hand-off never arrived",
            announced, config.cluster().strandedAfter());
      }
      return announced;
    } catch (RuntimeException e) {
      LOG.error("Stranded-intent sweep failed; will retry at the next interval", e);
      return 0;
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
