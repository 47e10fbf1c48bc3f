package io.omnimargin.service.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.auction.AuctionListResource.AuctionSummaryView;
import io.omnimargin.service.auction.TradeView;
import io.omnimargin.service.clearing.LiquidationView;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview's auction and liquidation rows and the intent's both-sides card, as plain JUnit. */
class ActivityTest {
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final String ID = "0x" + "ab".repeat(32);
  static final long NOW = Instant.parse("2027-01-15T08:01:00Z").getEpochSecond();

  @Test
  void anAuctionRowRoundsItsSizeAndPriceAndSaysWhenItOpenedAndClosed() {
    AuctionSummaryView api =
        new AuctionSummaryView(
            ID,
            "ETH-PERP",
            "buy",
            "1500000000000000000",
            "FILLED",
            3,
            "0xfAcF6F3E95327477E9A8d24b3c44F295bb4F6732",
            "3010125000000000000000",
            "2027-01-15T08:00:00Z",
            "2027-01-15T08:00:01Z");
    Activity.AuctionRow row = Activity.AuctionRow.of(api, NOW);
    assertThat(row.shortId()).isEqualTo("0xabababab…abab");
    assertThat(row.size().human()).isEqualTo("1.5");
    assertThat(row.size().exact()).isEqualTo("1500000000000000000");
    assertThat(row.awardPrice().human()).isEqualTo("3,010.12"); // half to even
    assertThat(row.bids()).isEqualTo("3");
    assertThat(row.opened()).isEqualTo("1 min ago");
    assertThat(row.closed()).isEqualTo("59 s ago");
  }

  @Test
  void anOpenAuctionHidesItsBidCountAndHasNoWinnerPriceOrClose() {
    AuctionSummaryView api =
        new AuctionSummaryView(
            ID,
            "ETH-PERP",
            "sell",
            WAD.toString(),
            "BIDDING",
            null,
            null,
            null,
            "2027-01-15T08:00:55Z",
            null);
    Activity.AuctionRow row = Activity.AuctionRow.of(api, NOW);
    assertThat(row.bids()).isEqualTo("sealed");
    assertThat(row.awardPrice().present()).isFalse();
    assertThat(row.awardPrice().human()).isEqualTo("—");
    assertThat(row.closed()).isEqualTo("open");
    assertThat(row.opened()).isEqualTo("5 s ago");
  }

  @Test
  void aLiquidationRowListsItsPositionsAndWhoTookThem() {
    LiquidationView api =
        new LiquidationView(
            7,
            "0xfAcF6F3E95327477E9A8d24b3c44F295bb4F6732",
            "completed",
            "2027-01-15T07:59:00Z",
            "2027-01-15T07:59:01Z",
            null,
            List.of(new LiquidationView.Offered("ETH-PERP", "-2", "2900", "3011")),
            List.of(),
            "insurance-fund",
            null,
            Map.of("ETH-PERP", "2900"),
            "58",
            "0",
            List.of());
    Activity.LiquidationRow row = Activity.LiquidationRow.of(api, NOW);
    assertThat(row.positions()).isEqualTo("ETH-PERP -2");
    assertThat(row.started()).isEqualTo("2 min ago");
    assertThat(row.takenBy()).isEqualTo("insurance-fund");
    assertThat(row.penalty().human()).isEqualTo("58.00");
  }

  @Test
  void bothSidesOfATradeShowWhoPaidWhichFee() {
    Address trader = Address.parse("0x1026B0377BDF98A06B26d2fFA119aB3ca43Ba592");
    Address solver = Address.parse("0xfAcF6F3E95327477E9A8d24b3c44F295bb4F6732");
    Trade sell =
        new Trade(
            "ETH-PERP",
            trader,
            solver,
            WAD.negate().multiply(BigInteger.TWO),
            WAD.multiply(BigInteger.valueOf(3_010)),
            WAD.multiply(BigInteger.TWO),
            WAD.multiply(BigInteger.valueOf(301)).divide(BigInteger.valueOf(100)));
    IntentPage.Sides sides = IntentPage.Sides.of(TradeView.of(sell));
    assertThat(sides.size().human()).isEqualTo("2");
    assertThat(sides.price().human()).isEqualTo("3,010.00");
    assertThat(sides.sides())
        .extracting(
            IntentPage.Side::role,
            IntentPage.Side::side,
            s -> s.feesPaid().human(),
            s -> s.feesReceived().human())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("trader", "sell", "5.01", "0.00"),
            org.assertj.core.groups.Tuple.tuple("solver", "buy", "0.00", "2.00"));
    assertThat(sides.trader().account()).isEqualTo(trader.toChecksumHex());
  }
}
