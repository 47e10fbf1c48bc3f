package io.omnimargin.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The liquidation auction on manual time around a real engine: the trader (10 ETH, long 40 ETH-PERP
 * from 3,000) is liquidated at 2,500, where its bankruptcy price is 2,412.1875.
 */
class LiquidationDeskTest {
  private final LiquidationRig rig = new LiquidationRig();
  private final PrivateKey s0 = rig.solvers.get(0);
  private final PrivateKey s1 = rig.solvers.get(1);
  private final PrivateKey s2 = rig.solvers.get(2);

  private MarginEvent.Liquidation completed() {
    List<MarginEvent.Liquidation> done = rig.of(MarginEvent.Liquidation.class);
    assertThat(done).hasSize(1);
    return done.get(0);
  }

  private static void refused(ProblemCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
  }

  private BigInteger size(PrivateKey account) {
    return rig.engine.snapshot(account.address()).account().position("ETH-PERP").size();
  }

  @Test
  void theBestBidTakesThePositionsOverAtItsPrice() {
    rig.traderLong();
    rig.fund(s0.address());
    rig.fund(s1.address());
    Map<Address, List<FeedEvent>> heard = rig.listen();
    rig.price("2500");

    MarginEvent.LiquidationStarted started = rig.started();
    assertThat(started.offers().get(0).bankruptcyPrice()).isEqualTo(Wad.of("2412.1875"));
    FeedEvent offer = heard.get(s0.address()).get(0);
    assertThat(offer.type()).isEqualTo("liquidation");
    assertThat(offer.closesAt()).isEqualTo(rig.time.millis() + LiquidationRig.WINDOW.toMillis());
    assertThat(offer.liquidation().id()).isEqualTo(started.id());
    assertThat(offer.liquidation().positions().get(0).bankruptcyPrice())
        .isEqualTo(Wad.of("2412.1875").toString());

    rig.place(s0, "2450");
    rig.place(s1, "2470");
    rig.place(s1, "2480"); // replaces its first bid
    assertThat(rig.record().state()).isEqualTo(LiquidationRecord.State.OPEN);
    assertThat(rig.record().bids()).as("sealed while open").isEmpty();
    assertThat(size(rig.trader))
        .as("nothing happens before the window ends")
        .isEqualTo(Wad.of("40"));
    rig.time.advance(LiquidationRig.WINDOW);

    MarginEvent.Liquidation done = completed();
    assertThat(done.taker()).isEqualTo(s1.address());
    assertThat(done.prices()).containsEntry("ETH-PERP", Wad.of("2480"));
    assertThat(size(s1)).isEqualTo(Wad.of("40"));
    assertThat(size(rig.trader)).isZero();
    assertThat(rig.engine.ledgerSummary().balanced()).isTrue();
    LiquidationRecord record = rig.record();
    assertThat(record.state()).isEqualTo(LiquidationRecord.State.COMPLETED);
    assertThat(record.outcome()).contains(done);
    assertThat(rig.desk.recent(5)).as("the listing of every account's").containsExactly(record);
    assertThat(record.bids())
        .extracting(
            b -> b.solver().equals(s0.address()) ? "s0" : "s1", b -> b.rank(), b -> b.status())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s0", 2, "outbid"),
            org.assertj.core.groups.Tuple.tuple("s1", 0, "replaced"),
            org.assertj.core.groups.Tuple.tuple("s1", 1, "won"));
    assertThat(heard.get(s1.address()))
        .extracting(FeedEvent::type)
        .containsExactly("liquidation", "takeover");
    assertThat(heard.get(s0.address())).extracting(FeedEvent::type).containsExactly("liquidation");
    assertThat(rig.engine.snapshot(s1.address()).openReservations())
        .as("its hold released")
        .isZero();
  }

  @Test
  void aBidWorseThanBankruptcyIsRefusedAndWithNoOtherTheInsuranceFundTakesAtTheMark() {
    rig.traderLong();
    rig.fund(s0.address());
    rig.price("2500");

    refused(ProblemCode.PRICE_WORSE_THAN_BANKRUPTCY, () -> rig.place(s0, "2412.1874"));
    rig.time.advance(LiquidationRig.WINDOW);

    MarginEvent.Liquidation done = completed();
    assertThat(done.taker()).isEqualTo(ClearingParameters.INSURANCE_FUND);
    assertThat(done.prices()).containsEntry("ETH-PERP", Wad.of("2500"));
    assertThat(size(s0)).isZero();
    assertThat(rig.engine.ledgerSummary().balanced()).isTrue();
    assertThat(rig.record().bids())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.status()).isEqualTo("price-worse-than-bankruptcy");
              assertThat(b.rank()).isZero();
            });
  }

  @Test
  void withNoBidTheWindowEndsWithTheInsuranceFund() {
    rig.traderLong();
    rig.price("2500");
    rig.time.advance(LiquidationRig.WINDOW.minusMillis(1));
    assertThat(rig.of(MarginEvent.Liquidation.class)).isEmpty();

    rig.time.advance(Duration.ofMillis(1));

    assertThat(completed().taker()).isEqualTo(ClearingParameters.INSURANCE_FUND);
    assertThat(rig.record().state()).isEqualTo(LiquidationRecord.State.COMPLETED);
    assertThat(rig.record().bids()).isEmpty();
  }

  @Test
  void aStaleMarkBlocksTheCompletionAndItIsTriedAgainOnceAPriceIsFresh() {
    rig.traderLong();
    rig.fund(s0.address());
    rig.fund(s1.address());
    long published = rig.time.instant().getEpochSecond();
    rig.time.advance(Duration.ofMillis(3_600_900)); // ETH's price is 3,600 s old: fresh, just
    rig.price("2500", published);
    rig.place(s0, "2480");

    rig.time.advance(LiquidationRig.WINDOW); // now 3,601 s old: stale at the close
    assertThat(rig.of(MarginEvent.Liquidation.class)).isEmpty();
    assertThat(rig.record().state()).isEqualTo(LiquidationRecord.State.BLOCKED);
    assertThat(rig.record().blockedReason()).isEqualTo("stale-price");
    assertThat(size(rig.trader)).isEqualTo(Wad.of("40"));
    rig.time.advance(LiquidationRig.WINDOW); // still stale: tried again, still blocked
    assertThat(rig.of(MarginEvent.Liquidation.class)).isEmpty();

    rig.price("2500"); // fresh
    rig.place(s1, "2490"); // bidding reopened meanwhile
    rig.time.advance(LiquidationRig.WINDOW);

    assertThat(completed().taker()).isEqualTo(s1.address());
    assertThat(rig.record().state()).isEqualTo(LiquidationRecord.State.COMPLETED);
    assertThat(rig.engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void aLiquidationWhosePositionsChangedWhileBiddingIsDroppedAndTheNewOneAuctioned() {
    rig.traderLong();
    rig.fund(s0.address());
    rig.price("2500");
    MarginEvent.LiquidationStarted first = rig.started();
    rig.place(s0, "2450");
    // a fill lands while bidding runs: the trader sells 5 of its 40, and is still liquidatable
    rig.trade(rig.counterparty, rig.trader, "5", "2500");

    rig.time.advance(LiquidationRig.WINDOW);

    assertThat(size(s0)).as("its bid was for 40: nothing booked").isZero();
    assertThat(size(rig.trader)).isEqualTo(Wad.of("35"));
    assertThat(rig.engine.snapshot(s0.address()).openReservations())
        .as("its hold released")
        .isZero();
    LiquidationRecord dropped = rig.desk.liquidation(first.id()).orElseThrow();
    assertThat(dropped.state()).isEqualTo(LiquidationRecord.State.DROPPED);
    assertThat(dropped.outcome()).isEmpty();
    assertThat(dropped.bids()).extracting(b -> b.status()).containsExactly("void");
    List<MarginEvent.LiquidationStarted> started = rig.of(MarginEvent.LiquidationStarted.class);
    assertThat(started).hasSize(2);
    assertThat(started.get(1).offers().get(0).size())
        .as("what it holds now")
        .isEqualTo(Wad.of("35"));
    assertThat(rig.desk.liquidation(started.get(1).id()).orElseThrow().state())
        .as("auctioned in turn")
        .isEqualTo(LiquidationRecord.State.OPEN);

    rig.time.advance(LiquidationRig.WINDOW);
    assertThat(completed().id()).isEqualTo(started.get(1).id());
    assertThat(size(rig.trader)).isZero();
    assertThat(rig.engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void aSolverThatCannotCarryThePositionsIsPassedOverForTheNextBid() {
    rig.traderLong();
    rig.fund(s0.address()); // s2 has no collateral
    rig.price("2500");
    rig.place(s2, "2495");
    rig.place(s0, "2450");

    rig.time.advance(LiquidationRig.WINDOW);

    assertThat(completed().taker()).isEqualTo(s0.address());
    assertThat(size(s2)).isZero();
    assertThat(rig.engine.snapshot(s2.address()).openReservations()).isZero();
    assertThat(rig.record().bids())
        .extracting(b -> b.status())
        .containsExactly("solver-insufficient-margin", "won");
  }

  @Test
  void theAccountItselfStrangersOthersKeysAndLateBidsAreRefused() {
    rig.traderLong();
    rig.fund(s0.address());
    rig.price("2500");
    long id = rig.started().id();

    refused(ProblemCode.SELF_TRADE, () -> rig.place(rig.trader, "2500")); // registered as solver
    refused(ProblemCode.REGISTRATION_REFUSED, () -> rig.place(rig.stranger, "2500"));
    LiquidationBid s0bid = rig.bid(s0, "2500");
    refused(ProblemCode.BAD_SIGNATURE, () -> rig.desk.bid(s0bid, rig.sign(s1, s0bid)));
    refused(
        ProblemCode.BAD_SIGNATURE,
        () -> rig.desk.bidFromSession(s1.address(), s0bid, rig.sign(s0, s0bid)));
    LiquidationBid halfSize =
        new LiquidationBid(
            id,
            rig.trader.address(),
            s0.address(),
            List.of(
                new LiquidationBid.TakenPosition(
                    s0bid.positions().get(0).market(),
                    Wad.of("20"),
                    s0bid.positions().get(0).price())),
            s0bid.validUntil());
    refused(ProblemCode.INVALID_FIELD, () -> rig.desk.bid(halfSize, rig.sign(s0, halfSize)));
    LiquidationBid unknown =
        new LiquidationBid(
            id + 1, rig.trader.address(), s0.address(), s0bid.positions(), s0bid.validUntil());
    refused(ProblemCode.NOT_FOUND, () -> rig.desk.bid(unknown, rig.sign(s0, unknown)));

    rig.time.advance(LiquidationRig.WINDOW);
    refused(ProblemCode.LIQUIDATION_CLOSED, () -> rig.desk.bid(s0bid, rig.sign(s0, s0bid)));
    assertThat(completed().taker()).isEqualTo(ClearingParameters.INSURANCE_FUND);
  }

  @Test
  void anAccountsLiquidationsAreListedNewestFirst() {
    rig.traderLong();
    rig.price("2500");
    rig.time.advance(LiquidationRig.WINDOW);
    rig.price("3000");
    rig.trade(rig.trader, rig.counterparty, "40", "3000");
    rig.price("2200");
    rig.time.advance(LiquidationRig.WINDOW);

    List<LiquidationRecord> listed = rig.desk.liquidations(rig.trader.address(), 10);
    assertThat(listed).extracting(LiquidationRecord::id).containsExactly(2L, 1L);
    assertThat(rig.desk.liquidations(rig.trader.address(), 1)).hasSize(1);
    assertThat(rig.desk.liquidations(s0.address(), 10)).isEmpty();
  }
}
