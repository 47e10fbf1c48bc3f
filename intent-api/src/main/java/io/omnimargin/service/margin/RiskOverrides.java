package io.omnimargin.service.margin;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.InvalidRiskConfigException;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.service.config.OmnimarginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Applies configured overrides and additions to the default risk configuration. */
final class RiskOverrides {
  private RiskOverrides() {}

  static List<AssetSpec> assets(
      RiskConfig base, Map<String, OmnimarginConfig.AssetOverride> overrides) {
    Map<String, AssetSpec> assets = new LinkedHashMap<>();
    base.assets().forEach(asset -> assets.put(asset.symbol(), asset));
    overrides.forEach(
        (symbol, o) -> {
          AssetSpec old = assets.get(symbol);
          assets.put(
              symbol,
              new AssetSpec(
                  symbol,
                  pick(
                      o.decimals(),
                      old == null ? null : old::decimals,
                      "assets." + symbol + ".decimals"),
                  pick(o.sigma(), old == null ? null : old::sigma, "assets." + symbol + ".sigma"),
                  pick(
                      o.heartbeatSeconds(),
                      old == null ? null : old::heartbeatSeconds,
                      "assets." + symbol + ".heartbeat-seconds")));
        });
    return new ArrayList<>(assets.values());
  }

  static List<CollateralRisk> table(
      RiskConfig base, Map<String, OmnimarginConfig.CollateralOverride> overrides) {
    Map<CollateralKey, CollateralRisk> rows = new LinkedHashMap<>();
    base.table().forEach(row -> rows.put(row.key(), row));
    overrides.forEach(
        (name, o) -> {
          CollateralKey key = key(name);
          CollateralRisk old = rows.get(key);
          String path = "collateral.\"" + name + "\"";
          rows.put(
              key,
              new CollateralRisk(
                  key.asset(),
                  key.chainId(),
                  Wad.of(
                      pick(
                          o.haircut(),
                          old == null ? null : () -> Wad.format(old.haircut()),
                          path + ".haircut")),
                  Wad.of(
                      pick(
                          o.buffer(),
                          old == null ? null : () -> Wad.format(old.buffer()),
                          path + ".buffer")),
                  o.token()
                      .map(hex -> token(hex, path + ".token"))
                      .orElse(old == null ? CollateralRisk.NATIVE : old.token())));
        });
    return new ArrayList<>(rows.values());
  }

  private static Bytes32 token(String hex, String path) {
    try {
      return Bytes32.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new InvalidRiskConfigException(path + ": token must be 32 bytes of 0x hex");
    }
  }

  static List<MarketSpec> markets(
      RiskConfig base, Map<String, OmnimarginConfig.MarketOverride> overrides) {
    Map<String, MarketSpec> markets = new LinkedHashMap<>();
    base.markets().forEach(m -> markets.put(m.symbol(), m));
    overrides.forEach(
        (symbol, o) -> {
          MarketSpec old = markets.get(symbol);
          String path = "markets.\"" + symbol + "\"";
          markets.put(
              symbol,
              new MarketSpec(
                  symbol,
                  pick(o.baseAsset(), old == null ? null : old::baseAsset, path + ".base-asset"),
                  Wad.of(
                      pick(
                          o.imf(),
                          old == null ? null : () -> Wad.format(old.imf()),
                          path + ".imf")),
                  Wad.of(
                      pick(
                          o.mmf(),
                          old == null ? null : () -> Wad.format(old.mmf()),
                          path + ".mmf"))));
        });
    return new ArrayList<>(markets.values());
  }

  private static CollateralKey key(String name) {
    int at = name.indexOf('@');
    try {
      return new CollateralKey(Long.parseLong(name.substring(at + 1)), name.substring(0, at));
    } catch (RuntimeException e) {
      throw new InvalidRiskConfigException(
          "omnimargin.margin.collateral: key must be ASSET@CHAIN, got " + name);
    }
  }

  private static <T> T pick(Optional<T> configured, Supplier<T> fallback, String property) {
    if (configured.isPresent()) {
      return configured.get();
    }
    if (fallback == null) {
      throw new InvalidRiskConfigException(
          "omnimargin.margin." + property + " is required for a new entry");
    }
    return fallback.get();
  }
}
