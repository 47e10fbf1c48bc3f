package io.omnimargin.margin.clearing;

import io.omnimargin.margin.account.Position;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;

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

  /**
   * The trade as legs: the taker's, the maker's and, when there is a protocol fee, the fee pool's
   * (an account of {@code feePool}'s choosing, e.g. the shard of the taker's partition). Booking
   * every leg is booking the trade.
   */
  public List<TradeLeg> legs(String tradeId, Address feePool) {
    BigInteger booked = Position.notional(takerDelta, price);
    TradeLeg taker =
        new TradeLeg(
            tradeId,
            this.taker,
            market,
            takerDelta,
            booked,
            makerFee.add(protocolFee),
            BigInteger.ZERO);
    TradeLeg maker =
        new TradeLeg(
            tradeId,
            this.maker,
            market,
            takerDelta.negate(),
            booked.negate(),
            BigInteger.ZERO,
            makerFee);
    if (protocolFee.signum() == 0) {
      return List.of(taker, maker);
    }
    TradeLeg pool =
        new TradeLeg(
            tradeId,
            feePool,
            market,
            BigInteger.ZERO,
            BigInteger.ZERO,
            BigInteger.ZERO,
            protocolFee);
    return List.of(taker, maker, pool);
  }

  /** A trade without fees (liquidation takeovers and auto-deleverage). */
  public static Trade at(
      String market, Address taker, Address maker, BigInteger takerDelta, BigInteger price) {
    return new Trade(market, taker, maker, takerDelta, price, BigInteger.ZERO, BigInteger.ZERO);
  }
}
