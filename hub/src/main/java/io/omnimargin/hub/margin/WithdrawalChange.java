package io.omnimargin.hub.margin;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/**
 * What a withdrawal takes from the account. One source per withdrawal: the account's own balance of
 * the token on that chain when it covers the amount; otherwise, for the clearing house's cash
 * token, the account's positive cash, paid out of the settlement pool's balance there. (A split
 * between the two would need two releases per intent; a user who wants both sends two.)
 */
public final class WithdrawalChange {
  private WithdrawalChange() {}

  /**
   * @throws Refusal {@code not-collateral} for a token the risk table does not list on that chain
   */
  public static ProposedChange of(
      MarginBook engine, RiskConfig risk, Address owner, CollateralWithdrawal w) {
    long chainId = w.chainId().toBigInteger().longValue();
    CollateralRisk row =
        risk.byToken(chainId, w.asset())
            .orElseThrow(
                () ->
                    new Refusal(
                        ProblemCode.NOT_COLLATERAL,
                        "no collateral " + w.asset() + " on chain " + w.chainId(),
                        "order.orderData.asset"));
    BigInteger amount = w.amount().toBigInteger();
    if (row.key().asset().equals(ClearingParameters.CASH_ASSET)
        && engine.balance(owner, row.key()).compareTo(amount) < 0) {
      int decimals = risk.asset(row.key().asset()).decimals();
      BigInteger usd = amount.multiply(Wad.ONE).divide(BigInteger.TEN.pow(decimals));
      return new ProposedChange.CashPayout(row.key(), amount, usd);
    }
    return new ProposedChange.Withdrawal(row.key(), amount);
  }
}
