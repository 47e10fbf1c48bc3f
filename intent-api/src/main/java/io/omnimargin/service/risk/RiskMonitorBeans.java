package io.omnimargin.service.risk;

import io.omnimargin.margin.contagion.ConcentrationLimit;
import io.omnimargin.margin.contagion.DefaultScenarios;
import io.omnimargin.margin.contagion.ReturnSeries;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.contagion.StressScenario;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.service.cluster.PartitionedLedger;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.config.RiskMonitorConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the contagion monitor from {@code omnimargin.risk-monitor.*}. */
@Singleton
public class RiskMonitorBeans {

  @Produces
  @Singleton
  RiskMonitor riskMonitor(
      MarginEngine engine,
      MarginBook book,
      PartitionedLedger partitioned,
      Valuator valuator,
      OmnimarginConfig config,
      Clock clock) {
    RiskMonitorConfig c = config.riskMonitor();
    ConcentrationLimit limit;
    try {
      limit =
          new ConcentrationLimit(Wad.of(c.concentrationCap()), Wad.of(c.concentrationMinimum()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("omnimargin.risk-monitor: " + e.getMessage(), e);
    }
    return new RiskMonitor(
        engine,
        // a partitioned ledger's market engine holds no accounts: the stored ones are scanned
        partitioned.on() ? partitioned.riskAccounts(engine, book) : RiskMonitor.Accounts.of(engine),
        valuator,
        new RiskMonitor.Settings(scenarios(c, valuator.config()), limit, c.listedAccounts()),
        new ReturnSeries(c.returnBucket().toSeconds(), c.returnBuckets()),
        () -> clock.instant().getEpochSecond());
  }

  /** The configured scenarios, validated like a request's; none configured, the built-in set. */
  static List<StressScenario> scenarios(RiskMonitorConfig c, RiskConfig risk) {
    if (c.scenarios().isEmpty()) {
      return DefaultScenarios.of(risk);
    }
    List<StressScenario> out = new ArrayList<>();
    for (Map.Entry<String, RiskMonitorConfig.Scenario> e :
        new TreeMap<>(c.scenarios()).entrySet()) {
      String path = "omnimargin.risk-monitor.scenarios." + e.getKey();
      try {
        out.add(
            StressRequest.scenario(
                e.getKey(),
                e.getValue().routesDown().orElse(List.of()),
                e.getValue().priceShocks(),
                risk));
      } catch (io.omnimargin.hub.problem.Refusal r) {
        throw new IllegalStateException(path + ": " + r.getMessage(), r);
      }
    }
    return out;
  }
}
