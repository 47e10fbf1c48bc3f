package io.omnimargin.margin.contagion;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Monotonicity of the stress engine over generated ledgers, through a real engine: a deeper fall
 * never shrinks the set of accounts below maintenance (for accounts that are long the fallen asset:
 * a fall helps a short, so "larger" means larger against the position), taking more routes down
 * never shrinks it (any portfolio), and no run changes the ledger.
 */
class StressPropertiesTest {

  /** ETH and USDC collateral and an ETH-PERP size, in whole units. */
  record Portfolio(int eth, int usdc, int size, int entry) {}

  @Provide
  Arbitrary<List<Portfolio>> longs() {
    return portfolios(Arbitraries.integers().between(0, 40));
  }

  @Provide
  Arbitrary<List<Portfolio>> anyDirection() {
    return portfolios(Arbitraries.integers().between(-40, 40));
  }

  private static Arbitrary<List<Portfolio>> portfolios(Arbitrary<Integer> sizes) {
    return Combinators.combine(
            Arbitraries.integers().between(0, 20),
            Arbitraries.integers().between(0, 50_000),
            sizes,
            Arbitraries.integers().between(2_000, 4_000))
        .as(Portfolio::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  private static Ledgers ledger(List<Portfolio> portfolios) {
    Ledgers l = new Ledgers().prices("3000");
    l.fund("20000");
    for (int i = 0; i < portfolios.size(); i++) {
      Portfolio p = portfolios.get(i);
      l.account(
          "p" + i,
          Integer.toString(p.eth()),
          Integer.toString(p.usdc()),
          Integer.toString(p.size()),
          Integer.toString(p.entry()));
    }
    return l;
  }

  private static Set<Address> below(Ledgers l, StressScenario s) {
    ScenarioResult r =
        l.monitor(List.of(), ConcentrationLimit.disabled()).stress(List.of(s)).results().get(0);
    assertThat(r.complete()).isTrue();
    return new HashSet<>(r.listed());
  }

  @Property(tries = 60)
  void aDeeperFallNeverShrinksTheSetBelowMaintenance(
      @ForAll("longs") List<Portfolio> portfolios,
      @ForAll @IntRange(min = 0, max = 98) int smallerPercent,
      @ForAll @IntRange(min = 0, max = 98) int extraPercent) {
    Ledgers l = ledger(portfolios);
    int deeper = Math.min(99, smallerPercent + extraPercent);
    Set<Address> mild = below(l, shock(smallerPercent));
    Set<Address> severe = below(l, shock(deeper));
    assertThat(severe).containsAll(mild);
  }

  @Property(tries = 60)
  void moreRoutesDownNeverShrinkTheSet(
      @ForAll("anyDirection") List<Portfolio> portfolios,
      @ForAll @IntRange(min = -50, max = 50) int percent,
      @ForAll @Size(max = 2) Set<@IntRange(min = 0, max = 1) Integer> more) {
    Ledgers l = ledger(portfolios);
    long[] chains = {1L, 42161L};
    Set<Long> extra = new HashSet<>();
    more.forEach(i -> extra.add(chains[i]));
    Map<String, BigInteger> shocks =
        Map.of("ETH", Wad.of(Integer.toString(percent)).divide(BigInteger.valueOf(100)));
    Set<Address> fewer = below(l, new StressScenario("fewer", Set.of(), shocks));
    Set<Address> more2 = below(l, new StressScenario("more", extra, shocks));
    assertThat(more2).containsAll(fewer);
  }

  @Property(tries = 30)
  void aStressRunChangesNothing(
      @ForAll("anyDirection") List<Portfolio> portfolios,
      @ForAll @IntRange(min = 0, max = 99) int percent) {
    Ledgers l = ledger(portfolios);
    List<ValuedAccount> before = l.engine.valuedAccounts();
    var stored = List.copyOf(l.store.loadAll());
    int events = l.events.size();
    below(l, new StressScenario("crash", Set.of(1L), Map.of("ETH", Wad.of("-0." + pad(percent)))));
    assertThat(l.engine.valuedAccounts()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(l.store.loadAll()).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(l.events).hasSize(events);
  }

  /** The double screen only skips work: every account valued exactly gives the same set. */
  @Property(tries = 60)
  void theScreenAgreesWithValuingEveryAccountExactly(
      @ForAll("anyDirection") List<Portfolio> portfolios,
      @ForAll @IntRange(min = -99, max = 300) int percent,
      @ForAll boolean ethereumDown) {
    Ledgers l = ledger(portfolios);
    StressScenario s =
        new StressScenario(
            "s",
            ethereumDown ? Set.of(1L) : Set.of(),
            Map.of("ETH", Wad.of(Integer.toString(percent)).divide(BigInteger.valueOf(100))));
    MarketSnapshot market = MarketSnapshot.of(l.engine, l.valuator.config()).shocked(s);
    Set<Address> exact = new HashSet<>();
    for (ValuedAccount v : l.engine.valuedAccounts()) {
      var t =
          l.valuator.totals(v.account(), market, io.omnimargin.margin.valuation.WorkedExample.NOW);
      if (!v.system() && t.avMaintenance().compareTo(t.mmr()) < 0) {
        exact.add(v.account().owner());
      }
    }
    assertThat(below(l, s)).isEqualTo(exact);
  }

  private static StressScenario shock(int percentDown) {
    return StressScenario.prices(
        "down" + percentDown, Map.of("ETH", Wad.of("-0." + pad(percentDown))));
  }

  private static String pad(int percent) {
    return percent < 10 ? "0" + percent : Integer.toString(percent);
  }
}
