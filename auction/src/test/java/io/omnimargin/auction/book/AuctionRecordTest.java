package io.omnimargin.auction.book;

import static io.omnimargin.auction.book.AuctionTest.ALICE;
import static io.omnimargin.auction.book.AuctionTest.BOB;
import static io.omnimargin.auction.book.AuctionTest.CLOSES;
import static io.omnimargin.auction.book.AuctionTest.DOMAIN;
import static io.omnimargin.auction.book.AuctionTest.ORDER;
import static io.omnimargin.auction.book.AuctionTest.STRANGER;
import static io.omnimargin.auction.book.AuctionTest.wad;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one auction keeps for its public record: bids whose signature holds, live ones one per
 * solver, and at most a bounded number of refused or replaced ones, however many are sent.
 */
class AuctionRecordTest {
  private static final int KEPT = 8;
  private SolverRegistry registry;

  @BeforeEach
  void registry() throws Exception {
    registry =
        new SolverRegistry(
            Map.of(ALICE.address(), wad(1), BOB.address(), wad(1)),
            1200,
            3,
            java.time.Duration.ofMinutes(5),
            () -> 1_800_000_000L);
    for (PrivateKey k : new PrivateKey[] {ALICE, BOB}) {
      SolverRegistration r = new SolverRegistration(k.address(), "solver", 1_800_000_000L);
      registry.register(r, k.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
    }
  }

  private Auction auction() {
    return new Auction(
        new AuctionTerms(
            ORDER, AuctionTerms.Side.BUY, wad(2), wad(3000), wad(10), CLOSES, 1_800_000_600L),
        DOMAIN,
        Secp256k1Provider.recovery(),
        registry,
        registry::score,
        Set.of(),
        KEPT,
        Auction.BidTerms.NONE);
  }

  @Test
  void bidsWhoseSignatureDoesNotHoldAreAnsweredButNotKept() {
    Auction a = auction();
    for (int i = 0; i < 200; i++) {
      // signed by a stranger, naming Alice: the record would show Alice offering it
      PlacedBid placed = AuctionTest.bid(a, STRANGER, ALICE.address(), 2000 + i, 1, i);
      assertThat(placed.rejected()).isEqualTo(BidRejection.BAD_SIGNATURE);
    }
    AuctionTest.bid(a, BOB, 2990, 1, 300);
    a.close();
    assertThat(a.competition())
        .singleElement()
        .satisfies(r -> assertThat(r.bid().solver()).isEqualTo(BOB.address()));
  }

  @Test
  void refusedBidsWithGoodSignaturesAreKeptUpToTheBound() {
    Auction a = auction();
    for (int i = 0; i < 200; i++) {
      PrivateKey unknown = PrivateKey.of(BigInteger.valueOf(50_000 + i));
      assertThat(AuctionTest.bid(a, unknown, 2990, 1, i).rejected())
          .isEqualTo(BidRejection.UNKNOWN_SOLVER);
    }
    AuctionTest.bid(a, ALICE, 2990, 1, 300);
    a.close();
    assertThat(a.competition()).hasSize(KEPT + 1);
    assertThat(a.competition()).filteredOn(r -> r.bid().rejected() != null).hasSize(KEPT);
    assertThat(a.current().orElseThrow().bid().solver()).isEqualTo(ALICE.address());
  }

  @Test
  void aSolverReplacingItsBidAgainAndAgainKeepsOneLiveBidAndABoundedHistory() {
    Auction a = auction();
    for (int i = 0; i < 200; i++) {
      AuctionTest.bid(a, ALICE, 2990 - i, 1, i);
    }
    AuctionTest.bid(a, BOB, 2995, 1, 300);
    a.close();
    assertThat(a.competition()).filteredOn(r -> r.bid().live()).hasSize(2);
    assertThat(a.competition()).filteredOn(r -> r.bid().replaced()).hasSize(KEPT);
    assertThat(a.current().orElseThrow().bid().bid().price())
        .isEqualTo(Uint256.of(wad(2990 - 199)));
  }

  @Test
  void aSessionBidForAnotherSolverIsNotKept() {
    Auction a = auction();
    for (int i = 0; i < 50; i++) {
      SolverBid b =
          new SolverBid(
              ORDER, BOB.address(), Uint256.of(wad(2990)), Uint256.of(wad(1)), 1_800_000_100L);
      assertThat(a.submitFromSession(ALICE.address(), b, BOB.sign(b.digest(DOMAIN)), i).rejected())
          .isEqualTo(BidRejection.BAD_SIGNATURE);
    }
    a.close();
    assertThat(a.competition()).isEmpty();
  }
}
