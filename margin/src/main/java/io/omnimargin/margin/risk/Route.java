package io.omnimargin.margin.risk;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * The messaging route from a source chain to the hub: discount factor {@code m} in (0, 1] (wad) and
 * settlement latency in seconds. Liveness is state, not configuration (see {@code RouteHealth}).
 */
public record Route(long chainId, BigInteger discount, long latencySeconds) {
  public Route {
    if (discount.signum() <= 0 || discount.compareTo(Wad.ONE) > 0) {
      throw new InvalidRiskConfigException(
          "route " + chainId + ": m must be in (0, 1], got " + Wad.format(discount));
    }
    if (latencySeconds < 0) {
      throw new InvalidRiskConfigException("route " + chainId + ": latency must be ≥ 0");
    }
  }
}
