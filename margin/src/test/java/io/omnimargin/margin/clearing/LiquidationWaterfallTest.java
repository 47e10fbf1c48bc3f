package io.omnimargin.margin.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The liquidation waterfall step by step, with a desk running the auction. */
class LiquidationWaterfallTest {
  private static final Address TRADER = Owners.named("trader");
  private static final Address SOLVER = Owners.named("solver");
  private static final Address RESCUER = Owners.named("rescuer");
  private static final Address FUND = ClearingParameters.INSURANCE_FUND;

  private final AtomicLong now = new AtomicLong(WorkedExample.NOW);
  private final List<MarginEvent> events = new ArrayList<>();
  private final MarginEngine engine =
      new MarginEngine(new Valuator(WorkedExample.config()), now::get, events::add);

  @BeforeEach
  void setUp() {
    engine.useLiquidationDesk(true);
    tick("3000");
    engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
    // the trader: 10 ETH, long 100 ETH-PERP from the solver at 3,000 (AV_m ≈ 9,405, MMR 15,000 at
    // 3,000 would already be liquidatable: open at 2,950 so that it starts healthy)
    engine.onCollateral(TRADER, WorkedExample.ETH, Wad.of("10"), "deposit");
    engine.onCollateral(
        SOLVER, WorkedExample.USDC, BigInteger.valueOf(1_000_000_000_000L), "deposit");
    engine.onCollateral(RESCUER, WorkedExample.USDC, BigInteger.valueOf(1_000_000_000_000L), "d");
    engine.onCollateral(FUND, WorkedExample.USDC, BigInteger.valueOf(1_000_000_000_000L), "seed");
    engine.onTrade(Trade.at("ETH-PERP", TRADER, SOLVER, Wad.of("40"), Wad.of("3000")), null);
    events.clear();
  }

  private void tick(String usd) {
    engine.onPrice("ETH", new Price(Wad.of(usd), now.get()));
  }

  private MarginEvent.LiquidationStarted started() {
    return events.stream()
        .filter(MarginEvent.LiquidationStarted.class::isInstance)
        .map(MarginEvent.LiquidationStarted.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private MarginEvent.Liquidation completed() {
    return events.stream()
        .filter(MarginEvent.Liquidation.class::isInstance)
        .map(MarginEvent.Liquidation.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSolverBidNoWorseThanBankruptcyTakesThePositionsAndThePenaltyGoesToTheFund() {
    tick("2500"); // AV_m below MMR: the positions are offered
    MarginEvent.LiquidationStarted offer = started();
    MarginEvent.Offer eth = offer.offers().get(0);
    assertThat(eth.size()).isEqualTo(Wad.of("40"));
    assertThat(eth.bankruptcyPrice()).isLessThan(eth.mark()); // a long's equity is still positive

    BigInteger price = eth.bankruptcyPrice().add(Wad.of("10"));
    assertThat(
            engine.completeLiquidation(
                TRADER, offer.id(), Optional.of(new Takeover(RESCUER, Map.of("ETH-PERP", price)))))
        .isTrue();

    MarginEvent.Liquidation done = completed();
    assertThat(done.taker()).isEqualTo(RESCUER);
    assertThat(done.deficit()).isZero();
    assertThat(done.penalty()).isPositive();
    assertThat(engine.snapshot(RESCUER).account().position("ETH-PERP").size())
        .isEqualTo(Wad.of("40"));
    assertThat(engine.snapshot(TRADER).account().positions()).isEmpty();
    assertThat(engine.ledgerSummary().balanced()).isTrue();
    assertThat(engine.completeLiquidation(TRADER, offer.id(), Optional.empty()))
        .as("a liquidation completes once")
        .isFalse();
  }

  @Test
  void aLiquidationStaysOpenUntilItsDeskCompletesItAndTheTakerIsThenValued() {
    tick("2500");
    MarginEvent.LiquidationStarted offer = started();
    assertThat(engine.liquidationOpen(TRADER, offer.id())).isTrue();
    assertThat(engine.liquidationOpen(TRADER, offer.id() + 1)).isFalse();
    events.clear();

    BigInteger price = offer.offers().get(0).mark();
    engine.completeLiquidation(
        TRADER, offer.id(), Optional.of(new Takeover(RESCUER, Map.of("ETH-PERP", price))));

    assertThat(engine.liquidationOpen(TRADER, offer.id())).isFalse();
    assertThat(events)
        .filteredOn(MarginEvent.Valued.class::isInstance)
        .extracting(MarginEvent::owner)
        .as("the taker's new position is valued at once")
        .contains(RESCUER);
  }

  @Test
  void aLiquidationWhosePositionsChangedWhileItWaitedIsDroppedAndStartedAgainAsTheyAreNow() {
    tick("2500");
    MarginEvent.LiquidationStarted first = started();
    // a fill lands while the desk's auction runs (on a partitioned ledger: a trade's leg): the
    // trader sells 5 of its 40 to the solver, and is still liquidatable
    engine.onTrade(Trade.at("ETH-PERP", SOLVER, TRADER, Wad.of("5"), Wad.of("2500")), null);
    events.clear();
    BigInteger price = first.offers().get(0).bankruptcyPrice().add(Wad.of("10"));

    assertThat(
            engine.completeLiquidation(
                TRADER, first.id(), Optional.of(new Takeover(RESCUER, Map.of("ETH-PERP", price)))))
        .as("priced for 40: nothing of it is booked")
        .isFalse();

    assertThat(engine.liquidationOpen(TRADER, first.id())).isFalse();
    assertThat(engine.snapshot(RESCUER).account().positions()).isEmpty();
    assertThat(engine.snapshot(TRADER).account().position("ETH-PERP").size())
        .isEqualTo(Wad.of("35"));
    MarginEvent.LiquidationStarted again = started();
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(again.offers())
        .singleElement()
        .satisfies(o -> assertThat(o.size()).as("what it holds now").isEqualTo(Wad.of("35")));
    assertThat(engine.completeLiquidation(TRADER, again.id(), Optional.empty())).isTrue();
    assertThat(engine.snapshot(TRADER).account().positions()).isEmpty();
    assertThat(engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void aLiquidationWhosePositionsChangedAndWhoseAccountRecoveredIsDroppedForGood() {
    tick("2500");
    MarginEvent.LiquidationStarted first = started();
    engine.onTrade(Trade.at("ETH-PERP", SOLVER, TRADER, Wad.of("39"), Wad.of("2500")), null);
    events.clear();

    assertThat(engine.completeLiquidation(TRADER, first.id(), Optional.empty())).isFalse();

    assertThat(events).noneMatch(MarginEvent.LiquidationStarted.class::isInstance);
    assertThat(engine.snapshot(TRADER).account().position("ETH-PERP").size())
        .as("left as the account chose")
        .isEqualTo(Wad.ONE);
    assertThat(engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void aLineOfSizeZeroIsNeitherOfferedNorAReasonToDropTheLiquidation() {
    // the trader sells its 40 back at a loss its collateral does not cover, and funding booked late
    // on the market it no longer holds leaves a line of size zero: a debt with nothing to place
    engine.onTrade(Trade.at("ETH-PERP", SOLVER, TRADER, Wad.of("40"), Wad.of("2000")), null);
    engine.payFundingLate(TRADER, "ETH-PERP", Wad.of("-1"), Wad.of("3000"), Wad.of("0.001"));
    assertThat(engine.snapshot(TRADER).account().positions())
        .containsKey("ETH-PERP")
        .allSatisfy((market, position) -> assertThat(position.isFlat()).isTrue());
    events.clear();

    tick("2990");

    assertThat(events)
        .as("nothing to place: the debt waits for its seizure")
        .noneMatch(MarginEvent.LiquidationStarted.class::isInstance);
    assertThat(engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void aBidWorseThanBankruptcyIsIgnoredAndTheInsuranceFundTakesAtTheMark() {
    tick("2500");
    MarginEvent.LiquidationStarted offer = started();
    BigInteger tooLow = offer.offers().get(0).bankruptcyPrice().subtract(BigInteger.ONE);

    engine.completeLiquidation(
        TRADER, offer.id(), Optional.of(new Takeover(RESCUER, Map.of("ETH-PERP", tooLow))));

    MarginEvent.Liquidation done = completed();
    assertThat(done.taker()).isEqualTo(FUND);
    assertThat(done.prices()).containsEntry("ETH-PERP", Wad.of("2500"));
    assertThat(engine.snapshot(RESCUER).account().positions()).isEmpty();
    assertThat(engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void withAFundBelowItsFloorAutoDeleverageClosesAgainstTheOppositePositionAtBankruptcy() {
    MarginEngine poor =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, events::add);
    poor.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    poor.onPrice("USDC", new Price(Wad.ONE, now.get()));
    poor.onCollateral(TRADER, WorkedExample.ETH, Wad.of("10"), "deposit");
    poor.onCollateral(SOLVER, WorkedExample.USDC, BigInteger.valueOf(1_000_000_000_000L), "d");
    poor.onTrade(Trade.at("ETH-PERP", TRADER, SOLVER, Wad.of("40"), Wad.of("3000")), null);
    events.clear();

    poor.onPrice("ETH", new Price(Wad.of("1500"), now.get())); // bankrupt: equity far below zero

    MarginEvent.Liquidation done = completed();
    assertThat(done.taker()).isNull();
    assertThat(done.deleveraged())
        .singleElement()
        .satisfies(step -> assertThat(step.counterparty()).isEqualTo(SOLVER));
    assertThat(poor.snapshot(SOLVER).account().positions()).isEmpty(); // its short closed
    assertThat(poor.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void positionsAutoDeleverageCouldNotCloseArePlacedAgainWhenTheDeskCompletes() {
    MarginEngine poor =
        new MarginEngine(new Valuator(WorkedExample.config()), now::get, events::add);
    poor.useLiquidationDesk(true);
    poor.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    poor.onCollateral(TRADER, WorkedExample.ETH, Wad.of("10"), "deposit");
    // one-sided: nobody holds the opposite position to deleverage against
    poor.onFill(TRADER, "ETH-PERP", Wad.of("40"), Wad.of("3000"), Owners.intent("set-up"));
    events.clear();
    poor.onPrice("ETH", new Price(Wad.of("1500"), now.get())); // bankrupt, the fund cannot pay
    MarginEvent.LiquidationStarted first = started();

    poor.completeLiquidation(TRADER, first.id(), Optional.empty());

    assertThat(completed().deleveraged()).isEmpty();
    assertThat(events)
        .filteredOn(MarginEvent.LiquidationStarted.class::isInstance)
        .extracting(e -> ((MarginEvent.LiquidationStarted) e).id())
        .as("what is left is offered again")
        .containsExactly(first.id(), first.id() + 1);
  }

  @Test
  void nothingIsLiquidatedAtAStaleMark() {
    now.addAndGet(7_200); // past ETH's heartbeat
    engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
    engine.onCollateral(TRADER, WorkedExample.ETH, Wad.of("-9"), "withdrawn"); // now underwater

    assertThat(events).noneMatch(MarginEvent.LiquidationStarted.class::isInstance);
    assertThat(events).anyMatch(MarginEvent.LiquidationBlocked.class::isInstance);
    assertThat(engine.snapshot(TRADER).account().position("ETH-PERP").size())
        .isEqualTo(Wad.of("40"));

    tick("3000"); // a fresh price: the liquidation starts
    assertThat(events).anyMatch(MarginEvent.LiquidationStarted.class::isInstance);
  }
}
