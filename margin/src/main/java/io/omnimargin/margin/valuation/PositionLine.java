package io.omnimargin.margin.valuation;

import java.math.BigInteger;

/**
 * One position valued at the mark: all wad; {@code cost} is the exact cost basis, {@code
 * entryPrice} its average for people; {@code stale} when the mark price is too old.
 */
public record PositionLine(
    String market,
    BigInteger size,
    BigInteger entryPrice,
    BigInteger cost,
    BigInteger markPrice,
    BigInteger unrealizedPnl,
    BigInteger notional,
    BigInteger maintenanceRequirement,
    BigInteger initialRequirement,
    boolean stale) {}
