package io.omnimargin.solver;

import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An auction a solver may bid on: the intent's market, side and limits (18-decimal fixed point, USD
 * for prices and fees), when bidding closes and by when a winner must have filled.
 *
 * @param orderId the intent's id, which the bid signs
 * @param market market symbol, e.g. {@code ETH-PERP}
 * @param buy whether the user buys (a bid must then price at or below {@code limitPrice})
 * @param size base units, 18 decimals
 * @param limitPrice worst price the user accepts, 18 decimals
 * @param maxFee highest fee the user accepts, 18 decimals
 * @param closesAt end of the bidding window
 * @param fillDeadline unix seconds by which the winner must fill
 */
public record OpenAuction(
    OrderId orderId,
    String market,
    boolean buy,
    BigInteger size,
    BigInteger limitPrice,
    BigInteger maxFee,
    Instant closesAt,
    long fillDeadline) {}
