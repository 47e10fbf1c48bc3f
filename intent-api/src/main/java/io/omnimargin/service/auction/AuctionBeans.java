package io.omnimargin.service.auction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnimargin.auction.solver.InMemorySolverRecords;
import io.omnimargin.auction.solver.SolverRecords;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.auction.solver.WriteBehindSolverRecords;
import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.AuctionMetrics;
import io.omnimargin.hub.auction.AuctionSettings;
import io.omnimargin.hub.auction.AwardLog;
import io.omnimargin.hub.auction.QuoteDesk;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.port.ExecutorScheduler;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.cluster.OwnerOnly;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisAwardLog;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisSolverRecords;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Builds the auction workflow from configuration and subscribes it to intent changes. */
@Singleton
public class AuctionBeans {
  private static final Logger LOG = Logger.getLogger(AuctionBeans.class);

  @Produces
  @Singleton
  SolverFeed solverFeed(SessionCodec codec) {
    return new SolverFeed(codec);
  }

  /**
   * The solver registry is kept where intents are: embedded by default, in Redis (shared by the
   * replicas), or in memory. The durable stores are written behind, off the event loops; a
   * registration or a suspension waits for its write.
   */
  @Produces
  @Singleton
  SolverRecords solverRecords(
      OmnimarginConfig config,
      Instance<RedisDataSource> redis,
      Instance<EmbeddedStorage> embedded) {
    return switch (config.store()) {
      case REDIS ->
          new WriteBehindSolverRecords(
              new RedisSolverRecords(RedisCommands.over(redis.get()), config.redis().keyPrefix()));
      case EMBEDDED -> new WriteBehindSolverRecords(embedded.get().solvers());
      case IN_MEMORY -> new InMemorySolverRecords();
    };
  }

  /** Writes what is still pending before the stores close. */
  void closeSolverRecords(@Disposes SolverRecords records) {
    if (records instanceof WriteBehindSolverRecords writeBehind) {
      writeBehind.close();
    }
  }

  @Produces
  @Singleton
  SolverRegistry solverRegistry(OmnimarginConfig config, Clock clock, SolverRecords records) {
    BigInteger bond = Wad.of(config.solvers().bond());
    Map<Address, BigInteger> allowed =
        config.solvers().allow().orElse(List.of()).stream()
            .distinct()
            .collect(Collectors.toMap(Function.identity(), a -> bond));
    long maxFadeBp =
        Wad.of(config.auction().maxFadeRate())
            .multiply(BigInteger.valueOf(10_000))
            .divide(Wad.ONE)
            .longValueExact();
    SolverRegistry registry =
        new SolverRegistry(
            allowed,
            maxFadeBp,
            config.auction().minAwardsToJudge(),
            config.solvers().registrationWindow(),
            () -> clock.instant().getEpochSecond(),
            records);
    Set<Address> registered = registry.registered();
    if (!registered.isEmpty()) {
      LOG.infof(
          "Solver registry: %d registered solver(s) restored from the %s store",
          registered.size(), config.store().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return registry;
  }

  @Produces
  @Singleton
  @Named("auction-timer")
  ExecutorScheduler auctionTimer() {
    return new ExecutorScheduler("auction-timer");
  }

  void closeTimer(@Disposes @Named("auction-timer") ExecutorScheduler timer) {
    timer.close();
  }

  /**
   * Awards run where the auction became ready to close, unless the store is across the network:
   * then on threads of their own, never on an event loop (see {@link AuctionHouse}). Each award
   * waits on the store and, on a partitioned ledger, on two ledger round trips through the broker
   * (the trader's re-pricing and the solver's margin), so several run at once: one at a time, a
   * survivor's restored auctions completed three to six a second.
   */
  @Produces
  @Singleton
  @Named("auction-award")
  ExecutorService awardThread(OmnimarginConfig config) {
    return Executors.newFixedThreadPool(
        Math.max(1, config.auction().awardThreads()), NamedThreads.pool("auction-award"));
  }

  void closeAwardThread(@Disposes @Named("auction-award") ExecutorService thread) {
    thread.shutdownNow();
  }

  @Produces
  @Singleton
  @Startup
  AuctionHouse auctionHouse(
      OmnimarginConfig config,
      IntentStore store,
      IntentEventBus events,
      IntakePolicy policy,
      MarginBook engine,
      MarginInputs inputs,
      Clock clock,
      SolverRegistry registry,
      SolverFeed feed,
      SignatureRecovery recovery,
      @Named("auction-timer") ExecutorScheduler timer,
      @Named("auction-award") ExecutorService awardThread,
      MeterRegistry metrics,
      Instance<RedisDataSource> redis,
      OwnerOnly ownerOnly) {
    OmnimarginConfig.Auction auction = config.auction();
    // with Redis, awards not yet filled are kept there: a replica taking over restores them
    AwardLog awards =
        config.store() == OmnimarginConfig.StoreKind.REDIS
            ? new RedisAwardLog(RedisCommands.over(redis.get()), config.redis().keyPrefix())
            : AwardLog.inMemory();
    AuctionHouse house =
        new AuctionHouse(
            new AuctionSettings(
                auction.window(),
                auction.fillWindow(),
                config.margin().gateIntake(),
                Wad.of(config.clearing().maxDeviation()),
                config.clearing().takerFeeBps(),
                auction.maxRejectedBids()),
            store,
            events,
            policy,
            engine,
            inputs,
            clock,
            registry,
            feed,
            recovery,
            timer,
            store.remote() ? awardThread : Runnable::run,
            awardTimer(metrics),
            awards);
    Gauge.builder("omnimargin.auction.running", house, AuctionHouse::running)
        .description("Auctions held now, bidding or awarded and waiting for their fill")
        .register(metrics);
    if (auction.enabled()) {
      events.listen(ownerOnly.of(house));
      LOG.infof(
          "Auctions: window %d ms, fill window %d s, %d solver(s) allowed, suspension above %s fades",
          auction.window().toMillis(),
          auction.fillWindow().toSeconds(),
          config.solvers().allow().map(List::size).orElse(0),
          auction.maxFadeRate());
    } else {
      LOG.info("Auctions: off (omnimargin.auction.enabled=false)");
    }
    return house;
  }

  private static AuctionMetrics awardTimer(MeterRegistry metrics) {
    Timer timer =
        Timer.builder("omnimargin.auction.award")
            .description(
                "From the moment an auction may close (its window ended, or every connected"
                    + " solver answered) to the award sent to the winner's stream")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Produces
  @Singleton
  QuoteDesk quoteDesk(
      SolverFeed feed,
      AuctionHouse house,
      IntakePolicy policy,
      Clock clock,
      SignatureRecovery recovery) {
    return new QuoteDesk(feed, house, policy, clock, recovery);
  }
}
