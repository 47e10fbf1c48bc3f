package io.omnimargin.margin.risk;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole risk configuration, validated as one: every table row names a known asset and a chain
 * with a route, every route a known chain, every market a known base asset. A bad configuration
 * raises {@link InvalidRiskConfigException} naming the entry, so the service refuses to start.
 */
public final class RiskConfig {
  private final Map<Long, String> chains;
  private final Map<String, AssetSpec> assets;
  private final Map<CollateralKey, CollateralRisk> table;
  private final Map<Long, Route> routes;
  private final Map<String, MarketSpec> markets;
  private final RiskParameters parameters;

  public RiskConfig(
      Map<Long, String> chains,
      Collection<AssetSpec> assets,
      Collection<CollateralRisk> table,
      Collection<Route> routes,
      Collection<MarketSpec> markets,
      RiskParameters parameters) {
    this.chains = Map.copyOf(chains);
    this.assets = index(assets, AssetSpec::symbol, "asset");
    this.table = index(table, CollateralRisk::key, "risk table row");
    this.routes = index(routes, Route::chainId, "route");
    this.markets = index(markets, MarketSpec::symbol, "market");
    this.parameters = parameters;
    validate();
  }

  private void validate() {
    for (Route route : routes.values()) {
      if (!chains.containsKey(route.chainId())) {
        throw new InvalidRiskConfigException("route for unknown chain " + route.chainId());
      }
    }
    for (CollateralRisk row : table.values()) {
      if (!assets.containsKey(row.asset())) {
        throw new InvalidRiskConfigException("risk table row for unknown asset " + row.asset());
      }
      if (!routes.containsKey(row.chainId())) {
        throw new InvalidRiskConfigException(
            "risk table row " + row.asset() + "@" + row.chainId() + " has no route for its chain");
      }
    }
    for (MarketSpec market : markets.values()) {
      if (!assets.containsKey(market.baseAsset())) {
        throw new InvalidRiskConfigException(
            "market " + market.symbol() + " follows unknown asset " + market.baseAsset());
      }
    }
  }

  private static <K, V> Map<K, V> index(Collection<V> values, Function<V, K> key, String what) {
    return values.stream()
        .collect(
            Collectors.toUnmodifiableMap(
                key,
                Function.identity(),
                (a, b) -> {
                  throw new InvalidRiskConfigException("duplicate " + what + " " + key.apply(a));
                }));
  }

  /**
   * The embedded default: the seed's four table rows; Ethereum 1, Arbitrum 42161 (the hub, so
   * {@code m = 1}), Polygon 137 and Solana 1399811149 with their routes; three perpetual markets.
   */
  public static RiskConfig defaults() {
    return new RiskConfig(
        Map.of(1L, "Ethereum", 42161L, "Arbitrum", 137L, "Polygon", 1399811149L, "Solana"),
        List.of(
            new AssetSpec("ETH", 18, 0.80, 3600),
            new AssetSpec("USDC", 6, 0.02, 86400),
            new AssetSpec("SOL", 9, 1.20, 3600),
            new AssetSpec("WBTC", 8, 0.70, 3600),
            new AssetSpec("BTC", 8, 0.70, 3600)),
        List.of(
            new CollateralRisk("ETH", 1, Wad.of("0.05"), Wad.of("0.10"), CollateralRisk.NATIVE),
            new CollateralRisk(
                "USDC",
                42161,
                Wad.of("0.02"),
                Wad.of("0.05"),
                pad("af88d065e77c8cc2239327c5edb3a432268e5831")),
            new CollateralRisk(
                "SOL", 1399811149, Wad.of("0.12"), Wad.of("0.15"), CollateralRisk.NATIVE),
            new CollateralRisk(
                "WBTC",
                137,
                Wad.of("0.08"),
                Wad.of("0.12"),
                pad("1bfd67037b42cf73acf2047067bd4f2c47d9bfd6"))),
        List.of(
            new Route(1, Wad.of("0.99"), 900),
            new Route(42161, Wad.ONE, 0),
            new Route(137, Wad.of("0.98"), 1800),
            new Route(1399811149, Wad.of("0.97"), 1800)),
        List.of(
            new MarketSpec("ETH-PERP", "ETH", Wad.of("0.10"), Wad.of("0.05")),
            new MarketSpec("BTC-PERP", "BTC", Wad.of("0.10"), Wad.of("0.05")),
            new MarketSpec("SOL-PERP", "SOL", Wad.of("0.20"), Wad.of("0.10"))),
        RiskParameters.defaults());
  }

  /** The collateral a withdrawal names by (chain, 32-byte token address), if it is in the table. */
  private static Bytes32 pad(String address20Hex) {
    return Address.parse("0x" + address20Hex).toWord();
  }

  public Optional<CollateralRisk> byToken(long chainId, Bytes32 token) {
    return table.values().stream()
        .filter(row -> row.chainId() == chainId && row.token().equals(token))
        .findFirst();
  }

  public Optional<CollateralRisk> risk(CollateralKey key) {
    return Optional.ofNullable(table.get(key));
  }

  public AssetSpec asset(String symbol) {
    AssetSpec asset = assets.get(symbol);
    if (asset == null) {
      throw new IllegalArgumentException("unknown asset " + symbol);
    }
    return asset;
  }

  public Optional<MarketSpec> market(String symbol) {
    return Optional.ofNullable(markets.get(symbol));
  }

  public Route route(long chainId) {
    Route route = routes.get(chainId);
    if (route == null) {
      throw new IllegalArgumentException("no route for chain " + chainId);
    }
    return route;
  }

  public Collection<AssetSpec> assets() {
    return assets.values();
  }

  public Collection<CollateralRisk> table() {
    return table.values();
  }

  public Collection<Route> routes() {
    return routes.values();
  }

  public Collection<MarketSpec> markets() {
    return markets.values();
  }

  public Map<Long, String> chains() {
    return chains;
  }

  public RiskParameters parameters() {
    return parameters;
  }
}
