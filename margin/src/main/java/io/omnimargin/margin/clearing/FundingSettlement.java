package io.omnimargin.margin.clearing;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;

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
 * @param payments each position's payment, as it was booked (empty once recorded as the market's
 *     last settlement, which keeps the totals only)
 */
public record FundingSettlement(
    String market,
    long at,
    BigInteger rate,
    BigInteger index,
    int positions,
    BigInteger paid,
    BigInteger received,
    BigInteger residue,
    List<Payment> payments) {

  /** What one account received in this settlement: negative when it paid (wad USD). */
  public record Payment(Address owner, BigInteger received) {}

  public FundingSettlement {
    payments = List.copyOf(payments);
  }

  /** The totals alone, without the payments. */
  public FundingSettlement totals() {
    return new FundingSettlement(
        market, at, rate, index, positions, paid, received, residue, List.of());
  }
}
