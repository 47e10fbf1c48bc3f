package io.omnimargin.margin.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.oracle.IndexParameters;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.risk.adaptive.VolatilityParameters;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine's adaptive inputs: the index is the mark, σ steps b_eff, a scored route moves m. */
class AdaptiveEngineTest {
  private final AtomicLong now = new AtomicLong(WorkedExample.NOW);
  private final Address alice = Owners.named("alice");
  private final Valuator leaderValuator = new Valuator(WorkedExample.config());
  private final MarginEngine engine =
      new MarginEngine(
          leaderValuator,
          now::get,
          e -> {},
          LedgerStore.NONE,
          ClearingParameters.defaults(),
          new AdaptiveParameters(
              IndexParameters.defaults(), new VolatilityParameters(600, 60, 0.10, 10)));

  private CollateralLine eth() {
    return engine.snapshot(alice).value().collateral().stream()
        .filter(l -> l.asset().equals("ETH"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aVolatilitySpikeRaisesTheBufferAndLowersAvInitialButNotAvMaintenance() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    engine.onPrice("USDC", new Price(Wad.of("1"), now.get()));
    engine.onCollateral(alice, WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    AccountValue calm = engine.snapshot(alice).value();
    assertThat(eth().effectiveBuffer()).isEqualTo(Wad.of("0.10"));
    for (int i = 1; i <= 6; i++) {
      now.addAndGet(60);
      engine.onPrice("ETH", new Price(Wad.of(i % 2 == 0 ? "3000" : "3150"), now.get()));
    }
    AccountValue spiked = engine.snapshot(alice).value(); // ETH back at 3,000
    assertThat(eth().effectiveBuffer()).isGreaterThan(Wad.of("0.10"));
    assertThat(spiked.avInitial()).isLessThan(calm.avInitial());
    assertThat(spiked.avMaintenance()).isEqualTo(calm.avMaintenance());
    assertThat(engine.volatility("ETH").orElseThrow().used()).isGreaterThan(0.8);
  }

  @Test
  void aFollowerTakesTheLeadersVolatilityAndRoutesAndValuesAsTheLeaderDoes() {
    engine.onRouteRisk(
        new EngineInput.RouteRisk(1, Wad.of("0.9"), Wad.of("0.95"), 900, "finality lag"));
    Valuator own = new Valuator(WorkedExample.config());
    MarginEngine follower =
        new MarginEngine(
            own,
            now::get,
            e -> {},
            LedgerStore.NONE,
            ClearingParameters.defaults(),
            new AdaptiveParameters(
                IndexParameters.defaults(), new VolatilityParameters(600, 60, 0.10, 10)));
    follower.followBuffersOf(leaderValuator);
    assertThat(own.buffers().discount(1))
        .as("the route as the leader has it")
        .isEqualTo(Wad.of("0.9"));
    for (MarginEngine e : java.util.List.of(engine, follower)) {
      e.onPrice("USDC", new Price(Wad.of("1"), now.get()));
      e.onCollateral(alice, WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    }
    // the leader sees every tick, the follower only the last few: it still values as the leader
    for (int i = 1; i <= 6; i++) {
      now.addAndGet(60);
      Price tick = new Price(Wad.of(i % 2 == 0 ? "3000" : "3150"), now.get());
      engine.onPrice("ETH", tick);
      if (i >= 5) {
        follower.onPrice("ETH", tick); // after the leader, as the replica fans ticks out
      }
      if (i >= 5) {
        assertThat(own.buffers().sigma("ETH")).isEqualTo(leaderValuator.buffers().sigma("ETH"));
        assertThat(follower.snapshot(alice).value()).isEqualTo(engine.snapshot(alice).value());
      }
    }
    assertThat(own.buffers().sigma("ETH"))
        .isGreaterThan(WorkedExample.config().asset("ETH").sigma());
  }

  @Test
  void anOutlierSourceDoesNotMoveTheMark() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()), "chainlink");
    engine.onPrice("ETH", new Price(Wad.of("3002"), now.get()), "pyth");
    engine.onPrice("ETH", new Price(Wad.of("3004"), now.get()), "push");
    engine.onPrice("ETH", new Price(Wad.of("30000"), now.get()), "fat-finger");
    assertThat(engine.price("ETH").orElseThrow().usd()).isEqualTo(Wad.of("3002"));
    assertThat(engine.index("ETH").sources())
        .filteredOn(s -> s.source().equals("fat-finger"))
        .singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo("excluded"));
  }

  @Test
  void aScoredRouteLowersAvInitialAtOnceAndAvMaintenanceByItsPhasedDiscount() {
    engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    engine.onCollateral(alice, WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    int revalued =
        engine.onRouteRisk(
            new EngineInput.RouteRisk(1, Wad.of("0.9"), Wad.of("0.95"), 900, "finality lag"));
    assertThat(revalued).isEqualTo(1);
    CollateralLine line = eth();
    assertThat(line.messagingDiscount()).isEqualTo(Wad.of("0.9"));
    assertThat(line.maintenanceDiscount()).isEqualTo(Wad.of("0.95"));
    assertThat(line.weightInitial()).isEqualTo(Wad.of("0.765")); // (1 − 0.05 − 0.10) · 0.9
    assertThat(line.weightMaintenance()).isEqualTo(Wad.of("0.9025")); // 0.95 · 0.95
    assertThat(engine.routeExplanation(1)).contains("finality lag");
    // the same score again changes nothing
    assertThat(
            engine.onRouteRisk(
                new EngineInput.RouteRisk(1, Wad.of("0.9"), Wad.of("0.95"), 900, "finality lag")))
        .isZero();
  }
}
