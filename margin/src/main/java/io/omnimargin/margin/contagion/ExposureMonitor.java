package io.omnimargin.margin.contagion;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Valuator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Measures, for every route, the share of the system's collateral value, {@code AV_m} and {@code
 * IMR} that depends on it, and the concentration over routes. Each account is valued by the
 * engine's own {@link Valuator}, so every line counts with the haircut and route discount the
 * engine applies now; equity and IMR come from the engine's cached totals. Chunks of accounts are
 * measured in parallel. Read-only.
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

  /** Running sums over a range of accounts. */
  private static final class Partial {
    final Map<Long, Sums> routes = new TreeMap<>();
    BigInteger equity = BigInteger.ZERO;
    BigInteger imr = BigInteger.ZERO;
    int measured;
  }

  private static final int CHUNK = 8192;

  public ExposureReport measure(List<ValuedAccount> ledger, MarketData market, long now) {
    int chunks = (ledger.size() + CHUNK - 1) / CHUNK;
    Partial all =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(c -> chunk(ledger, c * CHUNK, market, now))
            .reduce(ExposureMonitor::merge)
            .orElseGet(Partial::new);
    for (Route r : valuator.config().routes()) {
      all.routes.computeIfAbsent(r.chainId(), c -> new Sums());
    }
    BigInteger total =
        all.routes.values().stream().map(s -> s.value).reduce(BigInteger.ZERO, BigInteger::add);
    List<RouteExposure> rows = new ArrayList<>();
    BigInteger hhi = BigInteger.ZERO;
    for (Map.Entry<Long, Sums> e : all.routes.entrySet()) {
      Sums s = e.getValue();
      BigInteger share = share(s.value, total);
      hhi = hhi.add(Wad.mulDown(share, share));
      rows.add(
          new RouteExposure(
              e.getKey(),
              s.value,
              share,
              share(s.value, all.equity),
              share(s.imr, all.imr),
              s.accounts,
              market.routeLive(e.getKey())));
    }
    return new ExposureReport(now, all.measured, all.equity, all.imr, total, rows, hhi);
  }

  /**
   * One chunk: equity and IMR from the cached totals, each collateral line's value from the
   * valuator.
   */
  private Partial chunk(List<ValuedAccount> ledger, int from, MarketData market, long now) {
    Partial p = new Partial();
    int to = Math.min(ledger.size(), from + CHUNK);
    for (int i = from; i < to; i++) {
      ValuedAccount v = ledger.get(i);
      if (v.system()) {
        continue;
      }
      p.measured++;
      p.equity = p.equity.add(Wad.clampAtZero(v.totals().avMaintenance()));
      p.imr = p.imr.add(v.totals().imr());
      Map<Long, BigInteger> byRoute = byRoute(v.account(), market);
      if (!byRoute.isEmpty()) {
        add(p.routes, byRoute, v.totals().imr());
      }
    }
    return p;
  }

  private static Partial merge(Partial a, Partial b) {
    b.routes.forEach(
        (chain, s) -> {
          Sums t = a.routes.computeIfAbsent(chain, c -> new Sums());
          t.value = t.value.add(s.value);
          t.imr = t.imr.add(s.imr);
          t.accounts += s.accounts;
        });
    a.equity = a.equity.add(b.equity);
    a.imr = a.imr.add(b.imr);
    a.measured += b.measured;
    return a;
  }

  /** Adds one account's collateral value per route, and its IMR split by that value. */
  private static void add(Map<Long, Sums> routes, Map<Long, BigInteger> byRoute, BigInteger imr) {
    BigInteger own = byRoute.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    for (Map.Entry<Long, BigInteger> e : byRoute.entrySet()) {
      Sums s = routes.computeIfAbsent(e.getKey(), c -> new Sums());
      s.value = s.value.add(e.getValue());
      s.accounts++;
      s.imr = s.imr.add(imr.multiply(e.getValue()).divide(own));
    }
  }

  /** The account's collateral value for maintenance per chain, where positive. */
  private Map<Long, BigInteger> byRoute(Account account, MarketData market) {
    Map<Long, BigInteger> byRoute = new TreeMap<>();
    for (Map.Entry<CollateralKey, BigInteger> line : account.collateral().entrySet()) {
      BigInteger value = valuator.maintenanceValue(line.getKey(), line.getValue(), market);
      if (value.signum() > 0) {
        byRoute.merge(line.getKey().chainId(), value, BigInteger::add);
      }
    }
    return byRoute;
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
