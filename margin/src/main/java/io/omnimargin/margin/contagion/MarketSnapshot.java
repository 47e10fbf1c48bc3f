package io.omnimargin.margin.contagion;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Prices and route liveness frozen at one moment, so that a stress run values every account against
 * the same market; {@link #shocked} derives a scenario's market from it. Whatever the engine's
 * prices and routes are (an index, an adaptive discount), the snapshot copies them as the engine
 * reports them, and the {@link io.omnimargin.margin.valuation.Valuator} does the rest.
 */
public final class MarketSnapshot implements MarketData {
  private final Map<String, Optional<Price>> prices;
  private final long[] down;

  private MarketSnapshot(Map<String, Optional<Price>> prices, long[] down) {
    this.prices = prices;
    this.down = down;
  }

  /** The live market's prices of every configured asset and the routes that are down now. */
  public static MarketSnapshot of(MarketData live, RiskConfig config) {
    Map<String, Optional<Price>> prices = new HashMap<>();
    for (AssetSpec asset : config.assets()) {
      prices.put(asset.symbol(), live.price(asset.symbol()));
    }
    long[] down =
        config.routes().stream()
            .mapToLong(Route::chainId)
            .filter(c -> !live.routeLive(c))
            .toArray();
    return new MarketSnapshot(Map.copyOf(prices), down);
  }

  @Override
  public Optional<Price> price(String asset) {
    Optional<Price> p = prices.get(asset);
    return p == null ? Optional.empty() : p;
  }

  @Override
  public boolean routeLive(long chainId) {
    for (long d : down) {
      if (d == chainId) {
        return false;
      }
    }
    return true;
  }

  /** The same prices with every route live: what a line is worth while its route works. */
  public MarketSnapshot allLive() {
    return new MarketSnapshot(prices, new long[0]);
  }

  /** The chains whose routes are down in this market. */
  public long[] routesDown() {
    return down.clone();
  }

  /** This market with the scenario's routes down and its prices shocked (publish times kept). */
  public MarketSnapshot shocked(StressScenario scenario) {
    Map<String, Optional<Price>> next = new HashMap<>(prices);
    scenario
        .priceShocks()
        .forEach(
            (asset, shock) -> {
              Optional<Price> p = prices.getOrDefault(asset, Optional.empty());
              next.put(
                  asset,
                  p.map(price -> new Price(shockedPrice(price.usd(), shock), price.publishTime())));
            });
    long[] more =
        scenario.routesDown().stream().mapToLong(Long::longValue).filter(this::routeLive).toArray();
    long[] all = java.util.Arrays.copyOf(down, down.length + more.length);
    System.arraycopy(more, 0, all, down.length, more.length);
    return new MarketSnapshot(Map.copyOf(next), all);
  }

  /** {@code price · (1 + shock)} rounded down, never below one wei so that it stays a price. */
  public static BigInteger shockedPrice(BigInteger price, BigInteger shock) {
    return Wad.mulDown(price, Wad.ONE.add(shock)).max(BigInteger.ONE);
  }
}
