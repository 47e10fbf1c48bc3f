package io.omnimargin.margin.account;

import java.math.BigInteger;

/**
 * What an account has paid and received over its life, for people to read (wad USD, each ≥ 0).
 * These are running totals of cash movements already in {@link Account#cash()}; no margin
 * arithmetic reads them.
 *
 * @param feesPaid solver fees, protocol fees and liquidation penalties paid
 * @param feesEarned solver fees, protocol fees and penalties received
 * @param fundingPaid funding paid to the other side of the market
 * @param fundingReceived funding received from the other side of the market
 */
public record Flows(
    BigInteger feesPaid,
    BigInteger feesEarned,
    BigInteger fundingPaid,
    BigInteger fundingReceived) {

  public static final Flows NONE =
      new Flows(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

  public Flows fees(BigInteger paid, BigInteger earned) {
    return new Flows(feesPaid.add(paid), feesEarned.add(earned), fundingPaid, fundingReceived);
  }

  /** Records a funding payment: {@code received} > 0 received, < 0 paid. */
  public Flows funding(BigInteger received) {
    return received.signum() >= 0
        ? new Flows(feesPaid, feesEarned, fundingPaid, fundingReceived.add(received))
        : new Flows(feesPaid, feesEarned, fundingPaid.subtract(received), fundingReceived);
  }

  /** Funding received less funding paid. */
  public BigInteger netFunding() {
    return fundingReceived.subtract(fundingPaid);
  }
}
