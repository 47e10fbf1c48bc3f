package io.omnimargin.margin.clearing;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/**
 * The clearing house's own accounts and its liquidation terms. System accounts are ordinary
 * accounts of the same ledger: their cash and positions count in every invariant.
 *
 * @param insuranceFund takes over positions nobody else bids for, receives liquidation penalties,
 *     pays bankrupt accounts' deficits
 * @param feePool receives protocol fees and the rounding residue of funding
 * @param settlementPool holds the clearing house's own collateral (USDC paid out against cash)
 * @param liquidationPenalty share of a liquidated position's notional paid to the insurance fund
 *     (wad, default 1%), never more than the account's remaining equity
 * @param insuranceFloor the insurance fund's equity may not go below this (wad USD) to pay a
 *     deficit; past it, auto-deleverage covers the deficit instead
 * @param funding when and how much funding is paid
 */
public record ClearingParameters(
    Address insuranceFund,
    Address feePool,
    Address settlementPool,
    BigInteger liquidationPenalty,
    BigInteger insuranceFloor,
    FundingTerms funding) {

  public static final Address INSURANCE_FUND = system(1);
  public static final Address FEE_POOL = system(2);
  public static final Address SETTLEMENT_POOL = system(3);

  /**
   * The token cash is paid out in and debts are repaid with, counted one USD a token: a withdrawal
   * of it beyond the account's own balance on that chain is paid from positive cash.
   */
  public static final String CASH_ASSET = "USDC";

  public ClearingParameters {
    if (liquidationPenalty.signum() < 0 || liquidationPenalty.compareTo(Wad.ONE) >= 0) {
      throw new IllegalArgumentException("liquidation penalty must be in [0, 100%)");
    }
  }

  /**
   * The well-known system addresses {@code 0x…0c1ea0001} to {@code 0x…0c1ea0003}, a 1% penalty, a
   * floor of 0, hourly funding.
   */
  public static ClearingParameters defaults() {
    return new ClearingParameters(
        INSURANCE_FUND,
        FEE_POOL,
        SETTLEMENT_POOL,
        Wad.of("0.01"),
        BigInteger.ZERO,
        FundingTerms.defaults());
  }

  public ClearingParameters withFunding(FundingTerms terms) {
    return new ClearingParameters(
        insuranceFund, feePool, settlementPool, liquidationPenalty, insuranceFloor, terms);
  }

  public boolean isSystem(Address account) {
    return account.equals(insuranceFund)
        || account.equals(feePool)
        || account.equals(settlementPool);
  }

  private static Address system(int n) {
    return Address.parse(String.format("0x%032x%08x", 0xc1ea, n));
  }
}
