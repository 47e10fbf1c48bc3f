package io.omnimargin.margin.clearing;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.risk.CollateralKey;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The clearing invariants, checkable from outside: per market the long and short open interest
 * (equal when every position has its opposite), the sum of all cash and of all cost bases (equal
 * when nothing was created or destroyed: {@code imbalance} is zero), the collateral per line, and
 * the system accounts.
 */
public record LedgerSummary(
    Map<String, OpenInterest> openInterest,
    BigInteger cashSum,
    BigInteger costBasisSum,
    Map<CollateralKey, BigInteger> collateral,
    List<Account> systemAccounts,
    int accounts) {

  /** Long and short sizes in one market (wad base units, both ≥ 0). */
  public record OpenInterest(BigInteger longSize, BigInteger shortSize) {
    public boolean balanced() {
      return longSize.equals(shortSize);
    }
  }

  /** {@code cashSum − costBasisSum}: exactly zero while the books balance. */
  public BigInteger imbalance() {
    return cashSum.subtract(costBasisSum);
  }

  public boolean balanced() {
    return imbalance().signum() == 0
        && openInterest.values().stream().allMatch(OpenInterest::balanced)
        && collateral.values().stream().allMatch(v -> v.signum() >= 0);
  }
}
