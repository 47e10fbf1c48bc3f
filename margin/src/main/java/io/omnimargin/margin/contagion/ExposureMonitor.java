package io.omnimargin.margin.contagion;

import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Valuator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures, for every route, the share of the system's collateral value, {@code AV_m} and {@code
 * IMR} that depends on it, and the concentration over routes. Each account is valued by the
 * engine's own {@link Valuator}, so every line counts with the haircut and route discount the
 * engine applies now. Read-only.
 */
public final class ExposureMonitor {
  private final Valuator valuator;

  public ExposureMonitor(Valuator valuator) {
    this.valuator = valuator;
  }

  /** Running sums per route. */
  private static final class Sums {
    BigInteger value = BigInteger.ZERO;
    BigInteger imr = BigInteger.ZERO;
    long accounts;
  }

  public ExposureReport measure(List<ValuedAccount> ledger, MarketData market, long now) {
    Map<Long, Sums> routes = new TreeMap<>();
    for (Route r : valuator.config().routes()) {
      routes.put(r.chainId(), new Sums());
    }
    BigInteger equity = BigInteger.ZERO;
    BigInteger imr = BigInteger.ZERO;
    int measured = 0;
    for (ValuedAccount v : ledger) {
      if (v.system()) {
        continue;
      }
      measured++;
      equity = equity.add(Wad.clampAtZero(v.totals().avMaintenance()));
      imr = imr.add(v.totals().imr());
      if (!v.account().collateral().isEmpty()) {
        add(routes, valuator.valuate(v.account(), market, now));
      }
    }
    BigInteger total =
        routes.values().stream().map(s -> s.value).reduce(BigInteger.ZERO, BigInteger::add);
    List<RouteExposure> rows = new ArrayList<>();
    BigInteger hhi = BigInteger.ZERO;
    for (Map.Entry<Long, Sums> e : routes.entrySet()) {
      Sums s = e.getValue();
      BigInteger share = share(s.value, total);
      hhi = hhi.add(Wad.mulDown(share, share));
      rows.add(
          new RouteExposure(
              e.getKey(),
              s.value,
              share,
              share(s.value, equity),
              share(s.imr, imr),
              s.accounts,
              market.routeLive(e.getKey())));
    }
    return new ExposureReport(now, measured, equity, imr, total, rows, hhi);
  }

  /** Adds one account's collateral value per route, and its IMR split by that value. */
  private static void add(Map<Long, Sums> routes, AccountValue value) {
    Map<Long, BigInteger> byRoute = byRoute(value.collateral());
    BigInteger own = byRoute.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    for (Map.Entry<Long, BigInteger> e : byRoute.entrySet()) {
      Sums s = routes.computeIfAbsent(e.getKey(), c -> new Sums());
      s.value = s.value.add(e.getValue());
      s.accounts++;
      s.imr = s.imr.add(value.imr().multiply(e.getValue()).divide(own));
    }
  }

  /** Collateral value for maintenance per chain, only the chains where it is positive. */
  static Map<Long, BigInteger> byRoute(List<CollateralLine> lines) {
    Map<Long, BigInteger> byRoute = new TreeMap<>();
    for (CollateralLine line : lines) {
      if (line.valueMaintenance().signum() > 0) {
        byRoute.merge(line.chainId(), line.valueMaintenance(), BigInteger::add);
      }
    }
    return byRoute;
  }

  /** {@code part / whole} as a wad fraction rounded down; 0 when the whole is not positive. */
  static BigInteger share(BigInteger part, BigInteger whole) {
    return whole.signum() > 0 ? Wad.divDown(part, whole) : BigInteger.ZERO;
  }
}
