package io.omnimargin.margin.clearing;

import java.math.BigInteger;

/**
 * One market's funding settlement: every position paid or received {@code −size · index · rate}
 * (payers rounded up, receivers down), and the rounding residue went to the fee pool, so the sum of
 * all cash is unchanged to the wei.
 *
 * @param rate wad, positive when longs paid shorts
 * @param index the index price the payments used (wad USD)
 * @param positions how many positions paid or received
 * @param paid the total paid (wad USD)
 * @param received the total received, residue excluded (wad USD)
 * @param residue {@code paid − received}, to the fee pool
 */
public record FundingSettlement(
    String market,
    long at,
    BigInteger rate,
    BigInteger index,
    int positions,
    BigInteger paid,
    BigInteger received,
    BigInteger residue) {}
