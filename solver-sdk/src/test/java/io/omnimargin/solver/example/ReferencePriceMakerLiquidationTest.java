package io.omnimargin.solver.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.solver.LiquidationOffer;
import io.omnimargin.solver.TakeoverBid;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example maker's liquidation bids: the mark moved by its spread, never past bankruptcy. */
class ReferencePriceMakerLiquidationTest {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private static final Instant CLOSES = Instant.ofEpochSecond(1_800_000_001L);
  private final ReferencePriceMaker maker = new ReferencePriceMaker(Map.of(), 10, WAD);

  private static BigInteger usd(long whole) {
    return BigInteger.valueOf(whole).multiply(WAD);
  }

  private static LiquidationOffer offer(LiquidationOffer.Position... positions) {
    return new LiquidationOffer(
        7, Address.parse("0x" + "a7".repeat(20)), List.of(positions), CLOSES);
  }

  @Test
  void itBuysALongBelowTheMarkAndSellsAShortAboveIt() {
    Optional<TakeoverBid> bid =
        maker.onLiquidation(
            offer(
                new LiquidationOffer.Position("ETH-PERP", usd(6), usd(2650), usd(2589)),
                new LiquidationOffer.Position("BTC-PERP", usd(-1), usd(15000), usd(15100))));

    assertThat(bid).isPresent();
    assertThat(bid.get().prices())
        .containsEntry("ETH-PERP", new BigInteger("2647350000000000000000"))
        .containsEntry("BTC-PERP", usd(15015));
    assertThat(bid.get().validUntil()).isEqualTo(CLOSES.getEpochSecond() + 60);
  }

  @Test
  void itPassesWhenItsPriceWouldBeWorseThanABankruptcyPrice() {
    Optional<TakeoverBid> bid =
        maker.onLiquidation(
            offer(new LiquidationOffer.Position("ETH-PERP", usd(6), usd(2650), usd(2648))));

    assertThat(bid).isEmpty();
  }
}
