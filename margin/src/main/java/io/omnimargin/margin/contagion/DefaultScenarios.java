package io.omnimargin.margin.contagion;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scenarios the monitor runs when none are configured (docs/risk-monitoring.md says why each):
 * ETH −30%; every crypto asset −30%; each bridged route down alone; Solana down with SOL −40%.
 * Assets and routes the configuration does not list are left out.
 */
public final class DefaultScenarios {
  private DefaultScenarios() {}

  public static List<StressScenario> of(RiskConfig config) {
    Set<String> assets =
        config.assets().stream().map(AssetSpec::symbol).collect(Collectors.toSet());
    List<StressScenario> out = new ArrayList<>();
    if (assets.contains("ETH")) {
      out.add(StressScenario.prices("eth-30", Map.of("ETH", Wad.of("-0.30"))));
    }
    Map<String, BigInteger> crash = new LinkedHashMap<>();
    for (String a : List.of("ETH", "BTC", "WBTC", "SOL")) {
      if (assets.contains(a)) {
        crash.put(a, Wad.of("-0.30"));
      }
    }
    if (!crash.isEmpty()) {
      out.add(StressScenario.prices("crypto-30", crash));
    }
    config.routes().stream()
        .filter(r -> r.latencySeconds() > 0) // a bridged route, not the hub's own chain
        .sorted((a, b) -> Long.compare(a.chainId(), b.chainId()))
        .forEach(
            r ->
                out.add(
                    StressScenario.routes("route-" + r.chainId() + "-down", Set.of(r.chainId()))));
    if (assets.contains("SOL") && config.chains().containsKey(1399811149L)) {
      out.add(
          new StressScenario(
              "solana-down-sol-40", Set.of(1399811149L), Map.of("SOL", Wad.of("-0.40"))));
    }
    return out;
  }
}
