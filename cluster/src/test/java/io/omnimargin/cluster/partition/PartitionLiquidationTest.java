package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A liquidation on a partitioned ledger, step by step: the liquidated account's partition starts it
 * and waits for its desk; a solver on another partition, its margin held there under the takeover's
 * hold, wins; the completion books the account's side and the penalty where the account is and
 * sends the solver's leg, which consumes the hold on the solver's partition. The books balance at
 * every step, and a completion asked again books nothing twice.
 */
class PartitionLiquidationTest {
  private static final long NOW = ReservationHistory.NOW;
  private static final CollateralKey ETH = new CollateralKey(1, "ETH");
  private static final BigInteger FIVE = Wad.of("5");

  private final List<MarginEvent> events = new ArrayList<>();
  private final PartitionedCluster cluster =
      new PartitionedCluster(
          24,
          new InMemoryPartitionStore(),
          (partition, clearing, ledger) -> {
            MarginEngine engine =
                new MarginEngine(
                    new Valuator(RiskConfig.defaults()), () -> NOW, events::add, ledger, clearing);
            engine.onPrice("ETH", new Price(Wad.of("3000"), NOW));
            engine.useLiquidationDesk(true); // a desk completes what the engines start
            return engine;
          });
  private final Address trader = onPartition(3);
  private final Address maker = onPartition(5);
  private final Address solver = onPartition(17);

  @Test
  void aSolverOnAnotherPartitionTakesOverALiquidatedAccountOnce() {
    fund(solver, Wad.of("100"), "d3");
    traderLongFiveFromMaker();
    assertThat(cluster.store.load(3).account(trader).position("ETH-PERP").size()).isEqualTo(FIVE);

    fall(Wad.of("2600")); // 1 ETH and a 5 ETH long: below maintenance, some equity left
    MarginEvent.LiquidationStarted started = started(trader);
    assertThat(started.id()).isGreaterThan(PartitionLedger.liquidationBase(3, 1));
    assertThat(cluster.store.load(3).account(trader).position("ETH-PERP").size())
        .as("waiting for the desk")
        .isEqualTo(FIVE);

    MarginEvent.Offer offer = started.offers().get(0);
    BigInteger price = offer.bankruptcyPrice().add(Wad.ONE); // a long is bought: at or above it
    OrderId hold = Takeover.hold(started.id(), "ETH-PERP");
    cluster.produce(
        17,
        new PartitionCommand.Reserve(
            new Reservation(
                solver,
                hold,
                new ProposedChange.Order("ETH-PERP", true, FIVE, price, false),
                "desk")));
    cluster.step(17);
    assertThat(last().outcome()).isEqualTo("accepted");

    PartitionCommand complete =
        new PartitionCommand.CompleteLiquidation(
            trader, started.id(), Optional.of(new Takeover(solver, Map.of("ETH-PERP", price))));
    cluster.produce(3, complete);
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("completed");
    PartitionState three = cluster.store.load(3);
    assertThat(three.account(trader).position("ETH-PERP").isFlat()).isTrue();
    assertThat(three.outbox()).containsOnlyKeys(hold.toHex() + "/" + solver.toLowerHex());
    assertThat(cluster.store.load(17).account(solver).position("ETH-PERP").isFlat())
        .as("in flight")
        .isTrue();
    assertThat(cluster.summary().balanced()).as("the solver's side counted in flight").isTrue();

    cluster.produce(3, complete); // the desk asks again (its answer was lost)
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("completed");
    cluster.drain();

    PartitionState seventeen = cluster.store.load(17);
    assertThat(seventeen.account(solver).position("ETH-PERP").size()).isEqualTo(FIVE);
    assertThat(seventeen.account(solver).position("ETH-PERP").cost())
        .as("taken over at its bid")
        .isEqualTo(io.omnimargin.margin.account.Position.notional(FIVE, price));
    assertThat(seventeen.reservations()).as("the takeover's leg consumed the hold").isEmpty();
    assertThat(cluster.store.load(3).outbox()).isEmpty();
    assertThat(cluster.summary().balanced()).isTrue();
    assertThat(cluster.summary().openInterest().get("ETH-PERP").longSize()).isEqualTo(FIVE);
    MarginEvent.Liquidation done = done(trader);
    assertThat(done.taker()).isEqualTo(solver);
    assertThat(done.penalty()).isPositive();
    assertThat(cluster.store.load(3).account(cluster.shards.insuranceFund(3)).cash())
        .as("the penalty, on the account's own partition")
        .isEqualTo(done.penalty().subtract(done.deficit()));
  }

  @Test
  void aSolverOnTheAccountsOwnPartitionTakesItOverAndItsHoldIsConsumedThere() {
    Address neighbour = onPartition(3, trader);
    fund(neighbour, Wad.of("100"), "d3");
    traderLongFiveFromMaker();
    fall(Wad.of("2600"));
    MarginEvent.LiquidationStarted started = started(trader);
    BigInteger price = started.offers().get(0).bankruptcyPrice().add(Wad.ONE);
    OrderId hold = Takeover.hold(started.id(), "ETH-PERP");
    cluster.produce(
        3,
        new PartitionCommand.Reserve(
            new Reservation(
                neighbour,
                hold,
                new ProposedChange.Order("ETH-PERP", true, FIVE, price, false),
                "desk")));
    cluster.produce(
        3,
        new PartitionCommand.CompleteLiquidation(
            trader, started.id(), Optional.of(new Takeover(neighbour, Map.of("ETH-PERP", price)))));
    cluster.drain();

    PartitionState three = cluster.store.load(3);
    assertThat(three.account(neighbour).position("ETH-PERP").size()).isEqualTo(FIVE);
    assertThat(three.account(trader).position("ETH-PERP").isFlat()).isTrue();
    assertThat(three.reservations()).as("the takeover consumed the desk's hold").isEmpty();
    assertThat(cluster.owner(3).engine().snapshot(neighbour).openReservations())
        .as("in the engine too")
        .isZero();
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void withoutABidTheInsuranceShardTakesItAndAnUnknownLiquidationIsNotOpen() {
    traderLongFiveFromMaker();
    fall(Wad.of("2600"));
    MarginEvent.LiquidationStarted started = started(trader);

    cluster.produce(
        3, new PartitionCommand.CompleteLiquidation(trader, started.id() + 1, Optional.empty()));
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("refused: not-open");

    cluster.produce(
        3, new PartitionCommand.CompleteLiquidation(trader, started.id(), Optional.empty()));
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("completed");
    PartitionState three = cluster.store.load(3);
    assertThat(three.account(cluster.shards.insuranceFund(3)).position("ETH-PERP").size())
        .isEqualTo(FIVE);
    assertThat(three.outbox()).isEmpty();
    assertThat(cluster.summary().balanced()).isTrue();

    cluster.produce(
        3,
        new PartitionCommand.CompleteLiquidation(
            trader,
            started.id(),
            Optional.of(new Takeover(solver, Map.of("ETH-PERP", Wad.of("2600"))))));
    cluster.step(3);
    assertThat(last().outcome())
        .as("completed by the insurance fund already")
        .isEqualTo("refused: not-open");
  }

  @Test
  void anInsuranceShardThatRunsLowDrawsOnTheOthers() {
    // the fund holds 2,000 USD, all of it on partition 5's shard; partition 3's holds nothing
    Address donor = onPartition(5, maker);
    fund(donor, Wad.of("10"), "d0");
    cluster.produce(
        5,
        new PartitionCommand.MoveCash(
            donor, SystemShards.Role.INSURANCE_FUND, Wad.of("-2000"), "seed"));
    traderLongFiveFromMaker();

    fall(Wad.of("2400")); // 1 ETH and a 5 ETH long at 2,400: about 743 USD short of nothing
    MarginEvent.LiquidationStarted started = started(trader);
    assertThat(started.avMaintenance()).isNegative();
    cluster.produce(
        3, new PartitionCommand.CompleteLiquidation(trader, started.id(), Optional.empty()));
    cluster.step(3);

    assertThat(last().outcome()).isEqualTo("completed");
    MarginEvent.Liquidation done = done(trader);
    Address shard3 = cluster.shards.insuranceFund(3);
    assertThat(done.taker())
        .as("the fund, counted whole, pays the deficit: not auto-deleverage")
        .isEqualTo(shard3);
    assertThat(done.deficit()).isPositive();
    PartitionState three = cluster.store.load(3);
    assertThat(three.account(shard3).position("ETH-PERP").size()).isEqualTo(FIVE);
    assertThat(three.account(shard3).cash()).as("below zero while shard 5 holds more").isNegative();
    assertThat(cluster.store.load(5).account(cluster.shards.insuranceFund(5)).cash())
        .isEqualTo(Wad.of("2000"));
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void aSuccessorStartsTheLiquidationAgainUnderAnIdOfItsOwn() {
    traderLongFiveFromMaker();
    fall(Wad.of("2600"));
    long first = started(trader).id();

    cluster.takeOver(3); // the owner dies with the liquidation open, its desk's auction with it
    while (cluster.pending(3)) {
      cluster.step(3); // the successor reads the log from its group's offset: nothing applied twice
    }
    fall(Wad.of("2600"));
    long second = started(trader).id();

    assertThat(second).isNotEqualTo(first).isGreaterThan(PartitionLedger.liquidationBase(3, 2));
    cluster.produce(3, new PartitionCommand.CompleteLiquidation(trader, first, Optional.empty()));
    cluster.step(3);
    assertThat(last().outcome()).as("the former owner's id").isEqualTo("refused: not-open");
    cluster.produce(3, new PartitionCommand.CompleteLiquidation(trader, second, Optional.empty()));
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("completed");
    assertThat(cluster.summary().balanced()).isTrue();
  }

  @Test
  void withNoBidAndNoFundAutoDeleverageReachesAnotherPartitionCappedWhereItLands() {
    Address seller = onPartition(5, maker);
    fund(seller, Wad.of("10"), "d3");
    traderLongFiveFromMaker();
    fall(Wad.of("2400")); // bankrupt, and the insurance fund holds nothing anywhere
    MarginEvent.LiquidationStarted started = started(trader);

    cluster.produce(
        3, new PartitionCommand.CompleteLiquidation(trader, started.id(), Optional.empty()));
    cluster.step(3);
    assertThat(last().outcome()).isEqualTo("completed");
    MarginEvent.Liquidation done = done(trader);
    assertThat(done.taker()).as("auto-deleverage").isNull();
    assertThat(done.deleveraged())
        .extracting(MarginEvent.AdlStep::counterparty, MarginEvent.AdlStep::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(maker, FIVE));
    assertThat(cluster.store.load(3).account(trader).position("ETH-PERP").isFlat()).isTrue();
    assertThat(cluster.summary().balanced()).as("the maker's side counted in flight").isTrue();

    // before the leg lands, the maker buys 2 back: only 3 of its short are left to close
    cluster.produce(
        5,
        new PartitionCommand.BookTrade(
            "t2", Trade.at("ETH-PERP", maker, seller, Wad.of("2"), Wad.of("2400"))));
    cluster.step(5);
    Address shard5 = cluster.shards.insuranceFund(5);
    assertThat(cluster.summary().systemAccounts())
        .as("the ledger view counts the leg in flight as it will land")
        .filteredOn(a -> a.owner().equals(shard5))
        .singleElement()
        .satisfies(a -> assertThat(a.position("ETH-PERP").size()).isEqualTo(Wad.of("2")));
    cluster.drain();

    PartitionState five = cluster.store.load(5);
    assertThat(five.account(maker).position("ETH-PERP").isFlat()).isTrue();
    assertThat(five.account(cluster.shards.insuranceFund(5)).position("ETH-PERP").size())
        .as("the rest, at the same price, to the insurance fund's shard where it landed")
        .isEqualTo(Wad.of("2"));
    assertThat(five.account(seller).position("ETH-PERP").size()).isEqualTo(Wad.of("-2"));
    assertThat(cluster.summary().balanced()).isTrue();
    assertThat(cluster.summary().openInterest().get("ETH-PERP").longSize()).isEqualTo(Wad.of("2"));
  }

  @Test
  void autoDeleverageReadsTheOtherPartitionsOncePerBatchOfCompletions() {
    Address second = onPartition(3, trader);
    traderLongFiveFromMaker();
    fund(second, Wad.ONE, "d4");
    cluster.produce(
        3,
        new PartitionCommand.BookTrade(
            "t4", Trade.at("ETH-PERP", second, maker, FIVE, Wad.of("3000"))));
    cluster.drain();
    fall(Wad.of("2400")); // both bankrupt, the insurance fund empty everywhere
    long first = started(trader).id();
    long other = started(second).id();

    cluster.produce(3, new PartitionCommand.CompleteLiquidation(trader, first, Optional.empty()));
    cluster.produce(3, new PartitionCommand.CompleteLiquidation(second, other, Optional.empty()));
    cluster.stepBatch(3, 2, false); // a crash's completions, polled together

    assertThat(cluster.answered.subList(cluster.answered.size() - 2, cluster.answered.size()))
        .extracting(PartitionedCluster.Answered::outcome)
        .containsExactly("completed", "completed");
    assertThat(done(trader).deleveraged()).isNotEmpty();
    assertThat(done(second).deleveraged()).isNotEmpty();
    assertThat(cluster.owner(3).elsewhereReads()).as("one read for the batch").isEqualTo(1);
    cluster.drain();
    assertThat(cluster.summary().balanced()).isTrue();
    assertThat(cluster.store.load(5).account(maker).position("ETH-PERP").isFlat())
        .as("the maker's 10 short closed against the two, capped where it landed")
        .isTrue();
  }

  @Test
  void partitionsAndTheirSuccessiveOwnersNumberLiquidationsApart() {
    assertThat(PartitionLedger.liquidationBase(3, 1))
        .isNotEqualTo(PartitionLedger.liquidationBase(4, 1));
    assertThat(PartitionLedger.liquidationBase(3, 2) - PartitionLedger.liquidationBase(3, 1))
        .isEqualTo(1L << 24);
    assertThat(PartitionLedger.liquidationBase(4095, 0x1FFFF) + (1L << 24))
        .isLessThanOrEqualTo(1L << 53);
  }

  /** The trader, with 1 ETH, buys 5 ETH-PERP at 3,000 from the maker, who holds 100 ETH. */
  private void traderLongFiveFromMaker() {
    fund(trader, Wad.ONE, "d1");
    fund(maker, Wad.of("100"), "d2");
    cluster.produce(
        3,
        new PartitionCommand.BookTrade(
            "t1", Trade.at("ETH-PERP", trader, maker, FIVE, Wad.of("3000"))));
    cluster.drain();
  }

  private void fund(Address account, BigInteger eth, String request) {
    cluster.produce(
        cluster.partitioner.of(account),
        new PartitionCommand.ProvenBalance(account, ETH, eth, request));
  }

  /** ETH falls on every partition's engine; each commits what the tick changed. */
  private void fall(BigInteger price) {
    for (int p = 0; p < cluster.partitions(); p++) {
      cluster.owner(p).engine().onPrice("ETH", new Price(price, NOW));
      cluster.between(p);
    }
  }

  private MarginEvent.LiquidationStarted started(Address account) {
    return events.stream()
        .filter(e -> e instanceof MarginEvent.LiquidationStarted s && s.owner().equals(account))
        .map(MarginEvent.LiquidationStarted.class::cast)
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no liquidation of " + account + ": " + events));
  }

  private MarginEvent.Liquidation done(Address account) {
    return events.stream()
        .filter(e -> e instanceof MarginEvent.Liquidation l && l.owner().equals(account))
        .map(MarginEvent.Liquidation.class::cast)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private PartitionedCluster.Answered last() {
    return cluster.answered.get(cluster.answered.size() - 1);
  }

  private Address onPartition(int partition, Address... not) {
    for (int i = 1; ; i++) {
      byte[] bytes = new byte[20];
      bytes[0] = (byte) 0x22;
      bytes[18] = (byte) (i >>> 8);
      bytes[19] = (byte) i;
      Address a = Address.wrap(bytes);
      if (cluster.partitioner.of(a) == partition && !List.of(not).contains(a)) {
        return a;
      }
    }
  }
}
