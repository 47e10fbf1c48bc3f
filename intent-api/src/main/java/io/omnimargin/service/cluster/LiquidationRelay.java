package io.omnimargin.service.cluster;

import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.clearing.LiquidationLedger;
import io.omnimargin.hub.clearing.UnattendedLiquidations;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.AccountEventHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * On a partitioned ledger the engine of the liquidated account's partition starts a liquidation, on
 * whichever replica writes that partition, and waits for a desk to complete it; the desk that can
 * offer it to the solvers is the ledger owner's, where their sessions are. This replica's
 * liquidations therefore go to the owner's desk: at once when this replica is the owner, else
 * {@code POST /v1/cluster/liquidations} ({@link LiquidationHandoffResource}), sent again a few
 * times while the owner does not take it; so do their outcomes, for the desk's records.
 *
 * <p>Should no desk complete it (the owner died with the auction, or never got it), this replica
 * completes it itself with no bid after {@code 2 × window + 10 s}: the insurance fund's shard or
 * auto-deleverage takes the positions, as in one process when no solver bids. While a stale mark
 * holds it open it waits as long again, so a desk trying every window completes it first.
 */
@Singleton
public class LiquidationRelay implements Consumer<MarginEvent> {
  private static final Logger LOG = Logger.getLogger(LiquidationRelay.class);
  static final String PATH = "/v1/cluster/liquidations";
  private static final int ATTEMPTS = 5;
  private static final long RETRY_MILLIS = 500;

  private final OwnerPost owner;
  private final LedgerEpoch epoch;
  private final Vertx vertx;
  private final ExecutorScheduler thread;
  private final boolean partitioned;
  private final long fallbackMillis;
  private LiquidationDesk desk; // guarded by this until set, then read as set
  private UnattendedLiquidations unattended;
  // what the partition engines published before the desk was wired: a writer assigned partitions
  // early in start-up may start a liquidation at its engine's first price
  private final java.util.List<MarginEvent> early = new java.util.ArrayList<>();

  LiquidationRelay(
      OwnerPost owner,
      LedgerEpoch epoch,
      Vertx vertx,
      @Named("liquidation-desk") ExecutorScheduler thread,
      AccountEventHub events,
      OmnimarginConfig config) {
    this.owner = owner;
    this.epoch = epoch;
    this.vertx = vertx;
    this.thread = thread;
    this.partitioned = PartitionedLedger.configured(config);
    this.fallbackMillis = 2 * config.clearing().liquidationWindow().toMillis() + 10_000;
    if (partitioned) {
      // from before the partition writer starts (PartitionedLedger asks for this relay first):
      // what comes before the desk is wired waits for it
      events.listen(this);
    }
  }

  /** Whether liquidations go through this relay (a partitioned ledger) rather than to the desk. */
  public boolean on() {
    return partitioned;
  }

  /**
   * Starts relaying this replica's liquidations to {@code desk} wherever the owner is, those
   * published before now first.
   */
  public void start(LiquidationDesk desk, LiquidationLedger ledger) {
    synchronized (this) { // drained before any later event: a start reaches the desk before its end
      this.unattended =
          new UnattendedLiquidations(ledger, thread, java.time.Duration.ofMillis(fallbackMillis));
      this.desk = desk;
      if (!early.isEmpty()) {
        LOG.infof(
            "%d liquidation events from before the desk was wired, relayed now", early.size());
      }
      early.forEach(this::relay);
      early.clear();
    }
  }

  @Override
  public void accept(MarginEvent event) {
    if (!(event instanceof MarginEvent.LiquidationStarted
        || event instanceof MarginEvent.Liquidation)) {
      return;
    }
    synchronized (this) {
      if (desk == null) {
        early.add(event);
        return;
      }
    }
    relay(event);
  }

  private void relay(MarginEvent event) {
    if (epoch.owned()) {
      desk.accept(event);
    } else {
      hand(event, 1); // the outcome too: the owner's desk keeps the records
    }
    if (event instanceof MarginEvent.LiquidationStarted started) {
      unattended.started(started);
    }
  }

  private void hand(MarginEvent event, int attempt) {
    Future<Void> sent;
    try {
      sent = send(event);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent.onFailure(
        why -> {
          if (attempt >= ATTEMPTS) {
            LOG.warnf(
                "%s was not handed to the ledger's owner (%s): a liquidation no desk completes is"
                    + " completed here without a bid",
                event, why.getMessage());
            return;
          }
          vertx.setTimer(RETRY_MILLIS << (attempt - 1), t -> hand(event, attempt + 1));
        });
  }

  private Future<Void> send(MarginEvent event) {
    return owner.post(PATH, LiquidationEventJson.write(event).encode()).mapEmpty();
  }
}
