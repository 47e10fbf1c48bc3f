package io.omnimargin.margin.contagion;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Known portfolios on the worked example's configuration (ETH h 5%, m 0.99; USDC h 2%, m 0.995;
 * ETH-PERP mmf 5%), each scenario's figures worked out by hand in the comments.
 */
class StressEngineTest {
  private final Ledgers l = new Ledgers().prices("3000");
  // the worked example: AV_m 48,217, MMR 750
  private final Address example = l.account("example", "10", "20000", "5", "2900");
  // 2 ETH (V_m 5,643), long 20 at 3,000 (MMR 3,000): healthy, heavily geared
  private final Address geared = l.account("geared", "2", "0", "20", "3000");
  // 10,000 USDC (V_m 9,751), short 2 at 3,000 (MMR 300): gains when ETH falls
  private final Address shorter = l.account("shorter", "0", "10000", "-2", "3000");

  {
    l.fund("5000"); // AV_m 5,000 · 0.98 · 0.995 = 4,875.5
  }

  private StressRun run(StressScenario... scenarios) {
    return l.monitor(List.of(), ConcentrationLimit.disabled()).stress(List.of(scenarios));
  }

  @Test
  void ethThirtyPercentLowerBankruptsTheGearedLongBeyondTheFund() {
    ScenarioResult r =
        run(StressScenario.prices("eth-30", Map.of("ETH", Wad.of("-0.30")))).results().get(0);
    // geared at 2,100: 2·2,100·0.9405 = 3,950.1; uPnL 20·(2,100 − 3,000) = −18,000
    // AV_m' = −14,049.9 < MMR' = 20·2,100·0.05 = 2,100. The example: 10·2,100·0.9405 = 19,750.5
    // + 19,502 − 4,000 = 35,252.5 ≥ 525; the shorter gains 1,800.
    assertThat(r.listed()).containsExactly(geared);
    assertThat(r.accountsBelowMaintenance()).isEqualTo(1);
    assertThat(r.notionalToPlace()).isEqualTo(Wad.of("42000"));
    assertThat(r.deficit()).isEqualTo(Wad.of("14049.9"));
    assertThat(r.insuranceFundAvailable()).isEqualTo(Wad.of("4875.5"));
    assertThat(r.insuranceFundDrawdown()).isEqualTo(Wad.of("4875.5"));
    assertThat(r.autoDeleverageShortfall()).isEqualTo(Wad.of("9174.4"));
    assertThat(r.reachesAutoDeleverage()).isTrue();
  }

  @Test
  void ethereumDownLeavesTheGearedLongWithNothingButItsLoss() {
    ScenarioResult r = run(StressScenario.routes("ethereum-down", Set.of(1L))).results().get(0);
    // geared: its ETH counts 0, uPnL 0: AV_m' = 0 < MMR 3,000, no deficit. The example keeps
    // 19,502 + 500 = 20,002 ≥ 750.
    assertThat(r.listed()).containsExactly(geared);
    assertThat(r.notionalToPlace()).isEqualTo(Wad.of("60000"));
    assertThat(r.deficit()).isZero();
    assertThat(r.insuranceFundDrawdown()).isZero();
    assertThat(r.reachesAutoDeleverage()).isFalse();
  }

  @Test
  void aMildFallWithinTheFundsMeansNoAutoDeleverage() {
    l.fund("100000"); // 105,000 USDC: AV_m 102,385.5
    ScenarioResult r =
        run(StressScenario.prices("eth-30", Map.of("ETH", Wad.of("-0.30")))).results().get(0);
    assertThat(r.insuranceFundDrawdown()).isEqualTo(Wad.of("14049.9"));
    assertThat(r.reachesAutoDeleverage()).isFalse();
  }

  @Test
  void aRiseHurtsTheShortOnly() {
    ScenarioResult r =
        run(StressScenario.prices("eth+300%", Map.of("ETH", Wad.of("3")))).results().get(0);
    // shorter at 12,000: 9,751 − 2·9,000 = −8,249 < MMR 1,200
    assertThat(r.listed()).containsExactly(shorter);
    assertThat(r.deficit()).isEqualTo(Wad.of("8249"));
    assertThat(example).isNotIn(r.listed());
  }

  @Test
  void aScenarioOfNothingFindsTheLedgerAsItIs() {
    ScenarioResult r = run(new StressScenario("none", Set.of(), Map.of())).results().get(0);
    assertThat(r.accountsBelowMaintenance()).isZero();
    assertThat(r.notionalToPlace()).isZero();
  }

  @Test
  void aStressRunChangesNothing() {
    List<ValuedAccount> before = l.engine.valuedAccounts();
    var stored = List.copyOf(l.store.loadAll());
    var summary = l.engine.ledgerSummary();
    int events = l.events.size();
    RiskMonitor monitor =
        l.monitor(DefaultScenarios.of(l.valuator.config()), ConcentrationLimit.disabled());
    monitor.refresh();
    monitor.stress(
        List.of(new StressScenario("all", Set.of(1L, 42161L), Map.of("ETH", Wad.of("-0.9")))));
    assertThat(l.engine.valuedAccounts()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(l.store.loadAll()).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(l.engine.ledgerSummary()).isEqualTo(summary);
    assertThat(l.events).hasSize(events);
    for (Address a : List.of(example, geared, shorter)) {
      assertThat(l.engine.snapshot(a).health().name()).isEqualTo("HEALTHY");
    }
  }
}
