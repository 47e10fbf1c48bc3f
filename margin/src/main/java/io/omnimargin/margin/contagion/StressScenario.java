package io.omnimargin.margin.contagion;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A what-if: these routes down ({@code m = 0} for their collateral) and these prices moved by a
 * fraction each (wad; {@code -0.30} is ETH 30% lower). The edge bounds the numbers; the core only
 * insists that every shocked price stays positive.
 */
public record StressScenario(
    String name, Set<Long> routesDown, Map<String, BigInteger> priceShocks) {

  public StressScenario {
    routesDown = Set.copyOf(new TreeSet<>(routesDown));
    priceShocks = Map.copyOf(new TreeMap<>(priceShocks));
    for (Map.Entry<String, BigInteger> shock : priceShocks.entrySet()) {
      if (shock.getValue().compareTo(Wad.ONE.negate()) <= 0) {
        throw new IllegalArgumentException(
            "a shock of " + shock.getKey() + " must leave its price positive (> -1)");
      }
    }
  }

  /** A scenario of price shocks only. */
  public static StressScenario prices(String name, Map<String, BigInteger> shocks) {
    return new StressScenario(name, Set.of(), shocks);
  }

  /** A scenario of routes down only. */
  public static StressScenario routes(String name, Set<Long> down) {
    return new StressScenario(name, down, Map.of());
  }
}
