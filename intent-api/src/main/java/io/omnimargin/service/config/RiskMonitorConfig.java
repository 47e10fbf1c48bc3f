package io.omnimargin.service.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contagion monitor, the stress engine and the route concentration cap ({@code
 * omnimargin.risk-monitor.*}); docs/risk-monitoring.md explains each default.
 */
public interface RiskMonitorConfig {

  /** How often exposure is measured and the scheduled scenarios run over the live ledger. */
  @WithDefault("60s")
  Duration interval();

  /**
   * The scheduled scenarios by name, e.g. {@code
   * omnimargin.risk-monitor.scenarios.eth-crash.price-shocks.ETH=-0.30} and {@code
   * omnimargin.risk-monitor.scenarios.polygon-down.routes-down=137}. None configured: the built-in
   * set of docs/risk-monitoring.md.
   */
  Map<String, Scenario> scenarios();

  /** One configured scenario. */
  interface Scenario {
    /** Chain ids whose route is taken down ({@code m = 0}). */
    Optional<List<Long>> routesDown();

    /** Price moves by asset, fractions in [-0.99, 10] ({@code -0.30} is 30% lower). */
    Map<String, String> priceShocks();
  }

  /**
   * The cap on a route's share of the system's collateral value (a fraction in (0, 1]); past it,
   * accounts holding value on the route may take no new risk ({@code route-concentration}). 1 never
   * refuses: the default.
   */
  @WithDefault("1")
  String concentrationCap();

  /** The cap applies only while the system holds at least this much collateral value (USD). */
  @WithDefault("1000000")
  String concentrationMinimum();

  /** At most this many addresses listed per scenario (the count is always exact). */
  @WithDefault("1000")
  int listedAccounts();

  /** At most this many scenarios in one {@code POST /v1/risk/stress}. */
  @WithDefault("10")
  int maxScenarios();

  /** The return series' bucket: one price per asset and bucket counts. */
  @WithDefault("60s")
  Duration returnBucket();

  /** How many buckets each asset's return series keeps (1440 × 60 s: a day). */
  @WithDefault("1440")
  int returnBuckets();
}
