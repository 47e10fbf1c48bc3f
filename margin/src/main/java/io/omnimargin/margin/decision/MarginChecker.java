package io.omnimargin.margin.decision;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.decision.Decision.Reason;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Totals;
import io.omnimargin.margin.valuation.Valuator;
import java.util.Optional;

/**
 * The pre-trade margin check of the spec: a change that adds risk is accepted only if, after it,
 * {@code AV_i ≥ IMR}; a reduce-only order that really reduces always passes; no position grows
 * against a stale price.
 */
public final class MarginChecker {
  private final Valuator valuator;

  public MarginChecker(Valuator valuator) {
    this.valuator = valuator;
  }

  public Decision check(Account account, ProposedChange change, MarketData market, long now) {
    if (change instanceof ProposedChange.Order order) {
      return checkOrder(account, order, market, now);
    }
    ProposedChange.Withdrawal withdrawal = (ProposedChange.Withdrawal) change;
    if (valuator.config().risk(withdrawal.collateral()).isEmpty()) {
      return new Decision(false, Reason.NOT_COLLATERAL, null);
    }
    if (account.balance(withdrawal.collateral()).compareTo(withdrawal.amount()) < 0) {
      return new Decision(
          false, Reason.INSUFFICIENT_BALANCE, valuator.totals(account, market, now));
    }
    return initialMarginAfter(withdrawal.applyTo(account), market, now);
  }

  private Decision checkOrder(
      Account account, ProposedChange.Order order, MarketData market, long now) {
    Optional<MarketSpec> spec = valuator.config().market(order.market());
    if (spec.isEmpty()) {
      return new Decision(false, Reason.UNKNOWN_MARKET, null);
    }
    Account after = order.applyTo(account);
    if (account.position(order.market()).isReducedBy(order.delta())) {
      return new Decision(true, Reason.REDUCES_RISK, valuator.totals(after, market, now));
    }
    if (order.reduceOnly()) {
      return new Decision(false, Reason.NOT_REDUCING, valuator.totals(account, market, now));
    }
    Optional<Price> mark = market.price(spec.get().baseAsset());
    long heartbeat = valuator.config().asset(spec.get().baseAsset()).heartbeatSeconds();
    if (mark.isEmpty() || now - mark.get().publishTime() > heartbeat) {
      return new Decision(false, Reason.STALE_PRICE, valuator.totals(account, market, now));
    }
    return initialMarginAfter(after, market, now);
  }

  private Decision initialMarginAfter(Account after, MarketData market, long now) {
    Totals value = valuator.totals(after, market, now);
    return value.meetsInitial()
        ? new Decision(true, Reason.MEETS_INITIAL_MARGIN, value)
        : new Decision(false, Reason.INSUFFICIENT_MARGIN, value);
  }
}
