package io.omnimargin.service.margin;

import io.omnimargin.cluster.partition.IndexAverages;
import io.omnimargin.cluster.partition.PartitionFundingClock;
import io.omnimargin.hub.clearing.FundingClock;
import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.FundingTerms;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.cluster.WriterStarted;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Settles funding on time: a check every second on its own thread, a line per settlement. On a
 * partitioned ledger the check is the partitions' funding clock ({@link PartitionFundingClock}),
 * which prices each interval with the index averaged over it: every replica reads its markets'
 * indexes each second from start-up, so an owner that takes over has the interval's readings.
 */
@Singleton
public class FundingSchedule {
  private static final Logger LOG = Logger.getLogger(FundingSchedule.class);
  private static final long CHECK_MILLIS = 1_000;

  private final FundingClock clock;
  private final MarginEngine engine;
  private final PartitionedLedger partitioned;
  private final java.time.Clock time;
  private final IndexAverages averages;
  private final java.util.List<String> markets;
  private final PartitionFundingClock partitionClock;
  private ExecutorScheduler scheduler;
  private ExecutorScheduler sampler;

  FundingSchedule(
      MarginEngine engine,
      AccountHistory history,
      PartitionedLedger partitioned,
      RiskConfig risk,
      java.time.Clock time) {
    this.engine = engine;
    this.markets = markets(risk);
    this.partitioned = partitioned;
    this.time = time;
    this.clock =
        new FundingClock(
            engine,
            s -> {
              log(s);
              history.funded(s);
            },
            e -> LOG.error("Funding settlement failed; the next check tries again", e));
    FundingTerms terms = engine.clearing().funding();
    this.averages = new IndexAverages(3 * terms.intervalSeconds(), engine::indexPrice);
    this.partitionClock =
        partitioned.on()
            ? new PartitionFundingClock(
                partitioned.partitioner().partitions(),
                markets,
                terms,
                partitioned.store(),
                averages,
                partitioned.writer()::submit)
            : null;
  }

  /** On a partitioned ledger every replica reads the indexes, owner or not. */
  void sample(@Observes StartupEvent event) {
    if (partitioned.on()) {
      sampler = new ExecutorScheduler("funding-index");
      sampler.repeat(this::readIndexes, CHECK_MILLIS);
    }
  }

  void start(@Observes WriterStarted event) {
    scheduler = new ExecutorScheduler("funding");
    if (partitionClock == null) {
      clock.start(scheduler, CHECK_MILLIS);
    } else {
      scheduler.repeat(this::tickPartitions, CHECK_MILLIS);
    }
  }

  private void readIndexes() {
    long now = time.instant().getEpochSecond();
    for (String market : markets) {
      engine.indexPrice(market).ifPresent(index -> averages.record(market, now, index));
    }
  }

  private void tickPartitions() {
    try {
      for (PartitionFundingClock.Decided d : partitionClock.tick(time.instant().getEpochSecond())) {
        LOG.infof(
            "funding %s for the interval ending %d: rate %s at index %s, decided for all %d"
                + " partitions",
            d.market(),
            d.intervalEnd(),
            Wad.format(d.decision().rate()),
            Wad.format(d.decision().index()),
            partitioned.partitioner().partitions());
      }
    } catch (RuntimeException e) {
      LOG.error("Funding of the partitions failed; the next check tries again", e);
    }
  }

  private static java.util.List<String> markets(RiskConfig risk) {
    return risk.markets().stream().map(MarketSpec::symbol).toList();
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
    if (sampler != null) {
      sampler.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
