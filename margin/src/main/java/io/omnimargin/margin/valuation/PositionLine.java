package io.omnimargin.margin.valuation;

import java.math.BigInteger;

/** One position valued at the mark: all wad; {@code stale} when the mark price is too old. */
public record PositionLine(
    String market,
    BigInteger size,
    BigInteger entryPrice,
    BigInteger markPrice,
    BigInteger unrealizedPnl,
    BigInteger notional,
    BigInteger maintenanceRequirement,
    BigInteger initialRequirement,
    boolean stale) {}
