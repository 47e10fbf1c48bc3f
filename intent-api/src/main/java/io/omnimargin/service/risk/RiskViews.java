package io.omnimargin.service.risk;

import io.omnimargin.margin.contagion.AccountDependence;
import io.omnimargin.margin.contagion.ConcentrationLimit;
import io.omnimargin.margin.contagion.CorrelationMatrix;
import io.omnimargin.margin.contagion.ExposureReport;
import io.omnimargin.margin.contagion.RouteExposure;
import io.omnimargin.margin.contagion.ScenarioResult;
import io.omnimargin.margin.contagion.StressRun;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON of {@code /v1/risk}: USD amounts and fractions as decimal strings. */
public final class RiskViews {
  private RiskViews() {}

  public record RouteView(
      String chainId,
      String chain,
      boolean live,
      @Schema(description = "Σ V(c, w_m) on the route, USD") String collateralValue,
      @Schema(description = "Share of the system's collateral value") String collateralShare,
      @Schema(description = "collateralValue / Σ max(0, AV_m)") String avMaintenanceShare,
      @Schema(description = "Share of Σ IMR backed by the route") String imrShare,
      long accounts) {}

  public record ConcentrationView(
      @Schema(description = "Σ share² over routes (Herfindahl–Hirschman), 0 to 1") String hhi,
      @Schema(description = "1 / hhi: how many equal routes would give this index")
          String effectiveRoutes,
      String cap,
      @Schema(description = "The cap applies from this much collateral value, USD") String minimum,
      @Schema(description = "Whether a route is past the cap now") boolean capReached) {}

  public record ScenarioView(
      String name,
      List<String> routesDown,
      Map<String, String> priceShocks,
      @Schema(description = "Addresses with AV_m < MMR after the scenario (up to the list limit)")
          List<String> accountsBelowMaintenance,
      long accountsBelowMaintenanceCount,
      @Schema(description = "Whether every such address is listed") boolean listComplete,
      @Schema(description = "Σ |s|·P' of their positions, USD") String notionalToPlace,
      @Schema(description = "Σ max(0, −AV_m'), USD") String deficit,
      @Schema(description = "The fund's shocked AV_m above its floor, USD")
          String insuranceFundAvailable,
      @Schema(description = "min(deficit, available), USD") String insuranceFundDrawdown,
      @Schema(description = "deficit − drawdown, USD") String autoDeleverageShortfall,
      boolean reachesAutoDeleverage) {}

  public record StressView(
      long at, int accounts, long elapsedMillis, List<ScenarioView> scenarios) {}

  public record RiskView(
      long at,
      int accounts,
      @Schema(description = "Σ max(0, AV_m) over accounts, USD") String avMaintenance,
      @Schema(description = "Σ IMR, USD") String imr,
      @Schema(description = "Σ V(c, w_m) over every route, USD") String collateralValue,
      List<RouteView> routes,
      ConcentrationView concentration,
      CorrelationMatrix correlations,
      StressView stress) {}

  public record DependenceRow(
      String chainId,
      String value,
      String share,
      String avMaintenanceIfDown,
      boolean belowMaintenanceIfDown) {}

  public record DependenceView(
      String address, String avMaintenance, String mmr, List<DependenceRow> routes) {}

  static RiskView risk(
      ExposureReport e,
      StressRun stress,
      CorrelationMatrix correlations,
      ConcentrationLimit limit,
      RiskConfig risk) {
    return new RiskView(
        e.at(),
        e.accounts(),
        Wad.format(e.avMaintenance()),
        Wad.format(e.imr()),
        Wad.format(e.collateralValue()),
        e.routes().stream().map(r -> route(r, risk)).toList(),
        new ConcentrationView(
            Wad.format(e.hhi()),
            e.hhi().signum() > 0 ? Wad.format(Wad.divDown(Wad.ONE, e.hhi())) : "0",
            Wad.format(limit.cap()),
            Wad.format(limit.minSystemValue()),
            limit.anyOver(e)),
        correlations,
        stress(stress));
  }

  private static RouteView route(RouteExposure r, RiskConfig risk) {
    return new RouteView(
        Long.toString(r.chainId()),
        risk.chains().getOrDefault(r.chainId(), "chain " + r.chainId()),
        r.live(),
        Wad.format(r.collateralValue()),
        Wad.format(r.collateralShare()),
        Wad.format(r.avMaintenanceShare()),
        Wad.format(r.imrShare()),
        r.accounts());
  }

  static StressView stress(StressRun run) {
    return new StressView(
        run.at(),
        run.accounts(),
        run.elapsedMillis(),
        run.results().stream().map(RiskViews::scenario).toList());
  }

  private static ScenarioView scenario(ScenarioResult r) {
    Map<String, String> shocks = new TreeMap<>();
    r.scenario().priceShocks().forEach((a, s) -> shocks.put(a, Wad.format(s)));
    return new ScenarioView(
        r.scenario().name(),
        r.scenario().routesDown().stream().sorted().map(String::valueOf).toList(),
        shocks,
        r.listed().stream().map(Address::toChecksumHex).toList(),
        r.accountsBelowMaintenance(),
        r.complete(),
        Wad.format(r.notionalToPlace()),
        Wad.format(r.deficit()),
        Wad.format(r.insuranceFundAvailable()),
        Wad.format(r.insuranceFundDrawdown()),
        Wad.format(r.autoDeleverageShortfall()),
        r.reachesAutoDeleverage());
  }

  static DependenceView dependence(String address, AccountDependence d) {
    return new DependenceView(
        address,
        Wad.format(d.avMaintenance()),
        Wad.format(d.mmr()),
        d.routes().stream()
            .map(
                r ->
                    new DependenceRow(
                        Long.toString(r.chainId()),
                        Wad.format(r.value()),
                        Wad.format(r.share()),
                        Wad.format(r.avMaintenanceIfDown()),
                        r.belowMaintenanceIfDown()))
            .toList());
  }
}
