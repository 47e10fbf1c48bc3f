package io.omnimargin.margin.clearing;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/**
 * A trade between two accounts in one market: {@code taker} changes its position by {@code
 * takerDelta} (wad base units, + buys) and {@code maker} by the opposite, at {@code price} (wad
 * USD). The taker pays {@code makerFee} to the maker and {@code protocolFee} to the fee pool, both
 * in cash.
 */
public record Trade(
    String market,
    Address taker,
    Address maker,
    BigInteger takerDelta,
    BigInteger price,
    BigInteger makerFee,
    BigInteger protocolFee) {

  public Trade {
    if (taker.equals(maker)) {
      throw new IllegalArgumentException("self-trade: " + taker + " on both sides");
    }
    if (takerDelta.signum() == 0 || price.signum() <= 0) {
      throw new IllegalArgumentException("a trade has a size and a positive price");
    }
    if (makerFee.signum() < 0 || protocolFee.signum() < 0) {
      throw new IllegalArgumentException("fees are never negative");
    }
  }

  /** A trade without fees (liquidation takeovers and auto-deleverage). */
  public static Trade at(
      String market, Address taker, Address maker, BigInteger takerDelta, BigInteger price) {
    return new Trade(market, taker, maker, takerDelta, price, BigInteger.ZERO, BigInteger.ZERO);
  }
}
