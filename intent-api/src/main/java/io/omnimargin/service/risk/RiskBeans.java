package io.omnimargin.service.risk;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.settlement.RouteWatch;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.oracle.IndexParameters;
import io.omnimargin.margin.risk.InvalidRiskConfigException;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.risk.adaptive.RouteExpectations;
import io.omnimargin.margin.risk.adaptive.RouteScoring;
import io.omnimargin.margin.risk.adaptive.VolatilityParameters;
import io.omnimargin.service.config.OmnimarginConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Builds the adaptive risk parameters and the route watch from {@code omnimargin.risk.*}. */
@Singleton
public class RiskBeans {

  @Produces
  @Singleton
  AdaptiveParameters adaptiveParameters(OmnimarginConfig config) {
    OmnimarginConfig.Index i = config.risk().index();
    OmnimarginConfig.Volatility v = config.risk().volatility();
    try {
      return new AdaptiveParameters(
          new IndexParameters(i.defaultSource(), i.quorum(), Wad.of(i.band()), i.maxSources()),
          new VolatilityParameters(
              v.halfLife().toSeconds(), v.minSample().toSeconds(), v.step(), v.ceiling()));
    } catch (InvalidRiskConfigException | IllegalArgumentException e) {
      throw new IllegalStateException("omnimargin.risk: " + e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  RouteScoring routeScoring(OmnimarginConfig config) {
    OmnimarginConfig.RouteHealth h = config.risk().routeHealth();
    try {
      return new RouteScoring(
          h.window().toSeconds(),
          Wad.of(h.floorRatio()),
          h.disagreementBps(),
          h.reorgBps(),
          h.lagBps(),
          h.feeDoublingBps(),
          h.driftBps(),
          h.phaseIn().toSeconds(),
          h.latencyPercentile(),
          h.latencyWindow().toSeconds());
    } catch (InvalidRiskConfigException | IllegalArgumentException e) {
      throw new IllegalStateException("omnimargin.risk.route-health: " + e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  RouteWatch routeWatch(
      OmnimarginConfig config,
      RiskConfig risk,
      RouteScoring scoring,
      Clock clock,
      MarginInputs inputs) {
    Map<Long, RouteExpectations> calm = new HashMap<>();
    config
        .risk()
        .routes()
        .forEach(
            (id, c) -> {
              long chainId = chain(id, risk);
              Route route = risk.route(chainId);
              RouteExpectations d = RouteWatch.defaults(route);
              calm.put(
                  chainId,
                  new RouteExpectations(
                      c.blockTime().map(t -> t.toMillis()).orElse(d.blockMillis()),
                      c.finalityLag().map(t -> t.toSeconds()).orElse(d.finalitySeconds()),
                      c.referenceBaseFeeGwei().map(RiskBeans::gwei).orElse(BigInteger.ZERO)));
            });
    return new RouteWatch(risk, calm, scoring, () -> clock.instant().getEpochSecond(), inputs);
  }

  private static long chain(String id, RiskConfig risk) {
    try {
      long chainId = Long.parseLong(id);
      risk.route(chainId);
      return chainId;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("omnimargin.risk.routes: no route for chain " + id);
    }
  }

  private static BigInteger gwei(String decimal) {
    try {
      return new BigDecimal(decimal).movePointRight(9).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalStateException(
          "omnimargin.risk.routes.*.reference-base-fee-gwei: not gwei: " + decimal);
    }
  }
}
