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
    return check(account, valuator.totals(account, market, now), change, market, now);
  }

  /**
   * The check with the account's totals already known (the engine keeps them current): only the
   * lines the change touches are valued again.
   */
  public Decision check(
      Account account, Totals totals, ProposedChange change, MarketData market, long now) {
    if (change instanceof ProposedChange.Order order) {
      return checkOrder(account, totals, order, market, now);
    }
    if (change instanceof ProposedChange.CashPayout payout) {
      // only positive cash is paid out; a debt is never borrowed against
      if (account.cash().compareTo(payout.usd()) < 0) {
        return new Decision(false, Reason.INSUFFICIENT_CASH, totals);
      }
      Account after = payout.applyTo(account);
      return initialMargin(valuator.adjust(totals, account, after, payout, market, now));
    }
    ProposedChange.Withdrawal withdrawal = (ProposedChange.Withdrawal) change;
    if (valuator.config().risk(withdrawal.collateral()).isEmpty()) {
      return new Decision(false, Reason.NOT_COLLATERAL, null);
    }
    if (account.balance(withdrawal.collateral()).compareTo(withdrawal.amount()) < 0) {
      return new Decision(false, Reason.INSUFFICIENT_BALANCE, totals);
    }
    Account after = withdrawal.applyTo(account);
    return initialMargin(valuator.adjust(totals, account, after, withdrawal, market, now));
  }

  private Decision checkOrder(
      Account account, Totals totals, ProposedChange.Order order, MarketData market, long now) {
    Optional<MarketSpec> spec = valuator.config().market(order.market());
    if (spec.isEmpty()) {
      return new Decision(false, Reason.UNKNOWN_MARKET, null);
    }
    Account after = order.applyTo(account);
    if (account.position(order.market()).isReducedBy(order.delta())) {
      return new Decision(
          true, Reason.REDUCES_RISK, valuator.adjust(totals, account, after, order, market, now));
    }
    if (order.reduceOnly()) {
      return new Decision(false, Reason.NOT_REDUCING, totals);
    }
    Optional<Price> mark = market.price(spec.get().baseAsset());
    long heartbeat = valuator.config().asset(spec.get().baseAsset()).heartbeatSeconds();
    if (mark.isEmpty() || now - mark.get().publishTime() > heartbeat) {
      return new Decision(false, Reason.STALE_PRICE, totals);
    }
    return initialMargin(valuator.adjust(totals, account, after, order, market, now));
  }

  private static Decision initialMargin(Totals value) {
    return value.meetsInitial()
        ? new Decision(true, Reason.MEETS_INITIAL_MARGIN, value)
        : new Decision(false, Reason.INSUFFICIENT_MARGIN, value);
  }
}
