package io.omnimargin.solver;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A liquidation the hub offers: every position of {@code account}, to be taken over as a whole,
 * bids closing at {@code closesAt}. A bid prices each position no worse for the clearing house than
 * its bankruptcy price: a long ({@code size > 0}) is taken at or above it, a short at or below it.
 *
 * @param id the liquidation's number, which the bid signs
 * @param account the account being liquidated
 * @param positions what it holds, each taken over as it is (the taker's position changes by {@code
 *     size})
 * @param closesAt when bidding closes
 */
public record LiquidationOffer(
    long id, Address account, List<Position> positions, Instant closesAt) {

  /**
   * One offered position: its market, the account's signed size (18 decimals), its mark and its
   * bankruptcy price (18-decimal USD).
   */
  public record Position(
      String market, BigInteger size, BigInteger mark, BigInteger bankruptcyPrice) {

    /** Whether the taker buys it (takes on a long). */
    public boolean isLong() {
      return size.signum() > 0;
    }

    /** Whether {@code price} is no worse for the clearing house than the bankruptcy price. */
    public boolean acceptable(BigInteger price) {
      return price.signum() > 0 && price.subtract(bankruptcyPrice).signum() * size.signum() >= 0;
    }
  }

  public LiquidationOffer {
    positions = List.copyOf(positions);
  }
}
