package io.omnimargin.service.wiring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.intake.RateLimit;
import io.omnimargin.hub.intake.RateLimiter;
import io.omnimargin.hub.intent.ExpirySweeper;
import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.LiquidatedIntents;
import io.omnimargin.hub.margin.MarginGate;
import io.omnimargin.hub.margin.RouteConcentrationGuard;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.concurrent.NamedThreads;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisIntentStore;
import io.omnimargin.service.store.RedisRateLimit;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Builds the plain-Java core from configuration; the only place the two meet. */
@Singleton
public class IntentBeans {
  private static final Logger LOG = Logger.getLogger(IntentBeans.class);

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  SignatureRecovery signatureRecovery() {
    SignatureRecovery recovery = Secp256k1Provider.recovery();
    LOG.infof(
        "Signature recovery: %s (%s)",
        recovery.name(), recovery.isNative() ? "native" : "pure-Java fallback, slower");
    return recovery;
  }

  @Produces
  @Singleton
  IntakePolicy intakePolicy(OmnimarginConfig config) {
    Address settler;
    try {
      settler = Address.parse(config.hub().settler());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "omnimargin.hub.settler is not an address: " + config.hub().settler(), e);
    }
    Eip712Domain domain = Eip712Domain.omnimargin(ChainId.of(config.hub().chainId()), settler);
    LOG.infof("Accepting intents for domain %s", domain);
    return new IntakePolicy(
        domain,
        config.intake().markets().stream().map(MarketSymbol::new).collect(Collectors.toSet()),
        config.intake().maxOpenPerUser());
  }

  @Produces
  @Singleton
  IntentStore intentStore(
      OmnimarginConfig config,
      Instance<RedisDataSource> redis,
      Instance<EmbeddedStorage> embedded) {
    return switch (config.store()) {
      case REDIS -> {
        RedisDataSource ds = redis.get();
        LOG.infof("Intent store: Redis (key prefix %s)", config.redis().keyPrefix());
        yield new RedisIntentStore(RedisCommands.over(ds), config.redis().keyPrefix());
      }
      case EMBEDDED -> embedded.get().intents();
      case IN_MEMORY -> {
        LOG.info("Intent store: in-memory (intents are lost when the process stops)");
        yield new InMemoryIntentStore();
      }
    };
  }

  @Produces
  @Singleton
  IntakeService intakeService(
      IntakePolicy policy,
      IntentStore store,
      SignatureRecovery recovery,
      Clock clock,
      OmnimarginConfig config,
      IntentEventBus events,
      MarginGate gate,
      Instance<RedisDataSource> redis) {
    OmnimarginConfig.Intake intake = config.intake();
    RateLimit perUser;
    if (config.store() == OmnimarginConfig.StoreKind.REDIS) {
      // one bucket per user for every replica, not one per replica
      RedisDataSource ds = redis.get();
      perUser =
          new RedisRateLimit(
              RedisCommands.over(ds),
              config.redis().keyPrefix() + "rate:user:",
              intake.perUserPerSecond(),
              intake.perUserBurst());
    } else {
      perUser = new RateLimiter(intake.perUserPerSecond(), intake.perUserBurst(), 100_000);
    }
    return new IntakeService(policy, store, recovery, clock, perUser, events, gate);
  }

  @Produces
  @Singleton
  ExpirySweeper expirySweeper(IntentStore store, Clock clock, IntentEventBus events) {
    return new ExpirySweeper(store, clock, events);
  }

  /**
   * Signature recovery is CPU-bound: it runs here, never on the Vert.x event loop. On a partitioned
   * ledger the same thread then waits for the trader's partition to answer the margin check, a
   * round trip through the broker: eight threads per core keep the cores busy meanwhile.
   */
  @Produces
  @Singleton
  @Named("intake-verify")
  ExecutorService verifyPool(OmnimarginConfig config) {
    int cores = Runtime.getRuntime().availableProcessors();
    int threads =
        config.intake().verifyThreads() > 0
            ? config.intake().verifyThreads()
            : PartitionedLedger.configured(config) ? 8 * cores : cores;
    return Executors.newFixedThreadPool(threads, NamedThreads.pool("intake-verify"));
  }

  void closeVerifyPool(@Disposes @Named("intake-verify") ExecutorService pool) {
    pool.shutdown();
  }

  @Produces
  @Singleton
  MarginGate marginGate(
      MarginBook engine, RiskConfig risk, OmnimarginConfig config, RiskMonitor monitor) {
    return new MarginGate(
        engine, risk, config.margin().gateIntake(), RouteConcentrationGuard.of(monitor));
  }

  /**
   * A liquidation cancels the account's intents that are not yet taken (off the engine's thread).
   */
  void cancelLiquidatedIntents(
      @jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started,
      io.omnimargin.service.margin.AccountEventHub accountEvents,
      IntentStore store,
      IntentEventBus events,
      Clock clock,
      @Named("intake-verify") ExecutorService pool) {
    accountEvents.listen(new LiquidatedIntents(store, events, clock, pool));
  }

  /** Status changes, counted per status for the metrics. */
  @Produces
  @Singleton
  IntentEventBus intentEvents(MarginGate gate, MeterRegistry metrics) {
    IntentEventBus bus = new IntentEventBus(gate);
    Map<IntentStatus, Counter> counters = new EnumMap<>(IntentStatus.class);
    for (IntentStatus status : IntentStatus.values()) {
      counters.put(status, metrics.counter("omnimargin.intents.status", "status", status.name()));
    }
    bus.listen((intent, change) -> counters.get(change.status()).increment());
    bus.listen(new StatusLog());
    return bus;
  }
}
