package io.omnimargin.auction.book;

import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;

/**
 * What an auction sells: the intent's side, size and limits (wad, 18 decimals), when bidding closes
 * (epoch millis) and by when the winner must have filled (epoch seconds).
 */
public record AuctionTerms(
    OrderId orderId,
    Side side,
    BigInteger size,
    BigInteger limitPrice,
    BigInteger maxFee,
    long closesAtMillis,
    long fillDeadlineSeconds) {

  /** A buy pays at most the limit; a sell receives at least it; a withdrawal only pays a fee. */
  public enum Side {
    BUY,
    SELL,
    WITHDRAWAL
  }
}
