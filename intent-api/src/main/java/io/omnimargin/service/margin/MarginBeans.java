package io.omnimargin.service.margin;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.FundingTerms;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.InMemoryLedgerStore;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.oracle.PublishTimeGuard;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.RiskParameters;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.service.cluster.ClusterPeers;
import io.omnimargin.service.cluster.LedgerEpoch;
import io.omnimargin.service.cluster.OwnedLedgerStore;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.stream.MarginEventPublisher;
import io.omnimargin.service.store.RedisCommands;
import io.omnimargin.service.store.RedisLedgerStore;
import io.omnimargin.store.embedded.EmbeddedStorage;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Builds the margin core from configuration: the defaults of {@link RiskConfig} plus overrides. */
@Singleton
public class MarginBeans {
  private static final Logger LOG = Logger.getLogger(MarginBeans.class);

  @Produces
  @Singleton
  RiskConfig riskConfig(OmnimarginConfig config) {
    RiskConfig base = RiskConfig.defaults();
    OmnimarginConfig.Margin margin = config.margin();
    List<Route> routes = new ArrayList<>();
    for (Route route : base.routes()) {
      var override = margin.routes().get(Long.toString(route.chainId()));
      routes.add(
          override == null
              ? route
              : new Route(
                  route.chainId(),
                  override.discount().map(Wad::of).orElse(route.discount()),
                  override.latencySeconds().orElse(route.latencySeconds())));
    }
    for (String chain : margin.routes().keySet()) {
      if (!base.chains().containsKey(parseChain(chain))) {
        throw new IllegalStateException("omnimargin.margin.routes: unknown chain " + chain);
      }
    }
    RiskParameters parameters =
        new RiskParameters(
            Wad.of(margin.callBand()),
            margin.epsilon(),
            margin.deleverageGrace().toSeconds(),
            Wad.of(margin.deleverageStep()),
            base.parameters().backstopFraction());
    RiskConfig risk =
        new RiskConfig(
            base.chains(),
            RiskOverrides.assets(base, margin.assets()),
            RiskOverrides.table(base, margin.collateral()),
            routes,
            RiskOverrides.markets(base, margin.markets()),
            parameters);
    for (Route route : risk.routes()) {
      LOG.infof(
          "Route chain %d (%s): m=%s, latency %d s",
          route.chainId(),
          risk.chains().get(route.chainId()),
          Wad.format(route.discount()),
          route.latencySeconds());
    }
    return risk;
  }

  private static long parseChain(String chain) {
    try {
      return Long.parseLong(chain);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("omnimargin.margin.routes: not a chain id: " + chain);
    }
  }

  @Produces
  @Singleton
  Valuator valuator(RiskConfig risk) {
    return new Valuator(risk);
  }

  /** The ledger lives where intents live: embedded by default, in memory, or in Redis. */
  @Produces
  @Singleton
  LedgerStore ledgerStore(
      OmnimarginConfig config,
      Instance<RedisDataSource> redis,
      Instance<EmbeddedStorage> embedded,
      ClusterPeers peers,
      LedgerEpoch epoch) {
    if (PartitionedLedger.configured(config)) {
      return LedgerStore.NONE; // accounts live in their partitions; this engine holds the markets
    }
    return switch (config.store()) {
      case REDIS -> {
        RedisCommands commands = RedisCommands.over(redis.get());
        String prefix = config.redis().keyPrefix();
        // in a cluster only the ledger's owner holds accounts, and its writes are fenced
        yield peers.cluster()
            ? new OwnedLedgerStore(RedisLedgerStore.fenced(commands, prefix, epoch::get), epoch)
            : new RedisLedgerStore(commands, prefix);
      }
      case EMBEDDED -> embedded.get().ledger();
      case IN_MEMORY -> new InMemoryLedgerStore();
    };
  }

  /** The one rule every price source applies: no publish time ahead of the hub's clock. */
  @Produces
  @Singleton
  PublishTimeGuard publishTimeGuard(OmnimarginConfig config, Clock clock) {
    return new PublishTimeGuard(
        config.oracle().maxFutureSkew(), () -> clock.instant().getEpochSecond());
  }

  @Produces
  @Singleton
  @Typed(MarginEngine.class) // the workflows' MarginBook is produced apart (ClusterBeans)
  MarginEngine marginEngine(
      Valuator valuator,
      Clock clock,
      MarginEventPublisher events,
      LedgerStore ledger,
      OmnimarginConfig config,
      AdaptiveParameters adaptive) {
    MarginEngine engine =
        engine(valuator, clock, events, ledger, clearing(config.clearing()), adaptive);
    LOG.infof(
        "Margin ledger: %s, %d accounts loaded",
        ledger.getClass().getSimpleName(), engine.accountCount());
    return engine;
  }

  /**
   * An engine of this service over {@code ledger}: the service's one engine, or a ledger
   * partition's, whose clearing terms are the partition's own system shards.
   */
  public static MarginEngine engine(
      Valuator valuator,
      Clock clock,
      MarginEventPublisher events,
      LedgerStore ledger,
      ClearingParameters clearing,
      AdaptiveParameters adaptive) {
    return new MarginEngine(
        valuator, () -> clock.instant().getEpochSecond(), events, ledger, clearing, adaptive);
  }

  static ClearingParameters clearing(OmnimarginConfig.Clearing c) {
    try {
      return new ClearingParameters(
          c.insuranceFund().orElse(ClearingParameters.INSURANCE_FUND),
          c.feePool().orElse(ClearingParameters.FEE_POOL),
          c.settlementPool().orElse(ClearingParameters.SETTLEMENT_POOL),
          Wad.of(c.liquidationPenalty()),
          Wad.of(c.insuranceFloor()),
          new FundingTerms(c.fundingInterval().toSeconds(), Wad.of(c.fundingCap())));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("omnimargin.clearing: " + e.getMessage(), e);
    }
  }
}
