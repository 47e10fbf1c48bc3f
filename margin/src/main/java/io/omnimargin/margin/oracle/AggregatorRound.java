package io.omnimargin.margin.oracle;

import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;

/**
 * One answer of a Chainlink-style aggregator, as {@code latestRoundData()} returns it, and its
 * conversion to a wad price. Refuses what Chainlink's own guidance says a consumer must refuse: a
 * non-positive answer, a round never updated, and a round answered in an earlier round (a carried
 * over, stale answer).
 */
public record AggregatorRound(
    BigInteger roundId,
    BigInteger answer,
    BigInteger startedAt,
    BigInteger updatedAt,
    BigInteger answeredInRound) {

  private static final int WAD_DECIMALS = 18;

  /** The price in wad USD with {@code updatedAt} as its publish time. */
  public Price toPrice(int decimals) {
    if (decimals < 0 || decimals > 36) {
      throw new InvalidRoundException("feed decimals " + decimals + " out of range");
    }
    if (answer.signum() <= 0) {
      throw new InvalidRoundException("round " + roundId + " answered " + answer);
    }
    if (updatedAt.signum() == 0) {
      throw new InvalidRoundException("round " + roundId + " was never updated");
    }
    if (answeredInRound.compareTo(roundId) < 0) {
      throw new InvalidRoundException(
          "round " + roundId + " carries the answer of round " + answeredInRound);
    }
    BigInteger wad =
        decimals <= WAD_DECIMALS
            ? answer.multiply(BigInteger.TEN.pow(WAD_DECIMALS - decimals))
            // more precise than a wad: round down, the safe side for collateral
            : answer.divide(BigInteger.TEN.pow(decimals - WAD_DECIMALS));
    return new Price(wad, updatedAt.longValueExact());
  }

  /** A round that must not become a price. */
  public static final class InvalidRoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRoundException(String message) {
      super(message);
    }
  }
}
