package io.omnimargin.service.wiring;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.margin.MarginGate;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.cluster.WriterStarted;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.settlement.SettlementWiring;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Builds the intake service at start-up rather than on the first request, so that a bad
 * configuration stops the process at once and the logs say which recovery, store and domain run;
 * restores the margin reservations of intents that were live before a restart, and resumes their
 * auctions and the release of open withdrawals. On a partitioned ledger the live intents are read
 * while the workflows serve (see {@code resumeWhileServing}).
 */
@Singleton
public class StartupReport {
  private static final Logger LOG = Logger.getLogger(StartupReport.class);

  /** Reads of the live intents behind a take-over before it gives up (backing off 1, 2, 3, 4 s). */
  private static final int READ_ATTEMPTS = 5;

  void report(
      @Observes WriterStarted event,
      IntakeService intake,
      IntentStore store,
      MarginGate gate,
      AuctionHouse auctions,
      SettlementWiring settlement,
      OmnimarginConfig config) {
    if (PartitionedLedger.configured(config)) {
      resumeWhileServing(store, auctions, settlement, config.auction().enabled());
      return;
    }
    // Live intents from before a restart hold their margin again before any new intent is checked.
    long reading = System.nanoTime();
    var live = store.live();
    long restoring = System.nanoTime();
    live.forEach(gate::restore);
    LOG.infof(
        "Intake ready: %d live intents hold their reservations again (read in %d ms, restored in"
            + " %d ms)",
        live.size(),
        (restoring - reading) / 1_000_000,
        (System.nanoTime() - restoring) / 1_000_000);
    if (config.auction().enabled() && !live.isEmpty()) {
      // their auctions lived in memory: auctioned again; awards not filled are restored from the
      // award log (with the bids behind them) or, if none was kept, failed
      long resuming = System.nanoTime();
      auctions.resumeAll(live);
      LOG.infof("Auctions resumed for the live intents of the last run");
      // reopened on the auction timer, ahead of new auctions, a few hundred per call to the store
      int count = live.size();
      auctions.afterResumed(
          () ->
              LOG.infof(
                  "The auctions of %d live intents reopened %d ms after their resume began",
                  count, (System.nanoTime() - resuming) / 1_000_000));
    }
    // withdrawals left open were never released: the event that would have released them is gone
    settlement.resume(live);
  }

  /**
   * On a partitioned ledger the reservations live in the partitions, not here, so a take-over need
   * not read every live intent before it serves (200,000 took 12 s, and every request but intake
   * waited that long): the awards a former owner kept are resumed first, so that a winner's fill
   * finds its award, and the live intents are read behind, a page at a time, while this replica
   * serves. An auction opens once per intent however its intent reaches it (a peer's hand-off, the
   * stranded sweep, a page read here), and a withdrawal is released only from {@code OPEN}.
   */
  private static void resumeWhileServing(
      IntentStore store, AuctionHouse auctions, SettlementWiring settlement, boolean auctionsOn) {
    Set<OrderId> awards = auctionsOn ? auctions.resumeAwards() : Set.of();
    LOG.infof(
        "Intake ready: %d kept awards resumed; the live intents are read while the workflows"
            + " serve",
        awards.size());
    Thread behind =
        new Thread(
            () -> readBehind(store, auctions, settlement, auctionsOn, awards), "take-over-resume");
    behind.setDaemon(true);
    behind.start();
  }

  private static void readBehind(
      IntentStore store,
      AuctionHouse auctions,
      SettlementWiring settlement,
      boolean auctionsOn,
      Set<OrderId> awards) {
    long began = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      AtomicInteger read = new AtomicInteger();
      try {
        store.live(
            page -> {
              if (auctionsOn) {
                auctions.resumeRest(page, awards);
              }
              settlement.resume(page);
              read.addAndGet(page.size());
            });
      } catch (RuntimeException e) {
        if (attempt == READ_ATTEMPTS) {
          LOG.errorf(
              e,
              "Reading the live intents failed %d times; giving up. Those still OPEN are"
                  + " auctioned by the stranded-intent sweep, the others wait for their"
                  + " openDeadline or the next take-over",
              attempt);
          return;
        }
        LOG.warnf("Reading the live intents failed (%s); reading them again in %d s", e, attempt);
        try {
          Thread.sleep(1000L * attempt);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
        continue; // a page resumed twice opens nothing twice
      }
      int count = read.get();
      LOG.infof(
          "%d live intents read in %d ms while serving",
          count, (System.nanoTime() - began) / 1_000_000);
      if (auctionsOn) {
        auctions.afterResumed(
            () ->
                LOG.infof(
                    "The auctions of %d live intents reopened %d ms after their resume began",
                    count, (System.nanoTime() - began) / 1_000_000));
      }
      return;
    }
  }
}
