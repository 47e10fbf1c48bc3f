package io.omnimargin.auction.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuctionTest {
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final PrivateKey ALICE = PrivateKey.of(BigInteger.valueOf(1001));
  static final PrivateKey BOB = PrivateKey.of(BigInteger.valueOf(1002));
  static final PrivateKey CAROL = PrivateKey.of(BigInteger.valueOf(1003));
  static final PrivateKey STRANGER = PrivateKey.of(BigInteger.valueOf(1004));
  static final OrderId ORDER = new OrderId(Bytes32.leftPad(new byte[] {7}));
  static final long CLOSES = 1_800_000_000_250L;

  SolverRegistry registry;

  static BigInteger wad(long v) {
    return BigInteger.valueOf(v).multiply(WAD);
  }

  @BeforeEach
  void registry() throws Exception {
    registry =
        new SolverRegistry(
            Map.of(
                ALICE.address(), wad(1000), BOB.address(), wad(1000), CAROL.address(), wad(1000)),
            1200,
            3,
            java.time.Duration.ofMinutes(5),
            () -> 1_800_000_000L);
    for (PrivateKey k : List.of(ALICE, BOB, CAROL)) {
      SolverRegistration r = new SolverRegistration(k.address(), "solver", 1_800_000_000L);
      registry.register(r, k.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
    }
  }

  Auction auction(AuctionTerms.Side side, Set<Address> connected) {
    return new Auction(
        new AuctionTerms(ORDER, side, wad(2), wad(3000), wad(10), CLOSES, 1_800_000_600L),
        DOMAIN,
        Secp256k1Provider.recovery(),
        registry,
        registry::score,
        connected);
  }

  static PlacedBid bid(
      Auction a, PrivateKey signer, Address solver, long price, long fee, long at) {
    SolverBid b =
        new SolverBid(ORDER, solver, Uint256.of(wad(price)), Uint256.of(wad(fee)), 1_800_000_100L);
    return a.submit(b, signer.sign(b.digest(DOMAIN)), at);
  }

  static PlacedBid bid(Auction a, PrivateKey k, long price, long fee, long at) {
    return bid(a, k, k.address(), price, fee, at);
  }

  @Test
  void theBestNetPriceWinsAndTiesGoToTheEarlierBid() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of());
    bid(buy, ALICE, 2990, 5, 1); // 5,985
    bid(buy, BOB, 2985, 10, 2); // 5,980: best
    bid(buy, CAROL, 2985, 10, 3); // 5,980: same, later
    assertThat(buy.close())
        .hasValueSatisfying(
            a -> {
              assertThat(a.bid().solver()).isEqualTo(BOB.address());
              assertThat(a.rank()).isEqualTo(1);
            });
    assertThat(buy.competition()).extracting(r -> r.rank()).containsExactly(3, 1, 2);

    Auction sell = auction(AuctionTerms.Side.SELL, Set.of());
    bid(sell, ALICE, 3010, 5, 1); // receives 6,015
    bid(sell, BOB, 3020, 30, 2); // receives 6,010
    assertThat(sell.close().orElseThrow().bid().solver()).isEqualTo(ALICE.address());

    Auction withdrawal = auction(AuctionTerms.Side.WITHDRAWAL, Set.of());
    bid(withdrawal, ALICE, 0, 3, 1);
    bid(withdrawal, BOB, 0, 2, 2);
    assertThat(withdrawal.close().orElseThrow().bid().solver()).isEqualTo(BOB.address());
  }

  @Test
  void everyRejectionHasItsReason() {
    Auction a = auction(AuctionTerms.Side.BUY, Set.of());
    assertThat(bid(a, STRANGER, ALICE.address(), 2990, 1, 1).rejected())
        .isEqualTo(BidRejection.BAD_SIGNATURE);
    assertThat(bid(a, STRANGER, 2990, 1, 1).rejected()).isEqualTo(BidRejection.UNKNOWN_SOLVER);
    registry.suspend(CAROL.address(), "by hand");
    assertThat(bid(a, CAROL, 2990, 1, 1).rejected()).isEqualTo(BidRejection.SOLVER_SUSPENDED);
    assertThat(bid(a, ALICE, 3001, 1, 1).rejected()).isEqualTo(BidRejection.PRICE_WORSE_THAN_LIMIT);
    assertThat(bid(a, ALICE, 2990, 11, 1).rejected()).isEqualTo(BidRejection.FEE_ABOVE_MAX);
    SolverBid shortLived =
        new SolverBid(
            ORDER, ALICE.address(), Uint256.of(wad(2990)), Uint256.of(wad(1)), 1_800_000_000L - 1);
    assertThat(a.submit(shortLived, ALICE.sign(shortLived.digest(DOMAIN)), 1).rejected())
        .isEqualTo(BidRejection.EXPIRES_BEFORE_FILL);
    SolverBid other =
        new SolverBid(
            new OrderId(Bytes32.leftPad(new byte[] {8})),
            ALICE.address(),
            Uint256.of(wad(2990)),
            Uint256.of(wad(1)),
            1_800_000_100L);
    assertThat(a.submit(other, ALICE.sign(other.digest(DOMAIN)), 1).rejected())
        .isEqualTo(BidRejection.WRONG_ORDER);
    assertThat(bid(a, ALICE, 2990, 1, CLOSES).rejected()).isEqualTo(BidRejection.AUCTION_CLOSED);

    Auction sell = auction(AuctionTerms.Side.SELL, Set.of());
    assertThat(bid(sell, ALICE, 2999, 1, 1).rejected())
        .isEqualTo(BidRejection.PRICE_WORSE_THAN_LIMIT);
    sell.cancel();
    assertThat(bid(sell, ALICE, 3001, 1, 1).rejected()).isEqualTo(BidRejection.AUCTION_CANCELLED);
    assertThat(a.close()).isEmpty(); // nothing valid was bid
    assertThat(a.state()).isEqualTo(Auction.State.NO_WINNER);
  }

  @Test
  void aSecondBidBeforeCloseReplacesTheFirst() {
    Auction a = auction(AuctionTerms.Side.BUY, Set.of());
    bid(a, ALICE, 2999, 1, 1);
    bid(a, BOB, 2995, 1, 2);
    bid(a, ALICE, 2990, 1, 3); // replaces, and is now the best
    assertThat(a.close().orElseThrow().bid().bid().price().toBigInteger()).isEqualTo(wad(2990));
    assertThat(a.competition())
        .filteredOn(r -> r.bid().replaced())
        .singleElement()
        .satisfies(r -> assertThat(r.rank()).isZero());
  }

  @Test
  void aSolverThatConnectsWhileBiddingRunsIsWaitedForUnlessItAnsweredAlready() {
    // opened with nobody connected, as a take-over's resumed auctions are
    Auction a = auction(AuctionTerms.Side.BUY, Set.of());
    a.connected(ALICE.address());
    assertThat(a.everyoneAnswered()).isFalse();
    a.connected(BOB.address());
    bid(a, ALICE, 2990, 1, 1);
    assertThat(a.everyoneAnswered()).isFalse(); // Bob connected too and has not answered
    a.decline(BOB.address());
    assertThat(a.everyoneAnswered()).isTrue();
    // one that answered before it (re)connects is not waited for again
    Auction b = auction(AuctionTerms.Side.BUY, Set.of(ALICE.address(), BOB.address()));
    bid(b, ALICE, 2990, 1, 1);
    b.decline(BOB.address());
    b.connected(ALICE.address());
    b.connected(BOB.address());
    assertThat(b.everyoneAnswered()).isTrue();
    // answers that came before the connection was known count as answers
    Auction c = auction(AuctionTerms.Side.BUY, Set.of());
    bid(c, ALICE, 2990, 1, 1);
    c.decline(BOB.address());
    assertThat(c.everyoneAnswered()).isFalse(); // nobody known to be connected yet
    c.connected(ALICE.address());
    c.connected(BOB.address());
    assertThat(c.everyoneAnswered()).isTrue();
    // nor does a connection after the close reopen anything
    b.close();
    Auction.State closed = b.state();
    b.connected(CAROL.address());
    assertThat(b.everyoneAnswered()).isTrue();
    assertThat(b.state()).isEqualTo(closed);
  }

  @Test
  void itClosesEarlyOnceEveryConnectedSolverAnswered() {
    Auction a = auction(AuctionTerms.Side.BUY, Set.of(ALICE.address(), BOB.address()));
    bid(a, ALICE, 2990, 1, 1);
    assertThat(a.everyoneAnswered()).isFalse();
    a.decline(BOB.address());
    assertThat(a.everyoneAnswered()).isTrue();
    Auction nobodyConnected = auction(AuctionTerms.Side.BUY, Set.of());
    bid(nobodyConnected, ALICE, 2990, 1, 1);
    assertThat(nobodyConnected.everyoneAnswered()).isFalse(); // the full window runs
  }

  @Test
  void aWinnerThatFadesOrFillsWronglyLosesTheAwardToTheNext() {
    Auction a = auction(AuctionTerms.Side.BUY, Set.of());
    bid(a, ALICE, 2980, 1, 1);
    bid(a, BOB, 2990, 1, 2);
    bid(a, CAROL, 2995, 1, 3);
    assertThat(a.close().orElseThrow().bid().solver()).isEqualTo(ALICE.address());
    // a fill by someone else is ignored; a fill at a worse price than bid is not the bid
    assertThat(a.reportFill(new Auction.Fill(BOB.address(), 1, "0x1", wad(2), wad(2990))))
        .isFalse();
    assertThat(a.reportFill(new Auction.Fill(ALICE.address(), 1, "0x1", wad(2), wad(2985))))
        .isFalse();
    assertThat(a.fade().orElseThrow().bid().solver()).isEqualTo(BOB.address());
    assertThat(a.reportFill(new Auction.Fill(BOB.address(), 1, "0x2", wad(1), wad(2990))))
        .isFalse();
    Auction.Award third = a.fade().orElseThrow();
    assertThat(third.rank()).isEqualTo(3);
    assertThat(a.reportFill(new Auction.Fill(CAROL.address(), 1, "0x3", wad(2), wad(2995))))
        .isTrue();
    assertThat(a.state()).isEqualTo(Auction.State.FILLED);
    assertThat(a.fade()).isEmpty();
  }

  @Test
  void aSolverThatFadesTooOftenIsSuspended() {
    for (int i = 0; i < 3; i++) {
      registry.awarded(ALICE.address());
      registry.filled(ALICE.address());
    }
    registry.awarded(ALICE.address());
    registry.faded(ALICE.address()); // 1 of 4 = 25% > 12%
    assertThat(registry.apply(ALICE.address())).contains(BidRejection.SOLVER_SUSPENDED);
    assertThat(registry.suspension(ALICE.address()))
        .hasValueSatisfying(s -> assertThat(s).contains("25.0%"));
    registry.awarded(BOB.address());
    registry.faded(BOB.address()); // too few awards to judge
    assertThat(registry.apply(BOB.address())).isEmpty();
  }

  @Test
  void onlyAllowListedSolversRegister() {
    SolverRegistration r = new SolverRegistration(STRANGER.address(), "x", 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                registry.register(
                    r, STRANGER.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery()))
        .hasMessageContaining("allow-list");
    SolverRegistration forged = new SolverRegistration(ALICE.address(), "x", 1);
    Signature bySomeoneElse = STRANGER.sign(forged.digest(DOMAIN));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> registry.register(forged, bySomeoneElse, DOMAIN, Secp256k1Provider.recovery()))
        .hasMessageContaining("signed by");
  }

  static PlacedBid sessionBid(
      Auction a, Address session, PrivateKey signer, Address solver, long price, long at) {
    SolverBid b =
        new SolverBid(ORDER, solver, Uint256.of(wad(price)), Uint256.of(wad(1)), 1_800_000_100L);
    return a.submitFromSession(session, b, signer.sign(b.digest(DOMAIN)), at);
  }

  @Test
  void aSessionBidWithABadSignatureLosesTheAwardWhenItWouldWin() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of());
    // Alice's session sends the best price but signs it with the wrong key: placed, not yet checked
    assertThat(sessionBid(buy, ALICE.address(), STRANGER, ALICE.address(), 2980, 1).rejected())
        .isNull();
    sessionBid(buy, BOB.address(), BOB, BOB.address(), 2990, 2);
    sessionBid(buy, CAROL.address(), CAROL, CAROL.address(), 2995, 3);
    assertThat(buy.close())
        .hasValueSatisfying(
            a -> {
              assertThat(a.bid().solver()).isEqualTo(BOB.address());
              assertThat(a.rank()).isEqualTo(1);
            });
    assertThat(buy.competition())
        .extracting(r -> r.bid().rejected(), r -> r.rank())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BidRejection.BAD_SIGNATURE, 0),
            org.assertj.core.groups.Tuple.tuple(null, 1),
            org.assertj.core.groups.Tuple.tuple(null, 2));
    // the fade goes to Carol, whose signature holds
    assertThat(buy.fade()).hasValueSatisfying(a -> assertThat(a.rank()).isEqualTo(2));
  }

  @Test
  void whenNoStandingBidHoldsItsSignatureBiddingGoesOn() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of());
    sessionBid(buy, ALICE.address(), STRANGER, ALICE.address(), 2980, 1);
    assertThat(buy.close()).isEmpty();
    assertThat(buy.state()).isEqualTo(Auction.State.BIDDING);
    assertThat(buy.hasLiveBid()).isFalse();
    // the next valid bid, here Bob's, wins; Alice's stays on the record as bad-signature
    sessionBid(buy, BOB.address(), BOB, BOB.address(), 2990, 2);
    assertThat(buy.close())
        .hasValueSatisfying(a -> assertThat(a.bid().solver()).isEqualTo(BOB.address()));
    assertThat(buy.competition())
        .extracting(r -> r.bid().rejected(), r -> r.rank())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BidRejection.BAD_SIGNATURE, 0),
            org.assertj.core.groups.Tuple.tuple(null, 1));
  }

  @Test
  void losingSessionBidsAreCheckedWhenTheCompetitionIsShown() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of());
    sessionBid(buy, ALICE.address(), ALICE, ALICE.address(), 2980, 1);
    sessionBid(buy, BOB.address(), STRANGER, BOB.address(), 2990, 2); // bad, ranked second
    sessionBid(buy, CAROL.address(), CAROL, CAROL.address(), 2995, 3);
    assertThat(buy.close()).hasValueSatisfying(a -> assertThat(a.rank()).isEqualTo(1));
    assertThat(buy.competition())
        .extracting(r -> r.bid().rejected(), r -> r.rank())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, 1),
            org.assertj.core.groups.Tuple.tuple(BidRejection.BAD_SIGNATURE, 0),
            org.assertj.core.groups.Tuple.tuple(null, 2));
    assertThat(buy.fade())
        .hasValueSatisfying(a -> assertThat(a.bid().solver()).isEqualTo(CAROL.address()));
  }

  @Test
  void aTakenOverAwardPassesToTheRunnerUpsItWasGivenInTheirOrder() {
    Auction owner = auction(AuctionTerms.Side.BUY, Set.of());
    bid(owner, ALICE, 2980, 1, 1); // over HTTP: checked on arrival
    bid(owner, BOB, 2990, 1, 2);
    sessionBid(owner, CAROL.address(), CAROL, CAROL.address(), 2995, 3); // not checked yet
    Auction.Award won = owner.close().orElseThrow();
    List<Auction.RunnerUp> behind = owner.runnerUps(8);
    assertThat(behind)
        .extracting(r -> r.bid().solver(), r -> r.unchecked() != null)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BOB.address(), false),
            org.assertj.core.groups.Tuple.tuple(CAROL.address(), true));
    assertThat(owner.runnerUps(1)).extracting(r -> r.bid().solver()).containsExactly(BOB.address());

    Auction successor = auction(AuctionTerms.Side.BUY, Set.of());
    assertThat(successor.restoreAward(won.bid(), behind).orElseThrow().bid()).isEqualTo(won.bid());
    assertThat(successor.runnerUps(8)).isEqualTo(behind);
    assertThat(successor.fade().orElseThrow().bid().solver()).isEqualTo(BOB.address());
    assertThat(successor.runnerUps(8))
        .extracting(r -> r.bid().solver())
        .containsExactly(CAROL.address());
    assertThat(successor.pass(BidRejection.SOLVER_INSUFFICIENT_MARGIN).orElseThrow().bid().solver())
        .isEqualTo(CAROL.address());
    assertThat(successor.runnerUps(8)).isEmpty();
    assertThat(successor.reportFill(new Auction.Fill(CAROL.address(), 1, "0x3", wad(2), wad(2995))))
        .isTrue();
    assertThat(successor.state()).isEqualTo(Auction.State.FILLED);
  }

  @Test
  void aTakenOverRunnerUpWhoseSignatureDoesNotHoldIsSkipped() {
    Auction owner = auction(AuctionTerms.Side.BUY, Set.of());
    bid(owner, ALICE, 2980, 1, 1);
    sessionBid(owner, BOB.address(), STRANGER, BOB.address(), 2990, 2); // bad, not checked yet
    sessionBid(owner, CAROL.address(), CAROL, CAROL.address(), 2995, 3);
    Auction.Award won = owner.close().orElseThrow();
    List<Auction.RunnerUp> behind = owner.runnerUps(8);
    assertThat(behind).hasSize(2).allSatisfy(r -> assertThat(r.unchecked()).isNotNull());

    Auction successor = auction(AuctionTerms.Side.BUY, Set.of());
    successor.restoreAward(won.bid(), behind);
    assertThat(successor.fade())
        .hasValueSatisfying(a -> assertThat(a.bid().solver()).isEqualTo(CAROL.address()));
    assertThat(successor.competition())
        .extracting(r -> r.bid().solver(), r -> r.bid().rejected())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ALICE.address(), null),
            org.assertj.core.groups.Tuple.tuple(BOB.address(), BidRejection.BAD_SIGNATURE),
            org.assertj.core.groups.Tuple.tuple(CAROL.address(), null));
    assertThat(successor.fade()).isEmpty();
    assertThat(successor.state()).isEqualTo(Auction.State.NO_WINNER);

    Auction onlyBadBehind = auction(AuctionTerms.Side.BUY, Set.of());
    onlyBadBehind.restoreAward(won.bid(), behind.subList(0, 1));
    assertThat(onlyBadBehind.fade()).isEmpty();
    assertThat(onlyBadBehind.state()).isEqualTo(Auction.State.NO_WINNER);
  }

  @Test
  void aSessionCannotBidForAnotherSolver() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of(ALICE.address(), BOB.address()));
    assertThat(sessionBid(buy, ALICE.address(), BOB, BOB.address(), 2980, 1).rejected())
        .isEqualTo(BidRejection.BAD_SIGNATURE);
    assertThat(buy.hasLiveBid()).isFalse();
    assertThat(buy.everyoneAnswered()).isFalse();
    sessionBid(buy, ALICE.address(), ALICE, ALICE.address(), 2980, 2);
    buy.decline(BOB.address());
    assertThat(buy.everyoneAnswered()).isTrue();
  }

  @Test
  void aSessionBidIsCheckedLikeAnyOtherBid() {
    Auction buy = auction(AuctionTerms.Side.BUY, Set.of());
    assertThat(sessionBid(buy, ALICE.address(), ALICE, ALICE.address(), 3001, 1).rejected())
        .isEqualTo(BidRejection.PRICE_WORSE_THAN_LIMIT);
    assertThat(sessionBid(buy, BOB.address(), BOB, BOB.address(), 2990, CLOSES).rejected())
        .isEqualTo(BidRejection.AUCTION_CLOSED);
  }
}
