package io.omnimargin.margin.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.MarginChecker;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.InMemoryLedgerStore;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine's staged response and indexes, driven by hand with a controlled clock. */
class MarginEngineTest {
  private final AtomicLong now = new AtomicLong(WorkedExample.NOW);

  /** The staged events (calls, deleverage steps, liquidations, recoveries). */
  private final List<MarginEvent> events = new ArrayList<>();

  private final List<MarginEvent.Valued> values = new ArrayList<>();

  private void record(MarginEvent event) {
    if (event instanceof MarginEvent.Valued valued) {
      values.add(valued);
    } else {
      events.add(event);
    }
  }

  private final MarginEngine engine =
      new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record);

  private void tick(String asset, String usd) {
    engine.onPrice(asset, new Price(Wad.of(usd), now.get()));
  }

  /** 10 ETH on Ethereum, 20,000 USDC on Arbitrum, long `size` ETH-PERP at 3,000. */
  private void trader(Address owner, String size) {
    engine.onCollateral(owner, WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    engine.onCollateral(owner, WorkedExample.USDC, BigInteger.valueOf(20_000_000_000L), "deposit");
    engine.onFill(owner, "ETH-PERP", Wad.of(size), Wad.of("3000"), Owners.intent("open"));
  }

  @Test
  void aFallingPriceCallsThenDeleveragesThenLiquidates() {
    tick("ETH", "3000");
    tick("USDC", "1");
    engine.onCollateral( // an insurance fund that can pay a deficit
        ClearingParameters.INSURANCE_FUND, WorkedExample.USDC, BigInteger.TEN.pow(12), "seed");
    trader(Owners.of("0xa"), "100"); // notional 300,000: MMR 15,000 against AV_m 48,717
    assertThat(engine.snapshot(Owners.of("0xa")).health()).isEqualTo(Health.HEALTHY);

    tick("ETH", "2700"); // AV_m 14,895.5: below 1.25 · MMR (16,875), above MMR (13,500)
    assertThat(events).last().isInstanceOf(MarginEvent.MarginCall.class);
    assertThat(engine.snapshot(Owners.of("0xa")).health()).isEqualTo(Health.CALL);

    now.addAndGet(300); // the grace period passes while still in the band
    tick("ETH", "2700");
    MarginEvent.Deleverage step = (MarginEvent.Deleverage) events.get(events.size() - 1);
    assertThat(step.market()).isEqualTo("ETH-PERP");
    assertThat(step.reducedBy()).isEqualTo(Wad.of("25")); // a quarter of the position
    assertThat(engine.snapshot(Owners.of("0xa")).account().position("ETH-PERP").size())
        .isEqualTo(Wad.of("75"));

    now.addAndGet(1);
    tick("ETH", "2400"); // far below maintenance now
    MarginEvent.Liquidation liquidation = (MarginEvent.Liquidation) events.get(events.size() - 1);
    assertThat(liquidation.prices()).containsOnlyKeys("ETH-PERP");
    assertThat(liquidation.avMaintenance()).isLessThan(liquidation.mmr());
    assertThat(liquidation.taker()).isEqualTo(ClearingParameters.INSURANCE_FUND); // no desk, no bid
    assertThat(engine.snapshot(Owners.of("0xa")).account().positions()).isEmpty();
    // the insurance fund holds the whole position now: the step it took and the rest
    assertThat(
            engine
                .snapshot(ClearingParameters.INSURANCE_FUND)
                .account()
                .position("ETH-PERP")
                .size())
        .isEqualTo(Wad.of("100"));
  }

  @Test
  void aRouteGoingDownLiquidatesADependentAccountInTheSameStep() {
    tick("ETH", "3000");
    tick("USDC", "1");
    // Relies on its ETH on Ethereum: 40 ETH-PERP long, MMR 6,000, AV_m 48,717.
    trader(Owners.of("0xb"), "40");
    engine.onCollateral(
        Owners.of("0xb"), WorkedExample.USDC, BigInteger.valueOf(-15_000_000_000L), "withdrawal");
    events.clear();

    int revalued = engine.onRouteHealth(1, false);

    assertThat(revalued).isEqualTo(1);
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("LiquidationStarted", "Liquidation");
    MarginEvent.Liquidation liquidation = (MarginEvent.Liquidation) events.get(1);
    assertThat(liquidation.cause()).isEqualTo("route 1 down");
    assertThat(engine.snapshot(Owners.of("0xb")).value().collateral())
        .filteredOn(l -> l.chainId() == 1)
        .singleElement()
        .satisfies(l -> assertThat(l.messagingDiscount()).isZero());
  }

  @Test
  void inputsAsMessagesPublishTheAccountValueAfterEachOwnChange() {
    engine.apply(new EngineInput.PriceTick("ETH", new Price(Wad.of("3000"), now.get()), "test"));
    engine.apply(new EngineInput.PriceTick("USDC", new Price(Wad.of("1"), now.get()), "test"));
    engine.apply(
        new EngineInput.CollateralChange(
            Owners.named("alice"), WorkedExample.ETH, BigInteger.TEN.pow(19), "proof 1/0xvault/7"));
    engine.apply(
        new EngineInput.CollateralChange(
            Owners.named("solver"),
            WorkedExample.ETH,
            BigInteger.TEN.pow(19),
            "proof 1/0xvault/8"));
    engine.apply(
        new EngineInput.Fill(
            Trade.at(
                "ETH-PERP",
                Owners.named("alice"),
                Owners.named("solver"),
                Wad.of("5"),
                Wad.of("3000")),
            Owners.intent("intent-1")));

    values.removeIf(v -> !v.owner().equals(Owners.named("alice")));
    assertThat(values).hasSize(2);
    MarginEvent.Valued afterDeposit = values.get(0);
    assertThat(afterDeposit.cause()).isEqualTo("proof 1/0xvault/7");
    assertThat(afterDeposit.avMaintenance()).isPositive();
    assertThat(afterDeposit.mmr()).isZero();
    MarginEvent.Valued afterFill = values.get(1);
    assertThat(afterFill.mmr()).isPositive();
    assertThat(afterFill.imr()).isGreaterThan(afterFill.mmr());
    assertThat(afterFill.avMaintenance())
        .isEqualTo(engine.snapshot(Owners.named("alice")).value().avMaintenance());

    // a tick that leaves a healthy account healthy re-values it without publishing it
    int revalued =
        engine.apply(new EngineInput.PriceTick("ETH", new Price(Wad.of("3010"), now.get()), "t"));
    assertThat(revalued).isEqualTo(2); // alice and the solver
    values.removeIf(v -> !v.owner().equals(Owners.named("alice")));
    assertThat(values).hasSize(2);
    assertThat(engine.apply(new EngineInput.RouteHealth(1, false, "adapters disagree")))
        .isEqualTo(2); // both hold ETH on chain 1
    assertThat(engine.routeLive(1)).isFalse();
  }

  @Test
  void aProvenBalanceSetsTheLineAndIsIdempotent() {
    tick("ETH", "3000");
    BigInteger two = BigInteger.TWO.multiply(BigInteger.TEN.pow(18));
    engine.apply(
        new EngineInput.CollateralBalance(
            Owners.named("bob"), WorkedExample.ETH, two, "proof 1@10"));
    engine.apply(
        new EngineInput.CollateralBalance(
            Owners.named("bob"), WorkedExample.ETH, two, "proof 1@10"));
    assertThat(engine.snapshot(Owners.named("bob")).account().balance(WorkedExample.ETH))
        .isEqualTo(two);
    assertThat(values).hasSize(1); // the replay changed nothing and published nothing

    engine.apply(
        new EngineInput.CollateralBalance(
            Owners.named("bob"), WorkedExample.ETH, BigInteger.ONE, "proof 1@12"));
    assertThat(engine.snapshot(Owners.named("bob")).account().balance(WorkedExample.ETH))
        .isEqualTo(BigInteger.ONE);
  }

  @Test
  void checksSeeEveryPriceRouteAndClockChangeDespiteCachedTotals() {
    tick("ETH", "3000");
    tick("USDC", "1");
    trader(Owners.named("carol"), "1");
    ProposedChange.Order probe =
        new ProposedChange.Order("ETH-PERP", true, Wad.of("1"), Wad.of("3000"), false);
    Decision first = engine.whatIf(Owners.named("carol"), probe);
    assertThat(engine.whatIf(Owners.named("carol"), probe).after())
        .isEqualTo(first.after()); // cached

    tick("ETH", "2000"); // a price change reaches the next check
    Decision afterTick = engine.whatIf(Owners.named("carol"), probe);
    assertThat(afterTick.after().avMaintenance()).isLessThan(first.after().avMaintenance());

    engine.onRouteHealth(42161, false); // so does a route going down
    Decision routeDown = engine.whatIf(Owners.named("carol"), probe);
    assertThat(routeDown.after().avMaintenance()).isLessThan(afterTick.after().avMaintenance());
    engine.onRouteHealth(42161, true);

    // and the clock: past ETH's heartbeat the ETH line stops counting toward AV_i
    now.addAndGet(3601); // no tick: only the clock moved
    Decision stale = engine.whatIf(Owners.named("carol"), probe);
    assertThat(stale.after().avInitial()).isLessThan(afterTick.after().avInitial());
    assertThat(stale.after())
        .isEqualTo(
            new MarginChecker(new Valuator(WorkedExample.config()))
                .check(engine.snapshot(Owners.named("carol")).account(), probe, engine, now.get())
                .after());
  }

  @Test
  void aTickRevaluesOnlyExposedAccounts() {
    tick("ETH", "3000");
    tick("USDC", "1");
    engine.onCollateral(
        Owners.named("0xeth"), WorkedExample.ETH, BigInteger.TEN.pow(18), "deposit");
    engine.onCollateral(
        Owners.named("0xusdc"), WorkedExample.USDC, BigInteger.valueOf(1_000_000), "deposit");
    engine.onCollateral(
        Owners.of("0xbeef"), WorkedExample.USDC, BigInteger.valueOf(1_000_000_000L), "deposit");
    engine.onFill(
        Owners.of("0xbeef"), "ETH-PERP", Wad.of("0.1"), Wad.of("3000"), Owners.intent("open"));

    assertThat(engine.onPrice("ETH", new Price(Wad.of("3001"), now.get()))).isEqualTo(2);
    assertThat(engine.onPrice("USDC", new Price(Wad.of("1"), now.get()))).isEqualTo(2);
    assertThat(engine.onPrice("ETH", new Price(Wad.of("1"), now.get() - 10)))
        .as("older tick ignored")
        .isZero();
  }

  @Test
  void reservationsStopTwoOpenIntentsSpendingTheSameEquity() {
    tick("ETH", "3000");
    tick("USDC", "1");
    engine.onCollateral(
        Owners.of("0xc"), WorkedExample.USDC, BigInteger.valueOf(10_000_000_000L), "deposit");
    // AV_i = 10,000 · 0.93 · 0.995 = 9,253.5: room for about 30 ETH-PERP at 10% IMR, not 60.
    ProposedChange buy30 =
        new ProposedChange.Order("ETH-PERP", true, Wad.of("30"), Wad.of("3000"), false);

    Decision first = engine.reserve(Owners.of("0xc"), Owners.intent("intent-1"), buy30);
    Decision second = engine.reserve(Owners.of("0xc"), Owners.intent("intent-2"), buy30);
    assertThat(first.accepted()).isTrue();
    assertThat(second.accepted()).isFalse();
    assertThat(second.reason()).isEqualTo(Decision.Reason.INSUFFICIENT_MARGIN);
    assertThat(engine.reserve(Owners.of("0xc"), Owners.intent("intent-1"), buy30).accepted())
        .as("idempotent")
        .isTrue();

    MarginEngine restarted =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record);
    restarted.onPrice("USDC", new Price(Wad.ONE, now.get()));
    restarted.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    restarted.onCollateral(
        Owners.of("0xc"), WorkedExample.USDC, BigInteger.valueOf(10_000_000_000L), "deposit");
    restarted.restoreReservation(Owners.of("0xc"), Owners.intent("intent-1"), buy30);
    assertThat(restarted.reserve(Owners.of("0xc"), Owners.intent("intent-2"), buy30).accepted())
        .as("restored margin is held")
        .isFalse();

    engine.release(Owners.of("0xc"), Owners.intent("intent-1"));
    assertThat(engine.reserve(Owners.of("0xc"), Owners.intent("intent-2"), buy30).accepted())
        .isTrue();
    assertThat(engine.snapshot(Owners.of("0xc")).openReservations()).isEqualTo(1);
  }

  @Test
  void aRestartedEngineLoadsItsLedgerAndStillIndexesIt() {
    InMemoryLedgerStore ledger = new InMemoryLedgerStore();
    MarginEngine first =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record, ledger);
    first.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    first.onPrice("USDC", new Price(Wad.ONE, now.get()));
    first.onCollateral(Owners.of("0xd"), WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    first.onFill(Owners.of("0xd"), "ETH-PERP", Wad.of("5"), Wad.of("2900"), Owners.intent("fill"));

    MarginEngine restarted =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record, ledger);
    restarted.onPrice("USDC", new Price(Wad.ONE, now.get()));

    assertThat(restarted.snapshot(Owners.of("0xd")).account())
        .isEqualTo(first.snapshot(Owners.of("0xd")).account());
    assertThat(restarted.onPrice("ETH", new Price(Wad.of("3000"), now.get())))
        .as("index rebuilt")
        .isEqualTo(1);
    assertThat(restarted.snapshot(Owners.of("0xd")).value().avMaintenance())
        .isEqualTo(first.snapshot(Owners.of("0xd")).value().avMaintenance());
  }

  @Test
  void anEngineThatTakesTheLedgerOverReloadsWhatTheOwnerWroteAndForgetsItsOwnCopy() {
    InMemoryLedgerStore ledger = new InMemoryLedgerStore();
    // both start from a ledger where 0xd and 0xe hold nothing yet
    ledger.save(io.omnimargin.margin.account.Account.empty(Owners.of("0xd")));
    ledger.save(io.omnimargin.margin.account.Account.empty(Owners.of("0xe")));
    MarginEngine owner =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record, ledger);
    MarginEngine standby =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, this::record, ledger);
    for (MarginEngine engine : List.of(owner, standby)) {
      engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
      engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
    }
    owner.onCollateral(Owners.of("0xd"), WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    owner.onCollateral(Owners.of("0xf"), WorkedExample.ETH, BigInteger.TEN.pow(19), "deposit");
    owner.onTrade(
        Trade.at("ETH-PERP", Owners.of("0xd"), Owners.of("0xf"), Wad.of("2"), Wad.of("3000")),
        null);
    assertThat(standby.snapshot(Owners.of("0xd")).account().positions()).isEmpty();

    standby.reload();

    for (String who : List.of("0xd", "0xf", "0xe")) {
      assertThat(standby.snapshot(Owners.of(who)).account())
          .isEqualTo(owner.snapshot(Owners.of(who)).account());
    }
    assertThat(standby.ledgerSummary()).isEqualTo(owner.ledgerSummary());
    assertThat(standby.market("ETH-PERP").orElseThrow().openLong())
        .isEqualTo(owner.market("ETH-PERP").orElseThrow().openLong());
    assertThat(standby.onPrice("ETH", new Price(Wad.of("2990"), now.get())))
        .as("the reloaded accounts are indexed by asset")
        .isEqualTo(2);
  }
}
