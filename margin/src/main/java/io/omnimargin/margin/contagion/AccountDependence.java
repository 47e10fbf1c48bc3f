package io.omnimargin.margin.contagion;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.AccountValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One account's dependence on each route it holds value on: the value there, its share of the
 * account's collateral value, and {@code AV_m} if that route alone went down ({@code AV_m − value},
 * the spec's "collateral effectively lost"), against the account's {@code MMR}.
 */
public record AccountDependence(
    BigInteger avMaintenance, BigInteger mmr, List<AccountDependence.Route> routes) {

  public AccountDependence {
    routes = List.copyOf(routes);
  }

  /**
   * @param share of the account's collateral value on this route (wad)
   * @param belowMaintenanceIfDown whether {@code avMaintenanceIfDown < MMR}
   */
  public record Route(
      long chainId,
      BigInteger value,
      BigInteger share,
      BigInteger avMaintenanceIfDown,
      boolean belowMaintenanceIfDown) {}

  public static AccountDependence of(AccountValue value) {
    Map<Long, BigInteger> byRoute = ExposureMonitor.byRoute(value.collateral());
    BigInteger own = byRoute.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<Long, BigInteger> e : byRoute.entrySet()) {
      BigInteger ifDown = value.avMaintenance().subtract(e.getValue());
      routes.add(
          new Route(
              e.getKey(),
              e.getValue(),
              ExposureMonitor.share(e.getValue(), own),
              ifDown,
              ifDown.compareTo(value.mmr()) < 0));
    }
    return new AccountDependence(value.avMaintenance(), value.mmr(), routes);
  }

  /** The account's share on {@code chainId} (0 when it holds nothing there). */
  public BigInteger share(long chainId) {
    return routes.stream()
        .filter(r -> r.chainId() == chainId)
        .map(Route::share)
        .findFirst()
        .orElse(Wad.ZERO);
  }
}
