package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.testing.DirectMarginInputs;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.adaptive.RouteExpectations;
import io.omnimargin.margin.risk.adaptive.RouteScoring;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settlement's observations through the route watch into a real engine, with a manual clock: a
 * score moves m for AV_i at once and for AV_m over the phase-in; a route that is down stays m = 0
 * whatever its score.
 */
class RouteWatchTest {
  static final CollateralKey WBTC = new CollateralKey(137, "WBTC");
  final ManualTime time = new ManualTime();
  final MarginEngine engine =
      new MarginEngine(
          new Valuator(RiskConfig.defaults()), () -> time.instant().getEpochSecond(), e -> {});
  final DirectMarginInputs inputs = new DirectMarginInputs(engine);
  final RouteWatch watch =
      new RouteWatch(
          RiskConfig.defaults(),
          Map.of(137L, new RouteExpectations(2000, 12, BigInteger.ZERO)),
          RouteScoring.defaults(),
          () -> time.instant().getEpochSecond(),
          inputs);
  final Address alice = Address.parse("0x00000000000000000000000000000000000a11ce");

  long now() {
    return time.instant().getEpochSecond();
  }

  CollateralLine wbtc() {
    return engine.snapshot(alice).value().collateral().get(0);
  }

  @Test
  void aDegradedRouteLowersMForAvInitialAtOnceAndForAvMaintenanceOverThePhaseIn() {
    engine.onPrice("WBTC", new Price(Wad.of("60000"), now()));
    engine.onCollateral(alice, WBTC, BigInteger.valueOf(100_000_000L), "deposit"); // 1 WBTC
    watch.finalBlock(137, 500, now() - 45, BigInteger.ZERO); // attested 45 s after its block
    watch.disagreement(137, 499);
    assertThat(watch.scoreAll()).isEqualTo(4); // every route's first score goes to the engine

    assertThat(wbtc().messagingDiscount()).isEqualTo(Wad.of("0.94269875"));
    assertThat(wbtc().maintenanceDiscount()).isEqualTo(Wad.of("0.98"));
    assertThat(engine.routeExplanation(137).orElseThrow())
        .startsWith(
            "m 0.94269875 of configured 0.98: 1 adapter disagreement in the last hour; finality"
                + " lag 45 s, expected 12");

    // a new final block on time: the lag is gone, the disagreement stays for its hour
    time.advance(Duration.ofMinutes(30));
    watch.finalBlock(137, 1420, now() - 5, BigInteger.ZERO); // 2 s a block
    watch.scoreAll();
    assertThat(wbtc().messagingDiscount()).isEqualTo(Wad.of("0.9555")); // 0.49 + 0.49 · 0.95
    assertThat(wbtc().maintenanceDiscount()).isEqualTo(Wad.of("0.9555"));

    // down: m = 0 at once, whatever the score says
    inputs.apply(new EngineInput.RouteHealth(137, false, "adapters disagree"));
    watch.scoreAll();
    assertThat(wbtc().messagingDiscount()).isZero();
    assertThat(wbtc().valueMaintenance()).isZero();
  }

  @Test
  void anUnchangedScoreIsNotSentAgain() {
    watch.scoreAll();
    assertThat(watch.scoreAll()).isZero();
  }
}
