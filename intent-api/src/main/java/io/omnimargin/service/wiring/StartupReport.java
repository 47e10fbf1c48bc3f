package io.omnimargin.service.wiring;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.margin.MarginGate;
import io.omnimargin.service.cluster.WriterStarted;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.settlement.SettlementWiring;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the intake service at start-up rather than on the first request, so that a bad
 * configuration stops the process at once and the logs say which recovery, store and domain run;
 * restores the margin reservations of intents that were live before a restart, and resumes their
 * auctions and the release of open withdrawals.
 */
@Singleton
public class StartupReport {
  private static final Logger LOG = Logger.getLogger(StartupReport.class);

  void report(
      @Observes WriterStarted event,
      IntakeService intake,
      IntentStore store,
      MarginGate gate,
      AuctionHouse auctions,
      SettlementWiring settlement,
      OmnimarginConfig config) {
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
}
