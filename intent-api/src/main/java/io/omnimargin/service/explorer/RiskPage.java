package io.omnimargin.service.explorer;

import io.omnimargin.service.risk.RiskViews;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The explorer's risk page, built from {@code GET /v1/risk}'s own view: exposure by route, the
 * concentration index, the correlations and the latest scheduled stress results.
 */
public record RiskPage(
    String at,
    long atSeconds,
    int accounts,
    Amount collateralValue,
    Amount avMaintenance,
    Amount imr,
    List<Route> routes,
    String chart,
    Amount hhi,
    String effectiveRoutes,
    Amount cap,
    boolean capReached,
    List<String> columns,
    List<Correlation> correlations,
    List<Scenario> scenarios) {

  public record Route(
      String chainId,
      String name,
      boolean live,
      Amount collateralValue,
      Amount collateralShare,
      Amount avMaintenanceShare,
      Amount imrShare,
      long accounts) {}

  public record Correlation(String asset, List<String> values) {}

  public record Scenario(
      String name,
      String what,
      long below,
      List<String> addresses,
      boolean complete,
      Amount notionalToPlace,
      Amount deficit,
      Amount insuranceFundAvailable,
      Amount insuranceFundDrawdown,
      Amount autoDeleverageShortfall,
      boolean reachesAutoDeleverage) {}

  static RiskPage of(RiskViews.RiskView v, long now) {
    List<Route> routes =
        v.routes().stream()
            .map(
                r ->
                    new Route(
                        r.chainId(),
                        r.chain(),
                        r.live(),
                        Amount.usd(r.collateralValue()),
                        Amount.percent(r.collateralShare(), 2),
                        Amount.percent(r.avMaintenanceShare(), 2),
                        Amount.percent(r.imrShare(), 2),
                        r.accounts()))
            .toList();
    var c = v.correlations();
    List<Correlation> rows = new java.util.ArrayList<>();
    for (int i = 0; i < c.rows().size(); i++) {
      rows.add(
          new Correlation(
              c.rows().get(i),
              c.values().get(i).stream()
                  .map(x -> x == null ? "—" : String.format(java.util.Locale.ROOT, "%.2f", x))
                  .toList()));
    }
    return new RiskPage(
        Ages.relative(v.at(), now),
        v.at(),
        v.accounts(),
        Amount.usd(v.collateralValue()),
        Amount.usd(v.avMaintenance()),
        Amount.usd(v.imr()),
        routes,
        chart(v),
        Amount.quantity(v.concentration().hhi()),
        new java.math.BigDecimal(v.concentration().effectiveRoutes())
            .setScale(2, java.math.RoundingMode.HALF_EVEN)
            .toPlainString(),
        Amount.percent(v.concentration().cap(), 2),
        v.concentration().capReached(),
        c.columns(),
        rows,
        v.stress().scenarios().stream().map(RiskPage::scenario).toList());
  }

  /** The chart's data for explorer.js: each route's collateral value, as JSON. */
  private static String chart(RiskViews.RiskView v) {
    return v.routes().stream()
        .map(r -> "{\"name\":\"" + r.chain() + "\",\"value\":" + r.collateralValue() + "}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static Scenario scenario(RiskViews.ScenarioView s) {
    String what =
        s.priceShocks().entrySet().stream()
            .map(e -> e.getKey() + " " + Amount.percent(e.getValue(), 2).human())
            .collect(Collectors.joining(", "));
    if (!s.routesDown().isEmpty()) {
      what =
          (what.isEmpty() ? "" : what + "; ") + "routes down: " + String.join(", ", s.routesDown());
    }
    return new Scenario(
        s.name(),
        what.isEmpty() ? "nothing moves" : what,
        s.accountsBelowMaintenanceCount(),
        s.accountsBelowMaintenance().stream().limit(20).toList(),
        s.listComplete() && s.accountsBelowMaintenance().size() <= 20,
        Amount.usd(s.notionalToPlace()),
        Amount.usd(s.deficit()),
        Amount.usd(s.insuranceFundAvailable()),
        Amount.usd(s.insuranceFundDrawdown()),
        Amount.usd(s.autoDeleverageShortfall()),
        s.reachesAutoDeleverage());
  }
}
