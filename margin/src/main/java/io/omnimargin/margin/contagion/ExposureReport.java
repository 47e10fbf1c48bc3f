package io.omnimargin.margin.contagion;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The system's dependence on its routes at one moment (the clearing house's own accounts left out).
 *
 * @param at the hub's clock, unix seconds
 * @param accounts accounts measured
 * @param avMaintenance {@code Σ max(0, AV_m)}: the system's equity
 * @param imr {@code Σ IMR}
 * @param collateralValue {@code Σ V(c, w_m)} over every route
 * @param routes one row per configured route, by chain id
 * @param hhi the Herfindahl–Hirschman index of the routes' collateral shares, {@code Σ share²}
 *     (wad): 1 when one route holds everything, {@code 1/n} when n routes hold equal shares; 0 with
 *     no collateral
 */
public record ExposureReport(
    long at,
    int accounts,
    BigInteger avMaintenance,
    BigInteger imr,
    BigInteger collateralValue,
    List<RouteExposure> routes,
    BigInteger hhi) {

  public ExposureReport {
    routes = List.copyOf(routes);
  }

  public Optional<RouteExposure> route(long chainId) {
    return routes.stream().filter(r -> r.chainId() == chainId).findFirst();
  }
}
