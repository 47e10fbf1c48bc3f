package io.omnimargin.margin.engine;

import io.omnimargin.margin.oracle.CompositeIndex;
import io.omnimargin.margin.oracle.IndexReading;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.risk.adaptive.EwmaVolatility;
import io.omnimargin.margin.valuation.BufferTable;
import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's adaptive market data: the composite index per asset, its measured volatility, and
 * each route's scored discount and latency, all moving the {@link BufferTable} when they step.
 */
final class AdaptiveMarket {
  private final CompositeIndex index;
  private final Map<String, EwmaVolatility> volatility = new HashMap<>();
  private final BufferTable buffers;
  private final Map<Long, String> routeNotes = new ConcurrentHashMap<>();
  // set, σ is not measured here but taken from the engine that measures it (a ledger partition's
  // engine follows its replica's market engine, which sees every tick since start-up)
  private volatile BufferTable leader;

  /** What one source's price did: the index to hold now (if any) and whether {@code σ} stepped. */
  record Tick(Optional<Price> index, boolean sigmaStepped) {}

  AdaptiveMarket(RiskConfig config, BufferTable buffers, AdaptiveParameters parameters) {
    this.buffers = buffers;
    this.index = new CompositeIndex(parameters.index(), a -> config.asset(a).heartbeatSeconds());
    for (AssetSpec asset : config.assets()) {
      volatility.put(asset.symbol(), new EwmaVolatility(asset.sigma(), parameters.volatility()));
    }
  }

  /**
   * Takes every asset's {@code σ} from {@code leader} from now on, starting with its routes too.
   */
  void follow(BufferTable leader, RiskConfig config) {
    for (AssetSpec asset : config.assets()) {
      buffers.sigma(asset.symbol(), leader.sigma(asset.symbol()));
    }
    for (io.omnimargin.margin.risk.Route route : config.routes()) {
      long chain = route.chainId();
      buffers.route(
          chain, leader.latency(chain), leader.discount(chain), leader.maintenanceDiscount(chain));
    }
    this.leader = leader;
  }

  CompositeIndex index() {
    return index;
  }

  Tick onTick(String asset, String source, Price price, long now) {
    Optional<IndexReading> reading = index.update(asset, source, price, now);
    if (reading.isEmpty() || reading.get().index().isEmpty()) {
      return new Tick(Optional.empty(), false);
    }
    IndexReading r = reading.get();
    BigInteger value = r.index().get();
    boolean stepped = false;
    EwmaVolatility vol = volatility.get(asset);
    BufferTable follows = leader;
    if (follows != null) {
      double sigma = follows.sigma(asset);
      if (sigma != buffers.sigma(asset)) {
        buffers.sigma(asset, sigma);
        stepped = true;
      }
    } else if (r.fresh() && vol != null && vol.observe(value, r.publishTime())) {
      buffers.sigma(asset, vol.used());
      stepped = true;
    }
    return new Tick(Optional.of(new Price(value, r.publishTime())), stepped);
  }

  /** Moves a route's discounts and latency; answers whether anything changed. */
  boolean onRoute(EngineInput.RouteRisk r) {
    routeNotes.put(r.chainId(), r.explanation());
    if (buffers.latency(r.chainId()) == r.latencySeconds()
        && buffers.discount(r.chainId()).equals(r.discount())
        && buffers.maintenanceDiscount(r.chainId()).equals(r.maintenanceDiscount())) {
      return false;
    }
    buffers.route(r.chainId(), r.latencySeconds(), r.discount(), r.maintenanceDiscount());
    return true;
  }

  Optional<EwmaVolatility> volatility(String asset) {
    return Optional.ofNullable(volatility.get(asset));
  }

  Optional<String> routeNote(long chainId) {
    return Optional.ofNullable(routeNotes.get(chainId));
  }
}
