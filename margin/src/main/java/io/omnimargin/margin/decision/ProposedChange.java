package io.omnimargin.margin.decision;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.risk.CollateralKey;
import java.math.BigInteger;

/**
 * A change an intent would make to an account, applied hypothetically for checks and held as a
 * reservation while the intent is open.
 */
public sealed interface ProposedChange {

  Account applyTo(Account account);

  /**
   * A margin order filled in full at its limit price.
   *
   * @param size base units with 18 decimals, positive
   */
  record Order(
      String market, boolean isBuy, BigInteger size, BigInteger limitPrice, boolean reduceOnly)
      implements ProposedChange {
    public BigInteger delta() {
      return isBuy ? size : size.negate();
    }

    @Override
    public Account applyTo(Account account) {
      return account.withFill(market, delta(), limitPrice);
    }
  }

  /**
   * Positive cash paid out: {@code units} of the clearing house's cash token ({@code collateral}
   * names its chain and asset) leave the settlement pool's vault balance for the account's
   * recipient, and the account's cash falls by {@code usd} (wad, one USD a token).
   */
  record CashPayout(CollateralKey collateral, BigInteger units, BigInteger usd)
      implements ProposedChange {
    @Override
    public Account applyTo(Account account) {
      return account.withCash(usd.negate());
    }
  }

  /** Collateral leaving the account: {@code amount} in the token's base units. */
  record Withdrawal(CollateralKey collateral, BigInteger amount) implements ProposedChange {
    @Override
    public Account applyTo(Account account) {
      return account.withCollateral(collateral, amount.negate());
    }
  }
}
