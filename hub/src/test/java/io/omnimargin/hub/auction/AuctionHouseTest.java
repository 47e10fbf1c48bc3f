package io.omnimargin.hub.auction;

import static io.omnimargin.hub.auction.AuctionRig.FILL_WINDOW;
import static io.omnimargin.hub.auction.AuctionRig.WAD;
import static io.omnimargin.hub.auction.AuctionRig.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentPage;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The auction workflow on manual time: no server, no threads, every wait a method call. */
class AuctionHouseTest {

  @Test
  void theBestNetBidWinsWhenTheWindowEndsAndItsFillIsBooked() {
    AuctionRig rig = new AuctionRig(2, false);
    OrderId id = rig.submitBuy().id();
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);

    assertThat(rig.place(0, id, 3_050, 5)).isNull(); // pays 3,055
    assertThat(rig.place(1, id, 3_040, 10)).isNull(); // pays 3,050: better for the buyer
    rig.time.advance(WINDOW.minusMillis(1));
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);
    rig.time.advance(Duration.ofMillis(1));

    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(rig.fill(1, id, WAD, 3_040)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.FILLED);
    assertThat(rig.applied)
        .singleElement()
        .isEqualTo(
            new EngineInput.Fill(
                new Trade(
                    "ETH-PERP",
                    rig.trader.address(),
                    rig.solvers.get(1).address(),
                    WAD,
                    WAD.multiply(BigInteger.valueOf(3_040)),
                    WAD.multiply(BigInteger.TEN),
                    BigInteger.ZERO),
                id));
    // both sides are booked: the solver is the trader's counterparty
    assertThat(
            rig.engine.snapshot(rig.solvers.get(1).address()).account().position("ETH-PERP").size())
        .isEqualTo(WAD.negate());
    assertThat(rig.engine.ledgerSummary().imbalance()).isZero();
  }

  @Test
  void anAuctionIsCountedAsRunningUntilItsFillIsBooked() {
    AuctionRig rig = new AuctionRig(2, false);
    OrderId first = rig.submitBuy().id();
    rig.submitBuy();
    assertThat(rig.house.running()).isEqualTo(2);

    rig.place(0, first, 3_050, 5);
    rig.time.advance(WINDOW);
    assertThat(rig.status(first)).isEqualTo(IntentStatus.AWARDED);
    assertThat(rig.house.running()).as("awarded, waiting for its fill").isEqualTo(2);
    rig.fill(0, first, WAD, 3_050);

    assertThat(rig.status(first)).isEqualTo(IntentStatus.FILLED);
    assertThat(rig.house.running()).isEqualTo(1);
  }

  @Test
  void recentAuctionsAreListedNewestFirstWithBidsWinnerAndTheBookedTrade() {
    AuctionRig rig = new AuctionRig(2, false);
    OrderId first = rig.submitBuy().id();
    rig.place(0, first, 3_050, 5);
    rig.place(1, first, 3_040, 10);
    assertThat(rig.house.record(first).orElseThrow().bids()).as("sealed").isNull();
    long opened = rig.time.millis();
    rig.time.advance(WINDOW);
    rig.fill(1, first, WAD, 3_040);
    rig.time.advance(Duration.ofSeconds(1));
    OrderId second = rig.submitBuy().id();

    List<AuctionRecord> recent = rig.house.recent(10);
    assertThat(recent).extracting(AuctionRecord::orderId).containsExactly(second, first);
    assertThat(rig.house.recent(1)).extracting(AuctionRecord::orderId).containsExactly(second);
    AuctionRecord open = recent.get(0);
    assertThat(open.state()).isEqualTo(Auction.State.BIDDING);
    assertThat(open.closedAtMillis()).isNull();
    assertThat(open.winner()).isNull();
    assertThat(open.trade()).isEmpty();
    AuctionRecord filled = recent.get(1);
    assertThat(filled.market()).isEqualTo("ETH-PERP");
    assertThat(filled.side()).isEqualTo(AuctionTerms.Side.BUY);
    assertThat(filled.size()).isEqualTo(WAD);
    assertThat(filled.state()).isEqualTo(Auction.State.FILLED);
    assertThat(filled.bids()).isEqualTo(2);
    assertThat(filled.winner()).isEqualTo(rig.solvers.get(1).address());
    assertThat(filled.awardPrice()).isEqualTo(WAD.multiply(BigInteger.valueOf(3_040)));
    assertThat(filled.openedAtMillis()).isEqualTo(opened);
    assertThat(filled.closedAtMillis()).isEqualTo(opened + WINDOW.toMillis());
    Trade trade = filled.trade().orElseThrow();
    assertThat(trade.taker()).isEqualTo(rig.trader.address());
    assertThat(trade.maker()).isEqualTo(rig.solvers.get(1).address());
    assertThat(trade.makerFee()).isEqualTo(WAD.multiply(BigInteger.TEN));
    assertThat(rig.house.record(first)).contains(filled);
  }

  @Test
  void anAuctionClosesBeforeItsWindowOnceEveryConnectedSolverHasAnswered() {
    AuctionRig rig = new AuctionRig(2, false);
    Map<Address, List<FeedEvent>> heard = rig.connectAll();
    OrderId id = rig.submitBuy().id();
    assertThat(heard.values()).allSatisfy(events -> assertThat(events).hasSize(1));

    rig.place(0, id, 3_050, 5);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);
    rig.house.decline(id, rig.solvers.get(1).address());

    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED); // no time has passed
    List<FeedEvent> winner = heard.get(rig.solvers.get(0).address());
    assertThat(winner).extracting(FeedEvent::type).containsExactly("auction", "award");
    assertThat(heard.get(rig.solvers.get(1).address())).hasSize(1); // only the winner hears
    rig.time.advance(WINDOW); // the window's end must not award it again
    assertThat(winner).hasSize(2);
  }

  @Test
  void solversThatConnectAfterTheOpenAreWaitedForAndTheAuctionClosesOnceTheyAnswered() {
    // a take-over resumes auctions before the solvers' sessions come back to the new owner
    AuctionRig rig = new AuctionRig(2, false);
    OrderId id = rig.submitBuy().id();
    Map<Address, List<FeedEvent>> heard = rig.connectAll(0); // resuming: the opening is replayed
    rig.place(0, id, 3_050, 5);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING); // the other is awaited
    rig.house.decline(id, rig.solvers.get(1).address());
    assertThat(rig.status(id))
        .as("both late solvers answered: no need to wait out the window")
        .isEqualTo(IntentStatus.AWARDED);
    assertThat(heard.get(rig.solvers.get(0).address()))
        .extracting(FeedEvent::type)
        .containsExactly("auction", "award");
  }

  @Test
  void answersThatArriveBeforeTheirStreamIsKnownToBeOpenStillCloseTheAuction() {
    // a stream's replay reaches the solver, and its answer the hub, before the hub hears that the
    // stream opened: the answers count, and the last connection closes the auction
    AuctionRig rig = new AuctionRig(2, false);
    OrderId id = rig.submitBuy().id();
    rig.place(0, id, 3_050, 5);
    rig.house.decline(id, rig.solvers.get(1).address());
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);
    rig.connectAll(0);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED); // no time has passed
  }

  @Test
  void aSolverThatConnectsFromNowDoesNotHearOfARunningAuctionAndIsNotWaitedFor() {
    AuctionRig rig = new AuctionRig(2, false);
    OrderId id = rig.submitBuy().id();
    rig.connectAll(); // from now: the running auction's opening is not sent to them
    rig.place(0, id, 3_050, 5); // a bid over HTTP, say
    rig.house.decline(id, rig.solvers.get(1).address());
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);
    rig.time.advance(WINDOW);
    assertThat(rig.status(id)).as("the window ran its course").isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void aWinnerThatDoesNotFillInTimeFadesAndTheNextBidIsAwarded() {
    AuctionRig rig = new AuctionRig(2, false);
    OrderId id = rig.submitBuy().id();
    rig.place(0, id, 3_000, 0);
    rig.place(1, id, 3_010, 0);
    rig.time.advance(WINDOW);
    assertThat(rig.house.auction(id).orElseThrow().current().orElseThrow().bid().solver())
        .isEqualTo(rig.solvers.get(0).address());

    rig.time.advance(FILL_WINDOW);

    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(rig.house.auction(id).orElseThrow().current().orElseThrow().bid().solver())
        .isEqualTo(rig.solvers.get(1).address());
    assertThat(rig.history).anyMatch(h -> h.contains("rank 2"));
    assertThat(rig.fill(0, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.NOT_THE_WINNER);
    rig.time.advance(FILL_WINDOW);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.FAILED); // nobody left to award
    assertThat(rig.applied).isEmpty();
  }

  @Test
  void afterAnEmptyWindowTheFirstValidBidWinsAtOnce() {
    AuctionRig rig = new AuctionRig(1, false);
    OrderId id = rig.submitBuy().id();
    rig.time.advance(WINDOW.multipliedBy(10));
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);

    assertThat(rig.place(0, id, 3_200, 0)).isEqualTo("price-worse-than-limit");
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AUCTIONING);
    assertThat(rig.place(0, id, 3_000, 0)).isNull();

    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void theAwardRechecksTheTradersMarginAtTheWinningPrice() {
    AuctionRig rig = new AuctionRig(1, true); // the trader has no collateral at all
    rig.price("3000");
    OrderId id = rig.submitBuy().id();
    rig.place(0, id, 3_000, 0);

    rig.time.advance(WINDOW);

    assertThat(rig.status(id)).isEqualTo(IntentStatus.REJECTED);
    assertThat(rig.history)
        .last()
        .asString()
        .startsWith("REJECTED: margin check at the winning price 3000");
    assertThat(rig.place(0, id, 2_900, 0)).isEqualTo("auction-closed");
  }

  @Test
  void aPageReadBeforeAnAuctionHereEndedDoesNotOpenItAgain() {
    AuctionRig rig = new AuctionRig(1, true, new RejectionsNotLanded(new InMemoryIntentStore()));
    Map<Address, List<FeedEvent>> heard = rig.connectAll();
    rig.price("3000");
    OrderId id = rig.submitBuy().id(); // the trader has no collateral: rejected at the award
    rig.place(0, id, 3_000, 0);
    rig.time.advance(WINDOW);
    assertThat(rig.status(id)).as("its move not landed yet").isEqualTo(IntentStatus.AUCTIONING);

    rig.house.resumeRest(rig.store.live(), Set.of());
    rig.time.advance(Duration.ZERO);

    assertThat(heard.get(rig.solvers.get(0).address()))
        .filteredOn(e -> e.type().equals("auction"))
        .as("announced once")
        .hasSize(1);
    assertThat(rig.place(0, id, 2_900, 0)).isEqualTo("auction-closed");
  }

  @Test
  void aCancelledIntentCancelsItsAuctionAndLaterBidsAreRefused() {
    AuctionRig rig = new AuctionRig(1, false);
    OrderId id = rig.submitBuy().id();
    var intent = rig.store.find(id).orElseThrow();
    StatusChange cancel = new StatusChange(IntentStatus.CANCELLED, rig.time.instant(), "user");
    rig.store.transition(id, IntentStatus.NOT_YET_TAKEN, cancel);
    rig.events.statusChanged(intent.with(cancel), cancel);

    assertThat(rig.place(0, id, 3_000, 0)).isEqualTo("auction-cancelled");
    rig.time.advance(WINDOW);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.CANCELLED);
  }

  @Test
  void aFillUnlikeTheAwardIsRefusedAndTheAwardStands() {
    AuctionRig rig = new AuctionRig(1, false);
    OrderId id = rig.submitBuy().id();
    rig.place(0, id, 3_000, 0);
    rig.time.advance(WINDOW);

    assertThat(rig.fill(0, id, WAD, 2_990)).isEqualTo(AuctionHouse.FillOutcome.FILL_MISMATCH);
    assertThat(rig.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(rig.fill(0, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
  }

  @Test
  void aTraderCannotBeItsOwnCounterparty() {
    AuctionRig rig = new AuctionRig(1, false);
    OrderId id = rig.submitBuy().id();
    var self =
        new io.omnimargin.protocol.eip712.SolverBid(
            id,
            rig.trader.address(),
            io.omnimargin.protocol.types.Uint256.of(WAD.multiply(BigInteger.valueOf(3_000))),
            io.omnimargin.protocol.types.Uint256.of(BigInteger.ZERO),
            rig.time.instant().getEpochSecond() + 3_600);
    rig.registerKey(rig.trader);

    var placed = rig.house.bid(id, self, rig.trader.sign(self.digest(AuctionRig.DOMAIN)));

    assertThat(placed.orElseThrow().rejected().code()).isEqualTo("self-trade");
  }

  @Test
  void withRiskChecksBidsOutsideTheBandAroundTheIndexAreRefused() {
    AuctionRig rig = new AuctionRig(1, true);
    rig.fundTrader();
    rig.price("3000");
    OrderId id = rig.submitBuy().id();

    assertThat(rig.place(0, id, 2_800, 0)).isEqualTo("price-out-of-band"); // 6.7% under
    assertThat(rig.place(0, id, 0, 0)).isEqualTo("price-out-of-band");
    assertThat(rig.place(0, id, 2_900, 0)).isNull(); // 3.3% under
  }

  @Test
  void aSolverThatCannotCarryTheTradeIsPassedOverWithoutAFade() {
    AuctionRig rig = new AuctionRig(2, true);
    rig.fundTrader();
    rig.fund(rig.solvers.get(1).address()); // solver 0 has no collateral at all
    rig.price("3000");
    OrderId id = rig.submitBuy().id();
    rig.place(0, id, 3_000, 0); // the better bid, from a solver that cannot carry it
    rig.place(1, id, 3_010, 0);

    rig.time.advance(WINDOW);

    assertThat(rig.house.auction(id).orElseThrow().current().orElseThrow().bid().solver())
        .isEqualTo(rig.solvers.get(1).address());
    assertThat(rig.house.auction(id).orElseThrow().competition())
        .anySatisfy(
            r -> {
              assertThat(r.bid().solver()).isEqualTo(rig.solvers.get(0).address());
              assertThat(r.bid().rejected().code()).isEqualTo("solver-insufficient-margin");
            });
    assertThat(rig.registry.apply(rig.solvers.get(0).address())).isEmpty(); // not suspended
    assertThat(rig.fill(1, id, WAD, 3_010)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(rig.engine.ledgerSummary().balanced()).isTrue();
  }

  @Test
  void anIntentCancelledElsewhereBeforeTheAwardIsNeitherAwardedNorHoldsMargin() {
    AuctionRig rig = new AuctionRig(1, true);
    rig.fundTrader();
    rig.fund(rig.solvers.get(0).address());
    rig.price("3000");
    Map<Address, List<FeedEvent>> heard = rig.connectAll();
    OrderId id = rig.submitBuy().id();
    // another replica cancels it in the shared store; this one is not told before it awards
    StatusChange cancel = new StatusChange(IntentStatus.CANCELLED, rig.time.instant(), "user");
    rig.store.transition(id, IntentStatus.NOT_YET_TAKEN, cancel);
    rig.place(0, id, 3_000, 0); // every connected solver has answered: the award is due now
    rig.time.advance(WINDOW);

    assertThat(rig.status(id)).isEqualTo(IntentStatus.CANCELLED);
    assertThat(heard.get(rig.solvers.get(0).address())).noneMatch(e -> e.type().equals("award"));
    assertThat(rig.engine.snapshot(rig.trader.address()).openReservations()).isZero();
    assertThat(rig.engine.snapshot(rig.solvers.get(0).address()).openReservations()).isZero();
    assertThat(rig.fill(0, id, WAD, 3_000)).isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(rig.applied).noneMatch(i -> i instanceof EngineInput.Fill);
    assertThat(rig.awards.find(id)).as("the award kept before the move is forgotten").isEmpty();
  }

  @Test
  void afterARestartOpenAndAuctioningIntentsAreAuctionedAgainAndAnUnfilledAwardFails() {
    AuctionRig before = new AuctionRig(1, false);
    OrderId open = before.submitBuy().id();
    before.place(0, open, 3_000, 0);
    before.time.advance(WINDOW); // awarded, never filled
    OrderId auctioning = before.submitBuy().id();
    assertThat(before.status(open)).isEqualTo(IntentStatus.AWARDED);
    assertThat(before.status(auctioning)).isEqualTo(IntentStatus.AUCTIONING);

    // a new process on the same store: its auction house knows nothing of either
    AuctionRig after = new AuctionRig(1, false, before.store);
    after.resumeLive();

    assertThat(after.status(open)).isEqualTo(IntentStatus.FAILED);
    assertThat(after.status(auctioning)).isEqualTo(IntentStatus.AUCTIONING);
    assertThat(after.place(0, auctioning, 3_000, 0)).isNull();
    after.time.advance(WINDOW);
    assertThat(after.status(auctioning)).isEqualTo(IntentStatus.AWARDED);
    assertThat(after.fill(0, auctioning, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
  }

  @Test
  void aTakeOverReopensManyAuctionsInBatchesAndSkipsAnIntentCancelledAfterItWasRead() {
    AuctionRig before = new AuctionRig(1, false);
    List<OrderId> ids = new ArrayList<>();
    for (int n = 0; n < AuctionHouse.OPEN_BATCH + 10; n++) { // two calls to the store
      ids.add(before.submitBuy().id());
    }
    AuctionRig after = before.successor();
    List<Intent> read = after.store.live();
    OrderId cancelled = ids.get(AuctionHouse.OPEN_BATCH + 3);
    after.store.transition(
        cancelled,
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, after.time.instant(), "cancelled by user"));
    Map<Address, List<FeedEvent>> heard = after.connectAll();

    after.house.resumeAll(read);
    after.time.advance(Duration.ZERO);

    List<String> announced =
        heard.get(after.solvers.get(0).address()).stream()
            .filter(e -> e.type().equals("auction"))
            .map(FeedEvent::orderId)
            .toList();
    assertThat(announced).hasSize(ids.size() - 1).doesNotContain(cancelled.toHex());
    assertThat(after.status(cancelled)).isEqualTo(IntentStatus.CANCELLED);
    OrderId last = ids.get(ids.size() - 1);
    assertThat(after.store.find(last).orElseThrow().history())
        .extracting(StatusChange::reason)
        .last()
        .asString()
        .endsWith("(reopened after a restart)");
    after.place(0, last, 3_000, 0);
    after.time.advance(WINDOW);
    assertThat(after.status(last)).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void newIntentsTheTimerFindsWaitingOpenTheirAuctionsInOneStatusMovePerBatch() {
    CountingMoves store = new CountingMoves(new InMemoryIntentStore());
    AuctionRig rig = new AuctionRig(1, false, store);
    Map<Address, List<FeedEvent>> heard = rig.connectAll();
    rig.timer.hold(); // the timer thread busy elsewhere while intents are accepted
    List<OrderId> ids = new ArrayList<>();
    for (int n = 0; n < AuctionHouse.OPEN_BATCH + 10; n++) {
      ids.add(rig.submitBuy().id());
    }
    OrderId cancelled = ids.get(AuctionHouse.OPEN_BATCH + 2);
    store.delegate.transition(
        cancelled,
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, rig.time.instant(), "cancelled by user"));

    rig.timer.release();

    assertThat(store.batches).containsExactly(AuctionHouse.OPEN_BATCH, 10);
    assertThat(heard.get(rig.solvers.get(0).address()))
        .filteredOn(e -> e.type().equals("auction"))
        .extracting(FeedEvent::orderId)
        .hasSize(ids.size() - 1)
        .doesNotContain(cancelled.toHex());
    assertThat(rig.status(cancelled)).isEqualTo(IntentStatus.CANCELLED);
    assertThat(rig.history).filteredOn(h -> h.startsWith("AUCTIONING")).hasSize(ids.size() - 1);
    OrderId last = ids.get(ids.size() - 1);
    assertThat(rig.store.find(last).orElseThrow().history())
        .extracting(StatusChange::reason)
        .last()
        .asString()
        .startsWith("auction open until")
        .doesNotContain("reopened");

    // a quiet house: an intent opens on its own, as it comes
    OrderId alone = rig.submitBuy().id();
    assertThat(store.batches).hasSize(2);
    assertThat(rig.status(alone)).isEqualTo(IntentStatus.AUCTIONING);
    rig.place(0, last, 3_000, 0);
    rig.time.advance(WINDOW);
    assertThat(rig.status(last)).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void whenTheStoreFailsABatchOfReopeningsEachAuctionIsReopenedOnItsOwn() {
    AuctionRig before = new AuctionRig(1, false);
    List<OrderId> ids = List.of(before.submitBuy().id(), before.submitBuy().id());
    AuctionRig after = new AuctionRig(1, false, new FailingBatches(before.store));
    Map<Address, List<FeedEvent>> heard = after.connectAll();

    after.house.resumeAll(after.store.live());
    after.time.advance(Duration.ZERO);

    assertThat(heard.get(after.solvers.get(0).address()))
        .filteredOn(e -> e.type().equals("auction"))
        .extracting(FeedEvent::orderId)
        .containsExactlyInAnyOrder(ids.get(0).toHex(), ids.get(1).toHex());
    after.place(0, ids.get(1), 3_000, 0);
    after.time.advance(WINDOW);
    assertThat(after.status(ids.get(1))).isEqualTo(IntentStatus.AWARDED);
  }

  @Test
  void aTakeOverThatServesFirstResumesTheKeptAwardsThenItsPagesLeavingAwardsMadeSinceAlone() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId kept = before.awarded(2_990, 3_000); // to solver 0, solver 1 behind it
    OrderId unkept = before.awarded(2_990);
    before.awards.forget(unkept); // its record lost: the owner died between two steps
    OrderId bidding = before.submitBuy().id();

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.timer.hold(); // the restored award waits on the timer while the first page comes in
    Set<OrderId> resumed = after.house.resumeAwards();
    after.house.resumeRest(after.store.live(), resumed);
    after.timer.release();
    after.time.advance(Duration.ZERO);
    assertThat(resumed).containsExactly(kept);
    assertThat(after.status(unkept)).isEqualTo(IntentStatus.FAILED);

    // serving now: an intent accepted since is auctioned and awarded before the pages are read
    OrderId since = after.submitBuy().id();
    after.place(0, since, 3_000, 0);
    after.time.advance(WINDOW);
    assertThat(after.status(since)).isEqualTo(IntentStatus.AWARDED);
    List<Intent> page = after.store.live();
    assertThat(page).extracting(Intent::id).contains(kept, bidding, since);
    after.house.resumeRest(page, resumed);
    after.house.resumeRest(page, resumed); // a read again after a failure opens nothing twice
    after.time.advance(Duration.ZERO);

    assertThat(after.status(bidding)).isEqualTo(IntentStatus.AUCTIONING);
    List<FeedEvent> toWinner = heard.get(after.solvers.get(0).address());
    assertThat(toWinner)
        .filteredOn(e -> e.type().equals("award"))
        .extracting(FeedEvent::orderId)
        .as("each award told once")
        .containsExactlyInAnyOrder(kept.toHex(), since.toHex());
    assertThat(toWinner)
        .filteredOn(e -> e.type().equals("auction"))
        .extracting(FeedEvent::orderId)
        .containsExactlyInAnyOrder(since.toHex(), bidding.toHex());
    assertThat(after.fill(0, kept, WAD, 2_990)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.fill(0, since, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    after.place(1, bidding, 3_000, 0);
    after.time.advance(WINDOW);
    assertThat(after.status(bidding)).isEqualTo(IntentStatus.AWARDED);
    assertThat(after.applied.stream().filter(i -> i instanceof EngineInput.Fill)).hasSize(2);
  }

  @Test
  void aSuccessorRestoresAnAwardItsPredecessorKeptAndTheWinnerFillsItOnce() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId id =
        before.awarded(2_990, 3_000); // awarded to solver 0, the better price; the owner then dies
    assertThat(before.status(id)).isEqualTo(IntentStatus.AWARDED);

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.time.advance(Duration.ofSeconds(5)); // the take-over's seconds, within the fill window
    after.resumeLive();

    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(heard.get(after.solvers.get(0).address()))
        .as("the winner is told its award again, on the successor's feed")
        .anyMatch(e -> e.type().equals("award") && e.orderId().equals(id.toHex()));
    assertThat(heard.get(after.solvers.get(1).address())).noneMatch(e -> e.type().equals("award"));
    assertThat(after.fill(1, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.NOT_THE_WINNER);
    assertThat(after.fill(0, id, WAD, 2_990)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.status(id)).isEqualTo(IntentStatus.FILLED);
    assertThat(after.fill(0, id, WAD, 2_990))
        .as("booked once")
        .isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.applied.stream().filter(i -> i instanceof EngineInput.Fill)).hasSize(1);
    assertThat(before.awards.find(id)).as("forgotten once the auction ended").isEmpty();
  }

  @Test
  void aKeptAwardWhoseFillWindowPassedDuringTheTakeOverFails() {
    AuctionRig before = new AuctionRig(1, false);
    OrderId id = before.awarded(3_000);

    AuctionRig after = before.successor();
    after.time.advance(FILL_WINDOW.plusSeconds(1));
    after.resumeLive();

    assertThat(after.status(id)).isEqualTo(IntentStatus.FAILED);
    assertThat(after.fill(0, id, WAD, 3_000)).isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(before.awards.find(id)).isEmpty();
  }

  @Test
  void aRestoredAwardThatIsNotFilledFadesAtTheKeptDeadlineAndFails() {
    AuctionRig before = new AuctionRig(1, false);
    OrderId id = before.awarded(3_000);

    AuctionRig after = before.successor();
    after.resumeLive();
    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    after.time.advance(FILL_WINDOW); // this rig's clock started a window behind the first's
    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    after.time.advance(WINDOW); // the deadline the first kept

    assertThat(after.status(id))
        .as("no bid behind the restored one")
        .isEqualTo(IntentStatus.FAILED);
    assertThat(before.awards.find(id)).isEmpty();
  }

  @Test
  void aRestoredWinnerThatDoesNotFillPassesTheAwardToTheRunnerUpTheOwnerKept() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId id =
        before.awarded(
            2_990, 3_000); // awarded to solver 0, solver 1 behind it; the owner then dies
    assertThat(before.awards.find(id).orElseThrow().runnerUps())
        .extracting(r -> r.bid().solver())
        .containsExactly(before.solvers.get(1).address());

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.resumeLive();
    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(heard.get(after.solvers.get(1).address())).noneMatch(e -> e.type().equals("award"));
    after.time.advance(FILL_WINDOW); // this rig's clock started a window behind the first's
    assertThat(heard.get(after.solvers.get(1).address())).noneMatch(e -> e.type().equals("award"));
    after.time.advance(WINDOW); // the deadline the owner kept: solver 0 never filled

    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(after.house.auction(id).orElseThrow().current().orElseThrow().bid().solver())
        .isEqualTo(after.solvers.get(1).address());
    assertThat(heard.get(after.solvers.get(1).address()))
        .as("the runner-up is told its award")
        .anyMatch(e -> e.type().equals("award") && e.orderId().equals(id.toHex()));
    AwardRecord kept = after.awards.find(id).orElseThrow();
    assertThat(kept.bid().solver())
        .as("the new award is kept for the next successor")
        .isEqualTo(after.solvers.get(1).address());
    assertThat(kept.runnerUps()).isEmpty();
    assertThat(after.fill(0, id, WAD, 2_990)).isEqualTo(AuctionHouse.FillOutcome.NOT_THE_WINNER);
    assertThat(after.fill(1, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.status(id)).isEqualTo(IntentStatus.FILLED);
    assertThat(after.fill(1, id, WAD, 3_000))
        .as("booked once")
        .isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.applied)
        .filteredOn(i -> i instanceof EngineInput.Fill)
        .singleElement()
        .satisfies(
            i ->
                assertThat(((EngineInput.Fill) i).trade().maker())
                    .isEqualTo(after.solvers.get(1).address()));
    assertThat(before.awards.find(id)).as("forgotten once the auction ended").isEmpty();
  }

  @Test
  void anAwardPassedOnByTheOwnerIsKeptWithTheBidsStillBehindIt() {
    AuctionRig before = new AuctionRig(3, false);
    OrderId id = before.awarded(2_980, 2_990, 3_000);
    assertThat(before.awards.find(id).orElseThrow().runnerUps())
        .extracting(r -> r.bid().solver())
        .containsExactly(before.solvers.get(1).address(), before.solvers.get(2).address());
    before.time.advance(FILL_WINDOW); // solver 0 fades on the owner: solver 1 is awarded
    AwardRecord passed = before.awards.find(id).orElseThrow();
    assertThat(passed.bid().solver()).isEqualTo(before.solvers.get(1).address());
    assertThat(passed.runnerUps())
        .extracting(r -> r.bid().solver())
        .containsExactly(before.solvers.get(2).address());

    AuctionRig after = before.successor(); // the owner dies
    after.time.advance(WINDOW.plusSeconds(1));
    after.resumeLive();
    after.time.advance(FILL_WINDOW.multipliedBy(2)); // solver 1 does not fill there either

    assertThat(after.house.auction(id).orElseThrow().current().orElseThrow().bid().solver())
        .isEqualTo(after.solvers.get(2).address());
    assertThat(after.fill(2, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.status(id)).isEqualTo(IntentStatus.FILLED);
  }

  @Test
  void aKeptAwardWhoseFillWindowPassedDuringTheTakeOverPassesToTheRunnerUp() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId id = before.awarded(2_990, 3_000);

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.time.advance(FILL_WINDOW.plusSeconds(1)); // a take-over slower than the fill window
    after.resumeLive();

    assertThat(after.status(id)).isEqualTo(IntentStatus.AWARDED);
    assertThat(heard.get(after.solvers.get(0).address()))
        .as("a winner whose window is over is not told again")
        .noneMatch(e -> e.type().equals("award"));
    assertThat(heard.get(after.solvers.get(1).address()))
        .anyMatch(e -> e.type().equals("award") && e.orderId().equals(id.toHex()));
    assertThat(after.awards.find(id).orElseThrow().fillDeadlineMillis())
        .as("a fill window of its own")
        .isEqualTo(after.time.millis() + FILL_WINDOW.toMillis());
    assertThat(after.fill(1, id, WAD, 3_000)).isEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.registry.reputation(after.solvers.get(0).address()).fades())
        .as("its window ran out during our outage, not by its fault")
        .isZero();
  }

  @Test
  void anAwardIsKeptBeforeTheIntentIsAwardedSoThatASuccessorNeverFindsOneWithoutTheOther() {
    AwardLog memory = AwardLog.inMemory();
    List<IntentStatus> statusWhenKept = new java.util.ArrayList<>();
    AuctionRig[] rig = new AuctionRig[1];
    rig[0] =
        AuctionRig.keepingAwardsIn(
            2,
            new AwardLog() {
              @Override
              public void awarded(OrderId id, AwardRecord award) {
                statusWhenKept.add(rig[0].status(id));
                memory.awarded(id, award);
              }

              @Override
              public java.util.Optional<AwardRecord> find(OrderId id) {
                return memory.find(id);
              }

              @Override
              public void forget(OrderId id) {
                memory.forget(id);
              }

              @Override
              public java.util.Set<OrderId> kept() {
                return memory.kept();
              }
            });
    OrderId id = rig[0].submitBuy().id();
    rig[0].place(0, id, 3_050, 5);
    rig[0].place(1, id, 3_060, 5);
    rig[0].time.advance(WINDOW);
    assertThat(rig[0].status(id)).isEqualTo(IntentStatus.AWARDED);
    rig[0].time.advance(FILL_WINDOW.plusSeconds(1)); // the winner fades: the award passes on
    assertThat(statusWhenKept)
        .as("kept while the intent was still auctioning, then while awarded to the first")
        .containsExactly(IntentStatus.AUCTIONING, IntentStatus.AWARDED);
  }

  @Test
  void anAwardKeptByAnOwnerThatDiedBeforeTheIntentSaidAwardedIsForgottenWhenItsAuctionEnds() {
    AuctionRig before = new AuctionRig(1, false);
    OrderId id = before.submitBuy().id(); // AUCTIONING
    // the owner kept its award and died before the intent's move to AWARDED
    before.awards.awarded(
        id,
        new AwardRecord(
            new SolverBid(
                id,
                before.solvers.get(0).address(),
                io.omnimargin.protocol.types.Uint256.of(WAD.multiply(BigInteger.valueOf(3_000))),
                io.omnimargin.protocol.types.Uint256.of(0),
                0xffff_ffffL),
            before.time.millis(),
            before.time.millis() + FILL_WINDOW.toMillis()));

    AuctionRig after = before.successor();
    after.resumeLive();
    after.time.advance(WINDOW); // auctioned again: no bid this time, then the trader cancels
    var intent = after.store.find(id).orElseThrow();
    StatusChange cancel = new StatusChange(IntentStatus.CANCELLED, after.time.instant(), "user");
    after.store.transition(id, IntentStatus.NOT_YET_TAKEN, cancel);
    after.events.statusChanged(intent.with(cancel), cancel);
    assertThat(after.status(id)).isEqualTo(IntentStatus.CANCELLED);
    assertThat(after.awards.find(id)).isEmpty();
  }

  @Test
  void aKeptAwardWhoseOrderCannotBeFilledAnyMoreFailsWithoutAwardingTheRunnerUp() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId id = before.awarded(2_990, 3_000);

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.time.advance(Duration.ofSeconds(1_201)); // past the order's own fill deadline
    after.resumeLive();

    assertThat(after.status(id)).isEqualTo(IntentStatus.FAILED);
    assertThat(heard.values())
        .allSatisfy(events -> assertThat(events).noneMatch(e -> e.type().equals("award")));
    for (var solver : after.solvers) {
      assertThat(after.registry.reputation(solver.address()).fades()).isZero();
    }
  }

  @Test
  void aRunnerUpWhoseSignatureDoesNotHoldIsNotAwardedAfterATakeOver() {
    AuctionRig before = new AuctionRig(2, false);
    OrderId id = before.submitBuy().id();
    before.place(0, id, 2_990, 0);
    // solver 1's session sends a bid signed with solver 0's key: placed, checked only if it
    // could win, so not before the owner dies
    SolverBid forged = before.bid(1, id, 3_000, 0);
    assertThat(
            before
                .house
                .bidFromSession(before.solvers.get(1).address(), id, forged, before.sign(0, forged))
                .orElseThrow()
                .rejected())
        .isNull();
    before.time.advance(WINDOW);
    assertThat(before.awards.find(id).orElseThrow().runnerUps())
        .singleElement()
        .satisfies(r -> assertThat(r.unchecked()).isNotNull());

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.resumeLive();
    after.time.advance(FILL_WINDOW.plus(WINDOW)); // solver 0 never fills

    assertThat(after.status(id)).as("no bid behind it holds").isEqualTo(IntentStatus.FAILED);
    assertThat(heard.get(after.solvers.get(1).address())).noneMatch(e -> e.type().equals("award"));
    assertThat(after.house.auction(id).orElseThrow().competition())
        .anySatisfy(
            r -> {
              assertThat(r.bid().solver()).isEqualTo(after.solvers.get(1).address());
              assertThat(r.bid().rejected()).isEqualTo(BidRejection.BAD_SIGNATURE);
            });
    assertThat(after.fill(1, id, WAD, 3_000)).isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(after.applied).noneMatch(i -> i instanceof EngineInput.Fill);
    assertThat(before.awards.find(id)).isEmpty();
  }

  @Test
  void anIntentWhoseTradeWasBookedBeforeTheOwnerDiedIsFilledNeitherRestoredNorFailed() {
    AuctionRig before = new AuctionRig(1, false);
    OrderId id = before.awarded(3_000);
    // the owner books the trade (the ledger and its mark in one step), then dies before the
    // intent is moved to FILLED
    before.engine.onTrade(
        Trade.at(
            "ETH-PERP",
            before.trader.address(),
            before.solvers.get(0).address(),
            WAD,
            WAD.multiply(BigInteger.valueOf(3_000))),
        id);
    assertThat(before.status(id)).isEqualTo(IntentStatus.AWARDED);

    AuctionRig after = before.successor();
    Map<Address, List<FeedEvent>> heard = after.connectAll();
    after.resumeLive();

    assertThat(after.status(id)).isEqualTo(IntentStatus.FILLED);
    assertThat(heard.get(after.solvers.get(0).address())).noneMatch(e -> e.type().equals("award"));
    assertThat(after.engine.snapshot(after.trader.address()).account().position("ETH-PERP").size())
        .as("booked once")
        .isEqualTo(WAD);
    assertThat(after.fill(0, id, WAD, 3_000)).isNotEqualTo(AuctionHouse.FillOutcome.FILLED);
    assertThat(before.awards.find(id)).isEmpty();
  }

  @Test
  void aTradeTheLogAppliesOnlyAfterTheResumeAskedIsFilledNotRejected() {
    AuctionRig before = new AuctionRig(1, true);
    before.fundTrader();
    before.fund(before.solvers.get(0).address());
    before.price("3000");
    OrderId id = before.awarded(3_000);
    assertThat(before.status(id)).isEqualTo(IntentStatus.AWARDED);
    // the winner's fill reached the owner, whose trade is in the trader's partition's log; the
    // owner dies before the partition applies it, and before the intent says FILLED
    Trade trade =
        Trade.at(
            "ETH-PERP",
            before.trader.address(),
            before.solvers.get(0).address(),
            WAD,
            WAD.multiply(BigInteger.valueOf(3_000)));

    AuctionRig after =
        before.successor(engine -> new LateLedger(engine, () -> engine.onTrade(trade, id)));
    after.time.advance(Duration.ofSeconds(1));
    after.resumeLive();

    assertThat(after.status(id))
        .as(String.join("; ", after.history))
        .isEqualTo(IntentStatus.FILLED);
    assertThat(after.engine.snapshot(after.trader.address()).account().position("ETH-PERP").size())
        .as("booked once")
        .isEqualTo(WAD);
    assertThat(before.awards.find(id)).isEmpty();
  }

  /** A store that passes every call to another: the stores below change one call each. */
  private abstract static class Delegating implements IntentStore {
    final IntentStore delegate;

    Delegating(IntentStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<Boolean> moveAll(
        List<OrderId> ids, java.util.Set<IntentStatus> from, StatusChange change) {
      return delegate.moveAll(ids, from, change);
    }

    @Override
    public AcceptOutcome accept(Intent intent, int maxLivePerUser) {
      return delegate.accept(intent, maxLivePerUser);
    }

    @Override
    public java.util.Optional<Intent> find(OrderId id) {
      return delegate.find(id);
    }

    @Override
    public IntentPage listByUser(
        Address user,
        java.util.Optional<IntentStatus> status,
        java.util.Optional<String> cursor,
        int limit) {
      return delegate.listByUser(user, status, cursor, limit);
    }

    @Override
    public TransitionOutcome transition(
        OrderId id, java.util.Set<IntentStatus> from, StatusChange change) {
      return delegate.transition(id, from, change);
    }

    @Override
    public List<Intent> live() {
      return delegate.live();
    }

    @Override
    public List<OrderId> pastOpenDeadline(long epochSecond, int limit) {
      return delegate.pastOpenDeadline(epochSecond, limit);
    }
  }

  /** A store whose moves of many intents at once time out, as Redis under a failure would. */
  private static final class FailingBatches extends Delegating {
    FailingBatches(IntentStore delegate) {
      super(delegate);
    }

    @Override
    public List<Boolean> moveAll(
        List<OrderId> ids, java.util.Set<IntentStatus> from, StatusChange change) {
      throw new IllegalStateException("timed out waiting for the store");
    }
  }

  /** A store that counts the intents of each move of many at once. */
  private static final class CountingMoves extends Delegating {
    final List<Integer> batches = new ArrayList<>();

    CountingMoves(IntentStore delegate) {
      super(delegate);
    }

    @Override
    public List<Boolean> moveAll(
        List<OrderId> ids, java.util.Set<IntentStatus> from, StatusChange change) {
      batches.add(ids.size());
      return delegate.moveAll(ids, from, change);
    }
  }

  /**
   * A store where a move to {@code REJECTED} has not landed yet: a reader still finds the intent as
   * it was, as a take-over's page read just before the move would.
   */
  private static final class RejectionsNotLanded extends Delegating {
    RejectionsNotLanded(IntentStore delegate) {
      super(delegate);
    }

    @Override
    public TransitionOutcome transition(
        OrderId id, java.util.Set<IntentStatus> from, StatusChange change) {
      if (change.status() == IntentStatus.REJECTED) {
        return new TransitionOutcome.Refused(delegate.find(id).orElseThrow());
      }
      return delegate.transition(id, from, change);
    }
  }
}
